import { displayName } from '../src/dns/names.js';
import { checkableZones, countRecordsAt } from '../src/dns/zone-index.js';
import type { IndexedRecord } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-duplicate-record',
  domain: 'dns',
  description: 'Reports records with the same owner, class, type and RDATA as an earlier record',
  severity: 'warning',
  profile: 'strict',
  messages: {
    duplicate: {
      message: '{{type}} record at `{{owner}}` repeats an earlier one with the same data (`{{rdata}}`)',
      fix: 'Remove this record; a server keeps one copy of identical records, so the duplicate only hides mistakes in later edits.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      const seen = new Map<string, IndexedRecord>();
      for (const record of zone.records) {
        if (!record.owner || !record.rdata.ok) continue;
        // Most owners have one record of a type, which cannot repeat, so their RDATA is not compared.
        if (countRecordsAt(zone, record.owner, record.type) < 2) continue;
        // Canonical RDATA compares names case-insensitively and IPv6 addresses in one spelling.
        const key = `${record.owner.text} ${record.class} ${record.type} ${record.rdata.canonical}`;
        const first = seen.get(key);
        if (!first) {
          seen.set(key, record);
          continue;
        }
        const rdata = record.rdata.canonical.length > 60 ? `${record.rdata.canonical.slice(0, 57)}...` : record.rdata.canonical;
        report({
          messageId: 'duplicate',
          path: [...record.path, 'value'],
          data: { type: record.type, owner: displayName(record.owner), rdata },
          related: [{ path: [...first.path, 'value'], message: 'first record with this data' }],
        });
      }
    }
  },
});
