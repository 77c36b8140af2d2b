import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-server-without-health-check', [
  {
    name: 'every server checked',
    text: `kind: loadbalancer
backends:
  - name: web
    healthCheck: { type: http, path: /healthz, expect: status 200 }
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080, check: true }
      - { name: web2, address: 192.0.2.22, port: 8080, check: true }
`,
    expected: [],
  },
  {
    name: 'single server needs no check',
    text: `kind: loadbalancer
backends:
  - name: legacy
    servers:
      - { name: legacy1, address: 192.0.2.50, port: 8080 }
      - { name: legacy2, address: 192.0.2.51, port: 8080, disabled: true }
`,
    expected: [],
  },
  {
    name: 'health check defined but not enabled',
    text: `kind: loadbalancer
backends:
  - name: web
    healthCheck: { type: http, path: /healthz }
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080, check: true }
      - name: web2
        address: 192.0.2.22
        port: 8080
      - { name: web3, address: 192.0.2.23, port: 8080, check: false }
`,
    expected: [
      { messageId: 'noCheck', line: 7, data: { server: 'web2', backend: 'web' } },
      { messageId: 'noCheck', line: 10, data: { server: 'web3' } },
    ],
  },
]);
