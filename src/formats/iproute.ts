/**
 * iproute2 JSON output as canonical routing documents: `ip -j route show table all`,
 * `ip -j -6 route show table all` and `ip -j addr`. Field names follow iproute2 6.1.
 */
import type { DataPath, Finding, LoadedDocument, Locator } from '../model.js';
import { parseJson } from '../load/source.js';
import type { Interface, NextHop, Route, Routing } from '../types/routing.js';
import { formatPrefix, parsePrefix } from '../util/ip.js';
import type { IpVersion } from '../util/ip.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { jsonSyntaxRange, loadFinding, lookupTable, NATIVE_CHECKS, TranslatedLocator } from './located.js';

type JsonObject = Record<string, unknown>;

/** Route types the schema models; `ip` prints no `type` for unicast routes. */
const modelledTypes = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit', 'local']);

/** Model field names of a route and the `ip -j route` keys they come from. */
const routeKeys: Record<string, string> = lookupTable({ destination: 'dst', via: 'gateway', onLink: 'flags', source: 'prefsrc' });

/** Returns a destination as a prefix with host bits cleared; `default` becomes `0.0.0.0/0` or `::/0`. */
export function normaliseDestination(text: string, family: IpVersion | undefined): string {
  if (text === 'default' || text === 'any') {
    if (family === undefined) return 'default';
    return family === 6 ? '::/0' : '0.0.0.0/0';
  }
  const prefix = parsePrefix(text);
  return prefix ? formatPrefix(prefix) : text;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function familyOf(text: unknown): IpVersion | undefined {
  if (typeof text !== 'string') return undefined;
  return parsePrefix(text)?.version;
}

/** Returns the table a file was listed from, when its name says so (`...table-100.json`). */
function tableFromName(file: string): string | number | undefined {
  const match = /table[-_ ]?([A-Za-z0-9]+)/i.exec(file.slice(file.lastIndexOf('/') + 1));
  if (!match || match[1] === 'all' || match[1] === undefined) return undefined;
  return /^\d+$/.test(match[1]) ? Number(match[1]) : match[1];
}

function fileFamily(file: string, entries: JsonObject[]): IpVersion | undefined {
  const name = file.slice(file.lastIndexOf('/') + 1);
  if (/(^|[^0-9])-?6[-_.]|inet6|ipv6/i.test(name)) return 6;
  for (const entry of entries) {
    const family = familyOf(entry.dst) ?? familyOf(entry.gateway);
    if (family) return family;
  }
  return undefined;
}

function nexthopOf(entry: JsonObject): NextHop {
  const nexthop: NextHop = {};
  if (typeof entry.gateway === 'string') nexthop.via = entry.gateway;
  if (typeof entry.dev === 'string') nexthop.dev = entry.dev;
  if (typeof entry.weight === 'number' && entry.weight >= 1) nexthop.weight = entry.weight;
  if (Array.isArray(entry.flags) && entry.flags.includes('onlink')) nexthop.onLink = true;
  return nexthop;
}

/** Maps one `ip -j route` entry; returns undefined for types the schema does not model. */
function routeOf(entry: JsonObject, family: IpVersion | undefined, defaultTable: string | number | undefined): Route | undefined {
  const type = typeof entry.type === 'string' ? entry.type : 'unicast';
  if (!modelledTypes.has(type) || typeof entry.dst !== 'string') return undefined;
  const routeFamily = familyOf(entry.dst) ?? familyOf(entry.gateway) ?? family;
  const route: Route = { destination: normaliseDestination(entry.dst, routeFamily) };
  if (type !== 'unicast') route.type = type as Route['type'];
  const nexthop = nexthopOf(entry);
  if (nexthop.via) route.via = nexthop.via;
  // IPv6 unreachable and prohibit routes name `lo` as their device; it binds nothing.
  if (nexthop.dev && !(type !== 'unicast' && type !== 'local' && nexthop.dev === 'lo')) route.dev = nexthop.dev;
  if (nexthop.onLink) route.onLink = true;
  if (typeof entry.metric === 'number') route.metric = entry.metric;
  const table = typeof entry.table === 'string' || typeof entry.table === 'number' ? entry.table : defaultTable;
  if (table !== undefined && table !== 'main' && table !== 254) route.table = typeof table === 'string' && /^\d+$/.test(table) ? Number(table) : table;
  if (typeof entry.prefsrc === 'string') route.source = entry.prefsrc;
  if (Array.isArray(entry.nexthops)) {
    route.nexthops = entry.nexthops.filter(isObject).map(nexthopOf);
  }
  return route;
}

function interfaceOf(entry: JsonObject): Interface | undefined {
  if (typeof entry.ifname !== 'string') return undefined;
  const result: Interface = { name: entry.ifname };
  const addresses: string[] = [];
  for (const info of Array.isArray(entry.addr_info) ? entry.addr_info : []) {
    if (isObject(info) && typeof info.local === 'string' && typeof info.prefixlen === 'number') {
      addresses.push(`${info.local}/${info.prefixlen}`);
    }
  }
  if (addresses.length > 0) result.addresses = addresses;
  if (typeof entry.mtu === 'number' && entry.mtu >= 68 && entry.mtu <= 65535) result.mtu = entry.mtu;
  return result;
}

/** Parses `ip -j route` or `ip -j addr` output into one routing document. */
export function parseIproute(text: string, context: ParseContext): ParseOutput {
  const parsed = parseJson(text);
  const findings: Finding[] = parsed.problems.map((problem) =>
    loadFinding(context.file, jsonSyntaxRange(text) ?? problem.range, `invalid JSON: ${problem.message}`, 'Collect the output again with `ip -j`; the file looks cut off or edited.'),
  );
  const source = parsed.documents[0];
  if (!source) return { documents: [], findings };
  if (!Array.isArray(source.data)) {
    findings.push(loadFinding(context.file, source.locator.locate([]), 'expected a JSON array, as `ip -j route` and `ip -j addr` print', 'Give the unchanged output of `ip -j route show table all` or `ip -j addr`.'));
    return { documents: [], findings };
  }
  const entries = source.data.filter(isObject);
  const family = fileFamily(context.file, entries);
  const table = tableFromName(context.file);
  const data: Routing = { kind: 'routing' };
  const sourceIndex: number[] = [];
  const skipped = new Map<string, number>();
  const isAddressList = entries.some((entry) => 'ifname' in entry || 'addr_info' in entry);

  source.data.forEach((entry, index) => {
    if (!isObject(entry)) return;
    if (isAddressList) {
      const item = interfaceOf(entry);
      if (!item) return;
      (data.interfaces ??= []).push(item);
    } else {
      const route = routeOf(entry, family, table);
      if (!route) {
        const type = typeof entry.type === 'string' ? entry.type : 'without dst';
        skipped.set(type, (skipped.get(type) ?? 0) + 1);
        return;
      }
      (data.routes ??= []).push(route);
    }
    sourceIndex.push(index);
  });

  for (const [type, count] of skipped) {
    findings.push(loadFinding(context.file, source.locator.locate([]), `${count} route(s) of type \`${type}\` are not modelled and were left out`, 'Nothing to fix: rules do not check broadcast, multicast, anycast, throw and nat routes.', NATIVE_CHECKS.notUnderstood, 'info'));
  }
  const locator: Locator = new TranslatedLocator(source.locator, (path) => translatePath(path, sourceIndex));
  const document: LoadedDocument = { kind: 'routing', file: context.file, format: isAddressList ? 'ip-addr-json' : 'ip-route-json', index: 0, data, locator };
  return { documents: [document], findings };
}

/** Translates `routes[3].via` into the source path `[5, 'gateway']`. */
function translatePath(path: DataPath, sourceIndex: readonly number[]): DataPath {
  const [list, index, field, ...rest] = path;
  if ((list !== 'routes' && list !== 'interfaces') || typeof index !== 'number') return [];
  const result: (string | number)[] = [sourceIndex[index] ?? 0];
  if (typeof field !== 'string') return result;
  if (list === 'interfaces') {
    const interfaceKeys: Record<string, string> = { name: 'ifname', addresses: 'addr_info' };
    return [...result, interfaceKeys[field] ?? field, ...rest];
  }
  if (field === 'nexthops') {
    const [hop, hopField] = rest;
    return [...result, 'nexthops', ...(hop === undefined ? [] : [hop]), ...(typeof hopField === 'string' ? [routeKeys[hopField] ?? hopField] : [])];
  }
  return [...result, routeKeys[field] ?? field];
}

/** `ip -j route` and `ip -j addr` output, recognised by its JSON keys. */
export const iprouteFormat: SourceFormat = {
  name: 'ip-json',
  claimsName: (path) => /\.json$/i.test(path),
  claimsContent: (head) => /^\s*\[\s*(\{\s*"(dst|type|ifindex|ifname)"|\])/.test(head),
  parse: parseIproute,
};
