import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-duplicate-bind', [
  {
    name: 'distinct addresses and ports',
    text: `kind: loadbalancer
frontends:
  - name: https-in
    binds: [{ address: 203.0.113.10, port: 443, ssl: true }, { address: "2001:db8::10", port: 443, ssl: true }]
  - name: http-in
    binds: [{ address: 203.0.113.10, port: 80 }]
  - name: stats
    binds: [{ address: 192.0.2.5, port: 8404 }]
  - name: admin
    binds: [{ address: 203.0.113.11, port: 443 }]
`,
    expected: [],
  },
  {
    name: 'two frontends on the same port',
    text: `kind: loadbalancer
frontends:
  - name: fe1
    binds: [{ port: 8080 }]
  - name: fe2
    binds:
      - { port: 8080 }
`,
    expected: [
      { messageId: 'overlap', line: 7, data: { frontend: 'fe2', other: 'fe1', bind: '*:8080' } },
    ],
  },
  {
    name: 'wildcard against a specific address',
    text: `kind: loadbalancer
frontends:
  - name: public
    binds: [{ address: "*", port: 443, ssl: true }]
  - name: partner
    binds:
      - { address: 203.0.113.10, port: 443, ssl: true }
  - name: legacy
    binds:
      - { address: "2001:db8::10", port: 80-443 }
`,
    expected: [
      { messageId: 'overlap', line: 7, data: { other: 'public', otherBind: '*:443' } },
      { messageId: 'overlap', line: 10, data: { other: 'public', bind: '[2001:db8::10]:80-443' } },
    ],
  },
  {
    name: 'same address written two ways',
    text: `kind: loadbalancer
frontends:
  - name: v6-web
    binds: [{ address: "2001:db8:0:0::10", port: 443 }]
  - name: v6-api
    binds: [{ address: "2001:db8::10", port: 443 }]
`,
    expected: [{ messageId: 'overlap', line: 6 }],
  },
  {
    name: 'binds pinned to different interfaces',
    text: `kind: loadbalancer
frontends:
  - name: outside
    binds: [{ port: 443, interface: eth0 }]
  - name: inside
    binds: [{ port: 443, interface: eth1 }]
`,
    expected: [],
  },
  {
    name: 'across documents of one load balancer',
    text: `kind: loadbalancer
name: edge-lb
frontends:
  - name: https-in
    binds: [{ address: 203.0.113.10, port: 443 }]
---
kind: loadbalancer
name: edge-lb
frontends:
  - name: https-partner
    binds: [{ address: 203.0.113.10, port: 443 }]
`,
    expected: [
      { messageId: 'overlap', line: 11, data: { frontend: 'https-partner', other: 'https-in' } },
    ],
  },
  {
    name: 'documents of different load balancers',
    text: `kind: loadbalancer
name: edge-lb-1
frontends:
  - name: https-in
    binds: [{ address: 203.0.113.10, port: 443 }]
---
kind: loadbalancer
name: edge-lb-2
frontends:
  - name: https-in
    binds: [{ address: 203.0.113.10, port: 443 }]
`,
    expected: [],
  },
]);
