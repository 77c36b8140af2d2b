import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-frontend-backend-same-name', [
  {
    name: 'distinct names',
    text: `kind: loadbalancer
frontends:
  - { name: ssl-in, binds: [{ port: 443 }], defaultBackend: ssl_servers }
backends:
  - { name: ssl_servers, servers: [{ name: s1, address: 192.0.2.21 }] }
`,
    expected: [],
  },
  {
    name: 'backend named like its frontend',
    text: `kind: loadbalancer
frontends:
  - { name: ssl, binds: [{ port: 443 }], defaultBackend: ssl }
  - { name: stats, binds: [{ port: 8404 }] }
backends:
  - name: ssl
    servers: [{ name: s1, address: 192.0.2.21 }]
`,
    expected: [{ messageId: 'sameName', line: 6, data: { name: 'ssl' } }],
  },
  {
    name: 'frontend in another document',
    text: `kind: loadbalancer
name: edge-lb
frontends:
  - { name: ssl, binds: [{ port: 443 }], defaultBackend: ssl }
---
kind: loadbalancer
name: edge-lb
backends:
  - { name: ssl, servers: [{ name: s1, address: 192.0.2.21 }] }
`,
    expected: [{ messageId: 'sameName', line: 9 }],
  },
]);
