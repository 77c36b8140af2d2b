import { displayName } from '../src/dns/names.js';
import { checkableZones, delegationAbove, firstRecordAt, hasAnswer, hostTargets, isInZone, nameExists, occludingDname } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-target-without-address',
  domain: 'dns',
  description: 'Reports in-zone NS, MX and SRV targets without an address, and CNAME targets that do not exist',
  severity: 'error',
  profile: 'recommended',
  messages: {
    noAddress: {
      message: '{{type}} target `{{target}}` is in this zone but has no A or AAAA record',
      fix: 'Add an A and/or AAAA record for `{{target}}`, or point the {{type}} record at a host that has one.',
    },
    notFound: {
      message: '{{type}} target `{{target}}` is in this zone but has no records at all',
      fix: 'Add records for `{{target}}`, or correct the target name (a relative name gets the origin appended; end an outside name with `.`).',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      // A CNAME may point at any record type, but a name of this zone without records gives
      // every client NXDOMAIN, most often because a relative target got the origin appended.
      for (const { record, target } of hostTargets(zone, ['CNAME'])) {
        if (!isInZone(zone, target) || delegationAbove(zone, target)) continue;
        if (occludingDname(zone, record.owner) || occludingDname(zone, target)) continue;
        if (nameExists(zone, target)) continue;
        // A warning: the zone is valid (named-checkzone loads it), only the name does not resolve.
        report({ messageId: 'notFound', severity: 'warning', path: [...record.path, 'value'], data: { type: record.type, target: displayName(target) } });
      }
      for (const { record, target } of hostTargets(zone)) {
        // Names below a delegation belong to the child zone; dns-missing-glue judges NS targets there.
        if (!isInZone(zone, target) || delegationAbove(zone, target)) continue;
        // Names below a DNAME are never served from this zone (RFC 6672 §2.4), so neither the
        // record nor its target needs an address here.
        if (occludingDname(zone, record.owner) || occludingDname(zone, target)) continue;
        // A CNAME target is reported by dns-target-is-cname.
        if (firstRecordAt(zone, target, 'CNAME')) continue;
        if (hasAnswer(zone, target, 'A') || hasAnswer(zone, target, 'AAAA')) continue;
        report({
          messageId: nameExists(zone, target) ? 'noAddress' : 'notFound',
          path: [...record.path, 'value'],
          data: { type: record.type, target: displayName(target) },
        });
      }
    }
  },
});
