import { describe, expect, it } from 'vitest';

import { ruleCases, runRule } from '../helpers/rule-tester.js';

const exception = `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: block-scanner, action: drop, protocol: tcp, ports: 22, source: 203.0.113.5 }
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
`;

ruleCases('fw-overlapping-rules', [
  {
    name: 'disjoint rules',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: telnet, action: drop, protocol: tcp, ports: 23 }
`,
    expected: [],
  },
  {
    name: 'drop of 22 and 23 after an ssh accept',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: accept
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: block-remote, action: drop, protocol: tcp, ports: [22, 23], source: 203.0.113.0/24 }
`,
    expected: [{ messageId: 'correlated', line: 8, data: { rule: 'block-remote', first: '`ssh`', verdict: 'accept' } }],
  },
  {
    name: 'overlap with a jumped-to chain only',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: accept
    rules:
      - { id: to-admins, action: jump, target: admins, protocol: tcp, ports: 22 }
      - { id: block-remote, action: drop, protocol: tcp, ports: [22, 23], source: 203.0.113.0/24 }
  admins:
    rules:
      - { id: web-admin, action: accept, protocol: tcp, ports: 22, destination: 192.0.2.10 }
`,
    expected: [],
  },
  {
    name: 'drop listing a port accepted earlier',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: accept
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: no-remote, action: drop, protocol: tcp, ports: [22, 23] }
`,
    expected: [{ messageId: 'generalisation', line: 8, data: { rule: 'no-remote', first: '`ssh`', verdict: 'accept' } }],
  },
  { name: 'exception before a broader rule', text: exception, expected: [] },
  {
    name: 'exceptions before the catch-all of a chain of one family',
    text: `kind: firewall
chains:
  input4:
    hook: input
    family: ipv4
    policy: accept
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: rest, action: drop }
`,
    expected: [],
  },
  {
    name: 'exception reported when asked',
    text: exception,
    options: { reportGeneralisations: true },
    expected: [{ messageId: 'generalisation', line: 8, data: { rule: 'ssh', first: '`block-scanner`' } }],
  },
]);

describe('fw-overlapping-rules related rules', () => {
  it('lists at most 20 related rules', async () => {
    const accepts = Array.from({ length: 30 }, (_, index) => `      - { id: host${index}, action: accept, protocol: tcp, ports: 443, destination: 192.0.2.${index + 1} }`);
    const text = ['kind: firewall', 'chains:', '  input:', '    hook: input', '    policy: accept', '    rules:', ...accepts, '      - { id: no-https, action: drop, protocol: tcp, ports: [443, 8443] }', ''].join('\n');
    const { ruleFindings } = await runRule('fw-overlapping-rules', text, 'case.yaml', { reportGeneralisations: true });
    expect(ruleFindings).toHaveLength(1);
    expect(ruleFindings[0]?.related).toHaveLength(20);
    expect(ruleFindings[0]?.message).toContain('and 27 more');
  });
});
