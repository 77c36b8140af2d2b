/**
 * HAProxy 2.6 keywords: where each proxy keyword may appear, and which server options take a
 * value. Taken from the keyword matrix of the HAProxy 2.6 configuration manual (section 4.1 of
 * configuration.txt in Debian's haproxy package) and its server options (section 5.2), and
 * checked against `haproxy -c` of HAProxy 2.6.12 (test/formats/haproxy-sections.test.ts). A few
 * keywords of later versions are accepted too, so a newer file is not rejected for them.
 */

import { lookupTable } from './located.js';

/** Proxy section types: defaults, frontend, listen, backend. */
export type ProxyType = 'defaults' | 'frontend' | 'listen' | 'backend';

/**
 * Section type that a keyword may appear in. `defaults` is every defaults section, and
 * `named-defaults` only one with a name (`defaults NAME`), because HAProxy 2.5 and later accept
 * TCP and HTTP rules only there.
 */
export type Placement = ProxyType | 'named-defaults';

const d = 'defaults';
const n = 'named-defaults';
const f = 'frontend';
const l = 'listen';
const b = 'backend';

/** Proxy keywords and the sections that accept them. */
export const PROXY_KEYWORDS: Record<string, readonly Placement[]> = lookupTable({
  acl: [n, f, l, b],
  backlog: [d, f, l],
  balance: [d, l, b],
  bind: [f, l],
  'bind-process': [d, f, l, b],
  capture: [f, l],
  'clitcpka-cnt': [d, f, l],
  'clitcpka-idle': [d, f, l],
  'clitcpka-intvl': [d, f, l],
  compression: [d, f, l, b],
  cookie: [d, l, b],
  declare: [f, l],
  // `default option NAME`, which HAProxy 2.6.12 parses only for `option redispatch`.
  default: [d, f, l, b],
  'default-server': [d, l, b],
  default_backend: [d, f, l],
  description: [f, l, b],
  disabled: [d, f, l, b],
  dispatch: [l, b],
  'email-alert': [d, f, l, b],
  enabled: [d, f, l, b],
  errorfile: [d, f, l, b],
  errorfiles: [d, f, l, b],
  errorloc: [d, f, l, b],
  errorloc302: [d, f, l, b],
  errorloc303: [d, f, l, b],
  'error-log-format': [d, f, l],
  'external-check': [d, l, b],
  filter: [f, l, b],
  'force-persist': [l, b],
  fullconn: [d, l, b],
  'hash-balance-factor': [d, l, b],
  'hash-type': [d, l, b],
  'http-after-response': [n, f, l, b],
  'http-check': [d, l, b],
  'http-error': [d, f, l, b],
  'http-request': [n, f, l, b],
  'http-response': [n, f, l, b],
  'http-reuse': [d, l, b],
  'http-send-name-header': [d, l, b],
  id: [f, l, b],
  'ignore-persist': [l, b],
  'load-server-state-from-file': [d, l, b],
  log: [d, f, l, b],
  'log-format': [d, f, l],
  'log-format-sd': [d, f, l],
  'log-tag': [d, f, l, b],
  'max-keep-alive-queue': [d, l, b],
  'max-session-srv-conns': [d, f, l],
  maxconn: [d, f, l],
  mode: [d, f, l, b],
  monitor: [f, l],
  'monitor-uri': [d, f, l],
  no: [d, f, l, b],
  option: [d, f, l, b],
  persist: [d, l, b],
  'rate-limit': [d, f, l],
  redirect: [f, l, b],
  retries: [d, l, b],
  'retry-on': [d, l, b],
  server: [l, b],
  'server-state-file-name': [d, l, b],
  'server-template': [l, b],
  source: [d, l, b],
  'srvtcpka-cnt': [d, l, b],
  'srvtcpka-idle': [d, l, b],
  'srvtcpka-intvl': [d, l, b],
  stats: [d, f, l, b],
  stick: [l, b],
  'stick-table': [f, l, b],
  'tcp-check': [d, l, b],
  'tcp-request': [n, f, l, b],
  'tcp-response': [n, l, b],
  timeout: [d, f, l, b],
  transparent: [d, l, b],
  'unique-id-format': [d, f, l],
  'unique-id-header': [d, f, l],
  use_backend: [f, l],
  'use-fcgi-app': [l, b],
  'use-server': [l, b],
});

/**
 * Keywords whose second word narrows where they may appear, such as `tcp-request connection`.
 * A second word not listed takes the sections of the keyword itself.
 */
export const SUBKEYWORD_PLACEMENTS: Record<string, Record<string, readonly Placement[]>> = lookupTable({
  stats: lookupTable({ admin: [f, l, b], 'http-request': [f, l, b] }),
  'tcp-request': lookupTable({
    connection: [n, f, l],
    content: [n, f, l, b],
    'inspect-delay': [n, f, l, b],
    session: [n, f, l],
  }),
  'tcp-response': lookupTable({ content: [n, l, b], 'inspect-delay': [n, l, b] }),
  timeout: lookupTable({
    check: [d, l, b],
    client: [d, f, l],
    'client-fin': [d, f, l],
    connect: [d, l, b],
    'http-keep-alive': [d, f, l, b],
    'http-request': [d, f, l, b],
    queue: [d, l, b],
    server: [d, l, b],
    'server-fin': [d, l, b],
    tarpit: [d, f, l, b],
    tunnel: [d, l, b],
  }),
});

/**
 * Keywords that HAProxy 2.6.12 rejects in a frontend or backend that lacks the capability they
 * need. It ignores the others there with a warning. In a defaults section it rejects every
 * keyword it does not accept there.
 */
export const FATAL_WHEN_MISPLACED = new Set([
  'declare',
  'default-server',
  'option httpslog',
  'retry-on',
  'server',
  'server-template',
  'tcp-request connection',
  'tcp-request session',
  'tcp-response',
  'use-fcgi-app',
  // Only a backend has servers, so a frontend's rule names a server HAProxy never finds.
  'use-server',
]);

/**
 * Options of HAProxy 2.6 and the sections they take effect in, from the keyword matrix of the
 * configuration manual (section 4.1). `negatable` options accept `no option NAME`.
 */
export const OPTIONS: Record<string, { placements: readonly Placement[]; negatable: boolean }> = lookupTable({
  abortonclose: { placements: [d, l, b], negatable: true },
  'accept-invalid-http-request': { placements: [d, f, l], negatable: true },
  'accept-invalid-http-response': { placements: [d, l, b], negatable: true },
  allbackups: { placements: [d, l, b], negatable: true },
  checkcache: { placements: [d, l, b], negatable: true },
  clitcpka: { placements: [d, f, l], negatable: true },
  contstats: { placements: [d, f, l], negatable: true },
  'disable-h2-upgrade': { placements: [d, f, l], negatable: true },
  'dontlog-normal': { placements: [d, f, l], negatable: true },
  dontlognull: { placements: [d, f, l], negatable: true },
  'external-check': { placements: [d, l, b], negatable: false },
  forwardfor: { placements: [d, f, l, b], negatable: false },
  'h1-case-adjust-bogus-client': { placements: [d, f, l], negatable: true },
  'h1-case-adjust-bogus-server': { placements: [d, l, b], negatable: true },
  'http-buffer-request': { placements: [d, f, l, b], negatable: true },
  'http-ignore-probes': { placements: [d, f, l], negatable: true },
  'http-keep-alive': { placements: [d, f, l, b], negatable: true },
  'http-no-delay': { placements: [d, f, l, b], negatable: true },
  'http-pretend-keepalive': { placements: [d, l, b], negatable: true },
  'http-restrict-req-hdr-names': { placements: [d, f, l, b], negatable: false },
  'http-server-close': { placements: [d, f, l, b], negatable: true },
  'http-use-proxy-header': { placements: [d, f, l], negatable: true },
  httpchk: { placements: [d, l, b], negatable: false },
  httpclose: { placements: [d, f, l, b], negatable: true },
  httplog: { placements: [d, f, l], negatable: false },
  httpslog: { placements: [d, f, l], negatable: false },
  'idle-close-on-response': { placements: [d, f, l], negatable: true },
  'independent-streams': { placements: [d, f, l, b], negatable: true },
  'ldap-check': { placements: [d, l, b], negatable: false },
  'log-health-checks': { placements: [d, l, b], negatable: true },
  'log-separate-errors': { placements: [d, f, l], negatable: true },
  logasap: { placements: [d, f, l], negatable: true },
  'mysql-check': { placements: [d, l, b], negatable: false },
  nolinger: { placements: [d, f, l, b], negatable: true },
  originalto: { placements: [d, f, l, b], negatable: false },
  persist: { placements: [d, l, b], negatable: true },
  'pgsql-check': { placements: [d, l, b], negatable: false },
  'prefer-last-server': { placements: [d, l, b], negatable: true },
  redispatch: { placements: [d, l, b], negatable: true },
  'redis-check': { placements: [d, l, b], negatable: false },
  smtpchk: { placements: [d, l, b], negatable: false },
  'socket-stats': { placements: [d, f, l], negatable: true },
  'splice-auto': { placements: [d, f, l, b], negatable: true },
  'splice-request': { placements: [d, f, l, b], negatable: true },
  'splice-response': { placements: [d, f, l, b], negatable: true },
  'spop-check': { placements: [d, l, b], negatable: false },
  srvtcpka: { placements: [d, l, b], negatable: true },
  'ssl-hello-chk': { placements: [d, l, b], negatable: false },
  'tcp-check': { placements: [d, l, b], negatable: false },
  'tcp-smart-accept': { placements: [d, f, l], negatable: true },
  'tcp-smart-connect': { placements: [d, l, b], negatable: true },
  tcpka: { placements: [d, f, l, b], negatable: false },
  // The manual's matrix lists a backend too, but HAProxy 2.6.12 ignores it there with a warning.
  tcplog: { placements: [d, f, l], negatable: false },
  transparent: { placements: [d, l, b], negatable: true },
});

/**
 * Proxy keywords that the global section accepts too, with another meaning. HAProxy 2.6 rejects
 * every other proxy keyword there.
 */
export const GLOBAL_PROXY_KEYWORDS = new Set(['description', 'external-check', 'log', 'log-tag', 'maxconn', 'stats']);

/** `stats` settings that the global section of HAProxy 2.6 accepts. */
export const GLOBAL_STATS_KEYWORDS = new Set(['bind-process', 'maxconn', 'socket', 'timeout']);

/** Section keywords; a line starting with one opens a new section. */
export const SECTION_KEYWORDS = new Set([
  'global',
  'defaults',
  'frontend',
  'backend',
  'listen',
  'userlist',
  'peers',
  'resolvers',
  'mailers',
  'program',
  'http-errors',
  'ring',
  'cache',
  'fcgi-app',
  'log-forward',
]);

/** Server options that take one value. SERVER_FLAG_OPTIONS lists the ones that take none. */
export const SERVER_VALUE_OPTIONS = new Set([
  'addr',
  'agent-addr',
  'agent-inter',
  'agent-port',
  'agent-send',
  'alpn',
  'ca-file',
  'check-alpn',
  'check-proto',
  'check-sni',
  'ciphers',
  'ciphersuites',
  'client-sigalgs',
  'cookie',
  'crl-file',
  'crt',
  'curves',
  'downinter',
  'error-limit',
  'fall',
  'fastinter',
  'hash-key',
  'id',
  'init-addr',
  'inter',
  'interface',
  'log-proto',
  'max-reuse',
  'maxconn',
  'maxqueue',
  'minconn',
  'namespace',
  'npn',
  'observe',
  'on-error',
  'on-marked-down',
  'on-marked-up',
  'pool-low-conn',
  'pool-max-conn',
  'pool-purge-delay',
  'port',
  'proto',
  'proxy-v2-options',
  'redir',
  'resolve-net',
  'resolve-opts',
  'resolve-prefer',
  'resolvers',
  'rise',
  'set-proxy-v2-tlv-fmt',
  'shard',
  'sigalgs',
  'slowstart',
  'sni',
  'socks4',
  'source',
  'ssl-max-ver',
  'ssl-min-ver',
  'tcp-ut',
  'track',
  'usesrc',
  'verify',
  'verifyhost',
  'weight',
  'ws',
]);

/**
 * Server options that take no value, as `haproxy -dKall` of HAProxy 2.6.12 lists them.
 * Together with SERVER_VALUE_OPTIONS these are every option a `server` line accepts.
 */
export const SERVER_FLAG_OPTIONS = new Set([
  'agent-check',
  'allow-0rtt',
  'backup',
  'check',
  'check-send-proxy',
  'check-ssl',
  'check-via-socks4',
  'disabled',
  'enabled',
  'force-sslv3',
  'force-tlsv10',
  'force-tlsv11',
  'force-tlsv12',
  'force-tlsv13',
  'no-agent-check',
  'no-backup',
  'no-check',
  'no-check-send-proxy',
  'no-check-ssl',
  'no-send-proxy',
  'no-send-proxy-v2',
  'no-send-proxy-v2-ssl',
  'no-send-proxy-v2-ssl-cn',
  'no-ssl',
  'no-ssl-reuse',
  'no-sslv3',
  'no-tfo',
  'no-tls-tickets',
  'no-tlsv10',
  'no-tlsv11',
  'no-tlsv12',
  'no-tlsv13',
  'non-stick',
  'send-proxy',
  'send-proxy-v2',
  'send-proxy-v2-ssl',
  'send-proxy-v2-ssl-cn',
  'ssl',
  'ssl-reuse',
  'stick',
  'tfo',
  'tls-tickets',
]);

/** Balance algorithms of HAProxy 2.6, as `balance` takes them (before any parenthesis). */
export const BALANCE_ALGORITHMS = new Set([
  'roundrobin',
  'static-rr',
  'leastconn',
  'first',
  'source',
  'uri',
  'url_param',
  'hdr',
  'random',
  'rdp-cookie',
  'hash',
]);

/** Health-check options and the check type each selects. */
export const CHECK_OPTIONS: Record<string, 'tcp' | 'http' | 'ssl' | 'mysql' | 'pgsql' | 'redis' | 'smtp' | 'ldap'> = lookupTable({
  httpchk: 'http',
  'tcp-check': 'tcp',
  'ssl-hello-chk': 'ssl',
  'mysql-check': 'mysql',
  'pgsql-check': 'pgsql',
  'redis-check': 'redis',
  smtpchk: 'smtp',
  'ldap-check': 'ldap',
});

/** ACLs HAProxy predefines (configuration manual section 7.4). */
export const PREDEFINED_ACLS = new Set([
  'FALSE',
  'HTTP',
  'HTTP_1.0',
  'HTTP_1.1',
  'HTTP_2.0',
  'HTTP_CONTENT',
  'HTTP_URL_ABS',
  'HTTP_URL_SLASH',
  'HTTP_URL_STAR',
  'LOCALHOST',
  'METH_CONNECT',
  'METH_DELETE',
  'METH_GET',
  'METH_HEAD',
  'METH_OPTIONS',
  'METH_POST',
  'METH_PUT',
  'METH_TRACE',
  'RDP_COOKIE',
  'REQ_CONTENT',
  'TRUE',
  'WAIT_END',
]);

/** Timeout names the schema models, mapped to its field names. */
export const MODELLED_TIMEOUTS: Record<string, 'client' | 'connect' | 'server' | 'check' | 'httpRequest' | 'queue' | 'tunnel'> = lookupTable({
  client: 'client',
  connect: 'connect',
  server: 'server',
  check: 'check',
  'http-request': 'httpRequest',
  queue: 'queue',
  tunnel: 'tunnel',
});

/** Timeouts HAProxy 2.6 accepts but the schema does not model. */
export const OTHER_TIMEOUTS = new Set(['http-keep-alive', 'client-fin', 'server-fin', 'tarpit', 'client-hs']);
