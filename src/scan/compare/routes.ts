/**
 * Comparison of live routes and interface addresses (`ip -j route`, `ip -j addr`, iproute2
 * JSON output) with the host's canonical routing documents.
 *
 * NOTE: only canonical YAML/JSON routing documents are read here; native route dumps join when
 * the native-format parsers merge. Policy rules (`ip rule`) are not collected.
 */
import { parseJson, parseYaml } from '../../load/source.js';
import { validateDocument } from '../../load/schemas.js';
import type { Routing, Route } from '../../types/routing.js';
import { formatAddress, formatPrefix, parseAddress, parsePrefix } from '../../util/ip.js';
import { sectionProblem } from '../collect.js';
import { collectorFix } from './collector-fix.js';
import type { CollectionOutput } from '../collect.js';
import type { DriftFinding } from '../findings.js';
import type { ResolvedHost } from '../inventory.js';
import { derivedFromRepo } from './host.js';
import type { RepoReader } from './host.js';

/** A route reduced to what is compared. */
export interface RouteView {
  table: string;
  destination: string;
  type: string;
  gateways: string[];
  dev?: string;
  metric?: number;
}

/** One entry of `ip -j route` output; iproute2 omits keys that have their default value. */
interface IpRouteJson {
  dst: string;
  type?: string;
  table?: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  metric?: number;
  nexthops?: { gateway?: string; dev?: string }[];
}

/** One interface of `ip -j addr` output. */
interface IpAddrJson {
  ifname: string;
  addr_info?: { family: string; local: string; prefixlen: number; scope?: string }[];
}

/** Returns a destination in one spelling: `default`, or a prefix with host bits cleared. */
export function normalizeDestination(text: string): string {
  if (text === 'default') return 'default';
  const prefix = parsePrefix(text);
  return prefix ? formatPrefix(prefix) : text;
}

function normalizeAddress(text: string): string {
  const address = parseAddress(text);
  return address ? formatAddress(address.version, address.value) : text;
}

/** Returns the identity of a route: table, type and destination. */
export function routeKey(route: RouteView): string {
  return `${route.table} ${route.type} ${route.destination}`;
}

/** Returns the live routes that configuration puts there: kernel-made and local-table routes are left out. */
export function liveRoutes(json: string): RouteView[] {
  const entries = JSON.parse(json === '' ? '[]' : json) as IpRouteJson[];
  return entries
    .filter((entry) => entry.protocol !== 'kernel' && entry.table !== 'local')
    .filter((entry) => ['unicast', 'blackhole', 'unreachable', 'prohibit', undefined].includes(entry.type))
    .map((entry) => {
      let gateways: string[] = entry.gateway ? [entry.gateway] : [];
      if (entry.nexthops) gateways = entry.nexthops.map((hop) => hop.gateway ?? '');
      const view: RouteView = {
        table: String(entry.table ?? 'main'),
        destination: normalizeDestination(entry.dst),
        type: entry.type ?? 'unicast',
        gateways: gateways.filter((gateway) => gateway !== '').map(normalizeAddress).sort(),
      };
      if (entry.dev) view.dev = entry.dev;
      if (entry.metric !== undefined) view.metric = entry.metric;
      return view;
    });
}

/** Reduces a canonical route to what is compared. */
export function desiredRoute(route: Route): RouteView {
  const hops = route.nexthops ?? (route.via ? [{ via: route.via }] : []);
  const view: RouteView = {
    table: String(route.table ?? 'main'),
    destination: normalizeDestination(route.destination),
    type: route.type ?? 'unicast',
    gateways: hops.map((hop) => hop.via ?? '').filter((via) => via !== '').map(normalizeAddress).sort(),
  };
  if (route.dev) view.dev = route.dev;
  if (route.metric !== undefined) view.metric = route.metric;
  return view;
}

/**
 * Returns true when a live route with the key of a desired one differs from it: in its
 * gateways, or in its device or metric where the desired route names one. A route that names no
 * metric takes the kernel's default (0 for IPv4, 1024 for IPv6), and one without a device
 * takes the device of its gateway, so those are not compared.
 */
export function routeDiffers(want: RouteView, have: RouteView): boolean {
  return (
    want.gateways.join(',') !== have.gateways.join(',') ||
    (want.dev !== undefined && want.dev !== have.dev) ||
    (want.metric !== undefined && want.metric !== have.metric)
  );
}

/** Describes a route for findings: `via 192.0.2.1 dev eth0 metric 100`, or `present`. */
export function describeRoute(route: RouteView): string {
  const parts = [route.type === 'unicast' ? '' : route.type, route.gateways.length > 0 ? `via ${route.gateways.join(',')}` : '', route.dev ? `dev ${route.dev}` : '', route.metric !== undefined ? `metric ${route.metric}` : ''];
  return parts.filter((part) => part !== '').join(' ') || 'present';
}

/** Reads and validates the host's routing documents; problems come back as findings. */
function loadRouting(host: ResolvedHost, readRepo: RepoReader, findings: DriftFinding[]): Routing[] {
  const documents: Routing[] = [];
  for (const path of host.routing) {
    const loaded = derivedFromRepo(readRepo, `routing ${path}`, () => parseRouting(path, readRepo));
    if (typeof loaded === 'string') {
      findings.push({ host: host.name, kind: 'desired-state-error', object: path, expected: 'a valid routing document', actual: loaded, severity: 'error', fix: `Fix ${path} in the repository.` });
      continue;
    }
    documents.push(loaded);
  }
  return documents;
}

/** Returns the parsed and schema-valid routing document at `path`, or why it cannot be used. */
function parseRouting(path: string, readRepo: RepoReader): Routing | string {
  const content = readRepo(path);
  if (!content) return 'not found in the repository';
  const parse = path.endsWith('.json') ? parseJson : parseYaml;
  const parsed = parse(content.toString('utf8'));
  const data = parsed.documents[0]?.data as Routing | undefined;
  if (!data || parsed.problems.length > 0 || validateDocument('routing', data).length > 0) return 'invalid: run driftgate validate on it';
  return data;
}

/** Compares live routes and interface addresses with the host's routing documents. */
export function compareRoutes(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader): DriftFinding[] {
  if (host.routing.length === 0) return [];
  const findings: DriftFinding[] = [];
  const report = (kind: string, object: string, expected: string, actual: string, fix: string) =>
    findings.push({ host: host.name, kind, object, expected, actual, severity: 'error', fix });
  const documents = loadRouting(host, readRepo, findings);

  const sections = ['route4', 'route6', 'addr'].map((name) => collected.fixed.get(name));
  const failed = sections.find((section) => sectionProblem(section) !== undefined);
  const problem = sections.map(sectionProblem).find((candidate) => candidate !== undefined);
  if (problem !== undefined) {
    const fix = collectorFix(host, 'ip', failed?.stderr ?? '', 'Install an iproute2 whose ip command supports JSON output (-j) on the host.');
    report('collector-error', 'ip -j route/addr', 'routes and addresses', problem, fix);
    return findings;
  }
  let live: RouteView[];
  let interfaces: IpAddrJson[];
  try {
    live = [...liveRoutes(sections[0]!.output.toString('utf8')), ...liveRoutes(sections[1]!.output.toString('utf8'))];
    interfaces = JSON.parse(sections[2]!.output.toString('utf8') || '[]') as IpAddrJson[];
  } catch (error) {
    report('collector-error', 'ip -j route/addr', 'JSON output', `unreadable: ${(error as Error).message}`, 'Check the iproute2 version on the host.');
    return findings;
  }

  const desired = documents.flatMap((document) => (document.routes ?? []).map(desiredRoute));
  const liveByKey = new Map(live.map((route) => [routeKey(route), route]));
  const desiredKeys = new Set(desired.map(routeKey));
  for (const want of desired) {
    const have = liveByKey.get(routeKey(want));
    const object = `${want.destination}${want.table === 'main' ? '' : ` table ${want.table}`}`;
    if (!have) {
      report('route', object, describeRoute(want), 'absent', 'Add the route, or apply the routing configuration from the repository.');
      continue;
    }
    if (routeDiffers(want, have)) report('route', object, describeRoute(want), describeRoute(have), 'Apply the routing configuration from the repository.');
  }
  for (const have of live) {
    if (desiredKeys.has(routeKey(have))) continue;
    const object = `${have.destination}${have.table === 'main' ? '' : ` table ${have.table}`}`;
    report('route', object, 'absent', describeRoute(have), 'Remove the route, or add it to the routing configuration if it is intended.');
  }
  compareAddresses(documents, interfaces, report);
  return findings;
}

function compareAddresses(documents: Routing[], interfaces: IpAddrJson[], report: (kind: string, object: string, expected: string, actual: string, fix: string) => void) {
  for (const wanted of documents.flatMap((document) => document.interfaces ?? [])) {
    if (!wanted.addresses) continue;
    const live = interfaces.find((entry) => entry.ifname === wanted.name);
    if (!live) {
      report('interface', wanted.name, wanted.addresses.join(', '), 'interface not found', `Create interface ${wanted.name} or correct its name in the repository.`);
      continue;
    }
    // Link-local IPv6 addresses are made by the kernel; compare them only when listed.
    const listsLinkLocal = wanted.addresses.some((address) => address.toLowerCase().startsWith('fe80'));
    const have = (live.addr_info ?? [])
      .filter((info) => listsLinkLocal || info.scope !== 'link')
      .map((info) => `${normalizeAddress(info.local)}/${info.prefixlen}`)
      .sort();
    const want = wanted.addresses.map((text) => {
      const [address = '', length = ''] = text.split('/');
      return `${normalizeAddress(address)}/${length}`;
    });
    want.sort();
    if (want.join(',') !== have.join(',')) {
      report('interface-addresses', wanted.name, want.join(', '), have.join(', ') || 'none', `Set the addresses of ${wanted.name} as the repository lists them.`);
    }
  }
}
