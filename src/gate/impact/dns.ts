/** Change impact of DNS documents: records added, removed and changed, per zone. */
import { indexZones, originText } from '../../dns/zone-index.js';
import type { DNSZones, ResourceRecord } from '../../types/dns.js';
import type { ImpactFunction, ImpactItem } from './types.js';
import { lineOf } from './types.js';

interface RecordAt {
  record: ResourceRecord;
  path: (string | number)[];
}

/** Groups a document's records by zone, then by `owner type`, with names in canonical form. */
function recordSets(data: DNSZones | undefined): Map<string, Map<string, RecordAt[]>> {
  const zones = new Map<string, Map<string, RecordAt[]>>();
  for (const zone of data ? indexZones(data) : []) {
    const sets = new Map<string, RecordAt[]>();
    for (const indexed of zone.records) {
      const owner = indexed.owner?.text ?? String(indexed.record.name).toLowerCase();
      const key = `${owner} ${indexed.type}`;
      sets.set(key, [...(sets.get(key) ?? []), { record: indexed.record, path: indexed.path as (string | number)[] }]);
    }
    zones.set(originText(zone), sets);
  }
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
