import { bareZoneText, zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-soa-problem', [
  {
    name: 'one SOA at the apex',
    text: zoneText([]),
    expected: [],
  },
  {
    name: 'serial above 2^31 but within 32 bits',
    // 3003113544 exceeds 2^31 but fits the unsigned 32-bit serial.
    text: bareZoneText(["{ name: '@', type: SOA, value: ns hostmaster 3003113544 3600 1200 604800 3600 }", "{ name: '@', type: NS, value: ns }"]),
    expected: [],
  },
  {
    name: 'zone without SOA',
    text: bareZoneText(["{ name: '@', type: NS, value: ns1.example.net. }"]),
    expected: [{ messageId: 'missing', line: 3, data: { origin: 'example.' } }],
  },
  {
    name: 'second SOA and SOA off the apex',
    text: zoneText([
      "{ name: '@', type: SOA, value: ns2 hostmaster 2024010102 7200 3600 1209600 3600 }",
      '{ name: sub, type: SOA, value: ns1 hostmaster 1 7200 3600 1209600 3600 }',
    ]),
    expected: [
      { messageId: 'multiple', line: 9 },
      { messageId: 'notAtApex', line: 10, data: { owner: 'sub.example.com.' } },
    ],
  },
  {
    name: 'serial out of range',
    text: bareZoneText(["{ name: '@', type: SOA, value: ns hostmaster 4294967296 3600 1200 604800 3600 }", "{ name: '@', type: NS, value: ns.example.net. }"]),
    expected: [{ messageId: 'serialRange', line: 6, data: { serial: 4294967296 } }],
  },
  {
    name: 'negative serial',
    text: bareZoneText(["{ name: '@', type: SOA, value: ns hostmaster -1 3600 1200 604800 3600 }", "{ name: '@', type: NS, value: ns.example.net. }"]),
    expected: [{ messageId: 'serialRange', line: 6 }],
  },
]);
