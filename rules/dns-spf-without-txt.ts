import { displayName } from '../src/dns/names.js';
import { typedRdata } from '../src/dns/rdata.js';
import { checkableZones, recordsAt, recordsOfType, usable } from '../src/dns/zone-index.js';
import type { IndexedRecord } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

/** Returns true when a TXT or SPF record contains an SPF policy, which starts with `v=spf1`. */
function isSpfPolicy(record: IndexedRecord): boolean {
  const rdata = typedRdata(record.rdata);
  if (rdata?.type !== 'TXT' && rdata?.type !== 'SPF') return false;
  // RFC 7208 §4.5: the version is `v=spf1`, alone or followed by a space.
  return /^v=spf1( |$)/i.test(rdata.strings.join(''));
}

export default defineRule({
  id: 'dns-spf-without-txt',
  domain: 'dns',
  description: 'Reports SPF policies published only as the obsolete SPF record type, without a TXT record',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    noTxt: {
      message: '`{{owner}}` publishes its SPF policy as type SPF only; mail receivers read SPF from TXT records',
      fix: 'Add a TXT record at `{{owner}}` with the same policy, and drop the SPF-type record (RFC 7208 §3.1).',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of recordsOfType(zone, 'SPF')) {
        if (record.type !== 'SPF' || !usable(record) || !isSpfPolicy(record)) continue;
        if (recordsAt(zone, record.owner, 'TXT').some(isSpfPolicy)) continue;
        report({ messageId: 'noTxt', path: [...record.path, 'type'], data: { owner: displayName(record.owner) } });
      }
    }
  },
});
