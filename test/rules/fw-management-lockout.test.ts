import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-management-lockout', [
  {
    name: 'management reaches ssh',
    text: `kind: firewall
management: [198.51.100.0/26]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26, inInterface: eth1 }
`,
    expected: [],
  },
  {
    name: 'ssh open to another network only',
    text: `kind: firewall
management: [198.51.100.0/26]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 192.0.2.0/24 }
`,
    expected: [{ messageId: 'lockout', line: 2, data: { decider: 'the policy of input', verdict: 'drop', source: '198.51.100.0' } }],
  },
  {
    name: 'loopback accept does not let management in',
    text: `kind: firewall
management: [198.51.100.0/26]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: loopback, action: accept, inInterface: lo }
      - { id: established, action: accept, state: [established, related] }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 192.0.2.0/24 }
`,
    expected: [{ messageId: 'lockout', line: 2 }],
  },
  {
    name: 'loopback accept beside a management accept',
    text: `kind: firewall
management: [198.51.100.0/26]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: loopback, action: accept, inInterface: lo }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }
`,
    expected: [],
  },
  {
    name: 'half the management network dropped earlier',
    text: `kind: firewall
management: 198.51.100.0/26
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: block, action: drop, source: 198.51.100.32/27 }
      - { id: ssh, action: accept, protocol: tcp, ports: 22, source: 198.51.100.0/26 }
`,
    expected: [{ messageId: 'lockout', line: 2, data: { decider: '`block`', source: '198.51.100.32' } }],
  },
  {
    name: 'no management declared',
    text: `kind: firewall
chains:
  input:
    hook: input
    policy: drop
`,
    expected: [],
  },
]);
