import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('route-host-bits-set', [
  {
    name: 'clean prefixes and addresses',
    text: `kind: routing
host: edge-r1
interfaces:
  - { name: eth0, addresses: [203.0.113.2/29, "2001:db8:100::2/64"] }
routes:
  - { destination: default, via: 203.0.113.1 }
  - { destination: 198.51.100.0/24, via: 203.0.113.3, source: 203.0.113.2 }
  - { destination: 192.0.2.10, via: 203.0.113.3 }
  - { destination: "2001:db8:200::/48", nexthops: [{ via: "2001:db8:100::1" }] }
`,
    expected: [],
  },
  {
    name: 'destination with host bits',
    text: `kind: routing
routes:
  - destination: 198.51.100.7/24
    via: 192.0.2.1
  - { destination: "2001:db8:200::1/48", via: "2001:db8::1" }
`,
    expected: [
      { messageId: 'hostBits', line: 3, data: { network: '198.51.100.0/24' } },
      { messageId: 'hostBits', line: 5, data: { network: '2001:db8:200::/48' } },
    ],
  },
  {
    name: 'invalid prefix text',
    text: `kind: routing
routes:
  - { destination: 198.51.100.0/33, via: 192.0.2.1 }
  - { destination: 198.51.100.300/24, via: 192.0.2.1 }
  - { destination: internal, via: 192.0.2.1 }
`,
    expected: [
      { messageId: 'invalidPrefix', line: 3, data: { value: '198.51.100.0/33' } },
      { messageId: 'invalidPrefix', line: 4 },
      { messageId: 'invalidPrefix', line: 5 },
    ],
  },
  {
    name: 'invalid interface and gateway addresses',
    text: `kind: routing
interfaces:
  - name: eth0
    addresses:
      - 203.0.113.2
      - 203.0.113.258/29
routes:
  - destination: 198.51.100.0/24
    via: 203.0.113.1/29
    source: gw.example.net
  - destination: 192.0.2.0/24
    nexthops:
      - { via: "2001:db8:::1" }
`,
    expected: [
      { messageId: 'invalidAddress', line: 6, data: { value: '203.0.113.258/29' } },
      { messageId: 'invalidAddress', line: 9 },
      { messageId: 'invalidAddress', line: 10 },
      { messageId: 'invalidAddress', line: 13 },
    ],
  },
]);
