import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-redundant-rule', [
  {
    name: 'every rule changes a verdict',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }
`,
    expected: [],
  },
  {
    name: 'host inside an accepted subnet',
    text: `kind: firewall
objects:
  addresses:
    office: 192.0.2.0/24
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: office, action: accept, source: office }
      - { id: office-web, action: accept, protocol: tcp, ports: 443, source: 192.0.2.10 }
`,
    expected: [{ messageId: 'covered', line: 11, data: { rule: 'office-web', related: '`office`' } }],
  },
  {
    name: 'explicit drop before a drop policy',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: no-telnet, action: drop, protocol: tcp, ports: 23 }
`,
    expected: [{ messageId: 'removable', line: 8, data: { rule: 'no-telnet', related: 'the policy of input' } }],
  },
  {
    name: 'blocked source before a drop policy',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: blocked, action: drop, source: 192.0.2.7 }
`,
    // The smallest packet has protocol 0, which has no name.
    expected: [{ messageId: 'removable', line: 8, data: { rule: 'blocked', witness: 'proto 0 192.0.2.7 -> 0.0.0.0 state new' } }],
  },
  {
    name: 'logged drop before a drop policy',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: log-rest, action: drop, logPrefix: 'drop: ' }
`,
    expected: [],
  },
  {
    name: 'drop before a broader accept',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: no-telnet, action: drop, protocol: tcp, ports: 23 }
      - { id: lan, action: accept, source: 192.0.2.0/24 }
`,
    expected: [],
  },
]);
