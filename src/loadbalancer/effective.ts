/**
 * A load-balancer document as HAProxy runs it: every proxy with the values it inherits from
 * `defaults` and, where the document leaves a value out, HAProxy's own default. Two documents
 * that configure the same proxies have equal effective forms, whatever their source format
 * and wherever each value was written.
 */
import type { Backend, Bind, Frontend, HealthCheck, LoadBalancer, Server } from '../types/loadbalancer.js';
import { formatAddress, parseAddress } from '../util/ip.js';
import { portRange } from './binds.js';
import { durationToMilliseconds } from './duration.js';
import { effectiveMode, effectiveTimeout, type TimeoutName } from './timeouts.js';

/**
 * Timeouts each kind of proxy uses, from the keyword matrix of the HAProxy 2.6 configuration
 * manual: a frontend takes no server-side timeout and a backend no `timeout client`, so a value
 * that `defaults` passes to a proxy that cannot use it is left out.
 */
export const FRONTEND_TIMEOUTS: readonly TimeoutName[] = ['client', 'httpRequest'];
export const BACKEND_TIMEOUTS: readonly TimeoutName[] = ['connect', 'server', 'check', 'httpRequest', 'queue', 'tunnel'];

/**
 * Defaults of the HAProxy 2.6 configuration manual: `balance` (roundrobin when unset), and the
 * health-check server options `inter` (2000 ms), `rise` (2) and `fall` (3). Without a check
 * option, a check only opens a TCP connection. `option httpchk` without arguments sends
 * `OPTIONS /`.
 */
const DEFAULT_BALANCE = 'roundrobin';
const DEFAULT_CHECK_INTERVAL_MS = 2000;
const DEFAULT_CHECK_RISE = 2;
const DEFAULT_CHECK_FALL = 3;
const DEFAULT_HTTP_CHECK_METHOD = 'OPTIONS';
const DEFAULT_HTTP_CHECK_PATH = '/';

/** Bind addresses that HAProxy 2.6 reads as every IPv4 address: none, `*` and `0.0.0.0`. */
const IPV4_WILDCARDS = new Set(['', '*', '0.0.0.0']);

/** A frontend with the values in effect; timeouts are text such as `30000 ms`. */
export interface EffectiveFrontend {
  name: string;
  mode: string;
  binds: Bind[];
  defaultBackend?: string;
  useBackends: { backend: string; condition?: string }[];
  timeouts: Record<string, string>;
  description?: string;
}

/** A backend with the values in effect. */
export interface EffectiveBackend {
  name: string;
  mode: string;
  balance: string;
  healthCheck: Record<string, string | number>;
  servers: Server[];
  respondsItself?: true;
  timeouts: Record<string, string>;
  description?: string;
}

/** A load-balancer document with the values in effect and without its `defaults` section. */
export interface EffectiveLoadBalancer {
  kind: 'loadbalancer';
  name?: string;
  description?: string;
  frontends: EffectiveFrontend[];
  backends: EffectiveBackend[];
}

/** Returns the document with each proxy's values in effect, the `defaults` section folded in. */
export function effectiveLoadBalancer(data: LoadBalancer): EffectiveLoadBalancer {
  const result: EffectiveLoadBalancer = {
    kind: 'loadbalancer',
    frontends: (data.frontends ?? []).map((frontend, index) => effectiveFrontend(data, frontend, index)),
    backends: (data.backends ?? []).map((backend, index) => effectiveBackend(data, backend, index)),
  };
  if (data.name !== undefined) result.name = data.name;
  if (data.description !== undefined) result.description = data.description;
  return result;
}

function effectiveFrontend(data: LoadBalancer, frontend: Frontend, index: number): EffectiveFrontend {
  const result: EffectiveFrontend = {
    name: frontend.name,
    mode: effectiveMode(data, frontend.mode),
    // The order of binds does not change which connections a frontend accepts.
    binds: frontend.binds.map(effectiveBind).sort((left, right) => JSON.stringify(left).localeCompare(JSON.stringify(right))),
    useBackends: (frontend.useBackends ?? []).map((rule) =>
      rule.condition === undefined ? { backend: rule.backend } : { backend: rule.backend, condition: rule.condition.replace(/\s+/g, ' ').trim() },
    ),
    timeouts: effectiveTimeouts(data, frontend.timeouts, ['frontends', index], FRONTEND_TIMEOUTS),
  };
  if (frontend.defaultBackend !== undefined) result.defaultBackend = frontend.defaultBackend;
  if (frontend.description !== undefined) result.description = frontend.description;
  return result;
}

function effectiveBackend(data: LoadBalancer, backend: Backend, index: number): EffectiveBackend {
  const result: EffectiveBackend = {
    name: backend.name,
    mode: effectiveMode(data, backend.mode),
    balance: backend.balance ?? data.defaults?.balance ?? DEFAULT_BALANCE,
    healthCheck: effectiveHealthCheck(backend.healthCheck),
    servers: (backend.servers ?? []).map(effectiveServer),
    timeouts: effectiveTimeouts(data, backend.timeouts, ['backends', index], BACKEND_TIMEOUTS),
  };
  if (backend.respondsItself) result.respondsItself = true;
  if (backend.description !== undefined) result.description = backend.description;
  return result;
}

function effectiveTimeouts(data: LoadBalancer, own: Frontend['timeouts'], path: (string | number)[], names: readonly TimeoutName[]): Record<string, string> {
  const timeouts: Record<string, string> = {};
  for (const name of names) {
    const effective = effectiveTimeout(data, own, path, name);
    if (effective?.milliseconds !== undefined) timeouts[name] = `${effective.milliseconds} ms`;
  }
  return timeouts;
}

function effectiveBind(bind: Bind): Bind {
  const result: Bind = { port: effectivePort(bind.port) };
  const address = (bind.address ?? '').trim();
  if (!IPV4_WILDCARDS.has(address)) result.address = canonicalAddress(address);
  if (bind.ssl) result.ssl = true;
  if (bind.interface !== undefined) result.interface = bind.interface;
  return result;
}

function effectiveServer(server: Server): Server {
  const result: Server = { name: server.name, address: canonicalAddress(server.address), weight: server.weight ?? 1 };
  if (server.port !== undefined) result.port = effectivePort(server.port);
  if (server.check) result.check = true;
  if (server.backup) result.backup = true;
  if (server.disabled) result.disabled = true;
  return result;
}

function effectiveHealthCheck(check: HealthCheck | undefined): Record<string, string | number> {
  const type = check?.type ?? 'tcp';
  const interval = check?.interval === undefined ? DEFAULT_CHECK_INTERVAL_MS : durationToMilliseconds(check.interval);
  const result: Record<string, string | number> = {
    type,
    interval: interval === undefined ? String(check?.interval) : `${interval} ms`,
    rise: check?.rise ?? DEFAULT_CHECK_RISE,
    fall: check?.fall ?? DEFAULT_CHECK_FALL,
  };
  if (type === 'http') {
    result.method = check?.method ?? DEFAULT_HTTP_CHECK_METHOD;
    result.path = check?.path ?? DEFAULT_HTTP_CHECK_PATH;
  }
  if (check?.expect !== undefined) result.expect = check.expect.replace(/\s+/g, ' ').trim();
  return result;
}

/** Writes a port range of one port as that number, so `443`, `"443"` and `"443-443"` are equal. */
function effectivePort(port: Bind['port']): Bind['port'] {
  const range = portRange(port);
  if (!range) return port;
  return range[0] === range[1] ? range[0] : `${range[0]}-${range[1]}`;
}

/** Writes an IP address in its canonical form. Host names stay as written. */
function canonicalAddress(text: string): string {
  const parsed = parseAddress(text);
  return parsed ? formatAddress(parsed.version, parsed.value) : text;
}
