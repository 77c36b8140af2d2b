import { defineRule } from '../src/engine/rule.js';
import { indexZones, originText, recordIdentity } from '../src/dns/zone-index.js';
import type { ZoneIndex } from '../src/dns/zone-index.js';

function recordCounts(zone: ZoneIndex): Map<string, number> {
  const counts = new Map<string, number>();
  for (const record of zone.records) {
    const key = recordIdentity(record);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** Counts records of `before` that `after` no longer has. */
function deletedCount(before: ZoneIndex, after: ZoneIndex): number {
  const remaining = recordCounts(after);
  let deleted = 0;
  for (const [key, count] of recordCounts(before)) {
    deleted += Math.max(0, count - (remaining.get(key) ?? 0));
  }
  return deleted;
}

export default defineRule({
  id: 'dns-mass-deletion',
  domain: 'dns',
  description: 'Reports changes that delete a large share of a zone\'s records at once',
  severity: 'error',
  profile: 'recommended',
  requiresBase: true,
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        maxDeletedShare: { type: 'number', exclusiveMinimum: 0, maximum: 1, description: 'Largest share of a zone\'s records one change may delete.' },
        minRecords: { type: 'integer', minimum: 1, description: 'Zones with fewer records than this are not checked.' },
        acknowledged: { type: 'array', items: { type: 'string' }, description: 'Zone origins whose mass deletion is expected in this change.' },
      },
    },
    defaults: { maxDeletedShare: 0.3, minRecords: 10, acknowledged: [] as string[] },
  },
  messages: {
    massDeletion: {
      message: 'this change deletes {{deleted}} of {{total}} records ({{percent}}%) from zone {{origin}}, more than the {{limit}}% allowed',
      fix: 'Check that the deletion is intended (a truncated export or a bad merge looks the same); then acknowledge it with a `Driftgate-Allow: dns-mass-deletion` line in the commit message or list the zone under this rule\'s `acknowledged` option.',
    },
  },
  check({ data, base, options, report }) {
    if (!base) return;
    const baseZones = new Map(indexZones(base.data).map((zone) => [originText(zone), zone]));
    const acknowledged = new Set(options.acknowledged.map((origin) => origin.toLowerCase().replace(/\.?$/, '.')));
    for (const zone of indexZones(data)) {
      const origin = originText(zone);
      const old = baseZones.get(origin);
      if (!old || old.records.length < options.minRecords || acknowledged.has(origin)) continue;
      const deleted = deletedCount(old, zone);
      const share = deleted / old.records.length;
      if (share > options.maxDeletedShare) {
        report({
          messageId: 'massDeletion',
          path: [...zone.path, 'records'],
          target: 'key',
          data: { origin: zone.zone.origin, deleted, total: old.records.length, percent: Math.round(share * 100), limit: Math.round(options.maxDeletedShare * 100) },
        });
      }
    }
  },
});
