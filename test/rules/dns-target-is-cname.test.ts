import { bareZoneText, zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-target-is-cname', [
  {
    name: 'targets with addresses and outside targets',
    text: zoneText([
      '{ name: mail, type: A, value: 192.0.2.25 }',
      "{ name: '@', type: MX, value: 10 mail }",
      '{ name: _sip._tcp, type: SRV, value: 0 1 5061 sip.example.net. }',
      '{ name: www, type: CNAME, value: mail }',
    ]),
    expected: [],
  },
  {
    name: 'NS target is a CNAME',
    // named-checkzone 9.18 rejects this zone: "NS 'ns.example' is a CNAME (illegal)".
    text: bareZoneText([
      "{ name: '@', type: SOA, value: ns hostmaster 1 3600 1200 604800 3600 }",
      "{ name: '@', type: NS, value: ns }",
      "{ name: ns, type: CNAME, value: '@' }",
    ]),
    expected: [{ messageId: 'alias', line: 7, data: { type: 'NS', target: 'ns.example.' }, severity: 'error' }],
  },
  {
    name: 'MX and SRV targets are CNAMEs',
    // named-checkzone 9.18 prints "is a CNAME (illegal)" for both but loads the zone, so
    // these are warnings.
    text: zoneText([
      "{ name: '@', type: MX, value: 0 cname }",
      "{ name: '@', type: SRV, value: 0 0 0 cname }",
      '{ name: cname, type: CNAME, value: ns1 }',
    ]),
    expected: [
      { messageId: 'alias', line: 9, data: { type: 'MX', canonical: 'ns1.example.com.' }, severity: 'warning' },
      { messageId: 'alias', line: 10, data: { type: 'SRV' }, severity: 'warning' },
    ],
  },
  {
    name: 'target compared case-insensitively',
    text: zoneText(["{ name: '@', type: MX, value: 10 MAIL.example.com. }", '{ name: mail, type: CNAME, value: ns1 }']),
    expected: [{ messageId: 'alias', line: 9 }],
  },
]);
