/**
 * Offline comparison of two files of one domain (firewall, DNS zone, routing, load balancer,
 * sshd), read through the format registry. `driftgate diff` prints what this returns.
 */
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';

import { indexZones, recordIdentity } from '../dns/zone-index.js';
import { displayName } from '../dns/names.js';
import { compareFirewallSides } from '../firewall/drift.js';
import { formatFor } from '../formats/index.js';
import { effectiveLoadBalancer, type EffectiveLoadBalancer } from '../loadbalancer/effective.js';
import { validateDocument } from '../load/schemas.js';
import type { LoadedDocument } from '../model.js';
import type { DNSZones } from '../types/dns.js';
import type { LoadBalancer } from '../types/loadbalancer.js';
import { ActionableError } from '../errors.js';
import type { Routing } from '../types/routing.js';
import { formatPrefix, parsePrefix } from '../util/ip.js';
import { describeRoute, desiredRoute, routeDiffers, routeKey, type RouteView } from './compare/routes.js';
import { normalizeSshdKeyword, parseSshdT } from './normalize/sshd.js';

/** Raised for input `diff` cannot read: an unknown format, a parse error, two domains. */
export class DiffInputError extends ActionableError {}

/** One difference between the two files. */
export interface OfflineDifference {
  /** The object that differs: a chain, a record owner and type, an sshd keyword, a data path. */
  object: string;
  expected: string;
  actual: string;
}

/** Result of comparing two files. */
export interface OfflineDiff {
  domain: string;
  desiredFormat: string;
  liveFormat: string;
  differences: OfflineDifference[];
  /**
   * Warnings from reading either file, as `FILE:LINE:COLUMN message`: constructs driftgate does
   * not understand, which the comparison assumes never match, so a difference or an
   * equivalence near them may not hold.
   */
  warnings: string[];
}

/** A file read for comparison. */
interface ReadFile {
  file: string;
  text: string;
  format: string;
  domain: string;
  documents: LoadedDocument[];
  warnings: string[];
}

/** Reads both files and compares them in their shared domain. */
export function diffFiles(desiredPath: string, livePath: string, cwd: string, options: { origin?: string } = {}): OfflineDiff {
  const desired = readSide(desiredPath, cwd, options.origin);
  const live = readSide(livePath, cwd, options.origin);
  if (desired.domain !== live.domain) {
    throw new DiffInputError(
      `${desired.file} is ${desired.domain} configuration (${desired.format}) but ${live.file} is ${live.domain} (${live.format}); compare two files of one domain.`,
    );
  }
  const differences = compareDomain(desired, live);
  return { domain: desired.domain, desiredFormat: desired.format, liveFormat: live.format, differences, warnings: [...desired.warnings, ...live.warnings] };
}

function compareDomain(desired: ReadFile, live: ReadFile): OfflineDifference[] {
  switch (desired.domain) {
    case 'firewall':
      return compareFirewallFiles(desired, live);
    case 'dns':
      return compareZones(desired, live);
    case 'sshd':
      return compareSshd(desired, live);
    case 'routing':
      return compareRouting(desired, live);
    case 'loadbalancer':
      return compareLoadBalancers(desired, live);
    default:
      return compareValues(desired.documents.map((document) => document.data), live.documents.map((document) => document.data));
  }
}

function readSide(path: string, cwd: string, origin: string | undefined): ReadFile {
  const absolutePath = resolve(cwd, path);
  const file = relative(cwd, absolutePath).split('\\').join('/') || path;
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new DiffInputError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}; check the path.`);
  }
  if (isSshdConfig(absolutePath, text)) return { file, text, format: 'sshd', domain: 'sshd', documents: [], warnings: [] };
  const format = formatFor(absolutePath, text.slice(0, 8192));
  if (!format) {
    throw new DiffInputError(
      `${file}: format not recognised; give iptables-save, nft -j JSON, nft text, a zone file, netplan, ip -j route, haproxy.cfg, sshd_config, sshd -T output or canonical YAML/JSON.`,
    );
  }
  const output = format.parse(text, { file, absolutePath, explicit: true, ...(origin === undefined ? {} : { origin }) });
  const errors = output.findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0) {
    const lines = errors.slice(0, 5).map((finding) => `  ${finding.file}:${finding.line}:${finding.column} ${finding.message}`);
    throw new DiffInputError(`${file} has ${errors.length} error(s) in ${format.name} format:\n${lines.join('\n')}\nFix the file, then compare again.`);
  }
  // Documents that native parsers build are valid by construction. Canonical ones are checked
  // as validate checks them, so that a misspelt key does not turn into a difference.
  const problems = format.schemaValid
    ? []
    : output.documents.flatMap((document) =>
        validateDocument(document.kind, document.data).map((problem) => ({ ...document.locator.locate(problem.path, problem.target), message: problem.message })),
      );
  if (problems.length > 0) {
    const lines = problems.slice(0, 5).map((problem) => `  ${file}:${problem.line}:${problem.column} ${problem.message}`);
    throw new DiffInputError(`${file} has ${problems.length} schema error(s):\n${lines.join('\n')}\nFix the file, then compare again.`);
  }
  const kinds = new Set(output.documents.map((document) => document.kind));
  if (kinds.size !== 1) {
    const found = kinds.size === 0 ? 'no configuration documents' : `documents of several kinds (${[...kinds].join(', ')})`;
    throw new DiffInputError(`${file} contains ${found}; diff compares one domain per file.`);
  }
  const warnings = output.findings
    .filter((finding) => finding.severity === 'warning')
    .map((finding) => `${finding.file}:${finding.line}:${finding.column} ${finding.message}`);
  return { file, text, format: format.name, domain: [...kinds][0]!, documents: output.documents, warnings };
}

/**
 * Recognises sshd_config and `sshd -T` output: a file named like sshd_config, or text whose
 * first setting lines start with keywords only sshd uses.
 */
function isSshdConfig(path: string, text: string): boolean {
  if (/(^|[/\\])sshd(_config|-T)[^/\\]*$|\.sshd$/i.test(path)) return true;
  const settings = text.split('\n').filter((line) => /^\s*[A-Za-z]/.test(line)).slice(0, 20);
  if (settings.length === 0) return false;
  const sshdKeyword = /^\s*(port|addressfamily|listenaddress|permitrootlogin|passwordauthentication|pubkeyauthentication|usepam|hostkey|x11forwarding|kbdinteractiveauthentication|challengeresponseauthentication|subsystem|acceptenv|printmotd)\s/i;
  return settings.filter((line) => sshdKeyword.test(line)).length >= Math.min(3, settings.length);
}

function compareFirewallFiles(desired: ReadFile, live: ReadFile): OfflineDifference[] {
  const side = (label: string, read: ReadFile) => ({ label, documents: read.documents, texts: new Map([[read.file, read.text]]) });
  return compareFirewallSides(side('desired', desired), side('live', live)).map((difference) => ({
    object: `ipv${difference.family} ${difference.chain}: ${difference.flow}`,
    expected: difference.expected,
    actual: difference.actual,
  }));
}

/**
 * Compares zones by canonical owner, type and RDATA, so letter case, TTL spellings, relative
 * names and Unicode against ACE (punycode) labels do not differ. TTLs are compared separately.
 */
function compareZones(desired: ReadFile, live: ReadFile): OfflineDifference[] {
  const index = (read: ReadFile) => {
    const records = new Map<string, { ttl?: number; owner: string }>();
    for (const document of read.documents) {
      for (const zone of indexZones(document.data as DNSZones)) {
        for (const record of zone.records) {
          const owner = record.owner ? displayName(record.owner) : String(record.record.name);
          records.set(recordIdentity(record), { ...(record.ttl !== undefined ? { ttl: record.ttl } : {}), owner });
        }
      }
    }
    return records;
  };
  const want = index(desired);
  const have = index(live);
  const differences: OfflineDifference[] = [];
  for (const [identity, record] of want) {
    const found = have.get(identity);
    if (!found) differences.push({ object: identity, expected: 'present', actual: 'absent' });
    else if (record.ttl !== undefined && found.ttl !== undefined && record.ttl !== found.ttl) {
      differences.push({ object: identity, expected: `TTL ${record.ttl}`, actual: `TTL ${found.ttl}` });
    }
  }
  for (const identity of have.keys()) {
    if (!want.has(identity)) differences.push({ object: identity, expected: 'absent', actual: 'present' });
  }
  return differences;
}

/**
 * Compares the keywords the desired file sets with the live values. `sshd -T` prints every
 * effective setting, defaults included, so keywords absent from the desired file are not compared.
 */
function compareSshd(desired: ReadFile, live: ReadFile): OfflineDifference[] {
  const want = parseSshdT(desired.text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n'));
  const have = parseSshdT(live.text.split('\n').filter((line) => !/^\s*#/.test(line)).join('\n'), new Set(want.keys()));
  const differences: OfflineDifference[] = [];
  for (const [keyword, values] of want) {
    const found = have.get(keyword);
    // Keywords sshd -T prints once per value (listenaddress, hostkey) compare as sets.
    const sameValues = found !== undefined && sameMultiset(values, found);
    if (!sameValues) {
      differences.push({ object: normalizeSshdKeyword(keyword), expected: values.join(' | '), actual: found?.join(' | ') ?? 'not set' });
    }
  }
  return differences;
}

/**
 * Compares routes by table, type and destination, then gateways, device and metric. Routes the
 * kernel adds for an interface address (no gateway, destination = the address's prefix) and
 * local-table routes are left out, because netplan and canonical documents do not list them.
 */
function compareRouting(desired: ReadFile, live: ReadFile): OfflineDifference[] {
  const documents = [...desired.documents, ...live.documents].map((document) => document.data as Routing);
  const connected = new Set<string>();
  for (const data of documents) {
    for (const face of data.interfaces ?? []) {
      for (const address of face.addresses ?? []) {
        const prefix = parsePrefix(address);
        if (prefix) connected.add(formatPrefix(prefix));
      }
    }
  }
  const routes = (read: ReadFile) => {
    const views = new Map<string, RouteView>();
    for (const document of read.documents) {
      for (const route of (document.data as Routing).routes ?? []) {
        const view = desiredRoute(route);
        if (view.table === 'local' || view.type === 'local' || view.type === 'broadcast') continue;
        if (view.gateways.length === 0 && view.type === 'unicast' && connected.has(view.destination)) continue;
        views.set(routeKey(view), view);
      }
    }
    return views;
  };
  const want = routes(desired);
  const have = routes(live);
  // The kernel adds a route to fe80::/64 on every interface with IPv6, so it is compared only
  // when the desired side lists it.
  for (const [key, route] of have) {
    if (route.destination === 'fe80::/64' && route.gateways.length === 0 && !want.has(key)) have.delete(key);
  }
  const differences: OfflineDifference[] = [];
  for (const [key, route] of want) {
    const found = have.get(key);
    if (!found) differences.push({ object: key, expected: describeRoute(route), actual: 'absent' });
    else if (routeDiffers(route, found)) differences.push({ object: key, expected: describeRoute(route), actual: describeRoute(found) });
  }
  for (const [key, route] of have) {
    if (!want.has(key)) differences.push({ object: key, expected: 'absent', actual: describeRoute(route) });
  }
  return differences;
}

function sameMultiset(left: string[], right: string[]): boolean {
  if (left.length !== right.length) return false;
  const sorted = (values: string[]) => [...values].sort().join('\n');
  return sorted(left) === sorted(right);
}

/**
 * Compares load balancers by the values in effect for each proxy, so a value inherited from
 * `defaults` equals the same value written in the proxy, and a value left out equals HAProxy's
 * default for it.
 */
function compareLoadBalancers(desired: ReadFile, live: ReadFile): OfflineDifference[] {
  const effective = (read: ReadFile) => read.documents.map((document) => effectiveLoadBalancer(document.data as LoadBalancer));
  const want = effective(desired);
  const have = effective(live);
  // haproxy.cfg has no name or description for the whole load balancer, so these are compared
  // only when both documents set them.
  want.forEach((document, index) => {
    const other = have[index];
    if (!other) return;
    for (const key of ['name', 'description'] as const) {
      if (document[key] === undefined || other[key] === undefined) dropKey(document, other, key);
    }
  });
  return compareValues(want, have);
}

function dropKey(left: EffectiveLoadBalancer, right: EffectiveLoadBalancer, key: 'name' | 'description'): void {
  delete left[key];
  delete right[key];
}

/**
 * Compares two values key by key, with object keys in any order.
 * NOTE: arrays of entries without distinct names compare in order.
 */
function compareValues(desired: unknown, live: unknown): OfflineDifference[] {
  const differences: OfflineDifference[] = [];
  const walk = (path: string, left: unknown, right: unknown): void => {
    if (isObject(left) && isObject(right)) {
      for (const key of new Set([...Object.keys(left), ...Object.keys(right)])) walk(`${path}.${key}`, left[key], right[key]);
      return;
    }
    if (Array.isArray(left) && Array.isArray(right)) {
      // Lists of named entries (backends, frontends, servers) pair by name, so one entry added
      // at the top does not shift every later one into a difference.
      const leftNames = namesOf(left);
      const rightNames = namesOf(right);
      if (leftNames && rightNames) {
        for (const name of new Set([...leftNames.keys(), ...rightNames.keys()])) walk(`${path}[${name}]`, leftNames.get(name), rightNames.get(name));
        return;
      }
      const length = Math.max(left.length, right.length);
      for (let index = 0; index < length; index += 1) walk(`${path}[${index}]`, left[index], right[index]);
      return;
    }
    if (JSON.stringify(left) !== JSON.stringify(right)) {
      differences.push({ object: path.replace(/^\./, ''), expected: describeValue(left), actual: describeValue(right) });
    }
  };
  walk('', desired, live);
  return differences;
}

/** Returns the entries of `list` by their `name`, or undefined unless every entry has a distinct name. */
function namesOf(list: unknown[]): Map<string, unknown> | undefined {
  const byName = new Map<string, unknown>();
  for (const entry of list) {
    if (!isObject(entry) || typeof entry.name !== 'string' || byName.has(entry.name)) return undefined;
    byName.set(entry.name, entry);
  }
  return byName;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeValue(value: unknown): string {
  return value === undefined ? 'not set' : JSON.stringify(value);
}
