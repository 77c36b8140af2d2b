import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-no-established-accept', [
  {
    name: 'established accepted first',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
`,
    expected: [],
  },
  {
    name: 'drop policy without established rule',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
`,
    expected: [{ messageId: 'missing', line: 5, data: { chain: 'input', witness: 'tcp 0.0.0.0:0 -> 0.0.0.0:0 state established' } }],
  },
  {
    name: 'UDP example when TCP passes',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: tcp, action: accept, protocol: tcp }
`,
    expected: [{ messageId: 'missing', line: 5, data: { chain: 'input', witness: 'udp 0.0.0.0:0 -> 0.0.0.0:0 state established' } }],
  },
  {
    name: 'catch-all reject in forward',
    text: `kind: firewall
chains:
  forward:
    hook: forward
    rules:
      - { id: web, action: accept, protocol: tcp, ports: [80, 443], destination: 203.0.113.10 }
      - { id: rest, action: reject }
`,
    expected: [{ messageId: 'missing', line: 7, data: { chain: 'forward' } }],
  },
  {
    name: 'catch-all drop in a chain of one family',
    text: `kind: firewall
chains:
  input6:
    hook: input
    family: ipv6
    rules:
      - { id: ssh, action: accept, protocol: tcp, ports: 22 }
      - { id: rest, action: drop }
`,
    expected: [{ messageId: 'missing', line: 8, data: { chain: 'input6', witness: 'tcp [::]:0 -> [::]:0 state established' } }],
  },
  {
    name: 'forward chain that accepts nothing',
    text: `kind: firewall
chains:
  forward:
    hook: forward
    policy: drop
`,
    expected: [],
  },
  {
    name: 'input chain that accepts nothing',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
`,
    expected: [{ messageId: 'missing', line: 5, data: { chain: 'input' } }],
  },
  {
    name: 'accept policy without catch-all',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - { id: no-telnet, action: drop, protocol: tcp, ports: 23 }
`,
    expected: [],
  },
  {
    name: 'output chain is not checked',
    text: `kind: firewall
chains:
  output:
    hook: output
    policy: drop
`,
    expected: [],
  },
]);
