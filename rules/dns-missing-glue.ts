import { displayName, isAtOrBelow } from '../src/dns/names.js';
import { checkableZones, firstRecordAt, hostTargets } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-missing-glue',
  domain: 'dns',
  description: 'Reports delegations to name servers inside the delegated zone that have no glue',
  severity: 'error',
  profile: 'recommended',
  messages: {
    missing: {
      message: '`{{child}}` is delegated to `{{target}}`, which lies inside the child zone and has no glue A or AAAA record here',
      fix: 'Add A and/or AAAA records for `{{target}}` in this zone (glue), matching the addresses of that name server.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const { record, target } of hostTargets(zone, ['NS'])) {
        const child = zone.delegations.get(record.owner.text);
        // RFC 1034 §4.2.1: a resolver can only reach a server named inside the cut through glue.
        if (!child || !isAtOrBelow(target, child)) continue;
        if (firstRecordAt(zone, target, 'A') || firstRecordAt(zone, target, 'AAAA')) continue;
        report({ messageId: 'missing', path: [...record.path, 'value'], data: { child: displayName(child), target: displayName(target) } });
      }
    }
  },
});
