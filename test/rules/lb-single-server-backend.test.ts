import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-single-server-backend', [
  {
    name: 'two active servers',
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, check: true }
      - { name: web2, address: 192.0.2.22, check: true }
`,
    expected: [],
  },
  {
    name: 'one active server beside a backup',
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, check: true }
      - { name: web2, address: 192.0.2.22, check: true, backup: true }
      - { name: web3, address: 192.0.2.23, check: true, weight: 0 }
`,
    expected: [
      { messageId: 'tooFew', line: 3, data: { backend: 'web', active: 1, minServers: 2 } },
    ],
  },
  {
    name: 'minServers raised to three',
    options: { minServers: 3 },
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, check: true }
      - { name: web2, address: 192.0.2.22, check: true }
  - name: api
    servers:
      - { name: api1, address: 192.0.2.31, check: true }
      - { name: api2, address: 192.0.2.32, check: true }
      - { name: api3, address: 192.0.2.33, check: true }
`,
    expected: [{ messageId: 'tooFew', line: 3, data: { active: 2, minServers: 3 } }],
  },
  {
    name: 'backend without active servers left to other rules',
    text: `kind: loadbalancer
backends:
  - name: empty_be
  - name: standby
    servers: [{ name: s1, address: 192.0.2.41, backup: true }]
`,
    expected: [],
  },
]);
