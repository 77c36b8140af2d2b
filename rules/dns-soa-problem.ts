import { displayName } from '../src/dns/names.js';
import { typedRdata } from '../src/dns/rdata.js';
import { checkableZones, recordsAt, recordsOfType } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

/** RFC 1035 §3.3.13 and RFC 1982: the serial is an unsigned 32-bit number. */
const MAX_SERIAL = 4294967295;

export default defineRule({
  id: 'dns-soa-problem',
  domain: 'dns',
  description: 'Reports a missing SOA, several SOA records, an SOA off the apex, or a serial out of range',
  severity: 'error',
  profile: 'recommended',
  messages: {
    missing: {
      message: 'zone `{{origin}}` has no SOA record at its apex',
      fix: 'Add one SOA record with owner `@`: primary name server, contact mailbox, serial, refresh, retry, expire and minimum.',
    },
    multiple: {
      message: 'zone `{{origin}}` has more than one SOA record; a zone has exactly one',
      fix: 'Keep one SOA record at `@` and delete the others.',
    },
    notAtApex: {
      message: 'SOA record at `{{owner}}`, which is not the zone apex `{{origin}}`',
      fix: 'Move the SOA to `@`; a child zone needs its own zone with NS records delegating to it here.',
    },
    serialRange: {
      message: 'SOA serial {{serial}} is outside 0..4294967295',
      fix: 'Use a serial from 0 to 4294967295, such as a date YYYYMMDDnn; to go back to a lower serial, follow RFC 1982 serial arithmetic and step through intermediate values.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      const origin = displayName(zone.origin);
      const atApex = recordsAt(zone, zone.origin, 'SOA');
      if (atApex.length === 0) report({ messageId: 'missing', path: [...zone.path, 'origin'], data: { origin } });
      for (const extra of atApex.slice(1)) {
        report({
          messageId: 'multiple',
          path: [...extra.path, 'type'],
          data: { origin },
          related: [{ path: [...atApex[0]!.path, 'type'], message: 'first SOA record' }],
        });
      }
      for (const record of recordsOfType(zone, 'SOA')) {
        if (record.type !== 'SOA' || !record.owner) continue;
        if (record.owner.text !== zone.origin.text) {
          report({ messageId: 'notAtApex', path: [...record.path, 'name'], data: { owner: displayName(record.owner), origin } });
        }
        const rdata = typedRdata(record.rdata);
        if (rdata?.type === 'SOA' && (rdata.serial < 0 || rdata.serial > MAX_SERIAL)) {
          report({ messageId: 'serialRange', path: [...record.path, 'value'], data: { serial: rdata.serial } });
        }
      }
    }
  },
});
