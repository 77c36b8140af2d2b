import { isIP, isIPv4, isIPv6 } from 'node:net';

import { displayName, isBelow } from '../src/dns/names.js';
import type { DomainName } from '../src/dns/names.js';
import { typedRdata } from '../src/dns/rdata.js';
import { checkableZones, recordsOfType } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

export default defineRule({
  id: 'dns-ns-target-is-address',
  domain: 'dns',
  description: 'Reports NS records whose target is written as an IP address instead of a host name',
  severity: 'warning',
  profile: 'recommended',
  messages: {
    address: {
      message: 'NS target `{{value}}` is an IP address, but NS data is a host name; it is read as the name `{{name}}`',
      fix: 'Write the name server\'s host name, such as `ns1.example.com.`, and give that name an A or AAAA record with {{value}}.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of recordsOfType(zone, 'NS')) {
        const rdata = record.inZone ? typedRdata(record.rdata) : undefined;
        if (rdata?.type !== 'NS') continue;
        const value = addressWritten(String(record.record.value), rdata.target, zone.origin);
        if (value === undefined) continue;
        report({ messageId: 'address', path: [...record.path, 'value'], data: { value, name: displayName(rdata.target) } });
      }
    }
  },
});

/**
 * Returns the address an NS value was written as, or undefined. Native zone files reach the
 * rule with relative names already completed, so `127.0.0.1` arrives as `127.0.0.1.example.`:
 * an address followed by exactly the origin counts as written relative too.
 */
function addressWritten(value: string, target: DomainName, origin: DomainName): string | undefined {
  const text = value.trim().replace(/\.$/, '');
  if (isIP(text) !== 0) return text;
  if (!isBelow(target, origin)) return undefined;
  const relative = target.labels.slice(0, target.labels.length - origin.labels.length);
  const joined = relative.join('.');
  if ((relative.length === 4 && isIPv4(joined)) || (relative.length === 1 && isIPv6(joined))) return joined;
  return undefined;
}
