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
    name: 'accept policy sealed by a jumped-to chain',
    text: `kind: firewall
description: NAS ruleset that keeps INPUT at ACCEPT and drops at the end of its own chain.
chains:
  INPUT:
    hook: input
    policy: accept
    rules:
      - { action: jump, target: DOS_PROTECT }
      - { action: jump, target: DEFAULT_INPUT }
  DOS_PROTECT:
    rules:
      - { action: drop, inInterface: eth0, protocol: icmp, icmpType: 8 }
  DEFAULT_INPUT:
    rules:
      - { action: accept, inInterface: lo }
      - { action: accept, state: [established, related] }
      - { action: accept, source: 192.0.2.0/24 }
      - { action: log, logPrefix: "input drop: " }
      - { action: drop }
`,
    expected: [],
  },
  {
    name: 'goto chain without a final drop',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: accept
    rules:
      - { action: goto, target: filter-in }
      - { action: drop }
  filter-in:
    rules:
      - { action: accept, protocol: tcp, ports: 443 }
`,
    expected: [{ messageId: 'accept', line: 5 }],
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
    expected: [{ messageId: 'accept', line: 5, data: { chain: 'input', hook: 'input', allowed: 'each service the host offers' } }],
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
    expected: [{ messageId: 'absent', line: 6, data: { chain: 'fwd', hook: 'forward', allowed: 'each flow the host should forward' } }],
  },
  {
    name: 'second chain on a hook with a dropping chain',
    text: `kind: firewall
description: nftables runs both input chains, so inet/filter/input drops what it does not accept.
chains:
  inet/filter/input:
    hook: input
    policy: drop
    rules:
      - { action: accept, protocol: tcp, ports: 22 }
  inet/extra/input:
    hook: input
    priority: 10
    policy: accept
    rules:
      - { action: drop, protocol: icmp }
`,
    expected: [],
  },
  {
    name: 'ip chain leaves inet chain open',
    text: `kind: firewall
chains:
  ip/filter/input:
    hook: input
    policy: drop
  inet/extra/input:
    hook: input
    policy: accept
`,
    expected: [{ messageId: 'accept', line: 8, data: { chain: 'inet/extra/input', hook: 'input', allowed: 'each service the host offers' } }],
  },
  {
    name: 'dropping chain that accepts everything',
    text: `kind: firewall
chains:
  inet/filter/input:
    hook: input
    policy: drop
    rules:
      - { action: accept }
  inet/extra/input:
    hook: input
    policy: accept
`,
    expected: [{ messageId: 'accept', line: 10, data: { chain: 'inet/extra/input', hook: 'input', allowed: 'each service the host offers' } }],
  },
  {
    name: 'every chain on a hook accepts',
    text: `kind: firewall
chains:
  inet/filter/input:
    hook: input
    policy: accept
  inet/extra/input:
    hook: input
    policy: accept
`,
    expected: [
      { messageId: 'accept', line: 5, data: { chain: 'inet/filter/input', hook: 'input', allowed: 'each service the host offers' } },
      { messageId: 'accept', line: 8, data: { chain: 'inet/extra/input', hook: 'input', allowed: 'each service the host offers' } },
    ],
  },
]);
