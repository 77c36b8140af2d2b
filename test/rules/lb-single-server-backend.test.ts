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
`,
    expected: [],
  },
  {
    name: 'one active server beside unusable ones',
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, check: true }
      - { name: web2, address: 192.0.2.22, check: true, backup: true, disabled: true }
      - { name: web3, address: 192.0.2.23, check: true, weight: 0 }
      - { name: web4, address: 192.0.2.24, check: true, backup: true, weight: 0 }
`,
    expected: [
      { messageId: 'tooFew', line: 3, data: { backend: 'web', servers: 1, minServers: 2 } },
    ],
  },
  {
    name: 'backups counted toward minServers',
    options: { minServers: 3 },
    text: `kind: loadbalancer
backends:
  - name: db
    servers:
      - { name: db1, address: 192.0.2.51, check: true }
      - { name: db2, address: 192.0.2.52, check: true, backup: true }
      - { name: db3, address: 192.0.2.53, check: true, backup: true }
  - name: cache
    servers:
      - { name: cache1, address: 192.0.2.61, check: true }
      - { name: cache2, address: 192.0.2.62, check: true, backup: true }
`,
    expected: [{ messageId: 'tooFew', line: 8, data: { backend: 'cache', servers: 2, minServers: 3 } }],
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
    expected: [{ messageId: 'tooFew', line: 3, data: { servers: 2, minServers: 3 } }],
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
