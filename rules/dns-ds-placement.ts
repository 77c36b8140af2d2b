import { displayName } from '../src/dns/names.js';
import { checkableZones, recordsOfType } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-ds-placement',
  domain: 'dns',
  description: 'Reports DS records at the zone apex or at a name that is not a delegation point',
  severity: 'error',
  profile: 'recommended',
  messages: {
    atApex: {
      message: 'DS record at the apex of `{{origin}}`; the DS of a zone belongs in its parent zone',
      fix: 'Remove the DS from this zone and publish it at your registrar or in the parent zone; keep the DNSKEY here.',
    },
    notAtDelegation: {
      message: 'DS record at `{{owner}}`, which has no NS records and so is not a delegation point',
      fix: 'Add the NS records that delegate `{{owner}}` beside the DS, or remove the DS.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of recordsOfType(zone, 'DS')) {
        if (record.type !== 'DS' || !record.owner || !record.inZone) continue;
        // RFC 4035 §2.4: DS records appear only at delegation points, on the parent side.
        if (record.owner.text === zone.origin.text) {
          report({ messageId: 'atApex', path: [...record.path, 'name'], data: { origin: displayName(zone.origin) } });
        } else if (!zone.delegations.has(record.owner.text)) {
          report({ messageId: 'notAtDelegation', path: [...record.path, 'name'], data: { owner: displayName(record.owner) } });
        }
      }
    }
  },
});
