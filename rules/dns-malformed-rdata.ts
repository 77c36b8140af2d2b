import { base32HexOctets, typedRdata } from '../src/dns/rdata.js';
import { indexZones } from '../src/dns/zone-index.js';
import type { IndexedRecord } from '../src/dns/zone-index.js';
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
    invalidNsec3Owner: {
      message: 'NSEC3 owner `{{name}}` does not start with a hashed owner name: {{reason}}',
      fix: 'Write the first label of an NSEC3 owner as the base32hex hash without `=` padding (RFC 5155 §3.3), as the signer outputs it; re-sign the zone rather than editing NSEC3 records by hand.',
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
        const nsec3OwnerReason = nsec3OwnerProblem(record);
        if (nsec3OwnerReason) {
          report({ messageId: 'invalidNsec3Owner', path: [...record.path, 'name'], data: { name: record.owner?.text ?? '', reason: nsec3OwnerReason } });
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

/** Returns why an NSEC3 record's owner label is not a hash in base32hex (RFC 5155 §3.3), if it is not. */
function nsec3OwnerProblem(record: IndexedRecord): string | undefined {
  if (record.type !== 'NSEC3' || !record.owner) return undefined;
  const label = record.owner.labels[0] ?? '';
  const octets = base32HexOctets(label);
  if (octets === undefined) return `\`${label}\` is not base32hex without padding (digits 0-9 and letters A-V, no \`=\`)`;
  const rdata = typedRdata(record.rdata);
  // RFC 5155 §11: hash algorithm 1 is SHA-1, whose hashes are 20 octets (32 base32hex digits).
  if (rdata?.type === 'NSEC3' && rdata.hashAlgorithm === 1 && octets !== 20) return `the hash is ${octets} octets long; a SHA-1 hash (algorithm 1) is 20`;
  return undefined;
}
