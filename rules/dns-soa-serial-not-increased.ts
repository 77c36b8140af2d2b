import { defineRule } from '../src/engine/rule.js';
import { indexZones, originText, recordIdentity } from '../src/dns/zone-index.js';
import type { ZoneIndex } from '../src/dns/zone-index.js';
import { serialIncreased } from '../src/gate/serial.js';

/** Returns the serial of the zone's SOA record, or undefined when it has none that parses. */
function soaSerial(zone: ZoneIndex): { serial: number; path: (string | number)[] } | undefined {
  const soa = zone.records.find((record) => record.type === 'SOA');
  const serial = Number(String(soa?.record.value ?? '').trim().split(/\s+/)[2]);
  return soa && Number.isInteger(serial) ? { serial, path: [...soa.path, 'value'] } : undefined;
}

/** Returns the zone's records other than the SOA, with their TTLs, in a canonical order. */
function contentOf(zone: ZoneIndex): string {
  return zone.records
    .filter((record) => record.type !== 'SOA')
    .map((record) => `${recordIdentity(record)} ${record.ttl ?? ''}`)
    .sort()
    .join('\n');
}

export default defineRule({
  id: 'dns-soa-serial-not-increased',
  domain: 'dns',
  description: 'Reports zones whose records changed while the SOA serial did not increase',
  severity: 'error',
  profile: 'recommended',
  requiresBase: true,
  messages: {
    notIncreased: {
      message: 'zone {{origin}} changed but its SOA serial {{after}} is not above the previous {{before}} (RFC 1982)',
      fix: 'Raise the serial, for example to {{suggestion}}; secondaries transfer the zone only when the serial increases.',
    },
  },
  check({ data, base, report }) {
    if (!base) return;
    const baseZones = new Map(indexZones(base.data).map((zone) => [originText(zone), zone]));
    for (const zone of indexZones(data)) {
      const old = baseZones.get(originText(zone));
      const before = old && soaSerial(old);
      const after = soaSerial(zone);
      if (!old || !before || !after) continue;
      if (contentOf(old) === contentOf(zone) && before.serial === after.serial) continue;
      if (!serialIncreased(before.serial, after.serial)) {
        report({
          messageId: 'notIncreased',
          path: after.path,
          data: { origin: zone.zone.origin, before: before.serial, after: after.serial, suggestion: (before.serial + 1) % 2 ** 32 },
        });
      }
    }
  },
});
