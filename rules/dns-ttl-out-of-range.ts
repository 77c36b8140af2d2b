import { formatTtl } from '../src/dns/ttl.js';
import { indexZones } from '../src/dns/zone-index.js';
import type { TtlResult } from '../src/dns/ttl.js';
import type { DataPath } from '../src/model.js';
import { defineRule } from '../src/engine/rule.js';
import type { ReportInput } from '../src/engine/rule.js';

/** Options of dns-ttl-out-of-range, in seconds. */
interface TtlOptions {
  minTtl: number;
  maxTtl: number;
}

export default defineRule<'dns', TtlOptions>({
  id: 'dns-ttl-out-of-range',
  domain: 'dns',
  description: 'Reports TTLs below minTtl or above maxTtl, and TTLs above the 2^31-1 limit',
  severity: 'warning',
  profile: 'strict',
  messages: {
    belowMinimum: {
      message: 'TTL {{ttl}} ({{seconds}} s) is below the minimum of {{limit}} s',
      fix: 'Raise the TTL to at least {{limit}} seconds, or lower `minTtl` for this rule in driftgate.yaml if such short caching is intended.',
    },
    aboveMaximum: {
      message: 'TTL {{ttl}} ({{seconds}} s) is above the maximum of {{limit}} s ({{limitText}})',
      fix: 'Lower the TTL to {{limit}} seconds or less, so that a change reaches resolvers in reasonable time.',
    },
    invalid: {
      message: 'TTL {{ttl}} is not usable: {{reason}}',
      fix: 'Write a TTL from 0 to 2147483647 seconds, such as `3600` or `1h`.',
    },
  },
  options: {
    schema: {
      type: 'object',
      additionalProperties: false,
      properties: {
        minTtl: { type: 'integer', minimum: 0, maximum: 2147483647, description: 'Smallest TTL accepted, in seconds.' },
        maxTtl: { type: 'integer', minimum: 0, maximum: 2147483647, description: 'Largest TTL accepted, in seconds.' },
      },
    },
    defaults: { minTtl: 60, maxTtl: 604800 },
  },
  check({ data, options, report }) {
    for (const zone of indexZones(data)) {
      // A default TTL is reported once, at the zone, not again at every record that inherits it.
      if (zone.zone.ttl !== undefined && zone.defaultTtl) {
        judge(zone.zone.ttl, zone.defaultTtl, [...zone.path, 'ttl'], options, report);
      }
      for (const record of zone.records) {
        // Most records pass, so their data path and message data are built only for a finding.
        if (record.record.ttl !== undefined && record.ttlResult && !withinLimits(record.ttlResult, options)) {
          judge(record.record.ttl, record.ttlResult, [...record.path, 'ttl'], options, report);
        }
      }
    }
  },
});

function withinLimits(result: TtlResult, options: TtlOptions): boolean {
  return result.ok && result.seconds >= options.minTtl && result.seconds <= options.maxTtl;
}

function judge(written: number | string, result: TtlResult, path: DataPath, options: TtlOptions, report: (input: ReportInput) => void): void {
  const ttl = typeof written === 'number' ? String(written) : `\`${written}\``;
  if (!result.ok) {
    report({ messageId: 'invalid', path, data: { ttl, reason: result.message } });
  } else if (result.seconds < options.minTtl) {
    report({ messageId: 'belowMinimum', path, data: { ttl, seconds: result.seconds, limit: options.minTtl } });
  } else if (result.seconds > options.maxTtl) {
    report({ messageId: 'aboveMaximum', path, data: { ttl, seconds: result.seconds, limit: options.maxTtl, limitText: formatTtl(options.maxTtl) } });
  }
}
