import { defineRule } from '../src/engine/rule.js';
import { serialIncreased } from '../src/gate/serial.js';
import type { ResourceRecord, Zone } from '../src/types/dns.js';

/** Returns the serial of the zone's SOA record, or undefined when it has none that parses. */
function soaSerial(zone: Zone): { serial: number; index: number } | undefined {
  const index = zone.records.findIndex((record) => record.type.toUpperCase() === 'SOA');
  const serial = Number(String(zone.records[index]?.value ?? '').trim().split(/\s+/)[2]);
  return index === -1 || !Number.isInteger(serial) ? undefined : { serial, index };
}

/** Returns the zone's records other than the SOA, in a canonical order, for comparison. */
function contentOf(zone: Zone): string {
  const text = (record: ResourceRecord): string =>
    [record.name.toLowerCase(), record.type.toUpperCase(), record.ttl ?? zone.ttl ?? '', String(record.value).replace(/\s+/g, ' ').trim()].join(' ');
  return zone.records
    .filter((record) => record.type.toUpperCase() !== 'SOA')
    .map(text)
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
    const baseZones = new Map((base?.data.zones ?? []).map((zone) => [zone.origin.toLowerCase(), zone]));
    data.zones.forEach((zone, zoneIndex) => {
      const old = baseZones.get(zone.origin.toLowerCase());
      const before = old && soaSerial(old);
      const after = soaSerial(zone);
      if (!old || !before || !after || (contentOf(old) === contentOf(zone) && before.serial === after.serial)) return;
      if (!serialIncreased(before.serial, after.serial)) {
        report({
          messageId: 'notIncreased',
          path: ['zones', zoneIndex, 'records', after.index, 'value'],
          data: { origin: zone.origin, before: before.serial, after: after.serial, suggestion: (before.serial + 1) % 2 ** 32 },
        });
      }
    });
  },
});
