import { isIP } from 'node:net';

import { displayName, isAtOrBelow, isHostName, parseName } from '../src/dns/names.js';
import type { DomainName } from '../src/dns/names.js';
import { targetOf } from '../src/dns/rdata.js';
import { checkableZones } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

/** Reverse-mapping trees: BIND checks PTR targets as host names only below these. */
const REVERSE_TREES: DomainName[] = ['in-addr.arpa.', 'ip6.arpa.', 'ip6.int.'].flatMap((text) => {
  const parsed = parseName(text);
  return parsed.ok ? [parsed.name] : [];
});

/** Types whose RDATA names a host (RFC 1035 §3.3, RFC 2782, RFC 9460 §2.5). */
const HOST_TARGET_TYPES = new Set(['NS', 'MX', 'SRV', 'SVCB', 'HTTPS', 'PTR']);

export default defineRule({
  id: 'dns-invalid-hostname',
  domain: 'dns',
  description: 'Reports host names that break RFC 952/1123 syntax in address owners and NS/MX/SRV targets',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    owner: {
      message: '{{type}} owner `{{name}}` is not a valid host name: labels must be letters, digits and inner hyphens',
      fix: 'Rename the host with letters, digits and hyphens only (no `_`, no leading or trailing `-`); `_` labels belong to TXT, SRV and similar service records.',
    },
    target: {
      message: '{{type}} target `{{name}}` is not a valid host name: labels must be letters, digits and inner hyphens',
      fix: 'Point the {{type}} record at a host name of letters, digits and hyphens; BIND rejects this zone under its default `check-names primary fail`.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of zone.records) {
        if (!record.owner || !record.inZone || record.class !== 'IN') continue;
        if ((record.type === 'A' || record.type === 'AAAA') && !isHostName(record.owner, true)) {
          report({ messageId: 'owner', path: [...record.path, 'name'], data: { type: record.type, name: displayName(record.owner) } });
        }
        if (!record.rdata.ok || !HOST_TARGET_TYPES.has(record.type)) continue;
        if (record.type === 'PTR' && !REVERSE_TREES.some((tree) => isAtOrBelow(record.owner!, tree))) continue;
        // An NS written as an address is reported by dns-ns-target-is-address.
        if (record.type === 'NS' && isIP(String(record.record.value).trim().replace(/\.$/, ''))) continue;
        const target = targetOf(record.rdata.rdata);
        // The root target means "no service" (RFC 7505, RFC 2782) or "the owner" (RFC 9460).
        if (!target || target.labels.length === 0 || isHostName(target)) continue;
        report({ messageId: 'target', path: [...record.path, 'value'], data: { type: record.type, name: displayName(target) } });
      }
    }
  },
});
