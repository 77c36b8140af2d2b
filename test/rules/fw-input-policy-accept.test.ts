import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-input-policy-accept', [
  {
    name: 'drop and reject policies',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
  forward:
    hook: forward
    policy: reject
  output:
    hook: output
    policy: accept
  postrouting:
    hook: postrouting
    table: nat
  user-chain:
    rules: []
`,
    expected: [],
  },
  {
    name: 'accept policy ended by a catch-all drop',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: accept
    rules:
      - { action: accept, protocol: tcp, ports: 443 }
      - { action: drop }
  forward:
    hook: forward
    rules:
      - { action: reject, source: any }
`,
    expected: [],
  },
  {
    name: 'input policy accept',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: accept
    rules:
      - { action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }
      - { action: drop, protocol: tcp, ports: 22 }
`,
    expected: [{ messageId: 'accept', line: 5, data: { chain: 'input', hook: 'input' } }],
  },
  {
    name: 'forward chain without a policy',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
  fwd:
    hook: forward
    table: filter
    rules:
      - { action: accept, state: [established, related] }
`,
    expected: [{ messageId: 'absent', line: 6, data: { chain: 'fwd', hook: 'forward' } }],
  },
]);
