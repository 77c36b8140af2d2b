import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-cname-and-other-data', [
  {
    name: 'CNAME alone and signed CNAME',
    text: zoneText([
      "{ name: www, type: CNAME, value: web.example.net. }",
      "{ name: www, type: RRSIG, value: CNAME 13 3 3600 20270101000000 20261201000000 12345 example.com. ZmFrZQ== }",
      "{ name: www, type: NSEC, value: zz.example.com. CNAME RRSIG NSEC }",
    ]),
    expected: [],
  },
  {
    name: 'A then CNAME at one owner',
    // named-checkzone 9.18 rejects these records with "CNAME and other data" at the second one.
    text: zoneText(['{ name: bad, type: A, value: 192.0.2.1 }', "{ name: bad, type: CNAME, value: '@' }"]),
    expected: [{ messageId: 'otherData', line: 10, data: { owner: 'bad.example.com.', types: 'A' } }],
  },
  {
    name: 'CNAME then MX and TXT',
    text: zoneText([
      '{ name: Shop, type: CNAME, value: shop.example.net. }',
      '{ name: shop, type: MX, value: 10 mail.example.net. }',
      '{ name: shop, type: TXT, value: v=spf1 -all }',
    ]),
    expected: [{ messageId: 'otherData', line: 10, data: { types: 'MX, TXT' } }],
  },
  {
    name: 'two CNAME targets',
    text: zoneText(['{ name: cdn, type: CNAME, value: a.example.net. }', '{ name: cdn, type: CNAME, value: b.example.net. }']),
    expected: [{ messageId: 'multipleCname', line: 10 }],
  },
  {
    name: 'apex CNAME left to the apex rule',
    text: zoneText(["{ name: '@', type: CNAME, value: web.example.net. }"]),
    expected: [],
  },
]);
