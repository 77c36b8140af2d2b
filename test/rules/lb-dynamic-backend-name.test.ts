import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-dynamic-backend-name', [
  {
    name: 'static names only',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ port: 443 }]
    useBackends: [{ backend: api, condition: "{ path_beg /api }" }]
    defaultBackend: web
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21, port: 8080 }] }
  - { name: api, servers: [{ name: api1, address: 192.0.2.31, port: 8080 }] }
`,
    expected: [],
  },
  {
    name: 'dynamic name without candidates',
    text: `kind: loadbalancer
frontends:
  - name: frontend-merged
    binds: [{ port: 443 }]
    useBackends:
      - backend: "be_%[req.hdr(host),lower,word(1,.)]"
    defaultBackend: backend2_ipvANY
backends:
  - { name: backend2_ipvANY, servers: [{ name: app1, address: 192.0.2.40, port: 80 }] }
`,
    expected: [
      {
        messageId: 'dynamic',
        line: 6,
        data: { frontend: 'frontend-merged', matching: [], known: 'no backend matches `be_*`' },
        severity: 'info',
      },
    ],
  },
  {
    name: 'dynamic name with prefix and suffix',
    text: `kind: loadbalancer
frontends:
  - name: tenants
    binds: [{ port: 443 }]
    defaultBackend: "tenant_%[req.hdr(host),word(1,.)]_pool"
backends:
  - { name: tenant_a_pool, servers: [{ name: a1, address: 192.0.2.41, port: 80 }] }
  - { name: tenant_b_pool, servers: [{ name: b1, address: 192.0.2.42, port: 80 }] }
  - { name: tenant_c, servers: [{ name: c1, address: 192.0.2.43, port: 80 }] }
`,
    expected: [
      {
        messageId: 'dynamic',
        line: 5,
        data: { matching: ['tenant_a_pool', 'tenant_b_pool'], known: 'backends that match `tenant_*_pool`: `tenant_a_pool` and `tenant_b_pool`' },
      },
    ],
  },
]);
