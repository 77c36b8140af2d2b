/** Change impact of DNS documents: records added, removed and changed, per zone. */
import type { DNSZones, ResourceRecord } from '../../types/dns.js';
import type { ImpactFunction, ImpactItem } from './types.js';
import { lineOf } from './types.js';

/** Returns the owner as an absolute, lower-case name. */
function absoluteOwner(name: string, origin: string): string {
  const apex = origin.endsWith('.') ? origin : `${origin}.`;
  if (name === '@') return apex.toLowerCase();
  return (name.endsWith('.') ? name : `${name}.${apex}`).toLowerCase();
}

interface RecordAt {
  record: ResourceRecord;
  owner: string;
  path: (string | number)[];
}

/** Groups a document's records by zone, then by `owner type`. */
function recordSets(data: DNSZones | undefined): Map<string, Map<string, RecordAt[]>> {
  const zones = new Map<string, Map<string, RecordAt[]>>();
  (data?.zones ?? []).forEach((zone, zoneIndex) => {
    const sets = new Map<string, RecordAt[]>();
    zone.records.forEach((record, index) => {
      const owner = absoluteOwner(record.name, zone.origin);
      const key = `${owner} ${record.type.toUpperCase()}`;
      sets.set(key, [...(sets.get(key) ?? []), { record, owner, path: ['zones', zoneIndex, 'records', index] }]);
    });
    zones.set(absoluteOwner('@', zone.origin), sets);
  });
  return zones;
}

const valueText = ({ record }: RecordAt): string => String(record.value).replace(/\s+/g, ' ').trim();

/** Reports, per zone, record sets added, removed and changed (same owner and type, other data). */
export const dnsImpact: ImpactFunction = (base, head) => {
  const items: ImpactItem[] = [];
  const before = recordSets(base?.data as DNSZones | undefined);
  const after = recordSets(head?.data as DNSZones | undefined);
  const where = (head ?? base)!;

  for (const [zone, sets] of after) {
    const oldSets = before.get(zone) ?? new Map<string, RecordAt[]>();
    for (const [key, records] of sets) {
      const old = oldSets.get(key);
      oldSets.delete(key);
      const line = head ? lineOf(head, records[0]!.path) : 1;
      const values = records.map(valueText).sort();
      if (!old) {
        items.push({ domain: 'dns', file: where.file, line, change: 'added', text: `${zone}: ${key} ${values.join(', ')} added` });
        continue;
      }
      const oldValues = old.map(valueText).sort();
      if (oldValues.join('\n').toLowerCase() !== values.join('\n').toLowerCase()) {
        items.push({ domain: 'dns', file: where.file, line, change: 'changed', text: `${zone}: ${key} changed from ${oldValues.join(', ')} to ${values.join(', ')}` });
      }
    }
    for (const [key, records] of oldSets) {
      items.push({ domain: 'dns', file: where.file, line: 1, change: 'removed', text: `${zone}: ${key} ${records.map(valueText).join(', ')} removed` });
    }
    before.delete(zone);
  }
  for (const zone of before.keys()) {
    items.push({ domain: 'dns', file: where.file, line: 1, change: 'removed', text: `zone ${zone} removed` });
  }
  return items;
};
