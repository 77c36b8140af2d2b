import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-unused-backend', [
  {
    name: 'every backend used',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ port: 443 }]
    defaultBackend: web
    useBackends: [{ backend: api, condition: "{ path_beg /api }" }]
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21 }] }
  - { name: api, servers: [{ name: api1, address: 192.0.2.31 }] }
`,
    expected: [],
  },
  {
    name: 'backend left after a migration',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ port: 443 }]
    defaultBackend: web
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21 }] }
  - name: web-old
    servers: [{ name: old1, address: 192.0.2.81 }]
`,
    expected: [{ messageId: 'unused', line: 8, data: { backend: 'web-old' } }],
  },
  {
    name: 'dynamic backend name may use any',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ port: 443 }]
    useBackends: [{ backend: "be_%[req.hdr(host),lower]" }]
backends:
  - { name: be_shop, servers: [{ name: shop1, address: 192.0.2.91 }] }
`,
    expected: [],
  },
  {
    name: 'frontend in another document',
    text: `kind: loadbalancer
name: edge-lb
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21 }] }
  - { name: api, servers: [{ name: api1, address: 192.0.2.31 }] }
---
kind: loadbalancer
name: edge-lb
frontends:
  - { name: https-in, binds: [{ port: 443 }], defaultBackend: web }
`,
    expected: [{ messageId: 'unused', line: 5, data: { backend: 'api' } }],
  },
]);
