import { bareZoneText, zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

const digest = 'FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C';
const apex = ["{ name: example., ttl: 0, type: SOA, value: . . 0 0 0 0 0 }", "{ name: example., ttl: 0, type: NS, value: . }"];

ruleCases('dns-ds-placement', [
  {
    name: 'DS beside the NS of a delegation',
    text: zoneText(['{ name: child, type: NS, value: ns.example.net. }', `{ name: child, type: DS, value: 14364 10 2 ${digest} }`]),
    expected: [],
  },
  {
    name: 'DS at the apex',
    // named-checkzone 9.18 rejects this zone with "DS record at top of zone".
    text: bareZoneText([...apex, `{ name: example., ttl: 0, type: DS, value: 14364 10 2 ${digest} }`]),
    expected: [{ messageId: 'atApex', line: 8, data: { origin: 'example.' } }],
  },
  {
    name: 'DS at a name without NS',
    // named-checkzone 9.18 loads this zone, but foo.example. is no zone cut (RFC 4035 §2.4).
    text: bareZoneText([...apex, `{ name: foo.example., ttl: 0, type: DS, value: 14364 10 2 ${digest} }`]),
    expected: [{ messageId: 'notAtDelegation', line: 8, data: { owner: 'foo.example.' } }],
  },
]);
