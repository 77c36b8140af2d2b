import { indexZones } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-malformed-rdata',
  domain: 'dns',
  description: 'Reports records whose RDATA, owner name, type or zone origin does not parse',
  severity: 'error',
  profile: 'recommended',
  messages: {
    invalidRdata: {
      message: '{{type}} data `{{value}}` does not parse: {{reason}}',
      fix: 'Write the {{type}} data in zone-file presentation format; the {{field}} field is the one to correct.',
    },
    unknownType: {
      message: '`{{type}}` is not a known record type',
      fix: 'Write a registered type mnemonic such as A, AAAA, CNAME, MX, TXT or SRV, or `TYPEnnn` with the `\\# length hex` data form (RFC 3597).',
    },
    invalidOwner: {
      message: 'owner name `{{name}}` does not parse: {{reason}}',
      fix: 'Write the owner as `@`, a name relative to the origin, or an absolute name ending in `.`; escape special characters as `\\DDD`.',
    },
    invalidOrigin: {
      message: 'zone origin `{{origin}}` does not parse: {{reason}}',
      fix: 'Write the origin as a domain name such as `example.com.`; records of this zone are not checked until it parses.',
    },
  },
  check({ data, report }) {
    for (const zone of indexZones(data)) {
      if (zone.originProblem) {
        report({ messageId: 'invalidOrigin', path: [...zone.path, 'origin'], data: { origin: zone.zone.origin, reason: zone.originProblem.message } });
        continue;
      }
      for (const record of zone.records) {
        if (record.ownerProblem) {
          report({ messageId: 'invalidOwner', path: [...record.path, 'name'], data: { name: record.record.name, reason: record.ownerProblem.message } });
        }
        if (record.rdata.ok) continue;
        const { field, message } = record.rdata.problem;
        if (field === 'type') {
          report({ messageId: 'unknownType', path: [...record.path, 'type'], data: { type: record.record.type } });
          continue;
        }
        const value = String(record.record.value);
        report({
          messageId: 'invalidRdata',
          path: [...record.path, 'value'],
          data: { type: record.type, value: value.length > 60 ? `${value.slice(0, 57)}...` : value, reason: message, field },
        });
      }
    }
  },
});
