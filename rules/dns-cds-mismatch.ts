import { displayName } from '../src/dns/names.js';
import { typedRdata } from '../src/dns/rdata.js';
import type { TypedRdata } from '../src/dns/rdata.js';
import { checkableZones, recordsAt } from '../src/dns/zone-index.js';
import type { IndexedRecord } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

/** RDATA of DS, CDS, DNSKEY and CDNSKEY records. */
type KeyRdata = Extract<TypedRdata, { keyTag: number } | { publicKey: string }>;

/**
 * Returns true for the RFC 8078 §4 delete form, which asks the parent to remove the DS set:
 * CDS `0 0 0 00` or CDNSKEY `0 3 0 AA==`.
 */
function isDeleteForm(rdata: KeyRdata): boolean {
  if ('keyTag' in rdata) return rdata.keyTag === 0 && rdata.algorithm === 0 && rdata.digestType === 0 && rdata.digest === '00';
  return rdata.flags === 0 && rdata.protocol === 3 && rdata.algorithm === 0 && rdata.publicKey === 'AA==';
}

function keyRdata(record: IndexedRecord): KeyRdata | undefined {
  const rdata = typedRdata(record.rdata);
  return rdata !== undefined && ('keyTag' in rdata || 'publicKey' in rdata) ? rdata : undefined;
}

export default defineRule({
  id: 'dns-cds-mismatch',
  domain: 'dns',
  description: 'Reports CDS and CDNSKEY records that do not match the DNSKEY set at the zone apex',
  severity: 'error',
  profile: 'recommended',
  messages: {
    unknownAlgorithm: {
      message: '{{type}} uses algorithm {{algorithm}}, but the DNSKEY set of `{{origin}}` has {{algorithms}}',
      fix: 'Publish {{type}} records only for keys in the DNSKEY set: regenerate them from the current DNSKEY records (for example with `dnssec-dsfromkey -C`), or add the new key to the DNSKEY set first.',
    },
    deleteNotAlone: {
      message: '{{type}} delete request (algorithm 0) sits beside other {{type}} records at `{{origin}}`',
      fix: 'Publish the delete form (CDS `0 0 0 00`, CDNSKEY `0 3 0 AA==`) as the only {{type}} record, or remove it to keep DNSSEC on.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      const origin = displayName(zone.origin);
      // RFC 7344 §4.1: the child publishes CDS and CDNSKEY at its apex, for keys in its DNSKEY set.
      const algorithms = new Set<number>();
      for (const record of recordsAt(zone, zone.origin, 'DNSKEY')) {
        const rdata = keyRdata(record);
        if (rdata) algorithms.add(rdata.algorithm);
      }
      const algorithmList = algorithms.size === 0 ? 'no keys' : `algorithm ${[...algorithms].sort((left, right) => left - right).join(', ')}`;
      for (const type of ['CDS', 'CDNSKEY'] as const) {
        const records = recordsAt(zone, zone.origin, type).flatMap((record) => {
          const rdata = keyRdata(record);
          return rdata ? [{ record, rdata }] : [];
        });
        for (const { record, rdata } of records) {
          if (isDeleteForm(rdata)) {
            // RFC 8078 §4: the delete form only has meaning as the whole RRset.
            if (records.length > 1) report({ messageId: 'deleteNotAlone', path: [...record.path, 'value'], data: { type, origin } });
            continue;
          }
          if (!algorithms.has(rdata.algorithm)) {
            report({
              messageId: 'unknownAlgorithm',
              path: [...record.path, 'value'],
              data: { type, algorithm: rdata.algorithm, origin, algorithms: algorithmList },
            });
          }
        }
      }
    }
  },
});
