import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('route-multiple-defaults', [
  {
    name: 'primary and backup metrics',
    text: `kind: routing
routes:
  - { destination: default, via: 203.0.113.1, dev: eth0, metric: 100 }
  - { destination: default, via: 198.51.100.1, dev: eth1, metric: 200 }
  - { destination: "::/0", via: "2001:db8:100::1", dev: eth0 }
  - { destination: default, via: 192.0.2.1, dev: eth2, table: 100 }
`,
    expected: [],
  },
  {
    name: 'two NICs with metric 0',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: [203.0.113.160/32] }
  - { name: eth1, addresses: [198.51.100.20/24] }
routes:
  - { destination: 0.0.0.0/0, via: 203.0.113.1, dev: eth0, onLink: true, metric: 0 }
  - destination: default
    via: 198.51.100.1
    dev: eth1
    metric: 0
`,
    expected: [{ messageId: 'conflict', line: 7, data: { family: 4, table: 'main', metric: 0 } }],
  },
  {
    name: 'IPv6 defaults with the implied metric',
    text: `kind: routing
routes:
  - { destination: default, via: "2001:db8:100::1" }
  - { destination: "::/0", via: "2001:db8:200::1", metric: 1024 }
  - { destination: default, via: 192.0.2.1 }
`,
    expected: [{ messageId: 'conflict', line: 4, data: { family: 6, metric: 1024 } }],
  },
]);
