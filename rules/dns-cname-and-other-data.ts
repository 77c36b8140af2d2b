import { displayName } from '../src/dns/names.js';
import { checkableZones } from '../src/dns/zone-index.js';
import type { IndexedRecord } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';
import type { ReportInput } from '../src/engine/rule.js';

/** Types that may sit beside a CNAME: its DNSSEC signatures and denial of existence (RFC 4035 §2.5). */
const ALLOWED_BESIDE_CNAME = new Set(['RRSIG', 'NSEC', 'SIG', 'NXT']);

export default defineRule({
  id: 'dns-cname-and-other-data',
  domain: 'dns',
  description: 'Reports owner names that have a CNAME and other data, or several CNAME targets',
  severity: 'error',
  profile: 'recommended',
  messages: {
    otherData: {
      message: '`{{owner}}` has a CNAME and {{types}} records; a CNAME owner can have no other data',
      fix: 'Remove the CNAME and give `{{owner}}` the records of its target directly, or move the other records to another name.',
    },
    multipleCname: {
      message: '`{{owner}}` has several CNAME records; an alias has exactly one target',
      fix: 'Keep one CNAME at `{{owner}}`; for several addresses use A or AAAA records instead.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const [owner, records] of zone.byOwner) {
        // The apex has SOA and NS, so a CNAME there is reported by dns-cname-at-apex instead.
        // A name with one record cannot conflict, and most names of a large zone have one.
        if (records.length < 2 || owner === zone.origin.text || !records.some((record) => record.type === 'CNAME')) continue;
        const inZone = records.filter((record) => record.inZone);
        const cnames = inZone.filter((record) => record.type === 'CNAME');
        if (cnames.length === 0) continue;
        const name = displayName(inZone[0]!.owner!);
        const conflicting = inZone.filter((record) => record.type === 'CNAME' || !ALLOWED_BESIDE_CNAME.has(record.type));
        const others = conflicting.filter((record) => record.type !== 'CNAME');
        if (others.length > 0) {
          const [first, second] = conflicting as [IndexedRecord, IndexedRecord];
          report({
            messageId: 'otherData',
            path: [...second.path, 'type'],
            data: { owner: name, types: [...new Set(others.map((record) => record.type))].join(', ') },
            related: [{ path: [...first.path, 'type'], message: `first ${first.type} record at ${name}` }],
          });
        }
        reportExtraCnames(cnames, name, report);
      }
    }
  },
});

/** Reports each CNAME whose target differs from the first one (RFC 2181 §10.1: one CNAME per name). */
function reportExtraCnames(cnames: IndexedRecord[], owner: string, report: (input: ReportInput) => void): void {
  const first = cnames[0]!;
  const seen = new Set<string>();
  for (const record of cnames) {
    const key = record.rdata.ok ? record.rdata.canonical : String(record.record.value);
    if (seen.size > 0 && !seen.has(key)) {
      report({
        messageId: 'multipleCname',
        path: [...record.path, 'value'],
        data: { owner },
        related: [{ path: [...first.path, 'value'], message: `first CNAME at ${owner}` }],
      });
    }
    seen.add(key);
  }
}
