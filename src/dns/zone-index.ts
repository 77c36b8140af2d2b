/**
 * Zones of a canonical DNS document with their records normalised once, so that every DNS rule
 * judges the same names. Owners are absolute, lower-cased and in ACE form, TTLs resolved and
 * RDATA parsed. Each record keeps its data path for findings.
 */
import type { DataPath } from '../model.js';
import type { DNSZones, ResourceRecord, Zone } from '../types/dns.js';
import { childName, isAtOrBelow, isBelow, parentName, parseName, parseOrigin } from './names.js';
import type { DomainName, NameProblem } from './names.js';
import { parseRdata, targetOf } from './rdata.js';
import type { RdataResult } from './rdata.js';
import { parseTtl } from './ttl.js';
import type { TtlResult } from './ttl.js';
import { canonicalType } from './types.js';

/** One record of a zone, normalised. */
export interface IndexedRecord {
  record: ResourceRecord;
  /** Position in the zone's `records`. */
  position: number;
  /** Data path of the record, such as `['zones', 0, 'records', 3]`. */
  path: DataPath;
  /** The owner, or undefined when the name does not parse (see `ownerProblem`). */
  owner?: DomainName;
  ownerProblem?: NameProblem;
  /** Canonical type mnemonic (`TYPE1` becomes `A`), or the upper-cased text when unknown. */
  type: string;
  class: string;
  /** TTL in seconds: the record's own, else the zone default; undefined when neither parses. */
  ttl?: number;
  /** Outcome of parsing the record's own `ttl`, when it sets one. */
  ttlResult?: TtlResult;
  rdata: RdataResult;
  /** True when the owner is the origin or below it. */
  inZone: boolean;
}

/** One zone, its records normalised, with lookups by name. */
export interface ZoneIndex {
  zone: Zone;
  /** Data path of the zone, such as `['zones', 0]`. */
  path: DataPath;
  /** The origin, or undefined when it does not parse (see `originProblem`). */
  origin?: DomainName;
  originProblem?: NameProblem;
  /** Outcome of parsing the zone's default `ttl`, when it sets one. */
  defaultTtl?: TtlResult;
  records: IndexedRecord[];
  /** Records with a parsed owner, by canonical owner text. */
  byOwner: Map<string, IndexedRecord[]>;
  /** Canonical texts of every owner and of every name between an owner and the origin. */
  existingNames: Set<string>;
  /** Delegation points: owners below the apex that have NS records, by canonical text. */
  delegations: Map<string, DomainName>;
}

const cache = new WeakMap<DNSZones, ZoneIndex[]>();

/** Returns the index of every zone in a document; rules of one run share it through a cache. */
export function indexZones(data: DNSZones): ZoneIndex[] {
  let zones = cache.get(data);
  if (!zones) {
    zones = data.zones.map((zone, position) => indexZone(zone, ['zones', position]));
    cache.set(data, zones);
  }
  return zones;
}

/** Normalises one zone whose data sits at `path`. */
export function indexZone(zone: Zone, path: DataPath): ZoneIndex {
  const originResult = parseOrigin(zone.origin);
  const origin = originResult.ok ? originResult.name : undefined;
  const defaultTtl = zone.ttl === undefined ? undefined : parseTtl(zone.ttl);
  const index: ZoneIndex = {
    zone,
    path,
    origin,
    originProblem: originResult.ok ? undefined : originResult.problem,
    defaultTtl,
    records: [],
    byOwner: new Map(),
    existingNames: new Set(),
    delegations: new Map(),
  };
  zone.records.forEach((record, position) => {
    const indexed = indexRecord(record, position, [...path, 'records', position], origin, defaultTtl);
    index.records.push(indexed);
    if (!indexed.owner) return;
    const list = index.byOwner.get(indexed.owner.text) ?? [];
    list.push(indexed);
    index.byOwner.set(indexed.owner.text, list);
  });
  if (origin) {
    for (const record of index.records) {
      if (!record.owner || !record.inZone) continue;
      for (let name: DomainName | undefined = record.owner; name && isAtOrBelow(name, origin); name = parentName(name)) {
        index.existingNames.add(name.text);
      }
      if (record.type === 'NS' && isBelow(record.owner, origin)) index.delegations.set(record.owner.text, record.owner);
    }
  }
  return index;
}

function indexRecord(record: ResourceRecord, position: number, path: DataPath, origin: DomainName | undefined, defaultTtl: TtlResult | undefined): IndexedRecord {
  const ownerResult = parseName(String(record.name), origin);
  const owner = ownerResult.ok ? ownerResult.name : undefined;
  const ttlResult = record.ttl === undefined ? undefined : parseTtl(record.ttl);
  const effectiveTtl = ttlResult ?? defaultTtl;
  return {
    record,
    position,
    path,
    owner,
    ownerProblem: ownerResult.ok ? undefined : ownerResult.problem,
    type: canonicalType(record.type) ?? record.type.toUpperCase(),
    class: record.class ?? 'IN',
    ttl: effectiveTtl?.ok ? effectiveTtl.seconds : undefined,
    ttlResult,
    rdata: parseRdata(record.type, record.value, { origin }),
    inZone: owner !== undefined && origin !== undefined && isAtOrBelow(owner, origin),
  };
}

/** Returns the records at `name`, optionally of one type only. */
export function recordsAt(zone: ZoneIndex, name: DomainName, type?: string): IndexedRecord[] {
  const list = zone.byOwner.get(name.text) ?? [];
  return type === undefined ? list : list.filter((record) => record.type === type);
}

/** Returns true when `name` is the zone's origin or lies below it. */
export function isInZone(zone: ZoneIndex, name: DomainName): boolean {
  return zone.origin !== undefined && isAtOrBelow(name, zone.origin);
}

/**
 * Returns the delegation point at or above `name` (below the apex), if any. Data at or below
 * a delegation point, other than the NS and DS of the cut and glue, is not authoritative here.
 */
export function delegationAbove(zone: ZoneIndex, name: DomainName): DomainName | undefined {
  for (let current: DomainName | undefined = name; current && zone.origin && isBelow(current, zone.origin); current = parentName(current)) {
    const delegation = zone.delegations.get(current.text);
    if (delegation) return delegation;
  }
  return undefined;
}

/**
 * Returns the records of `type` that a query for `name` gets from this zone. These are the
 * records at the name or, when the name does not exist, those of the wildcard at its closest
 * encloser (RFC 4592 §3.3.1).
 */
export function answersFor(zone: ZoneIndex, name: DomainName, type: string): IndexedRecord[] {
  if (zone.existingNames.has(name.text)) return recordsAt(zone, name, type);
  for (let encloser = parentName(name); encloser && isInZone(zone, encloser); encloser = parentName(encloser)) {
    if (zone.existingNames.has(encloser.text)) {
      return recordsAt(zone, childName('*', encloser), type);
    }
  }
  return [];
}

/** Returns true when `name` exists in the zone, directly or through a wildcard. */
export function nameExists(zone: ZoneIndex, name: DomainName): boolean {
  if (zone.existingNames.has(name.text)) return true;
  for (let encloser = parentName(name); encloser && isInZone(zone, encloser); encloser = parentName(encloser)) {
    if (zone.existingNames.has(encloser.text)) return recordsAt(zone, childName('*', encloser)).length > 0;
  }
  return false;
}

/** Returns true when the record's owner parsed and is in the zone, and its RDATA parsed. */
export function usable(record: IndexedRecord): record is IndexedRecord & { owner: DomainName; rdata: { ok: true } } {
  return record.owner !== undefined && record.inZone && record.rdata.ok;
}

/** A zone whose origin parsed, as rules judge them. */
export type CheckableZone = ZoneIndex & { origin: DomainName };

/** Returns the zones of a document whose origin parsed; dns-malformed-rdata reports the others. */
export function checkableZones(data: DNSZones): CheckableZone[] {
  return indexZones(data).filter((zone): zone is CheckableZone => zone.origin !== undefined);
}

/** A host name that a record points to, with the record. */
export interface HostTarget {
  record: IndexedRecord & { owner: DomainName };
  target: DomainName;
}

/**
 * Returns the host-name targets of NS, MX and SRV records (or of `types`) that the zone serves
 * with authority. The root target is left out: it means "no service" for MX (RFC 7505) and
 * SRV (RFC 2782). Records below a delegation point are left out too, except the NS records of
 * the cut itself, because the zone is not authoritative for that data.
 */
export function hostTargets(zone: CheckableZone, types: readonly string[] = ['NS', 'MX', 'SRV']): HostTarget[] {
  const targets: HostTarget[] = [];
  for (const record of zone.records) {
    if (!usable(record) || !types.includes(record.type)) continue;
    const delegation = delegationAbove(zone, record.owner);
    if (delegation && !(record.type === 'NS' && delegation.text === record.owner.text)) continue;
    const target = targetOf(record.rdata.rdata);
    if (target && target.labels.length > 0) targets.push({ record, target });
  }
  return targets;
}

/**
 * Returns a text that identifies a record across revisions: canonical owner, type and RDATA.
 * Records that do not parse fall back to their text as written, lower-cased.
 */
export function recordIdentity(record: IndexedRecord): string {
  const owner = record.owner?.text ?? String(record.record.name).toLowerCase();
  const data = record.rdata.ok ? record.rdata.canonical : String(record.record.value).replace(/\s+/g, ' ').trim().toLowerCase();
  return `${owner} ${record.type} ${data}`;
}

/** Returns the zone's canonical origin text, or the origin as written, lower-cased, when it does not parse. */
export function originText(zone: ZoneIndex): string {
  return zone.origin?.text ?? String(zone.zone.origin).toLowerCase();
}
