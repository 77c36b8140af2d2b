import { displayName } from '../src/dns/names.js';
import { checkableZones, recordsAt } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-apex-without-ns',
  domain: 'dns',
  description: 'Reports zones that have no NS records at their apex',
  severity: 'error',
  profile: 'recommended',
  messages: {
    missing: {
      message: 'zone `{{origin}}` has no NS records at its apex',
      fix: 'Add NS records with owner `@` naming the authoritative servers of the zone, matching the delegation in the parent zone.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      if (recordsAt(zone, zone.origin, 'NS').length === 0) {
        report({ messageId: 'missing', path: [...zone.path, 'origin'], data: { origin: displayName(zone.origin) } });
      }
    }
  },
});
