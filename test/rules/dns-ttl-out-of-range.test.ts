import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-ttl-out-of-range', [
  {
    name: 'TTLs within the defaults',
    text: zoneText(['{ name: www, ttl: 60, type: A, value: 192.0.2.1 }', '{ name: www2, ttl: 1w, type: A, value: 192.0.2.2 }', '{ name: www3, ttl: 1h30m, type: A, value: 192.0.2.3 }']),
    expected: [],
  },
  {
    name: 'TTL zero and above a week',
    text: zoneText(['{ name: www, ttl: 0, type: A, value: 192.0.2.1 }', '{ name: www2, ttl: 8d, type: A, value: 192.0.2.2 }']),
    expected: [
      { messageId: 'belowMinimum', line: 9, data: { seconds: 0, limit: 60 } },
      { messageId: 'aboveMaximum', line: 10, data: { seconds: 691200, limit: 604800 } },
    ],
  },
  {
    name: 'zone default reported once',
    text: 'kind: dns\nzones:\n  - origin: example.com.\n    ttl: 30d\n    records:\n      - { name: a, type: A, value: 192.0.2.1 }\n      - { name: b, type: A, value: 192.0.2.2 }\n',
    expected: [{ messageId: 'aboveMaximum', line: 4 }],
  },
  {
    name: 'TTL above the RFC 2181 limit',
    text: zoneText(['{ name: www, ttl: 4000w, type: A, value: 192.0.2.1 }']),
    expected: [{ messageId: 'invalid', line: 9 }],
  },
  {
    name: 'options change the limits',
    options: { minTtl: 0, maxTtl: 86400 },
    text: zoneText(['{ name: www, ttl: 0, type: A, value: 192.0.2.1 }', '{ name: www2, ttl: 2d, type: A, value: 192.0.2.2 }']),
    expected: [{ messageId: 'aboveMaximum', line: 10, data: { limit: 86400 } }],
  },
]);
