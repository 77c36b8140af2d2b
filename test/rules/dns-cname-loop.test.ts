import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-cname-loop', [
  {
    name: 'chains that end',
    text: zoneText([
      '{ name: www, type: CNAME, value: web }',
      '{ name: web, type: CNAME, value: lb.example.net. }',
      '{ name: api, type: CNAME, value: www }',
      '{ name: docs, type: CNAME, value: missing }',
    ]),
    expected: [],
  },
  {
    name: 'CNAME to itself',
    text: zoneText(['{ name: www, type: CNAME, value: www }']),
    expected: [{ messageId: 'selfLoop', line: 9, data: { owner: 'www.example.com.' } }],
  },
  {
    name: 'two-name loop',
    text: zoneText(['{ name: a, type: CNAME, value: b }', '{ name: b, type: CNAME, value: A.example.com. }']),
    expected: [
      { messageId: 'loop', line: 9, data: { chain: 'a.example.com. -> b.example.com. -> a.example.com.' } },
      { messageId: 'loop', line: 10, data: { chain: 'b.example.com. -> a.example.com. -> b.example.com.' } },
    ],
  },
  {
    name: 'chain into a loop elsewhere',
    // `entry` is not part of the loop, so only the two names of the loop are reported.
    text: zoneText([
      '{ name: entry, type: CNAME, value: a }',
      '{ name: a, type: CNAME, value: b }',
      '{ name: b, type: CNAME, value: a }',
    ]),
    expected: [
      { messageId: 'loop', line: 10 },
      { messageId: 'loop', line: 11 },
    ],
  },
]);
