import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';

import { ruleCases, runRule } from '../helpers/rule-tester.js';

/** The port-sets.nft fixture with `rule` on line 20, right after `tcp dport @web accept`. */
function portSetsWith(rule: string): string {
  const fixture = readFileSync(join(packageRoot, 'test', 'fixtures', 'nft', 'port-sets.nft'), 'utf8');
  return fixture.replace('\t\ttcp dport @web accept\n', `\t\ttcp dport @web accept\n\t\t${rule}\n`);
}

ruleCases('fw-shadowed-rule', [
  {
    name: 'distinct services',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }
      - { id: telnet, action: reject, protocol: tcp, ports: 23 }
`,
    expected: [],
  },
  {
    name: 'drop after an ssh accept',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: block-ssh, action: drop, protocol: tcp, ports: 22, source: 203.0.113.0/24 }
`,
    // The rule that decides comes before the opening rules in the list.
    expected: [{ messageId: 'shadowed', line: 9, data: { rule: 'block-ssh', first: '`ssh`', related: '`ssh`, `established`' } }],
  },
  {
    name: 'reset after a plain reject',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: telnet, action: reject, protocol: tcp, ports: 23 }
      - { id: telnet-reset, action: reject, protocol: tcp, ports: 23, targetOptions: ['--reject-with tcp-reset'] }
`,
    // The earlier rule sends ICMP port unreachable, so the TCP reset is never sent.
    expected: [{ messageId: 'shadowed', line: 8, data: { rule: 'telnet-reset', first: '`telnet`', related: '`telnet`' } }],
  },
  {
    name: 'covered by two earlier rules together',
    text: `kind: firewall
chains:
  forward:
    hook: forward
    policy: drop
    rules:
      - { id: web-a, action: accept, protocol: tcp, ports: 80-89 }
      - { id: web-b, action: accept, protocol: tcp, ports: 90-99 }
      - { id: block, action: reject, protocol: tcp, ports: 85-95 }
`,
    expected: [{ messageId: 'shadowed', line: 9, data: { related: '`web-a`, `web-b`' } }],
  },
  {
    name: 'rules after an unconditional drop',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: rest, action: drop }
      - { id: wan, action: drop, inInterface: eth0 }
      - { id: dns, action: accept, protocol: udp, ports: 53 }
`,
    expected: [
      // Same verdict as the bare drop, so only dead code: a warning.
      { messageId: 'afterTerminal', line: 8, data: { rule: 'wan', first: '`rest`' }, severity: 'warning' },
      { messageId: 'afterTerminal', line: 9, data: { rule: 'dns' }, severity: 'error' },
    ],
  },
  {
    name: 'rate-limited accept covers nothing',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - { id: ssh-limited, action: accept, protocol: tcp, ports: 22, unmodeled: ['-m limit --limit 3/min'] }
      - { id: ssh-drop, action: drop, protocol: tcp, ports: 22 }
`,
    expected: [],
  },
  {
    name: 'rule in a user chain shadowed via jump',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: to-services, action: jump, target: services, protocol: tcp }
  services:
    rules:
      - { id: web, action: accept, ports: [80, 443] }
      - { id: no-https, action: drop, ports: 443 }
`,
    expected: [{ messageId: 'shadowed', line: 11, data: { rule: 'no-https', first: '`web`' } }],
  },
  {
    name: 'drop behind an nft port set',
    file: 'ruleset.nft',
    text: portSetsWith('tcp dport 443 ip saddr 203.0.113.0/24 drop'),
    expected: [{ messageId: 'shadowed', line: 20, data: { rule: 'inet/filter/input[2]', first: '`inet/filter/input[1]`' } }],
  },
  {
    name: 'drop behind an nft port set it misses',
    file: 'ruleset.nft',
    text: portSetsWith('tcp dport 8443 ip saddr 203.0.113.0/24 drop'),
    expected: [],
  },
]);

describe('fw-shadowed-rule analysis time limit', () => {
  const text = `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: ssh-again, action: drop, protocol: tcp, ports: 22 }
`;

  afterEach(() => {
    delete process.env['DRIFTGATE_ANALYSIS_TIME_LIMIT'];
  });

  it('reports the stop and no partial findings', async () => {
    process.env['DRIFTGATE_ANALYSIS_TIME_LIMIT'] = '0';
    const { ruleFindings } = await runRule('fw-shadowed-rule', text);
    expect(ruleFindings.map((finding) => finding.messageId)).toEqual(['stopped']);
    expect(ruleFindings[0]?.severity).toBe('warning');
    expect(ruleFindings[0]?.line).toBe(7);
    expect(ruleFindings[0]?.message).toContain('chain `input` stopped after 0 s at rule `ssh`');
  });

  it('finds the shadowed rule within the limit', async () => {
    process.env['DRIFTGATE_ANALYSIS_TIME_LIMIT'] = '60';
    const { ruleFindings } = await runRule('fw-shadowed-rule', text);
    expect(ruleFindings.map((finding) => finding.messageId)).toEqual(['shadowed']);
  });
});
