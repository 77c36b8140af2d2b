import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-backend-mode-mismatch', [
  {
    name: 'matching modes and tcp to http',
    // HAProxy 2.6.12 accepts a tcp frontend with an http backend: it upgrades the stream.
    text: `kind: loadbalancer
defaults: { mode: http, timeouts: { client: 30s, connect: 5s, server: 30s } }
frontends:
  - { name: web-in, binds: [{ port: 443 }], defaultBackend: web }
  - { name: raw-in, mode: tcp, binds: [{ port: 8443 }], defaultBackend: web }
  - { name: ldap-in, mode: tcp, binds: [{ port: 636 }], defaultBackend: ldap }
  - { name: dyn-in, binds: [{ port: 80 }], useBackends: [{ backend: "be_%[req.hdr(host)]" }], defaultBackend: gone }
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21, port: 8080 }] }
  - { name: ldap, mode: tcp, servers: [{ name: ldap1, address: 192.0.2.31, port: 636 }] }
`,
    expected: [],
  },
  {
    name: 'http frontend to tcp backend',
    // HAProxy 2.6.12: "http frontend 'web-in' tries to use incompatible tcp backend 'ldap'".
    text: `kind: loadbalancer
defaults: { mode: http, timeouts: { client: 30s, connect: 5s, server: 30s } }
frontends:
  - name: web-in
    binds: [{ port: 443 }]
    useBackends:
      - { backend: ldap, condition: "{ path_beg /ldap }" }
    defaultBackend: ldap
backends:
  - { name: ldap, mode: tcp, servers: [{ name: ldap1, address: 192.0.2.31, port: 636 }] }
`,
    expected: [
      { messageId: 'mismatch', line: 7, data: { frontend: 'web-in', backend: 'ldap' }, severity: 'error' },
      { messageId: 'mismatch', line: 8 },
    ],
  },
  {
    name: 'tcp is the default mode',
    text: `kind: loadbalancer
frontends:
  - { name: web-in, mode: http, binds: [{ port: 80 }], defaultBackend: plain, timeouts: { client: 30s } }
backends:
  - { name: plain, timeouts: { connect: 5s, server: 30s }, servers: [{ name: s1, address: 192.0.2.41, port: 80 }] }
`,
    expected: [{ messageId: 'mismatch', line: 3, data: { backend: 'plain' } }],
  },
  {
    name: 'haproxy.cfg with mode in defaults',
    file: 'haproxy.cfg',
    text: `defaults
  mode http
  timeout client 5s
  timeout connect 5s
  timeout server 5s
frontend fe
  bind :8080
  default_backend be_tcp
backend be_tcp
  mode tcp
  server s1 192.0.2.51:9000
`,
    expected: [{ messageId: 'mismatch', line: 8 }],
  },
]);
