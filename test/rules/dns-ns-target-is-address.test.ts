import { bareZoneText, zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-ns-target-is-address', [
  {
    name: 'host-name targets',
    text: zoneText(['{ name: sub, type: NS, value: ns1.example.net. }', '{ name: sub2, type: NS, value: 1ns.example.net. }']),
    expected: [],
  },
  {
    name: 'IPv4 address as NS target',
    // named-checkzone 9.18 warns "NS record '127.0.0.1' appears to be an address" here.
    text: bareZoneText([
      "{ name: '@', type: SOA, value: ns hostmaster 1 3600 1200 604800 3600 }",
      "{ name: '@', type: NS, value: 127.0.0.1 }",
      '{ name: 127.0.0.1, type: A, value: 127.0.0.1 }',
    ]),
    expected: [{ messageId: 'address', line: 7, data: { value: '127.0.0.1', name: '127.0.0.1.example.' } }],
  },
  {
    name: 'absolute IPv4 and IPv6 targets',
    text: zoneText(['{ name: sub, type: NS, value: 192.0.2.53. }', "{ name: sub, type: NS, value: '2001:db8::53' }"]),
    expected: [
      { messageId: 'address', line: 9, data: { value: '192.0.2.53' } },
      { messageId: 'address', line: 10 },
    ],
  },
]);
