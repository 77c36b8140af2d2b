import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { haproxyFormat } from '../../src/formats/haproxy.js';
import { formatFor } from '../../src/formats/index.js';
import { packageRoot } from '../../src/paths.js';
import type { LoadBalancer } from '../../src/types/loadbalancer.js';
import { describeFindings, parseText } from '../helpers/formats.js';

/** Reads a haproxy.cfg fixture; each one passes `haproxy -c` (haproxy-oracle.test.ts). */
function fixture(name: string): string {
  return readFileSync(join(packageRoot, 'test', 'fixtures', 'haproxy', name), 'utf8');
}

const site = fixture('edge-site.cfg');

function parseClean(text: string) {
  const output = parseText(haproxyFormat, text, 'haproxy.cfg');
  expect(describeFindings(output)).toEqual([]);
  return output.documents[0] as NonNullable<(typeof output.documents)[0]>;
}

describe('HAProxy model', () => {
  const document = parseClean(site);
  const data = document.data as LoadBalancer;

  it('maps defaults', () => {
    expect(data.defaults).toEqual({ mode: 'http', timeouts: { connect: '5s', client: '30s', server: '30s', httpRequest: '10s' } });
  });

  it('maps binds, ACL conditions and the default backend', () => {
    expect(data.frontends?.[0]).toMatchObject({
      name: 'www',
      binds: [{ port: 8080 }, { address: '192.0.2.10', port: 8443 }, { address: '192.0.2.11', port: 8443 }],
      mode: 'http',
      defaultBackend: 'web',
      useBackends: [
        { backend: 'api', condition: 'is_api' },
        { backend: 'static', condition: 'is_static !is_api' },
        { backend: 'legacy', condition: 'unless is_api || is_static' },
      ],
    });
  });

  it('maps servers with check, backup, weight and disabled', () => {
    expect(data.backends?.[0]?.servers).toEqual([
      { name: 'web1', address: '192.0.2.21', port: 80, check: true, weight: 10 },
      { name: 'web2', address: '192.0.2.22', port: 80, check: true, weight: 20 },
      { name: 'web3', address: '192.0.2.23', port: 80, check: true, backup: true },
      { name: 'web4', address: '192.0.2.24', port: 80, disabled: true },
    ]);
    expect(data.backends?.[1]?.servers?.[0]).toEqual({ name: 'api1', address: '2001:db8::21', port: 8080, check: true });
    expect(data.backends?.[3]?.servers?.[0]?.weight).toBe(0);
  });

  it('maps option httpchk, http-check expect and default-server', () => {
    expect(data.backends?.[0]?.healthCheck).toEqual({ type: 'http', method: 'GET', path: '/healthz', expect: 'status 200', interval: '2s', rise: 3, fall: 2 });
  });

  it('inherits timeouts from defaults and keeps its own', () => {
    expect(data.backends?.[1]).toMatchObject({ name: 'api', balance: 'leastconn', timeouts: { connect: '5s', client: '30s', server: '60s', httpRequest: '10s' } });
  });

  it('makes a listen section a frontend and a backend', () => {
    expect(data.frontends?.[1]).toMatchObject({ name: 'stats', binds: [{ port: 8404 }], defaultBackend: 'stats' });
    expect(data.backends?.[4]).toMatchObject({ name: 'stats', mode: 'http' });
  });

  it('locates both halves of a listen section at its name', () => {
    const frontendName = document.locator.locate(['frontends', 1, 'name']);
    const backendName = document.locator.locate(['backends', 4, 'name']);
    expect(backendName).toEqual(frontendName);
  });

  it.each([
    [['frontends', 0], 16, 1],
    [['frontends', 0, 'binds', 1], 18, 10],
    [['frontends', 0, 'useBackends', 2, 'backend'], 24, 17],
    [['frontends', 0, 'defaultBackend'], 25, 21],
    [['backends', 0, 'servers', 2, 'backup'], 33, 37],
    [['backends', 0, 'servers', 0, 'weight'], 31, 44],
    [['backends', 1, 'timeouts', 'server'], 38, 20],
    [['backends', 1, 'timeouts', 'client'], 11, 20],
    [['backends', 0, 'healthCheck'], 29, 12],
  ] as const)('locates %j at line %i column %i', (path, line, column) => {
    expect(document.locator.locate(path)).toMatchObject({ line, column });
  });
});

describe('HAProxy parsing details', () => {
  it('uses the defaults section named with from', () => {
    const data = parseClean('defaults base\n    mode tcp\n    timeout client 1m\n\ndefaults\n    mode http\n\nfrontend f from base\n    bind :9000\n').data as LoadBalancer;
    expect(data.frontends?.[0]).toMatchObject({ mode: 'tcp', timeouts: { client: '1m' } });
  });

  it('starts a defaults section without from afresh', () => {
    const data = parseClean('defaults base\n    mode http\n    timeout client 1m\n\ndefaults\n    timeout connect 5s\n\nlisten l\n    bind :9000\n').data as LoadBalancer;
    expect(data.frontends?.[0]).toEqual({ name: 'l', binds: [{ port: 9000 }], defaultBackend: 'l', timeouts: { connect: '5s' } });
  });

  it('gives each proxy the last defaults above it', () => {
    const data = parseClean(fixture('defaults-later-without-timeouts.cfg')).data as LoadBalancer;
    // The proxies inherit different sections, so no section is every proxy's defaults.
    expect(data.defaults).toBeUndefined();
    const frontends = new Map(data.frontends?.map((frontend) => [frontend.name, frontend]));
    const backends = new Map(data.backends?.map((backend) => [backend.name, backend]));
    expect(frontends.get('www')?.timeouts).toEqual({ connect: '5s', client: '30s', server: '30s' });
    expect(frontends.get('late_in')?.timeouts).toBeUndefined();
    expect(backends.get('late')?.timeouts).toBeUndefined();
    expect(backends.get('late')?.mode).toBe('http');
    expect(backends.get('late_from_web')?.timeouts).toEqual({ connect: '5s', client: '30s', server: '30s' });
  });

  it('omits defaults below the first proxy', () => {
    const data = parseClean('backend early\n    server a 192.0.2.1:80\n\ndefaults\n    mode http\n    timeout connect 5s\n\nbackend late\n').data as LoadBalancer;
    expect(data.defaults).toBeUndefined();
    expect(data.backends?.[0]).toEqual({ name: 'early', servers: [{ name: 'a', address: '192.0.2.1', port: 80 }] });
  });

  it('keeps the defaults every proxy inherits', () => {
    const data = parseClean('defaults\n    mode tcp\n\ndefaults shared\n    mode http\n\nfrontend f\n    bind :80\n\nbackend b from shared\n').data as LoadBalancer;
    expect(data.defaults).toEqual({ mode: 'http' });
  });

  it('passes http-request deny and return from named defaults', () => {
    const document = parseClean(fixture('defaults-http-request-deny.cfg'));
    const backends = (document.data as LoadBalancer).backends ?? [];
    expect(backends.map((backend) => [backend.name, backend.respondsItself === true])).toEqual([
      ['app', false],
      ['retired', true],
      ['maintenance', true],
    ]);
    expect(document.locator.locate(['backends', 1, 'respondsItself'])).toMatchObject({ line: 14 });
    expect(document.locator.locate(['backends', 2, 'respondsItself'])).toMatchObject({ line: 31 });
  });

  it('ignores http-request deny from defaults in TCP mode', () => {
    const data = parseClean('defaults closed\n    http-request deny\n\nbackend b\n').data as LoadBalancer;
    expect(data.backends?.[0]?.respondsItself).toBeUndefined();
  });

  it('counts a bare timeout as milliseconds', () => {
    const data = parseClean('defaults\n    timeout connect 5000\n').data as LoadBalancer;
    expect(data.defaults?.timeouts?.connect).toBe(5000);
  });

  it('keeps opaque keywords out of the model without findings', () => {
    const data = parseClean('frontend f\n    bind :80\n    http-request deny if { src 203.0.113.0/24 }\n    option forwardfor\n    maxconn 100\n').data as LoadBalancer;
    expect(data.frontends?.[0]).toEqual({ name: 'f', binds: [{ port: 80 }] });
  });

  it('locates an unknown server option', () => {
    const output = parseText(haproxyFormat, 'backend b\n    server a 10.0.0.1:80 check chek\n');
    expect(output.findings.map((finding) => [finding.line, finding.column, finding.severity])).toEqual([[2, 32, 'error']]);
    expect((output.documents[0]?.data as LoadBalancer).backends?.[0]?.servers).toEqual([{ name: 'a', address: '10.0.0.1', port: 80, check: true }]);
  });

  it.each([
    ['stats enable', 'stats enable'],
    ['stats uri', 'stats uri /stats'],
    ['redirect', 'redirect prefix https://www.example.com'],
    ['http-request redirect', 'http-request redirect location https://www.example.com/'],
    ['http-request return', 'http-request return status 200 content-type text/plain string ok'],
    ['http-request deny', 'http-request deny'],
    ['http-request use-service', 'http-request use-service prometheus-exporter'],
  ])('marks a backend with %s as responding itself', (_name, line) => {
    const data = parseClean(`listen l\n    mode http\n    bind :80\n    ${line}\n`).data as LoadBalancer;
    expect(data.backends?.[0]?.respondsItself).toBe(true);
  });

  it.each([
    ['stats enable', 'stats enable'],
    ['http-request deny', 'http-request deny'],
    ['redirect', 'redirect prefix https://www.example.com'],
  ])('does not mark a TCP-mode backend with %s', (_name, line) => {
    const data = parseClean(`backend b\n    ${line}\n`).data as LoadBalancer;
    expect(data.backends?.[0]?.respondsItself).toBeUndefined();
  });

  it('marks a TCP-mode backend with tcp-request use-service', () => {
    const data = parseClean('backend b\n    tcp-request content use-service lua.echo\n').data as LoadBalancer;
    expect(data.backends?.[0]?.respondsItself).toBe(true);
  });

  it('passes stats and default_backend from defaults', () => {
    const text = 'defaults\n    mode http\n    stats enable\n    default_backend app\n\nfrontend f\n    bind :80\n\nbackend app\n';
    const data = parseClean(text).data as LoadBalancer;
    expect(data.frontends?.[0]?.defaultBackend).toBe('app');
    expect(data.backends?.[0]?.respondsItself).toBe(true);
  });

  it.each([
    ['stats admin', 'stats admin if TRUE'],
    ['http-request set-header', 'http-request set-header X-Test 1'],
    ['conditional deny', 'http-request deny if { src 203.0.113.0/24 }'],
    ['conditional redirect', 'redirect scheme https unless { ssl_fc }'],
  ])('does not mark a backend with %s', (_name, line) => {
    const data = parseClean(`backend b\n    ${line}\n`).data as LoadBalancer;
    expect(data.backends?.[0]?.respondsItself).toBeUndefined();
  });

  it('reads quoted words and strips comments', () => {
    const data = parseClean('backend b # main pool\n    server "web 1" 192.0.2.1:80 check # primary\n').data as LoadBalancer;
    expect(data.backends?.[0]?.servers?.[0]).toEqual({ name: 'web 1', address: '192.0.2.1', port: 80, check: true });
  });

  it('reports unix socket binds as not modelled', () => {
    const output = parseText(haproxyFormat, 'frontend f\n    bind /run/haproxy.sock\n    bind :80\n');
    expect(output.findings.map((finding) => [finding.line, finding.ruleId, finding.severity])).toEqual([[2, 'not-understood', 'info']]);
  });

  it.each([
    ['keyword typo', 'frontend f\n    bind :80\n    default_backnd b\n', 3, 'did you mean `default_backend`'],
    ['server in a frontend', 'frontend f\n    bind :80\n    server s 192.0.2.1:80\n', 3, 'not allowed'],
    ['invalid time', 'defaults\n    timeout client 30x\n', 2, 'invalid time'],
    ['unknown timeout', 'defaults\n    timeout clinet 30s\n', 2, 'did you mean `client`'],
    ['bind port', 'frontend f\n    bind :70000\n', 2, 'invalid port'],
    ['undeclared ACL', 'frontend f\n    bind :80\n    use_backend b if missing_acl\n', 3, 'no ACL named'],
    ['duplicate proxy', 'backend b\nlisten b\n    bind :80\n', 2, 'same name'],
    ['unknown defaults', 'frontend f from nothing\n    bind :80\n', 1, 'not defined'],
    ['server option typo', 'backend b\n    server a 10.0.0.1:80 chek inter 2s\n', 2, 'unknown keyword `chek` on a server line; did you mean `check`?'],
    ['default-server option typo', 'backend b\n    default-server inter 2s chek\n', 2, 'did you mean `check`?'],
    ['http-request in an anonymous defaults section', 'defaults\n  http-request set-header X-A 1\n', 2, 'only in a named defaults section'],
    ['tcp-response in a frontend', 'frontend f\n  bind :80\n  tcp-response content accept\n', 3, '`tcp-response content` is not allowed in a frontend'],
    ['tcp-request connection in a backend', 'backend b\n  tcp-request connection accept\n', 2, '`tcp-request connection` is not allowed in a backend'],
    ['stats admin in a defaults section', 'defaults\n  stats admin if TRUE\n', 2, '`stats admin` is not allowed in a defaults'],
    ['bind in a defaults section', 'defaults web\n  bind :80\n', 2, '`bind` is not allowed in a defaults'],
    ['retry-on in a frontend', 'frontend f\n  bind :80\n  retry-on conn-failure\n', 3, '`retry-on` is not allowed'],
    ['use-server in a frontend', 'frontend f\n  bind :80\n  use-server s1 if TRUE\n', 3, '`use-server` is not allowed'],
    ['option httpslog in a backend', 'backend b\n  option httpslog\n', 2, '`option httpslog` is not allowed'],
    ['unknown option', 'defaults\n  option redispach\n', 2, 'unknown option `redispach`; did you mean `redispatch`?'],
    ['option without a name', 'defaults\n  option\n', 2, '`option` needs an option name'],
    ['negated option that cannot be', 'defaults\n  no option httplog\n', 2, 'cannot be negated'],
    ['default before another option', 'defaults\n  default option httpclose\n', 2, 'only before `option redispatch`'],
    ['proxy keyword in global', 'global\n  balance roundrobin\n', 2, '`balance` is not allowed in the global section'],
    ['negated option in global', 'global\n  no option httplog\n', 2, '`option` is not allowed in the global section'],
    ['log global in global', 'global\n  log global\n', 2, '`log global` is not allowed'],
    ['stats enable in global', 'global\n  stats enable\n', 2, '`stats enable` is not allowed in the global section'],
    ['external-check with an argument in global', 'global\n  external-check command\n', 2, 'takes no argument'],
    ['use-fcgi-app without an FCGI server', 'backend php\n  use-fcgi-app app\n  server s1 127.0.0.1:9000\n', 2, 'none of its servers has `proto fcgi`'],
  ])('reports %s', (_name, text, line, fragment) => {
    const output = parseText(haproxyFormat, text);
    const errors = output.findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.line)).toEqual([line]);
    expect(errors[0]?.message).toContain(fragment);
  });

  it('recognises haproxy files by name and content', () => {
    expect(formatFor('etc/haproxy/haproxy.cfg', site)?.name).toBe('haproxy');
    expect(formatFor('lb/edge.cfg', 'frontend f\n  bind :80\n')?.name).toBe('haproxy');
    expect(formatFor('lb/haproxy.yaml', 'kind: loadbalancer\n')?.name).toBe('yaml');
    expect(formatFor('app.cfg', '[section]\nkey = value\n')).toBeUndefined();
  });
});

describe('HAProxy keyword placement', () => {
  const severities = (text: string) => parseText(haproxyFormat, text).findings.map((finding) => [finding.line, finding.severity]);

  it.each([
    ['http-request in a named defaults section', 'defaults web\n  http-request set-header X-A 1\nfrontend f from web\n  bind :80\n'],
    ['tcp-request content in a named defaults section', 'defaults web\n  tcp-request content accept\nbackend b from web\n'],
    ['acl in a named defaults section', 'defaults web\n  acl is_api path_beg /api\nlisten l from web\n  bind :80\n'],
    ['http-error in a defaults section', 'defaults\n  http-error status 503 content-type text/plain string down\n'],
    ['global keywords that proxies share', 'global\n  maxconn 100\n  log 127.0.0.1:514 local0\n  no log\n  stats socket /run/haproxy.sock\n  description edge\n'],
    ['negated option', 'defaults\n  no option redispatch\n'],
    ['default option redispatch', 'defaults\n  default option redispatch\n'],
    ['use-fcgi-app with an FCGI server', 'backend php\n  use-fcgi-app app\n  server s1 127.0.0.1:9000 proto fcgi\n'],
    ['FCGI server set by default-server', 'backend php\n  default-server proto fcgi\n  use-fcgi-app app\n  server s1 127.0.0.1:9000\n'],
  ])('accepts %s', (_name, text) => {
    expect(severities(text)).toEqual([]);
  });

  it.each([
    ['timeout client in a backend', 'backend b\n  timeout client 30s\n', '`timeout client` is not allowed in a backend section, so HAProxy ignores it'],
    ['option redispatch in a frontend', 'frontend f\n  bind :80\n  option redispatch\n', '`option redispatch` is not allowed in a frontend section'],
    ['force-persist in a frontend', 'frontend f\n  bind :80\n  force-persist if TRUE\n', '`force-persist` is not allowed in a frontend section'],
    ['server-state-file-name in a frontend', 'frontend f\n  bind :80\n  server-state-file-name web\n', '`server-state-file-name` is not allowed'],
    ['bind-process', 'defaults\n  bind-process 1\n', 'no effect since HAProxy 2.5'],
  ])('warns about %s', (_name, text, fragment) => {
    const findings = parseText(haproxyFormat, text).findings;
    expect(findings.map((finding) => finding.severity)).toEqual(['warning']);
    expect(findings[0]?.message).toContain(fragment);
  });
});

describe('HAProxy defaults with TCP or HTTP rules', () => {
  const errors = (text: string) =>
    parseText(haproxyFormat, text)
      .findings.filter((finding) => finding.severity === 'error')
      .map((finding) => [finding.line, finding.message]);
  const rules = 'defaults web\n  mode http\n  http-request set-header X-A 1\n';

  it('lets a frontend and a backend inherit separate sections', () => {
    const text = `${rules}defaults plain\n  mode http\nfrontend f from web\n  bind :80\n  default_backend b\nbackend b from plain\n`;
    expect(errors(text)).toEqual([]);
  });

  it('rejects a frontend and a backend inheriting one section', () => {
    const text = `${rules}frontend f from web\n  bind :80\n  default_backend b\nbackend b from web\n`;
    expect(errors(text)).toEqual([[7, 'backend `b` and the frontend at line 4 cannot both inherit from the defaults section at line 1, because it defines TCP or HTTP rules']]);
  });

  it('counts inheriting the last defaults section without from', () => {
    const text = `${rules}frontend f\n  bind :80\n  default_backend b\nbackend b\n`;
    expect(errors(text).map(([line]) => line)).toEqual([7]);
  });

  it('rejects a listen section inheriting it', () => {
    expect(errors(`${rules}listen l from web\n  bind :80\n`).map(([line]) => line)).toEqual([4]);
  });

  it('rejects a defaults section inheriting it with from', () => {
    expect(errors(`${rules}defaults other from web\n`).map(([line]) => line)).toEqual([4]);
  });

  it('rejects a backend inheriting tcp-request connection rules', () => {
    const text = 'defaults front\n  tcp-request connection accept\nbackend b from front\n';
    expect(errors(text)).toEqual([[3, 'backend `b` cannot inherit from the defaults section at line 1, because it defines `tcp-request connection` rules, which only a frontend runs']]);
  });

  it('rejects a frontend inheriting tcp-response content rules', () => {
    const text = 'defaults back\n  tcp-response content accept\nfrontend f from back\n  bind :80\n';
    expect(errors(text).map(([line]) => line)).toEqual([3]);
  });
});

describe('HAProxy server-template', () => {
  const backend = (line: string) => `defaults\n  mode http\n\nbackend app\n  ${line}\n`;

  it('adds one server per number', () => {
    const data = parseClean(backend('server-template app 3 app.service.consul:8080 check')).data as LoadBalancer;
    expect(data.backends?.[0]?.servers).toEqual([
      { name: 'app1', address: 'app.service.consul', port: 8080, check: true },
      { name: 'app2', address: 'app.service.consul', port: 8080, check: true },
      { name: 'app3', address: 'app.service.consul', port: 8080, check: true },
    ]);
  });

  it('numbers a range from its start', () => {
    const data = parseClean(backend('server-template web 5-6 10.0.0.1:80')).data as LoadBalancer;
    expect(data.backends?.[0]?.servers?.map((server) => server.name)).toEqual(['web5', 'web6']);
  });

  it('reports an unknown option once', () => {
    const output = parseText(haproxyFormat, backend('server-template web 3 web.local:80 chek'), 'haproxy.cfg');
    expect(describeFindings(output)).toEqual([expect.stringContaining('unknown keyword `chek`')]);
  });

  it('reports an invalid count', () => {
    const output = parseText(haproxyFormat, backend('server-template web many web.local:80'), 'haproxy.cfg');
    expect(describeFindings(output)).toEqual([expect.stringContaining('invalid server count `many`')]);
  });
});
