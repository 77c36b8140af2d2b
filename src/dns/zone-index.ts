/**
 * Zones of a canonical DNS document with their records normalised once, so that every DNS rule
 * judges the same names. Owners are absolute, lower-cased and in ACE form, TTLs resolved and
 * RDATA parsed. Each record keeps its data path for findings.
 */
import type { DataPath } from '../model.js';
import type { DNSZones, ResourceRecord, Zone } from '../types/dns.js';
import { childName, isAtOrBelow, isBelow, parentName, parentText, parseNameCached, parseOrigin } from './names.js';
import type { DomainName, NameProblem, NameResult } from './names.js';
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
  /** Owners of DNAME records in the zone, by canonical text. */
  dnames: Map<string, DomainName>;
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
    dnames: new Map(),
  };
  const shared: SharedValues = {
    names: new Map(),
    ttls: new Map(),
    types: new Map(),
    recentOwners: [
      { text: undefined, result: undefined },
      { text: undefined, result: undefined },
    ],
    lastOwner: undefined,
    lastOwnerInZone: false,
  };
  const records = zone.records;
  let list: IndexedRecord[] | undefined;
  for (let position = 0; position < records.length; position += 1) {
    const indexed = indexRecord(records[position]!, position, path, origin, defaultTtl, shared);
    index.records.push(indexed);
    if (!indexed.owner) continue;
    // Records of one owner usually follow each other, so the last list is tried first.
    if (list === undefined || list[0]!.owner !== indexed.owner) list = index.byOwner.get(indexed.owner.text);
    if (list) list.push(indexed);
    else {
      list = [indexed];
      index.byOwner.set(indexed.owner.text, list);
    }
  }
  if (origin) addNamesAndCuts(index, origin);
  return index;
}

/** Fills the zone's existing names, delegation points and DNAME owners. */
function addNamesAndCuts(index: ZoneIndex, origin: DomainName): void {
  const existing = index.existingNames;
  // All records of an owner share its name and whether it is in the zone, so one per owner does.
  for (const owned of index.byOwner.values()) {
    const record = owned[0]!;
    if (!record.inZone) continue;
    // Once a name is known, its ancestors up to the origin are known too. Most parents are known
    // already, so the parent's text is checked before a parent name is built.
    for (let name: DomainName | undefined = record.owner; name && !existing.has(name.text) && isAtOrBelow(name, origin); ) {
      existing.add(name.text);
      if (name.labels.length === 0 || existing.has(parentText(name))) break;
      name = parentName(name);
    }
  }
  for (const record of recordsOfType(index, 'NS')) {
    if (record.owner && record.inZone && isBelow(record.owner, origin)) index.delegations.set(record.owner.text, record.owner);
  }
  for (const record of recordsOfType(index, 'DNAME')) {
    if (record.owner && record.inZone) index.dnames.set(record.owner.text, record.owner);
  }
}

/**
 * Values that many records of a zone share, parsed once: names, TTL texts and type mnemonics.
 * A 100,000-record zone has a few thousand distinct values, and sharing them keeps the garbage
 * collector from copying a fresh object per record.
 */
interface SharedValues {
  names: Map<string, NameResult>;
  ttls: Map<string | number, TtlResult>;
  types: Map<string, string>;
  /** The two owners parsed last, newest first, because records of one owner are usually close. */
  recentOwners: [OwnerSlot, OwnerSlot];
  /** The owner of the last record, and whether it is in the zone. */
  lastOwner: DomainName | undefined;
  lastOwnerInZone: boolean;
}

interface OwnerSlot {
  text: string | undefined;
  result: NameResult | undefined;
}

/** One indexed record. The data path is built when a rule asks for it, because few rules report. */
class ZoneRecordEntry implements IndexedRecord {
  constructor(
    readonly record: ResourceRecord,
    readonly position: number,
    private readonly zonePath: DataPath,
    readonly owner: DomainName | undefined,
    readonly ownerProblem: NameProblem | undefined,
    readonly type: string,
    readonly ttl: number | undefined,
    readonly ttlResult: TtlResult | undefined,
    readonly rdata: RdataResult,
    readonly inZone: boolean,
  ) {}

  get class(): string {
    return this.record.class ?? 'IN';
  }

  get path(): DataPath {
    return [...this.zonePath, 'records', this.position];
  }
}

function indexRecord(
  record: ResourceRecord,
  position: number,
  zonePath: DataPath,
  origin: DomainName | undefined,
  defaultTtl: TtlResult | undefined,
  shared: SharedValues,
): IndexedRecord {
  const ownerResult = parseOwner(String(record.name), origin, shared);
  const owner = ownerResult.ok ? ownerResult.name : undefined;
  const ttlResult = record.ttl === undefined ? undefined : sharedTtl(record.ttl, shared.ttls);
  const effectiveTtl = ttlResult ?? defaultTtl;
  let type = shared.types.get(record.type);
  if (type === undefined) {
    type = canonicalType(record.type) ?? record.type.toUpperCase();
    shared.types.set(record.type, type);
  }
  return new ZoneRecordEntry(
    record,
    position,
    zonePath,
    owner,
    ownerResult.ok ? undefined : ownerResult.problem,
    type,
    effectiveTtl?.ok ? effectiveTtl.seconds : undefined,
    ttlResult,
    parseRdata(record.type, record.value, { origin, owner, nameCache: shared.names }),
    owner !== undefined && origin !== undefined && ownerInZone(owner, origin, shared),
  );
}

/** Returns whether an owner is at or below the origin, caching the result for the last owner. */
function ownerInZone(owner: DomainName, origin: DomainName, shared: SharedValues): boolean {
  if (shared.lastOwner !== owner) {
    shared.lastOwner = owner;
    shared.lastOwnerInZone = isAtOrBelow(owner, origin);
  }
  return shared.lastOwnerInZone;
}

/** Parses an owner name through the two most recent owners first, then the zone's name cache. */
function parseOwner(text: string, origin: DomainName | undefined, shared: SharedValues): NameResult {
  const [newest, older] = shared.recentOwners;
  if (newest.text === text) return newest.result!;
  let result: NameResult;
  if (older.text === text) result = older.result!;
  else result = parseNameCached(text, origin, shared.names);
  older.text = newest.text;
  older.result = newest.result;
  newest.text = text;
  newest.result = result;
  return result;
}

function sharedTtl(value: string | number, cache: Map<string | number, TtlResult>): TtlResult {
  let result = cache.get(value);
  if (!result) {
    result = parseTtl(value);
    cache.set(value, result);
  }
  return result;
}

/** Returns the records at `name`, optionally of one type only. */
export function recordsAt(zone: ZoneIndex, name: DomainName, type?: string): IndexedRecord[] {
  const list = zone.byOwner.get(name.text) ?? [];
  return type === undefined ? list : list.filter((record) => record.type === type);
}

/**
 * Returns the records of one type in zone order. Rules that judge one type walk these instead
 * of every record of a large zone. The lists by type are built once per zone.
 */
export function recordsOfType(zone: ZoneIndex, type: string): IndexedRecord[] {
  let byType = recordsByType.get(zone);
  if (!byType) {
    byType = new Map();
    for (const record of zone.records) {
      const list = byType.get(record.type);
      if (list) list.push(record);
      else byType.set(record.type, [record]);
    }
    recordsByType.set(zone, byType);
  }
  return byType.get(type) ?? [];
}

const recordsByType = new WeakMap<ZoneIndex, Map<string, IndexedRecord[]>>();

/**
 * Returns the first record of `type` at `name`, or undefined. Unlike {@link recordsAt}, it builds
 * no list, which matters to rules that ask once per record of a large zone.
 */
export function firstRecordAt(zone: ZoneIndex, name: DomainName, type: string): IndexedRecord | undefined {
  const list = zone.byOwner.get(name.text);
  if (list === undefined) return undefined;
  for (const record of list) {
    if (record.type === type) return record;
  }
  return undefined;
}

/** Returns how many records of `type` are at `name`, without building a list. */
export function countRecordsAt(zone: ZoneIndex, name: DomainName, type: string): number {
  const list = zone.byOwner.get(name.text);
  if (list === undefined) return 0;
  let count = 0;
  for (const record of list) {
    if (record.type === type) count += 1;
  }
  return count;
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
  if (zone.delegations.size === 0) return undefined;
  for (let current: DomainName | undefined = name; current && zone.origin && isBelow(current, zone.origin); current = parentName(current)) {
    const delegation = zone.delegations.get(current.text);
    if (delegation) return delegation;
  }
  return undefined;
}

/**
 * Returns the DNAME owner that `name` lies strictly below, if any. A DNAME occludes every name
 * below its owner: servers answer queries there with the DNAME substitution and never with the
 * data at those names (RFC 6672 §2.4).
 */
export function occludingDname(zone: ZoneIndex, name: DomainName): DomainName | undefined {
  if (zone.dnames.size === 0) return undefined;
  for (let current = parentName(name); current && isInZone(zone, current); current = parentName(current)) {
    const dname = zone.dnames.get(current.text);
    if (dname) return dname;
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

/** Returns true when a query for `name` gets records of `type`, as {@link answersFor} finds them. */
export function hasAnswer(zone: ZoneIndex, name: DomainName, type: string): boolean {
  if (zone.existingNames.has(name.text)) return firstRecordAt(zone, name, type) !== undefined;
  return answersFor(zone, name, type).length > 0;
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
export function hostTargets(zone: CheckableZone, types: readonly string[] = DEFAULT_TARGET_TYPES): HostTarget[] {
  // Several rules ask for the default list, so it is computed once per zone.
  if (types === DEFAULT_TARGET_TYPES) {
    let cached = defaultTargets.get(zone);
    if (!cached) {
      cached = collectHostTargets(zone, types);
      defaultTargets.set(zone, cached);
    }
    return cached;
  }
  return collectHostTargets(zone, types);
}

const DEFAULT_TARGET_TYPES: readonly string[] = ['NS', 'MX', 'SRV'];
const defaultTargets = new WeakMap<ZoneIndex, HostTarget[]>();

function collectHostTargets(zone: CheckableZone, types: readonly string[]): HostTarget[] {
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
