/**
 * Comparison of the zones a host serves with the zone data in the repository. The host's copy
 * comes from its zone file or from an AXFR of its own name server at 127.0.0.1. Record sets are
 * compared by canonical owner, type and RDATA (`recordIdentity`), so spelling, order, relative
 * names and comments do not count. The SOA serial and TTLs are reported as their own findings.
 */
import type { Rdata } from '../../dns/rdata.js';
import { indexZone, originText, recordIdentity } from '../../dns/zone-index.js';
import type { IndexedRecord, ZoneIndex } from '../../dns/zone-index.js';
import { formatFor } from '../../formats/index.js';
import { parseZoneFile } from '../../formats/zone.js';
import type { DNSZones } from '../../types/dns.js';
import { CONTENT_CAP_BYTES, sectionProblem } from '../collect.js';
import { collectorFix } from './collector-fix.js';
import type { ScanLogin } from './collector-fix.js';
import type { CollectionOutput, Section } from '../collect.js';
import type { DriftFinding, DriftSeverity } from '../findings.js';
import type { ResolvedHost } from '../inventory.js';
import type { RepoReader } from './host.js';
import { derivedFromRepo } from './host.js';

type SoaRdata = Extract<Rdata, { type: 'SOA'; serial: number }>;
type ZoneSpec = ResolvedHost['zones'][number];
type Report = (kind: string, object: string, expected: string, actual: string, fix: string, severity?: DriftSeverity) => void;

/** Returns the zone name with one final dot and lower-cased, as zone-index prints origins. */
function absoluteZoneName(name: string): string {
  return `${name.replace(/\.$/, '')}.`.toLowerCase();
}

/** Parses zone text (a master file, or a canonical DNS document) and returns the named zone. */
export function parseZone(text: string, file: string, zoneName: string, masterFile: boolean): ZoneIndex | string {
  const context = { file, absolutePath: file, explicit: true, origin: absoluteZoneName(zoneName) };
  const format = masterFile ? undefined : formatFor(file, text.slice(0, 4096));
  const output = format ? format.parse(text, context) : parseZoneFile(text, context);
  const error = output.findings.find((finding) => finding.severity === 'error');
  if (error) return `${file}:${error.line}: ${error.message}`;
  for (const document of output.documents) {
    if (document.kind !== 'dns') continue;
    const data = document.data as DNSZones;
    for (const [position, zone] of data.zones.entries()) {
      const index = indexZone(zone, ['zones', position]);
      if (originText(index) === absoluteZoneName(zoneName)) return index;
    }
  }
  return `${file}: zone ${absoluteZoneName(zoneName)} not found`;
}

/** Returns the differences of one zone, one finding per owner and type. */
export function compareZoneData(zoneName: string, expected: ZoneIndex, actual: ZoneIndex, report: Report): void {
  const fix = `Load zone ${absoluteZoneName(zoneName)} from the repository on the host, or commit the host's change if it is intended.`;
  compareSoa(zoneName, expected, actual, report, fix);
  const expectedSets = recordSets(expected);
  const actualSets = recordSets(actual);
  for (const key of new Set([...expectedSets.keys(), ...actualSets.keys()])) {
    const want = expectedSets.get(key) ?? new Map<string, IndexedRecord>();
    const have = actualSets.get(key) ?? new Map<string, IndexedRecord>();
    const same = want.size === have.size && [...want.keys()].every((identity) => have.has(identity));
    if (!same) {
      report('zone-record', key, rdataList(want), rdataList(have), fix);
      continue;
    }
    for (const [identity, record] of want) {
      const other = have.get(identity)!;
      if (record.ttl !== other.ttl) report('zone-ttl', identity, `TTL ${record.ttl ?? '?'}`, `TTL ${other.ttl ?? '?'}`, fix, 'warning');
    }
  }
}

/** Records other than SOA by `owner type`, then by identity. */
function recordSets(zone: ZoneIndex): Map<string, Map<string, IndexedRecord>> {
  const sets = new Map<string, Map<string, IndexedRecord>>();
  for (const record of zone.records) {
    if (record.type === 'SOA') continue;
    const key = `${record.owner?.text ?? String(record.record.name).toLowerCase()} ${record.type}`;
    let set = sets.get(key);
    if (!set) sets.set(key, (set = new Map()));
    set.set(recordIdentity(record), record);
  }
  return sets;
}

function rdataList(set: Map<string, IndexedRecord>): string {
  if (set.size === 0) return 'absent';
  return [...set.values()].map((record) => (record.rdata.ok ? record.rdata.canonical : String(record.record.value))).sort().join(' | ');
}

/** Compares the SOA: the serial on its own, the other fields as one record. */
function compareSoa(zoneName: string, expected: ZoneIndex, actual: ZoneIndex, report: Report, fix: string): void {
  const soa = (zone: ZoneIndex): SoaRdata | undefined => {
    const record = zone.records.find((candidate) => candidate.type === 'SOA');
    const rdata = record?.rdata.ok ? record.rdata.rdata : undefined;
    return rdata && 'serial' in rdata ? (rdata as SoaRdata) : undefined;
  };
  const want = soa(expected);
  const have = soa(actual);
  const object = `${absoluteZoneName(zoneName)} SOA`;
  if (!want || !have) {
    if (want !== have) report('zone-record', object, want ? 'an SOA record' : 'absent', have ? 'an SOA record' : 'absent', fix);
    return;
  }
  if (want.serial !== have.serial) report('zone-serial', object, `serial ${want.serial}`, `serial ${have.serial}`, fix, 'warning');
  const fields = (value: SoaRdata) => `${value.mname.text} ${value.rname.text} refresh ${value.refresh} retry ${value.retry} expire ${value.expire} minimum ${value.minimum}`;
  if (fields(want) !== fields(have)) report('zone-record', object, fields(want), fields(have), fix);
}

/** Returns the host's copy of a zone as text, or reports why it is not available. */
function hostZoneText(login: ScanLogin, zone: ZoneSpec, collected: CollectionOutput, report: Report): string | undefined {
  const object = absoluteZoneName(zone.name);
  let section: Section | undefined;
  if (zone.axfr) {
    const transfer = collected.axfr?.get(zone.name);
    if (transfer === 'no-dig') {
      report('collector-error', object, 'AXFR from 127.0.0.1', 'dig is not installed on the host', 'Install dig (bind9-dnsutils) on the host, or set hostFile instead of axfr.');
      return undefined;
    }
    section = transfer;
  } else if (zone.hostFile) {
    section = collected.contents?.get(zone.hostFile);
  }
  const problem = sectionProblem(section);
  if (problem !== undefined) {
    const missing = /No such file/i.test(section?.stderr ?? '');
    if (missing) report('zone-file', zone.hostFile ?? object, 'present', 'missing', `Deploy the zone file of ${object} to ${zone.hostFile}.`);
    else {
      const fix = collectorFix(login, zone.hostFile ?? 'dig', section?.stderr ?? '', 'Make the zone file readable by the scan user (or use sudo), then rerun the scan.');
      report('collector-error', zone.hostFile ?? object, 'zone data', problem, fix);
    }
    return undefined;
  }
  const text = (section as Section).output;
  if (text.length > CONTENT_CAP_BYTES) {
    report('collector-error', zone.hostFile ?? object, `zone data up to ${CONTENT_CAP_BYTES} bytes`, 'larger', 'Compare this zone by other means; the scanner reads at most 8 MiB.');
    return undefined;
  }
  // dig prints "; Transfer failed." and exits 0 when the server refuses the transfer.
  if (zone.axfr && /^; Transfer failed/m.test(text.toString('utf8'))) {
    report('collector-error', object, 'AXFR from 127.0.0.1', 'transfer failed', 'Allow transfers to 127.0.0.1 (allow-transfer { 127.0.0.1; }) or use hostFile.');
    return undefined;
  }
  return text.toString('utf8');
}

/** Returns every difference between the zones a host serves and the repository's zone data. */
export function compareZones(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader): DriftFinding[] {
  const findings: DriftFinding[] = [];
  const report: Report = (kind, object, expected, actual, fix, severity = 'error') => {
    findings.push({ host: host.name, kind, object, expected, actual, severity, fix });
  };
  for (const zone of host.zones) {
    if (!zone.file || (!zone.hostFile && !zone.axfr)) continue;
    const source = readRepo(zone.file);
    const object = absoluteZoneName(zone.name);
    if (!source) {
      report('desired-state-error', object, `zone file ${zone.file}`, 'not found in the repository', `Add ${zone.file} to the repository or correct \`file\`.`);
      continue;
    }
    const expected = derivedFromRepo(readRepo, `zone ${zone.file} ${object}`, () => parseZone(source.toString('utf8'), zone.file!, zone.name, false));
    if (typeof expected === 'string') {
      report('desired-state-error', object, 'valid zone data', expected, `Fix ${zone.file}; run driftgate validate on it.`);
      continue;
    }
    const text = hostZoneText(host, zone, collected, report);
    if (text === undefined) continue;
    const label = zone.axfr ? `${host.name}: AXFR ${object}` : `${host.name}:${zone.hostFile}`;
    const actual = parseZone(text, label, zone.name, true);
    if (typeof actual === 'string') {
      report('zone-file', zone.hostFile ?? object, 'a zone that parses', actual, `Check the zone on the host with named-checkzone ${object} ${zone.hostFile ?? ''}.`);
      continue;
    }
    compareZoneData(zone.name, expected, actual, report);
  }
  return findings;
}
