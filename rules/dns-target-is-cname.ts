import { displayName } from '../src/dns/names.js';
import { checkableZones, firstRecordAt, hostTargets, isInZone } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-target-is-cname',
  domain: 'dns',
  description: 'Reports NS, MX and SRV targets that are CNAME aliases in the same zone',
  severity: 'error',
  profile: 'recommended',
  messages: {
    alias: {
      message: '{{type}} target `{{target}}` is a CNAME; {{type}} records must name a host with its own address records',
      fix: 'Point the {{type}} record at the canonical name `{{canonical}}`, or replace the CNAME at `{{target}}` with A and AAAA records.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const { record, target } of hostTargets(zone)) {
        if (!isInZone(zone, target)) continue;
        const cname = firstRecordAt(zone, target, 'CNAME');
        if (!cname) continue;
        const canonical = cname.rdata.ok && 'target' in cname.rdata.rdata ? displayName(cname.rdata.rdata.target) : 'its target';
        report({
          messageId: 'alias',
          path: [...record.path, 'value'],
          // BIND 9.18 refuses to load a zone with an NS alias but only warns for MX and SRV
          // (check-mx-cname and check-srv-cname default to warn in named.conf).
          severity: record.type === 'NS' ? 'error' : 'warning',
          data: { type: record.type, target: displayName(target), canonical },
          related: [{ path: [...cname.path, 'type'], message: `CNAME at ${displayName(target)}` }],
        });
      }
    }
  },
});
