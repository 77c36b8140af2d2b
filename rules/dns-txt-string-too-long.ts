import { displayName } from '../src/dns/names.js';
import { checkableZones, recordsOfType, usable } from '../src/dns/zone-index.js';
import type { ZoneIndex } from '../src/dns/zone-index.js';
import { defineRule } from '../src/engine/rule.js';

/** RFC 1035 §3.3: a character-string is one length octet and at most 255 octets of data. */
const MAX_STRING_OCTETS = 255;

export default defineRule({
  id: 'dns-txt-string-too-long',
  domain: 'dns',
  description: 'Reports TXT and SPF character-strings longer than 255 octets',
  severity: 'error',
  profile: 'recommended',
  messages: {
    tooLong: {
      message: '{{type}} string {{index}} at `{{owner}}` is {{octets}} octets; the maximum for one character-string is 255',
      fix: 'Split the value into several quoted strings of at most 255 octets, such as `"first part" "second part"`; DKIM and SPF join them without spaces.',
    },
  },
  check({ data, report }) {
    for (const zone of checkableZones(data)) {
      for (const record of textRecords(zone)) {
        if (!usable(record)) continue;
        const rdata = record.rdata.rdata;
        if (!('strings' in rdata)) continue;
        rdata.strings.forEach((string, position) => {
          if (string.length <= MAX_STRING_OCTETS) return;
          report({
            messageId: 'tooLong',
            path: [...record.path, 'value'],
            data: { type: record.type, index: position + 1, owner: displayName(record.owner), octets: string.length },
          });
        });
      }
    }
  },
});

/** Returns the TXT and SPF records of a zone, the types whose RDATA is character-strings, in zone order. */
function textRecords(zone: ZoneIndex) {
  const txt = recordsOfType(zone, 'TXT');
  const spf = recordsOfType(zone, 'SPF');
  return spf.length === 0 ? txt : [...txt, ...spf].sort((left, right) => left.position - right.position);
}
