import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../../src/paths.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('lb-backend-without-servers', [
  {
    name: 'backend with an enabled server',
    text: `kind: loadbalancer
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080, disabled: true }
      - { name: web2, address: 192.0.2.22, port: 8080 }
`,
    expected: [],
  },
  {
    name: 'backend without servers',
    text: `kind: loadbalancer
backends:
  - name: web
    servers: [{ name: web1, address: 192.0.2.21 }]
  - name: empty_be
    balance: roundrobin
  - name: reports
    servers: []
`,
    expected: [
      { messageId: 'noServers', line: 5, data: { backend: 'empty_be' } },
      { messageId: 'noServers', line: 7, data: { backend: 'reports' } },
    ],
  },
  {
    name: 'every server disabled',
    text: `kind: loadbalancer
backends:
  - name: api
    servers:
      - { name: api1, address: 192.0.2.31, disabled: true }
      - { name: api2, address: 192.0.2.32, disabled: true }
`,
    expected: [{ messageId: 'allDisabled', line: 3 }],
  },
  {
    name: 'backend that responds itself',
    text: `kind: loadbalancer
backends:
  - name: stats
    respondsItself: true
  - name: empty_be
    respondsItself: false
`,
    expected: [{ messageId: 'noServers', line: 5, data: { backend: 'empty_be' } }],
  },
  {
    name: 'haproxy stats listen section',
    file: 'haproxy.cfg',
    text: `listen stats
    mode http
    bind 127.0.0.1:8404
    stats enable
    stats uri /stats
`,
    expected: [],
  },
  {
    name: 'haproxy redirect-only backend',
    file: 'haproxy.cfg',
    text: `defaults
    mode http

backend to_www
    http-request redirect location https://www.example.com/

backend empty_be
    http-request set-header X-Test 1

backend https_only
    http-request redirect scheme https unless { ssl_fc }
`,
    expected: [
      { messageId: 'noServers', line: 7, data: { backend: 'empty_be' } },
      { messageId: 'noServers', line: 10, data: { backend: 'https_only' } },
    ],
  },
  {
    name: 'haproxy stats inherited from defaults',
    file: 'haproxy.cfg',
    text: `defaults
    mode http
    stats enable

backend stats_only

backend raw
    mode tcp
`,
    expected: [{ messageId: 'noServers', line: 7, data: { backend: 'raw' } }],
  },
  {
    name: 'http-request deny from named defaults',
    file: 'haproxy.cfg',
    text: readFileSync(join(packageRoot, 'test', 'fixtures', 'haproxy', 'defaults-http-request-deny.cfg'), 'utf8'),
    expected: [],
  },
]);
