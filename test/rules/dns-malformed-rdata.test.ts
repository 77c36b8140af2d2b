import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-malformed-rdata', [
  {
    name: 'well-formed records of many types',
    // CAA values quoted and unquoted, and the critical flag 128, are all valid (RFC 8659 §4.1).
    text: zoneText([
      '{ name: www, type: AAAA, value: 2001:db8::80 }',
      "{ name: '@', type: CAA, value: 0 issue ca.example.net }",
      "{ name: '@', type: CAA, value: '0 iodef \"mailto:security@example.com\"' }",
      "{ name: '@', type: CAA, value: '128 issuewild \"ca.example.net\"' }",
      "{ name: '@', type: CAA, value: '0 issue \"ca.example.net; policy=ev\"' }",
      '{ name: _443._tcp.www, type: TLSA, value: 3 1 1 FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C }',
      "{ name: '@', type: HTTPS, value: '1 . alpn=h2,h3 ipv4hint=192.0.2.80' }",
      "{ name: ööö, type: A, value: 192.0.2.4 }",
      '{ name: raw, type: TYPE65280, value: \\# 2 abcd }',
    ]),
    expected: [],
  },
  {
    name: 'whole CAA RDATA in one pair of quotes',
    // The flags field reads `"0`, which is not a number.
    text: zoneText(["{ name: '@', type: CAA, value: '\"0 iodef mailto:root@example.com\"' }"]),
    expected: [{ messageId: 'invalidRdata', line: 9, data: { field: 'flags', type: 'CAA' } }],
  },
  {
    name: 'extra text after an address',
    text: zoneText(['{ name: www, type: A, value: 192.0.2.80 extra text }']),
    expected: [{ messageId: 'invalidRdata', line: 9, data: { field: 'rdata' } }],
  },
  {
    name: 'MX without preference and bad DS digest',
    text: zoneText(["{ name: '@', type: MX, value: mail.example.net. }", '{ name: sub, type: DS, value: 1 13 2 abcd }']),
    expected: [
      { messageId: 'invalidRdata', line: 9, data: { field: 'preference' } },
      { messageId: 'invalidRdata', line: 10, data: { field: 'digest' } },
    ],
  },
  {
    name: 'unknown type and invalid IDN owner',
    text: zoneText(['{ name: www, type: CNAMEX, value: web }', '{ name: xn--garbage, type: A, value: 192.0.2.1 }']),
    expected: [
      { messageId: 'unknownType', line: 9, data: { type: 'CNAMEX' } },
      { messageId: 'invalidOwner', line: 10 },
    ],
  },
  {
    name: 'origin with an empty label',
    text: 'kind: dns\nzones:\n  - origin: example..com\n    records:\n      - { name: www, type: A, value: 192.0.2.1 }\n',
    expected: [{ messageId: 'invalidOrigin', line: 3 }],
  },
]);
