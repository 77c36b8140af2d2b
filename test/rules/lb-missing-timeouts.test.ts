import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../../src/paths.js';
import { ruleCases } from '../helpers/rule-tester.js';

/** Reads a haproxy.cfg fixture; each one passes `haproxy -c` (test/formats/haproxy-oracle.test.ts). */
function haproxyFixture(name: string): string {
  return readFileSync(join(packageRoot, 'test', 'fixtures', 'haproxy', name), 'utf8');
}

ruleCases('lb-missing-timeouts', [
  {
    name: 'timeouts inherited from defaults',
    text: `kind: loadbalancer
defaults:
  mode: http
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - name: https-in
    binds: [{ port: 443 }]
backends:
  - name: web
    servers: [{ name: web1, address: 192.0.2.21 }]
`,
    expected: [],
  },
  {
    name: 'stats frontend and ldap backend',
    text: `kind: loadbalancer
defaults:
  mode: http
frontends:
  - name: stats
    binds: [{ port: 8404 }]
  - name: https-in
    binds: [{ port: 443 }]
    timeouts: { client: 30s }
backends:
  - name: ldap_servers
    mode: tcp
    servers: [{ name: ldap1, address: 192.0.2.60, port: 389 }]
  - name: empty_be
`,
    expected: [
      { messageId: 'frontend', line: 5, data: { name: 'stats' } },
      {
        messageId: 'backend',
        line: 11,
        data: { name: 'ldap_servers', missing: 'connect and server' },
      },
    ],
  },
  {
    name: 'tunnel replaces server in tcp mode only',
    text: `kind: loadbalancer
defaults:
  timeouts: { connect: 5s, tunnel: 1h }
backends:
  - name: ldap
    servers: [{ name: ldap1, address: 192.0.2.60, port: 389 }]
  - name: web
    mode: http
    servers: [{ name: web1, address: 192.0.2.21, port: 8080 }]
`,
    expected: [
      {
        messageId: 'backend',
        line: 7,
        data: { missing: 'server', settings: '`timeouts.server` (such as 30s)' },
      },
    ],
  },
  {
    name: 'zero overrides a default',
    text: `kind: loadbalancer
defaults:
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - name: websocket-in
    binds: [{ port: 8443 }]
    timeouts: { client: 0 }
backends:
  - name: api
    timeouts: { connect: 0ms }
    servers: [{ name: api1, address: 192.0.2.31 }]
`,
    expected: [
      { messageId: 'frontend', line: 5 },
      { messageId: 'backend', line: 9, data: { missing: 'connect' } },
    ],
  },
  {
    name: 'later defaults without timeouts',
    file: 'haproxy.cfg',
    text: haproxyFixture('defaults-later-without-timeouts.cfg'),
    expected: [
      { messageId: 'frontend', line: 19, data: { name: 'late_in' } },
      { messageId: 'backend', line: 23, data: { name: 'late', missing: 'connect and server' } },
    ],
  },
  {
    name: 'later defaults in tcp mode',
    file: 'haproxy.cfg',
    text: haproxyFixture('defaults-later-tcp-tunnel.cfg'),
    expected: [],
  },
]);
