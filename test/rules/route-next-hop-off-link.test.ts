import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('route-next-hop-off-link', [
  {
    name: 'gateways inside their subnets',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: [203.0.113.2/29, "2001:db8:100::2/64"] }
  - { name: eth1, addresses: [192.0.2.1/24] }
routes:
  - { destination: default, via: 203.0.113.1, dev: eth0 }
  - { destination: "::/0", via: "2001:db8:100::1", dev: eth0 }
  - { destination: 198.51.100.0/24, via: 192.0.2.254 }
  - { destination: 10.0.0.0/8, type: blackhole }
`,
    expected: [],
  },
  {
    name: 'slash 32 address with a gateway outside it',
    text: `kind: routing
interfaces:
  - name: eth0
    addresses: [203.0.113.237/32]
routes:
  - destination: default
    via: 203.0.113.232
    dev: eth0
`,
    expected: [
      { messageId: 'offLink', line: 7, data: { via: '203.0.113.232', where: 'interface eth0' } },
    ],
  },
  {
    name: 'onLink accepts the same gateway',
    text: `kind: routing
interfaces:
  - name: eth0
    addresses: [203.0.113.237/32]
routes:
  - { destination: default, via: 203.0.113.232, dev: eth0, onLink: true }
  - destination: 198.51.100.0/24
    nexthops: [{ via: 203.0.113.233, dev: eth0, onLink: true }]
`,
    expected: [],
  },
  {
    name: 'gateway on another interface than dev',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: [203.0.113.2/29] }
  - { name: eth1, addresses: [192.0.2.1/24] }
routes:
  - { destination: 198.51.100.0/24, via: 192.0.2.254, dev: eth0 }
  - { destination: 198.51.100.128/25, via: 198.51.100.1 }
`,
    expected: [
      { messageId: 'offLink', line: 6, data: { where: 'interface eth0' } },
      { messageId: 'offLink', line: 7, data: { where: 'any declared interface' } },
    ],
  },
  {
    name: 'IPv6 gateway outside the slash 64',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: ["2001:db8:100::2/64"] }
routes:
  - destination: "::/0"
    nexthops:
      - { via: "2001:db8:100::1", dev: eth0 }
      - { via: "2001:db8:101::1", dev: eth0 }
`,
    expected: [{ messageId: 'offLink', line: 8, data: { via: '2001:db8:101::1' } }],
  },
  {
    name: 'link-local gateways',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: ["2001:db8:100::2/64"] }
routes:
  - { destination: "::/0", via: "fe80::1", dev: eth0 }
  - { destination: "2001:db8:300::/48", via: "fe80::2" }
`,
    expected: [{ messageId: 'linkLocalWithoutDev', line: 6 }],
  },
  {
    name: 'routes without declared interfaces',
    text: `kind: routing
role: branch-routers
routes:
  - { destination: default, via: 203.0.113.1, dev: eth0 }
`,
    expected: [],
  },
  {
    name: 'interface addresses left to DHCP',
    text: `kind: routing
interfaces:
  - { name: eth0, description: Uplink configured by DHCP }
  - { name: eth1, addresses: [192.0.2.1/24] }
  - { name: eth2, addresses: [] }
routes:
  - { destination: 198.51.100.0/24, via: 203.0.113.1, dev: eth0 }
  - { destination: 203.0.113.128/25, via: 203.0.113.1 }
  - { destination: 203.0.113.64/26, via: 203.0.113.1, dev: eth2 }
`,
    expected: [{ messageId: 'offLink', line: 9, data: { where: 'interface eth2' } }],
  },
]);
