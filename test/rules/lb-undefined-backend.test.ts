import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-undefined-backend', [
  {
    name: 'every name defined',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ address: 203.0.113.10, port: 443, ssl: true }]
    defaultBackend: web
    useBackends:
      - { backend: api, condition: "{ path_beg /api }" }
backends:
  - name: web
    servers: [{ name: web1, address: 192.0.2.21, port: 8080 }]
  - name: api
    servers: [{ name: api1, address: 192.0.2.31, port: 8080 }]
`,
    expected: [],
  },
  {
    name: 'stale use_backend after a rename',
    text: `kind: loadbalancer
frontends:
  - name: frontend-merged
    binds: [{ port: 443 }]
    useBackends:
      - backend: backend1_ipvANY
        condition: is_app
backends:
  - name: backend2_ipvANY
    servers: [{ name: app1, address: 192.0.2.40, port: 80 }]
`,
    expected: [
      {
        messageId: 'undefined',
        line: 6,
        data: { backend: 'backend1_ipvANY', guess: 'backend2_ipvANY' },
      },
    ],
  },
  {
    name: 'dynamic use_backend name is not checked',
    text: `kind: loadbalancer
frontends:
  - name: frontend-merged
    binds: [{ port: 443 }]
    useBackends:
      - { backend: "be_%[req.hdr(host),lower,word(1,.)]", condition: "{ req.hdr(host) -m found }" }
    defaultBackend: backend2_ipvANY
backends:
  - name: backend2_ipvANY
    servers: [{ name: app1, address: 192.0.2.40, port: 80 }]
`,
    expected: [],
  },
  {
    name: 'default backend with no close match',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ port: 443 }]
    defaultBackend: legacy
backends:
  - name: web
    servers: [{ name: web1, address: 192.0.2.21 }]
`,
    expected: [{ messageId: 'undefined', line: 5, data: { backend: 'legacy', hint: '' } }],
  },
  {
    name: 'backend in another document of the load balancer',
    text: `kind: loadbalancer
name: edge-lb
frontends:
  - { name: https-in, binds: [{ port: 443 }], defaultBackend: web }
---
kind: loadbalancer
name: edge-lb
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21 }] }
`,
    expected: [],
  },
  {
    name: 'backend only in another load balancer',
    text: `kind: loadbalancer
name: edge-lb-1
frontends:
  - { name: https-in, binds: [{ port: 443 }], defaultBackend: web }
---
kind: loadbalancer
name: edge-lb-2
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21 }] }
`,
    expected: [{ messageId: 'undefined', line: 4, data: { backend: 'web' } }],
  },
]);
