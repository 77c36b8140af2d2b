import { displayName } from '../src/dns/names.js';
import { checkableZones } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-out-of-zone-data',
  domain: 'dns',
  description: 'Reports records whose owner name is not the zone origin or below it',
  severity: 'error',
  profile: 'recommended',
  messages: {
    outside: {
      message: 'owner `{{owner}}` is outside the zone `{{origin}}`, so servers ignore this record',
      fix: 'Move the record to the zone of `{{owner}}`, or write the owner relative to the origin (without a final `.`) if it was meant to be `{{suggestion}}`.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of zone.records) {
        if (!record.owner || record.inZone) continue;
        // The usual cause is a final `.` that made a relative name absolute.
        const written = String(record.record.name).replace(/\.$/, '');
        const suggestion = `${written}.${zone.origin.text}`;
        report({
          messageId: 'outside',
          path: [...record.path, 'name'],
          data: { owner: displayName(record.owner), origin: displayName(zone.origin), suggestion },
        });
      }
    }
  },
});
