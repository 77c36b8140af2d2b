import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-out-of-zone-data', [
  {
    name: 'relative, absolute and apex owners in the zone',
    text: zoneText(['{ name: www, type: A, value: 192.0.2.10 }', '{ name: WWW2.Example.COM., type: A, value: 192.0.2.11 }']),
    expected: [],
  },
  {
    name: 'absolute owner outside the zone',
    text: zoneText(['{ name: www., type: A, value: 192.0.2.10 }', '{ name: www.example.net., type: A, value: 192.0.2.11 }']),
    expected: [
      { messageId: 'outside', line: 9, data: { owner: 'www.', suggestion: 'www.example.com.' } },
      { messageId: 'outside', line: 10, data: { owner: 'www.example.net.' } },
    ],
  },
  {
    name: 'name that only ends like the origin',
    text: zoneText(['{ name: badexample.com., type: A, value: 192.0.2.10 }']),
    expected: [{ messageId: 'outside', line: 9 }],
  },
]);
