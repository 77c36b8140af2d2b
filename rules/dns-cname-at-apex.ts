import { displayName } from '../src/dns/names.js';
import { checkableZones, recordsAt } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-cname-at-apex',
  domain: 'dns',
  description: 'Reports a CNAME record at the zone apex, where the SOA and NS records must be',
  severity: 'error',
  profile: 'recommended',
  messages: {
    apex: {
      message: 'CNAME at the zone apex `{{origin}}`; the apex must have SOA and NS records, which a CNAME excludes',
      fix: 'Replace the CNAME with A and AAAA records (or a provider ALIAS record outside the zone file), or use HTTPS/SVCB alias mode for web traffic.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of recordsAt(zone, zone.origin, 'CNAME')) {
        report({ messageId: 'apex', path: [...record.path, 'type'], data: { origin: displayName(zone.origin) } });
      }
    }
  },
});
