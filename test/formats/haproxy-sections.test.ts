/**
 * Measures how often driftgate and `haproxy -c -f` (HAProxy 2.6) agree on where a keyword may
 * appear. For each sample line and each kind of section, the test writes a small configuration
 * that HAProxy accepts without the line, adds the line to that section, and compares the
 * verdicts: rejected (HAProxy's exit status, an error from driftgate's whole validation
 * pipeline), accepted with a warning about the keyword, or accepted. docs/conformance.md lists
 * each disagreement with its reason. Needs the haproxy package; `haproxy -c` only parses, so
 * nothing binds or connects.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/engine/config.js';
import type { ResolvedConfig } from '../../src/engine/config.js';
import { loadRules } from '../../src/engine/registry.js';
import { validateSources } from '../../src/engine/run.js';
import { packageRoot } from '../../src/paths.js';
import { BUILTIN_CHECKS } from '../../src/model.js';
import { checkWithHaproxy } from '../helpers/haproxy.js';

/** Where the sample line goes. Named defaults are tried once under a frontend, once under a backend. */
const SECTION_KINDS = [
  'global',
  'defaults',
  'named defaults of a frontend',
  'named defaults of a backend',
  'frontend',
  'backend',
  'listen',
] as const;
type SectionKind = (typeof SECTION_KINDS)[number];

/**
 * One valid line per keyword of driftgate's table and per keyword of the proxy keyword matrix
 * in the HAProxy 2.6 configuration manual (section 4.1). `ERRORFILE` is replaced with the path
 * of an existing error page, because HAProxy reads error pages while it parses. A sample may add
 * a line that it needs after a newline, such as a server with `proto fcgi`.
 */
const SAMPLE_LINES = [
  'acl is_api path_beg /api',
  'backlog 100',
  'balance roundrobin',
  'balance leastconn',
  'bind 127.0.0.1:20180',
  'bind-process 1',
  'capture cookie SRV len 32',
  'capture request header Host len 64',
  'capture response header Server len 64',
  'clitcpka-cnt 3',
  'clitcpka-idle 30s',
  'clitcpka-intvl 5s',
  'compression algo gzip',
  'compression type text/html',
  'cookie SRV insert indirect nocache',
  'declare capture request len 32',
  'default-server inter 3s',
  'default_backend tables',
  'description sample proxy',
  'disabled',
  'dispatch 127.0.0.1:20181',
  'email-alert from haproxy@example.com',
  'email-alert level info',
  'email-alert mailers ops',
  'email-alert myhostname lb1',
  'email-alert to ops@example.com',
  'enabled',
  'errorfile 503 ERRORFILE',
  'errorfiles site-errors',
  'errorloc 503 /sorry.html',
  'errorloc302 503 /sorry.html',
  'errorloc303 503 /sorry.html',
  'error-log-format "%ci:%cp"',
  'external-check command /bin/true',
  'external-check path /usr/bin:/bin',
  'filter compression',
  'filter cache site-cache',
  'filter trace',
  'force-persist if TRUE',
  'fullconn 100',
  'hash-balance-factor 150',
  'hash-type consistent',
  'http-after-response set-header X-Sample 1',
  'http-check comment sample',
  'http-check connect',
  'http-check disable-on-404',
  'http-check expect status 200',
  'http-check send meth GET uri /health',
  'http-check send-state',
  'http-check set-var(check.sample) int(1)',
  'http-check unset-var(check.sample)',
  'http-error status 503 content-type text/plain string unavailable',
  'http-request set-header X-Sample 1',
  'http-request deny if { path /blocked }',
  'http-response set-header X-Sample 1',
  'http-reuse safe',
  'http-send-name-header X-Server',
  'id 4242',
  'ignore-persist if TRUE',
  'load-server-state-from-file none',
  'log global',
  'log 127.0.0.1:20514 local0',
  'no log',
  'log-format "%ci:%cp [%tr] %ft"',
  'log-format-sd "[exampleSDID@1234 bytes=\\"%B\\"]"',
  'log-tag sample',
  'max-keep-alive-queue 10',
  'max-session-srv-conns 10',
  'maxconn 100',
  'mode http',
  'monitor fail if FALSE',
  'monitor-uri /monitor',
  'option abortonclose',
  'option accept-invalid-http-request',
  'option accept-invalid-http-response',
  'option allbackups',
  'option checkcache',
  'option clitcpka',
  'option contstats',
  'option disable-h2-upgrade',
  'option dontlog-normal',
  'option dontlognull',
  'option forwardfor',
  'option h1-case-adjust-bogus-client',
  'option h1-case-adjust-bogus-server',
  'option http-buffer-request',
  'option http-ignore-probes',
  'option http-keep-alive',
  'option http-no-delay',
  'option http-pretend-keepalive',
  'option http-restrict-req-hdr-names preserve',
  'option http-server-close',
  'option http-use-proxy-header',
  'option httpchk GET /health',
  'option httpclose',
  'option httplog',
  'option httpslog',
  'option independent-streams',
  'option ldap-check',
  'option log-health-checks',
  'option log-separate-errors',
  'option logasap',
  'option mysql-check',
  'option nolinger',
  'option originalto',
  'option persist',
  'option pgsql-check user haproxy',
  'option prefer-last-server',
  'option redispatch',
  'option redis-check',
  'option smtpchk',
  'option socket-stats',
  'option splice-auto',
  'option splice-request',
  'option splice-response',
  'option spop-check',
  'option srvtcpka',
  'option ssl-hello-chk',
  'option tcp-check',
  'option tcp-smart-accept',
  'option tcp-smart-connect',
  'option tcpka',
  'option tcplog',
  'option transparent',
  'option idle-close-on-response',
  'no option httplog',
  'no option redispatch',
  'default option httpclose',
  'persist rdp-cookie',
  'rate-limit sessions 100',
  'redirect location /moved if { path /old }',
  'retries 3',
  'retry-on conn-failure',
  'server s9 127.0.0.1:20182',
  'server-state-file-name sample',
  'server-template web 2 127.0.0.1:20183',
  'source 127.0.0.1',
  'srvtcpka-cnt 3',
  'srvtcpka-idle 30s',
  'srvtcpka-intvl 5s',
  'stats admin if TRUE',
  'stats auth admin:sample',
  'stats enable',
  'stats hide-version',
  'stats http-request deny if FALSE',
  'stats realm Sample',
  'stats refresh 10s',
  'stats scope .',
  'stats show-desc',
  'stats show-legends',
  'stats show-node',
  'stats uri /stats',
  'stick match src table tables',
  'stick on src table tables',
  'stick store-request src table tables',
  'stick store-response src table tables',
  'stick-table type ip size 1k',
  'tcp-check comment sample',
  'tcp-check connect',
  'tcp-check expect string OK',
  'tcp-check send PING\\r\\n',
  'tcp-check send-lf %[src]',
  'tcp-check send-binary 50494e47',
  'tcp-check send-binary-lf 50494e47',
  'tcp-check set-var(check.sample) int(1)',
  'tcp-check unset-var(check.sample)',
  'tcp-request connection accept',
  'tcp-request content accept',
  'tcp-request inspect-delay 5s',
  'tcp-request session accept',
  'tcp-response content accept',
  'tcp-response inspect-delay 5s',
  'timeout check 5s',
  'timeout client 30s',
  'timeout client-fin 5s',
  'timeout connect 5s',
  'timeout http-keep-alive 5s',
  'timeout http-request 5s',
  'timeout queue 5s',
  'timeout server 30s',
  'timeout server-fin 5s',
  'timeout tarpit 5s',
  'timeout tunnel 1h',
  'transparent',
  'unique-id-format %{+X}o\\ %ci:%cp',
  'unique-id-header X-Unique-ID',
  'use_backend tables if { path_beg /api }',
  'use-fcgi-app php',
  'use-fcgi-app php\n  server f1 127.0.0.1:20184 proto fcgi',
  'use-server s1 if TRUE',
];

/**
 * Cases that must agree on error, warning or neither, as measured on 2026-12-05 with HAProxy
 * 2.6.12 (1,323 of 1,330). docs/conformance.md lists the others with their reasons.
 */
const WARNING_AGREEMENT_FLOOR = 1323;

/**
 * HAProxy warnings about the keyword itself, because it is in a section that cannot use it or is
 * deprecated. HAProxy's other warnings are about keywords that need another one, such as
 * `http-check` rules without `option httpchk`, which this test does not compare.
 */
const KEYWORD_WARNING = /capability|ignored in (backends|frontends)|deprecated/;

/** Mode and timeouts every proxy gets, so that HAProxy does not warn about a missing timeout. */
const BASE_SETTINGS = ['  mode http', '  timeout connect 5s', '  timeout client 30s', '  timeout server 30s'];

/**
 * Sections the sample lines refer to: an error page set, a cache, a FastCGI application,
 * mailers and a stick table. Each address is on loopback above port 20000.
 */
function supportSections(errorFile: string): string[] {
  return [
    'http-errors site-errors',
    `  errorfile 503 ${errorFile}`,
    'cache site-cache',
    '  total-max-size 4',
    'fcgi-app php',
    '  docroot /var/www',
    'mailers ops',
    '  mailer smtp1 127.0.0.1:20025',
    'backend tables',
    '  stick-table type ip size 1k',
    '  server t1 127.0.0.1:20026',
  ];
}

/** A generated configuration and the 1-based number of its sample line, or 0 without one. */
interface GeneratedConfig {
  text: string;
  sampleLine: number;
}

/**
 * Builds a configuration with `line` in one section of the given kind. A `listen` section that
 * inherits nothing comes first, so there is always a listener even when the line is `disabled`,
 * because `haproxy -c` exits with status 2 without one.
 */
function buildConfig(kind: SectionKind, line: string | undefined, errorFile: string): GeneratedConfig {
  const lines: string[] = [];
  let sampleLine = 0;
  const section = (header: string, target: SectionKind | 'named', body: string[], tail: string[] = []): void => {
    lines.push(header, ...body);
    const selected = target === 'named' ? kind.startsWith('named') : kind === target;
    if (line !== undefined && selected) {
      sampleLine = lines.length + 1;
      lines.push(`  ${line.replace('ERRORFILE', errorFile)}`);
    }
    lines.push(...tail);
  };
  section('global', 'global', []);
  // The anchor also uses the mailers, which HAProxy otherwise removes with a warning.
  lines.push('listen anchor', ...BASE_SETTINGS, '  bind 127.0.0.1:20100', '  server a1 127.0.0.1:20101');
  lines.push('  email-alert mailers ops', '  email-alert from haproxy@example.com', '  email-alert to ops@example.com');
  // HAProxy 2.6 rejects TCP/HTTP rules in an anonymous defaults section, and a defaults section
  // with rules may not serve both a frontend and a backend, so the named one serves only one.
  if (kind.startsWith('named')) section('defaults named', 'named', BASE_SETTINGS);
  section('defaults', 'defaults', BASE_SETTINGS);
  const fromForFrontend = kind === 'named defaults of a frontend' ? ' from named' : '';
  const fromForBackend = kind === 'named defaults of a backend' ? ' from named' : '';
  section(`frontend fe${fromForFrontend}`, 'frontend', ['  bind 127.0.0.1:20102'], ['  default_backend be']);
  section(`backend be${fromForBackend}`, 'backend', [], ['  server s1 127.0.0.1:20103']);
  section('listen li', 'listen', ['  bind 127.0.0.1:20104'], ['  server s1 127.0.0.1:20105']);
  lines.push(...supportSections(errorFile));
  return { text: `${lines.join('\n')}\n`, sampleLine };
}

/** How a checker treats a configuration: rejects it, warns about the sample line, or neither. */
type Verdict = 'error' | 'warning' | 'clean';

/** The verdicts of both checkers on one generated configuration, with their messages. */
interface Comparison {
  haproxy: Verdict;
  driftgate: Verdict;
  haproxyMessages: string[];
  driftgateMessages: string[];
}

describe('HAProxy keywords per section against haproxy -c', () => {
  let folder = '';
  let errorFile = '';
  let resolved: ResolvedConfig;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'driftgate-haproxy-sections-'));
    errorFile = join(folder, '503.http');
    writeFileSync(errorFile, 'HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\n\r\nunavailable\r\n');
    resolved = loadConfig(undefined, folder, folder, await loadRules());
  });

  afterAll(() => {
    rmSync(folder, { recursive: true, force: true });
  });

  /**
   * Compares the verdicts on one configuration. HAProxy's warnings count when KEYWORD_WARNING
   * matches them. driftgate's are those of the HAProxy reader at the sample line, because its
   * rules warn about other things, such as a missing health check.
   */
  function compare(config: GeneratedConfig): Comparison {
    const peer = checkWithHaproxy(config.text);
    const haproxyMessages = peer.output.split('\n').filter((line) => /\[(ALERT|WARNING)\]/.test(line));
    let haproxy: Verdict = 'clean';
    if (peer.status !== 0) haproxy = 'error';
    else if (haproxyMessages.some((line) => line.includes('[WARNING]') && KEYWORD_WARNING.test(line))) haproxy = 'warning';

    const source = { file: 'haproxy.cfg', absolutePath: join(folder, 'haproxy.cfg'), text: config.text, explicit: true };
    const findings = validateSources([source], resolved, { cwd: folder }).findings;
    // The HAProxy reader reports its findings under the syntax check id, and rules under their own.
    const readerWarnings = findings.filter((finding) => finding.ruleId === BUILTIN_CHECKS.syntax && finding.severity === 'warning');
    let driftgate: Verdict = 'clean';
    if (findings.some((finding) => finding.severity === 'error')) driftgate = 'error';
    else if (readerWarnings.some((finding) => finding.line === config.sampleLine)) driftgate = 'warning';
    const driftgateMessages = findings
      .filter((finding) => finding.severity !== 'info')
      .map((finding) => `${finding.severity} ${finding.line}: ${finding.message}`);
    return { haproxy, driftgate, haproxyMessages, driftgateMessages };
  }

  it('accepts the configuration without a sample line', () => {
    for (const kind of SECTION_KINDS) {
      const comparison = compare(buildConfig(kind, undefined, errorFile));
      expect(comparison.haproxyMessages, kind).toEqual([]);
      expect(comparison.driftgateMessages.filter((message) => message.startsWith('error')), kind).toEqual([]);
    }
  });

  const records: Array<{ key: string } & Comparison> = [];

  // One test per kind of section keeps each under the test timeout.
  it.each(SECTION_KINDS)('agrees with haproxy -c in %s', (kind) => {
    const documented = readFileSync(join(packageRoot, 'docs', 'conformance.md'), 'utf8');
    for (const line of SAMPLE_LINES) {
      const record = { key: `${kind}: ${line.split('\n')[0]}`, ...compare(buildConfig(kind, line, errorFile)) };
      records.push(record);
      const messages = [...record.haproxyMessages, ...record.driftgateMessages].join('\n');
      expect.soft(record.driftgate === 'error', `${record.key}\n${messages}`).toBe(record.haproxy === 'error');
      if (record.haproxy !== record.driftgate) {
        expect.soft(documented, `${record.key}: haproxy ${record.haproxy}, driftgate ${record.driftgate}, not listed in docs/conformance.md`).toContain(`\`${record.key}\``);
      }
    }
  });

  it('agrees on error, warning or neither in most cases', () => {
    const rejectAgreements = records.filter((record) => (record.haproxy === 'error') === (record.driftgate === 'error'));
    const agreements = records.filter((record) => record.haproxy === record.driftgate);
    console.log(`accept/reject agreement: ${rejectAgreements.length}/${records.length}`);
    console.log(`error/warning/clean agreement: ${agreements.length}/${records.length}`);
    expect(records.length).toBe(SAMPLE_LINES.length * SECTION_KINDS.length);
    expect(agreements.length).toBeGreaterThanOrEqual(WARNING_AGREEMENT_FLOOR);
  });
});
