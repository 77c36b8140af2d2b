import { ruleCases } from '../helpers/rule-tester.js';

const zone = (serial: number, wwwAddress = '192.0.2.80'): string => `kind: dns
zones:
  - origin: example.com.
    ttl: 3600
    records:
      - { name: "@", type: SOA, value: "ns1.example.com. hostmaster.example.com. ${serial} 7200 3600 1209600 300" }
      - { name: "@", type: NS, value: ns1.example.com. }
      - { name: ns1, type: A, value: 192.0.2.53 }
      - { name: www, type: A, value: ${wwwAddress} }
`;

ruleCases('dns-soa-serial-not-increased', [
  { name: 'records changed and serial raised', base: zone(2026120401), text: zone(2026120402, '192.0.2.81'), expected: [] },
  { name: 'nothing changed', base: zone(2026120401), text: zone(2026120401), expected: [] },
  {
    name: 'records changed, serial kept',
    base: zone(2026120401),
    text: zone(2026120401, '192.0.2.81'),
    expected: [{ messageId: 'notIncreased', line: 6, data: { before: 2026120401, after: 2026120401, suggestion: 2026120402 } }],
  },
  {
    name: 'serial lowered',
    base: zone(2026120401),
    text: zone(2026113001, '192.0.2.81'),
    expected: [{ messageId: 'notIncreased', line: 6 }],
  },
  { name: 'serial wraps around past 2^32', base: zone(4294967290), text: zone(5, '192.0.2.81'), expected: [] },
  {
    name: 'jump of 2^31 or more is not an increase',
    base: zone(10),
    text: zone(2147483658, '192.0.2.81'),
    expected: [{ messageId: 'notIncreased', line: 6 }],
  },
]);
