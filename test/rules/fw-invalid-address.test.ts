import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('fw-invalid-address', [
  {
    name: 'valid addresses, prefixes, ranges and names',
    text: `kind: firewall
objects:
  addresses:
    web: [203.0.113.10, 2001:db8::/32, 192.0.2.10-192.0.2.20]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { action: accept, source: web, destination: any }
`,
    expected: [],
  },
  {
    name: 'octet out of range',
    text: `kind: firewall
chains:
  input:
    hook: input
    rules:
      - action: accept
        source: 198.51.100.300
`,
    expected: [{ messageId: 'invalid', line: 7, data: { value: '198.51.100.300' } }],
  },
  {
    name: 'host bits set in an object and a rule',
    text: `kind: firewall
objects:
  addresses:
    office: [198.51.100.7/24]
chains:
  input:
    hook: input
    rules:
      - { action: drop, destination: [192.0.2.0/24, 2001:db8::1/64] }
`,
    expected: [
      { messageId: 'hostBits', line: 4, data: { network: '198.51.100.0/24' } },
      { messageId: 'hostBits', line: 9, data: { network: '2001:db8::/64' } },
    ],
  },
  {
    name: 'inverted range',
    text: `kind: firewall
management: 192.0.2.20-192.0.2.10
chains: {}
`,
    expected: [{ messageId: 'invalid', line: 2 }],
  },
]);
