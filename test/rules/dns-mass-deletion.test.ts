import { ruleCases } from '../helpers/rule-tester.js';

const zone = (hosts: number): string => `kind: dns
zones:
  - origin: example.com.
    records:
      - { name: "@", type: SOA, value: "ns1.example.com. hostmaster.example.com. 1 7200 3600 1209600 300" }
      - { name: "@", type: NS, value: ns1.example.com. }
${Array.from({ length: hosts }, (_, index) => `      - { name: host${index}, type: A, value: 192.0.2.${index + 1} }`).join('\n')}
`;

ruleCases('dns-mass-deletion', [
  { name: 'a few hosts removed', base: zone(18), text: zone(14), expected: [] },
  {
    name: 'half the zone removed',
    base: zone(18),
    text: zone(8),
    expected: [{ messageId: 'massDeletion', line: 4, data: { deleted: 10, total: 20, percent: 50, limit: 30 } }],
  },
  { name: 'small zone is not checked', base: zone(6), text: zone(1), expected: [] },
  { name: 'acknowledged zone', base: zone(18), text: zone(2), options: { acknowledged: ['example.com'] }, expected: [] },
  {
    name: 'stricter share',
    base: zone(18),
    text: zone(15),
    options: { maxDeletedShare: 0.1 },
    expected: [{ messageId: 'massDeletion', line: 4, data: { deleted: 3, percent: 15 } }],
  },
]);
