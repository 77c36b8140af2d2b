import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-cname-at-apex', [
  {
    name: 'CNAME below the apex',
    text: zoneText(['{ name: www, type: CNAME, value: example.com. }']),
    expected: [],
  },
  {
    name: 'CNAME at @ pointing at itself',
    // named-checkzone 9.18 rejects a CNAME at the apex with "CNAME and other data".
    text: zoneText(["{ name: '@', type: CNAME, value: '@' }"]),
    expected: [{ messageId: 'apex', line: 9, data: { origin: 'example.com.' } }],
  },
  {
    name: 'CNAME at the absolute apex name',
    text: zoneText(['{ name: EXAMPLE.com., type: CNAME, value: web.example.net. }']),
    expected: [{ messageId: 'apex', line: 9 }],
  },
]);
