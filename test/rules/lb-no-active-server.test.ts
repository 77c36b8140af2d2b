import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-no-active-server', [
  {
    name: 'active server beside backup and drained',
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, check: true }
      - { name: web2, address: 192.0.2.22, check: true, weight: 0 }
      - { name: sorry, address: 192.0.2.99, check: true, backup: true }
`,
    expected: [],
  },
  {
    name: 'only backups',
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, backup: true }
      - { name: web2, address: 192.0.2.22, backup: true }
      - { name: web3, address: 192.0.2.23, disabled: true }
`,
    expected: [{ messageId: 'allBackup', line: 3, data: { backend: 'web' } }],
  },
  {
    name: 'every weight zero',
    text: `kind: loadbalancer
backends:
  - name: api
    servers:
      - { name: api1, address: 192.0.2.31, weight: 0 }
      - { name: api2, address: 192.0.2.32, weight: 0, backup: true }
`,
    expected: [{ messageId: 'allZeroWeight', line: 3 }],
  },
  {
    name: 'every server disabled left to another rule',
    text: `kind: loadbalancer
backends:
  - name: api
    servers: [{ name: api1, address: 192.0.2.31, disabled: true, backup: true }]
`,
    expected: [],
  },
]);
