import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('route-undefined-interface', [
  {
    name: 'declared interfaces and lo',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: [203.0.113.2/29] }
  - { name: bond0.100, addresses: [192.0.2.1/24] }
routes:
  - { destination: default, via: 203.0.113.1, dev: eth0 }
  - { destination: 198.51.100.0/24, nexthops: [{ via: 192.0.2.254, dev: bond0.100 }] }
  - { destination: 192.0.2.53/32, type: local, dev: lo }
`,
    expected: [],
  },
  {
    name: 'typo in dev',
    text: `kind: routing
interfaces:
  - { name: eth0, addresses: [203.0.113.2/29] }
  - { name: bond0.100, addresses: [192.0.2.1/24] }
routes:
  - { destination: default, via: 203.0.113.1, dev: eht0 }
  - destination: 198.51.100.0/24
    nexthops:
      - { via: 192.0.2.254, dev: bond0.100 }
      - { via: 192.0.2.253, dev: wg0 }
`,
    expected: [
      { messageId: 'undefined', line: 6, data: { dev: 'eht0', guess: 'eth0' } },
      { messageId: 'undefined', line: 10, data: { dev: 'wg0', hint: '' } },
    ],
  },
  {
    name: 'no interfaces declared',
    text: `kind: routing
role: branch-routers
routes:
  - { destination: default, via: 203.0.113.1, dev: eth0 }
`,
    expected: [],
  },
]);
