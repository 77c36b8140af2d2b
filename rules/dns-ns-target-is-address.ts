import { isIP } from 'node:net';

import { displayName } from '../src/dns/names.js';
import { typedRdata } from '../src/dns/rdata.js';
import { checkableZones } from '../src/dns/zone-index.js';
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
      for (const record of zone.records) {
        const rdata = record.inZone ? typedRdata(record.rdata) : undefined;
        if (rdata?.type !== 'NS') continue;
        const value = String(record.record.value).trim().replace(/\.$/, '');
        if (isIP(value) === 0) continue;
        report({ messageId: 'address', path: [...record.path, 'value'], data: { value, name: displayName(rdata.target) } });
      }
    }
  },
});
