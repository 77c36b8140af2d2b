import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-invalid-hostname', [
  {
    name: 'underscore owners of service records',
    // Underscore owners of DMARC, DKIM and SRV records, which some validators wrongly reject.
    text: zoneText([
      "{ name: _dmarc, type: TXT, value: '\"v=DMARC1; p=none\"' }",
      '{ name: _test, type: CNAME, value: target.example.net. }',
      '{ name: sel1._domainkey, type: CNAME, value: dkim1.example.net. }',
      '{ name: _sip._tcp, type: SRV, value: 0 1 5061 sip.example.net. }',
      "{ name: '*', type: A, value: 192.0.2.80 }",
      "{ name: '@', type: MX, value: 0 . }",
      '{ name: 4u, type: AAAA, value: 2001:db8::4 }',
      '{ name: bücher, type: A, value: 192.0.2.5 }',
    ]),
    expected: [],
  },
  {
    name: 'NS target with an underscore',
    text: zoneText(['{ name: sub, type: NS, value: _name.example.net. }']),
    expected: [{ messageId: 'target', line: 9, data: { type: 'NS', name: '_name.example.net.' } }],
  },
  {
    name: 'SVCB target with an underscore',
    // named-checkzone -k fail 9.18 rejects this SVCB target with "bad name (check-names)".
    text: zoneText(['{ name: svcb, type: SVCB, value: 1 _underscore.example. port=60 alpn=h3 ech="ZWFzdGVyIGVnZyE=" }']),
    expected: [{ messageId: 'target', line: 9, data: { type: 'SVCB' } }],
  },
  {
    name: 'address owners that are not host names',
    text: zoneText(['{ name: web_1, type: A, value: 192.0.2.1 }', '{ name: -web, type: AAAA, value: 2001:db8::1 }']),
    expected: [
      { messageId: 'owner', line: 9, data: { type: 'A', name: 'web_1.example.com.' } },
      { messageId: 'owner', line: 10, data: { type: 'AAAA' } },
    ],
  },
  {
    name: 'MX and SRV targets with bad labels',
    text: zoneText(["{ name: '@', type: MX, value: 10 mail-.example.net. }", '{ name: _ldap._tcp, type: SRV, value: 0 0 389 ldap_1 }']),
    expected: [
      { messageId: 'target', line: 9, data: { type: 'MX' } },
      { messageId: 'target', line: 10, data: { type: 'SRV' } },
    ],
  },
  {
    name: 'PTR targets checked in reverse zones only',
    text: [
      'kind: dns',
      'zones:',
      '  - origin: 2.0.192.in-addr.arpa.',
      '    records:',
      '      - { name: 10, type: PTR, value: host_10.example.com. }',
      '  - origin: example.com.',
      '    records:',
      "      - { name: _http._tcp, type: PTR, value: 'Printer\\ One._http._tcp.example.com.' }",
      '',
    ].join('\n'),
    expected: [{ messageId: 'target', line: 5, data: { type: 'PTR' } }],
  },
  {
    name: 'NS written as an address left to its own rule',
    text: zoneText(["{ name: sub, type: NS, value: '2001:db8::53' }"]),
    expected: [],
  },
]);
