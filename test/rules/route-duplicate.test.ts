import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('route-duplicate', [
  {
    name: 'different metrics and tables',
    text: `kind: routing
routes:
  - { destination: 198.51.100.0/24, via: 192.0.2.1, metric: 100 }
  - { destination: 198.51.100.0/24, via: 192.0.2.2, metric: 200 }
  - { destination: 198.51.100.0/24, via: 192.0.2.2, table: 100 }
  - { destination: 198.51.100.0/25, via: 192.0.2.1 }
`,
    expected: [],
  },
  {
    name: 'same key written differently',
    text: `kind: routing
routes:
  - { destination: 198.51.100.0/24, via: 192.0.2.1 }
  - { destination: 198.51.100.0/24, via: 192.0.2.2, metric: 0, table: main }
  - { destination: 203.0.113.0/24, type: blackhole, table: 254 }
  - destination: 203.0.113.0/24
    via: 192.0.2.1
`,
    expected: [
      { messageId: 'duplicate', line: 4, data: { key: '198.51.100.0/24 table main metric 0' } },
      { messageId: 'duplicate', line: 6, data: { key: '203.0.113.0/24 table main metric 0' } },
    ],
  },
  {
    name: 'IPv6 default metric is 1024',
    text: `kind: routing
routes:
  - { destination: "2001:db8:200::/48", via: "2001:db8::1" }
  - { destination: "2001:db8:200::/48", via: "2001:db8::2", metric: 1024 }
  - { destination: "2001:db8:300::/48", via: "2001:db8::1", metric: 0 }
  - { destination: "2001:db8:300::/48", via: "2001:db8::2" }
`,
    expected: [
      {
        messageId: 'duplicate',
        line: 4,
        data: { key: '2001:db8:200::/48 table main metric 1024' },
      },
    ],
  },
  {
    name: 'IPv6 link-local once per device',
    // Linux installs fe80::/64 with metric 256 on every IPv6 interface.
    text: `kind: routing
routes:
  - { destination: "fe80::/64", dev: eth0, metric: 256 }
  - { destination: "fe80::/64", dev: eth1, metric: 256 }
  - { destination: "fe80::/64", dev: eth1, metric: 256 }
  - { destination: "2001:db8:1::/64", dev: eth0, metric: 256 }
  - { destination: "2001:db8:1::/64", dev: eth1, metric: 256 }
`,
    expected: [
      { messageId: 'duplicate', line: 5, data: { key: 'fe80::/64 table main metric 256 dev eth1' } },
      { messageId: 'duplicate', line: 7, data: { key: '2001:db8:1::/64 table main metric 256' } },
    ],
  },
  {
    name: 'default routes left to route-multiple-defaults',
    text: `kind: routing
routes:
  - { destination: default, via: 192.0.2.1 }
  - { destination: 0.0.0.0/0, via: 192.0.2.2 }
`,
    expected: [],
  },
]);
