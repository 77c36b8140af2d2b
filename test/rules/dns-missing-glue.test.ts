import { bareZoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

const apex = [
  "{ name: '@', ttl: 30, type: SOA, value: ns1 hostmaster 2017052201 3600 600 604800 30 }",
  "{ name: '@', ttl: 7200, type: NS, value: ns1 }",
  '{ name: ns1, ttl: 3600, type: AAAA, value: 2001:db8::53 }',
];

ruleCases('dns-missing-glue', [
  {
    name: 'delegation with A and AAAA glue',
    // named-checkzone 9.18 prints "has no REQUIRED GLUE" for this delegation without the glue.
    text: bareZoneText([
      ...apex,
      '{ name: child, ttl: 3600, type: NS, value: ns1.child }',
      '{ name: ns1.child, ttl: 300, type: AAAA, value: 2001:db8::1 }',
      '{ name: ns1.child, ttl: 300, type: A, value: 192.0.2.5 }',
    ]),
    expected: [],
  },
  {
    name: 'delegation to servers outside the child',
    text: bareZoneText([...apex, '{ name: child, type: NS, value: ns1 }', '{ name: child, type: NS, value: ns.example.net. }']),
    expected: [],
  },
  {
    name: 'in-bailiwick server without glue',
    text: bareZoneText([...apex, '{ name: child, ttl: 3600, type: NS, value: ns1.child }']),
    expected: [{ messageId: 'missing', line: 9, data: { child: 'child.example.', target: 'ns1.child.example.' } }],
  },
  {
    name: 'one of two servers lacks glue',
    text: bareZoneText([
      ...apex,
      '{ name: Sub, type: NS, value: a.ns.sub.example. }',
      '{ name: sub, type: NS, value: b.ns.sub }',
      '{ name: a.ns.sub, type: A, value: 192.0.2.7 }',
    ]),
    expected: [{ messageId: 'missing', line: 10, data: { target: 'b.ns.sub.example.' } }],
  },
  {
    name: 'server named as the cut itself',
    text: bareZoneText([...apex, '{ name: child, type: NS, value: child }']),
    expected: [{ messageId: 'missing', line: 9 }],
  },
]);
