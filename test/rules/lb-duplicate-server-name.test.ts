import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-duplicate-server-name', [
  {
    name: 'distinct names',
    text: `kind: loadbalancer
backends:
  - name: app
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080 }
      - { name: web2, address: 192.0.2.22, port: 8080 }
  - name: app_canary
    servers:
      - { name: web1, address: 192.0.2.29, port: 8080 }
`,
    expected: [],
  },
  {
    name: 'same name twice in a backend',
    text: `kind: loadbalancer
backends:
  - name: app
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080 }
      - { name: web1, address: 192.0.2.22, port: 8080 }
      - { name: web1, address: 192.0.2.23, port: 8080 }
`,
    expected: [
      { messageId: 'duplicate', line: 6, data: { backend: 'app', server: 'web1' } },
      { messageId: 'duplicate', line: 7, data: { backend: 'app', server: 'web1' } },
    ],
  },
]);
