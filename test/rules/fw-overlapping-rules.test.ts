import { ruleCases } from '../helpers/rule-tester.js';

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
    name: 'exception reported when asked',
    text: exception,
    options: { reportGeneralisations: true },
    expected: [{ messageId: 'generalisation', line: 8, data: { rule: 'ssh', first: '`block-scanner`' } }],
  },
]);
