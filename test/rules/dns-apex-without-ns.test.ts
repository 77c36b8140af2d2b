import { bareZoneText, zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-apex-without-ns', [
  {
    name: 'apex with NS',
    text: zoneText([]),
    expected: [],
  },
  {
    name: 'NS only below the apex',
    text: bareZoneText(["{ name: '@', type: SOA, value: ns hostmaster 1 3600 1200 604800 3600 }", '{ name: sub, type: NS, value: ns.example.net. }']),
    expected: [{ messageId: 'missing', line: 3, data: { origin: 'example.' } }],
  },
  {
    name: 'empty zone',
    text: 'kind: dns\nzones:\n  - origin: example.org\n    records: []\n',
    expected: [{ messageId: 'missing', line: 3, data: { origin: 'example.org.' } }],
  },
]);
