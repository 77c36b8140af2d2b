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
  {
    name: 'haproxy listen section',
    file: 'haproxy.cfg',
    text: `listen stats
    bind 127.0.0.1:8404
    server s1 192.0.2.21:80
`,
    expected: [],
  },
  {
    name: 'haproxy frontend and backend',
    file: 'haproxy.cfg',
    text: `frontend web
    bind :80
    default_backend web

backend web
    server s1 192.0.2.21:80
`,
    expected: [{ messageId: 'sameName', line: 5, data: { name: 'web' } }],
  },
]);
