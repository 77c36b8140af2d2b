import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-duplicate-record', [
  {
    name: 'same owner and type with different data',
    text: zoneText(['{ name: www, type: A, value: 192.0.2.10 }', '{ name: www, type: A, value: 192.0.2.11 }', '{ name: www, type: TXT, value: 192.0.2.10 }']),
    expected: [],
  },
  {
    name: 'identical A records',
    text: zoneText(['{ name: www, type: A, value: 192.0.2.10 }', '{ name: www, type: A, value: 192.0.2.10 }']),
    expected: [{ messageId: 'duplicate', line: 10, data: { type: 'A', owner: 'www.example.com.' } }],
  },
  {
    name: 'duplicates in other spellings',
    text: zoneText([
      "{ name: '@', type: MX, value: 10 mail }",
      '{ name: Example.COM., type: MX, value: 10 MAIL.example.com. }',
      '{ name: v6, type: AAAA, value: 2001:db8:0:0::1 }',
      "{ name: v6, type: AAAA, value: '2001:DB8::1' }",
      '{ name: ns1, type: A, value: 192.0.2.1, ttl: 60 }',
    ]),
    expected: [
      { messageId: 'duplicate', line: 10, data: { type: 'MX' } },
      { messageId: 'duplicate', line: 12, data: { type: 'AAAA' } },
      { messageId: 'duplicate', line: 13 },
    ],
  },
  {
    name: 'Unicode and punycode owners',
    text: zoneText(['{ name: ööö, type: A, value: 192.0.2.4 }', '{ name: xn--ndaaa.example.com., type: A, value: 192.0.2.4 }']),
    expected: [{ messageId: 'duplicate', line: 10, data: { owner: 'ööö.example.com. (xn--ndaaa.example.com.)' } }],
  },
]);
