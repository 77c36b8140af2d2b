/**
 * Compares the load-balancer rules that mirror HAProxy's own checks with `haproxy -c` on the
 * same configuration: both must name the same proxies and servers.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { packageRoot } from '../../src/paths.js';

import type { LoadBalancer } from '../../src/types/loadbalancer.js';
import { checkWithHaproxy, renderHaproxyConfig } from '../helpers/haproxy.js';
import { runRule } from '../helpers/rule-tester.js';

const documents: Record<string, string> = {
  clean: `kind: loadbalancer
defaults:
  mode: http
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - name: https-in
    binds: [{ address: 203.0.113.10, port: 443 }]
    useBackends: [{ backend: api, condition: "{ path_beg /api/ }" }]
    defaultBackend: web
backends:
  - name: web
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080, check: true }
      - { name: web2, address: 192.0.2.22, port: 8080, check: true }
  - name: api
    servers: [{ name: api1, address: 192.0.2.31, port: 9000 }]
`,
  'stale backend name': `kind: loadbalancer
defaults:
  mode: http
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - name: frontend-merged
    binds: [{ port: 8443 }]
    useBackends: [{ backend: backend1_ipvANY, condition: "{ path_beg /app }" }]
    defaultBackend: legacy
backends:
  - name: backend2_ipvANY
    servers: [{ name: app1, address: 192.0.2.40, port: 80 }]
`,
  'duplicate server names': `kind: loadbalancer
defaults:
  mode: http
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - { name: www, binds: [{ port: 8080 }], defaultBackend: app }
backends:
  - name: app
    servers:
      - { name: web1, address: 192.0.2.21, port: 8080 }
      - { name: web1, address: 192.0.2.22, port: 8080 }
`,
  'missing timeouts': `kind: loadbalancer
defaults:
  mode: tcp
  timeouts: { connect: 5s }
frontends:
  - { name: stats, mode: http, binds: [{ port: 8404 }] }
  - { name: ldap-in, timeouts: { client: 1h }, binds: [{ port: 8389 }], defaultBackend: ldap_servers }
backends:
  - name: ldap_servers
    servers: [{ name: ldap1, address: 192.0.2.60, port: 389 }]
  - name: ldap_tunnel
    timeouts: { tunnel: 1h }
    servers: [{ name: ldap2, address: 192.0.2.61, port: 389 }]
  - name: web
    mode: http
    timeouts: { tunnel: 1h, connect: 0 }
    servers: [{ name: web1, address: 192.0.2.21, port: 8080 }]
  - name: empty_be
`,
  'mode mismatch': `kind: loadbalancer
defaults:
  mode: http
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - name: web-in
    binds: [{ port: 8080 }]
    useBackends: [{ backend: ldap, condition: "{ path_beg /ldap }" }]
    defaultBackend: web
  - { name: raw-in, mode: tcp, binds: [{ port: 8081 }], defaultBackend: web }
  - { name: tls-in, binds: [{ port: 8082 }], defaultBackend: passthrough }
backends:
  - { name: web, servers: [{ name: web1, address: 192.0.2.21, port: 8080 }] }
  - { name: ldap, mode: tcp, servers: [{ name: ldap1, address: 192.0.2.31, port: 636 }] }
  - { name: passthrough, mode: tcp, servers: [{ name: tls1, address: 192.0.2.32, port: 443 }] }
`,
};

/** Names the proxies that HAProxy's "missing timeouts" warnings list, as `frontend x` or `backend x`. */
function haproxyTimeoutWarnings(output: string): string[] {
  return [...output.matchAll(/missing timeouts for (frontend|backend) '([^']+)'/g)]
    .map((match) => `${match[1]} ${match[2]}`)
    .sort();
}

describe.each(Object.entries(documents))('HAProxy agrees on %s', (_name, text) => {
  const data = parse(text) as LoadBalancer;
  const haproxy = checkWithHaproxy(renderHaproxyConfig(data));

  it('on undefined backends', async () => {
    const { ruleFindings } = await runRule('lb-undefined-backend', text);
    const reported = ruleFindings.map((finding) => String(finding.data?.backend)).sort();
    const alerted = [
      ...haproxy.output.matchAll(
        /unable to find required (?:use_backend|default_backend): '([^']+)'/g,
      ),
    ]
      .map((match) => match[1])
      .sort();
    expect(reported).toEqual(alerted);
  });

  it('on duplicate server names', async () => {
    const { ruleFindings } = await runRule('lb-duplicate-server-name', text);
    const reported = ruleFindings.map(
      (finding) => `${String(finding.data?.backend)}/${String(finding.data?.server)}`,
    );
    const alerted = [
      ...haproxy.output.matchAll(/backend '([^']+)', another server named '([^']+)'/g),
    ].map((match) => `${match[1]}/${match[2]}`);
    expect(reported).toEqual(alerted);
  });

  it('on missing timeouts', async () => {
    const { ruleFindings } = await runRule('lb-missing-timeouts', text);
    const reported = ruleFindings
      .map((finding) => `${finding.messageId} ${String(finding.data?.name)}`)
      .sort();
    expect(reported).toEqual(haproxyTimeoutWarnings(haproxy.output));
  });

  it('on mode mismatches', async () => {
    const { ruleFindings } = await runRule('lb-backend-mode-mismatch', text);
    const reported = ruleFindings
      .map((finding) => `${String(finding.data?.frontend)}/${String(finding.data?.backend)}`)
      .sort();
    const alerted = [
      ...haproxy.output.matchAll(/http frontend '([^']+)' .*? incompatible tcp backend '([^']+)'/g),
    ]
      .map((match) => `${match[1]}/${match[2]}`)
      .sort();
    expect(reported).toEqual(alerted);
  });

  it('on whether the configuration loads', async () => {
    const undefinedBackends = await runRule('lb-undefined-backend', text);
    const duplicateServers = await runRule('lb-duplicate-server-name', text);
    const modeMismatches = await runRule('lb-backend-mode-mismatch', text);
    const errors =
      undefinedBackends.ruleFindings.length +
      duplicateServers.ruleFindings.length +
      modeMismatches.ruleFindings.length;
    expect(haproxy.status === 0).toBe(errors === 0);
  });
});

describe('haproxy.cfg fixtures against haproxy -c', () => {
  const fixtureDir = join(packageRoot, 'test', 'fixtures', 'haproxy');
  const fixtures = readdirSync(fixtureDir)
    .filter((name) => name.endsWith('.cfg') && !name.startsWith('bad-'))
    .sort();

  it.each(fixtures)('%s has the same missing timeouts', async (name) => {
    const text = readFileSync(join(fixtureDir, name), 'utf8');
    const haproxy = checkWithHaproxy(text);
    expect(haproxy.status, haproxy.output).toBe(0);
    const { ruleFindings } = await runRule('lb-missing-timeouts', text, 'haproxy.cfg');
    const reported = ruleFindings
      .map((finding) => `${finding.messageId} ${String(finding.data?.name)}`)
      .sort();
    expect(reported).toEqual(haproxyTimeoutWarnings(haproxy.output));
  });
});

describe('samples/repo load balancer', () => {
  it('passes haproxy -c without warnings', () => {
    const text = readFileSync(
      join(packageRoot, 'samples', 'repo', 'loadbalancer', 'lb-pair.yaml'),
      'utf8',
    );
    const haproxy = checkWithHaproxy(renderHaproxyConfig(parse(text) as LoadBalancer));
    expect(haproxy.output).not.toMatch(/WARNING|ALERT/);
    expect(haproxy.status).toBe(0);
  });
});
