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
import { MapLocator, NATIVE_CHECKS, TranslatedLocator, jsonSyntaxRange, lineRange, loadFinding, lookupTable, splitLines } from './located.js';

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

/** Route types `ip route` prints before the destination. */
const textRouteTypes = new Set(['unicast', 'blackhole', 'unreachable', 'prohibit', 'local', 'broadcast', 'multicast', 'anycast', 'throw', 'nat']);

/** Keywords of an `ip route` line that take one value, mapped to the `ip -j` key they fill. */
const textRouteKeys: Record<string, string> = lookupTable({
  via: 'gateway',
  dev: 'dev',
  metric: 'metric',
  table: 'table',
  src: 'prefsrc',
  proto: 'protocol',
  scope: 'scope',
  pref: 'pref',
  weight: 'weight',
  mtu: 'mtu',
  expires: 'expires',
  realm: 'realm',
  realms: 'realms',
});

/** Word flags of an `ip route` line, which `ip -j` lists under `flags`. */
const textRouteFlags = new Set(['onlink', 'linkdown', 'dead', 'pervasive', 'offload', 'trap', 'rt_offload', 'rt_trap']);

/**
 * Converts one `ip route` line (with its `nexthop` lines) into the entry `ip -j route` prints,
 * so that both forms go through one mapping. Returns an error message for a word it cannot read.
 */
function textRouteEntry(words: string[]): JsonObject | string {
  const entry: JsonObject = { flags: [] };
  let index = 0;
  if (textRouteTypes.has(words[0] ?? '')) {
    entry.type = words[0];
    index = 1;
  }
  entry.dst = words[index];
  let target: JsonObject = entry;
  for (index += 1; index < words.length; index += 1) {
    const word = words[index] as string;
    if (word === 'nexthop') {
      target = { flags: [] };
      ((entry.nexthops as JsonObject[] | undefined) ?? (entry.nexthops = [])).push(target);
      continue;
    }
    if (textRouteFlags.has(word)) {
      (target.flags as string[]).push(word);
      continue;
    }
    const key = textRouteKeys[word];
    const value = words[index + 1];
    if (!key || value === undefined) return `unexpected word \`${word}\``;
    target[key] = /^\d+$/.test(value) && key !== 'table' ? Number(value) : value;
    index += 1;
  }
  return entry;
}

/** Parses `ip route` or `ip -6 route` text output into one routing document. */
export function parseIprouteText(text: string, context: ParseContext): ParseOutput {
  const findings: Finding[] = [];
  const lines = splitLines(text);
  const family = fileFamily(context.file, []) ?? (lines.some((line) => /^\S*:\S*:/.test(line.trim().split(/\s+/)[0] ?? '')) ? 6 : undefined);
  const table = tableFromName(context.file);
  const locator = new MapLocator(lineRange(1, 1, 1));
  const data: Routing = { kind: 'routing' };
  let current: { words: string[]; line: number; length: number } | undefined;

  const flush = (): void => {
    if (!current) return;
    const entry = textRouteEntry(current.words);
    if (typeof entry === 'string') {
      findings.push(loadFinding(context.file, lineRange(current.line, 1, current.length + 1), `cannot read this route: ${entry}`, 'Give the unchanged output of `ip route show table all`.'));
    } else {
      const route = routeOf(entry, family, table);
      if (route) {
        locator.set(['routes', data.routes?.length ?? 0], lineRange(current.line, 1, current.length + 1));
        (data.routes ??= []).push(route);
      }
    }
    current = undefined;
  };

  lines.forEach((line, index) => {
    const words = line.trim().split(/\s+/).filter((word) => word !== '');
    if (words.length === 0) return;
    if (/^\s/.test(line) && words[0] === 'nexthop' && current) {
      current.words.push(...words);
      return;
    }
    flush();
    current = { words, line: index + 1, length: line.length };
  });
  flush();
  const document: LoadedDocument = { kind: 'routing', file: context.file, format: 'ip-route-text', index: 0, data, locator };
  return { documents: [document], findings };
}

/** `ip route` text output, recognised by a name such as `ip-route-show.txt` and route lines. */
export const iprouteTextFormat: SourceFormat = {
  name: 'ip-route-text',
  claimsName: (path) => /(^|\/)ip[-_]?(-?6[-_]?)?route[^/]*$/i.test(path) && !/\.json$/i.test(path),
  claimsContent: (head) => /^(default|blackhole|unreachable|prohibit|local|broadcast|[0-9a-f.:]+(\/\d+)?) .*\b(dev|via|proto|metric)\b|^(blackhole|unreachable|prohibit) \S+\s*$/m.test(head),
  parse: parseIprouteText,
};

/** `ip -j route` and `ip -j addr` output, recognised by its JSON keys. */
export const iprouteFormat: SourceFormat = {
  name: 'ip-json',
  claimsName: (path) => /\.json$/i.test(path),
  claimsContent: (head) => /^\s*\[\s*(\{\s*"(dst|type|ifindex|ifname)"|\])/.test(head),
  parse: parseIproute,
};
