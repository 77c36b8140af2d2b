import { bareZoneText, zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

ruleCases('dns-target-without-address', [
  {
    name: 'CNAME to a relative name that does not exist',
    text: zoneText(['{ name: ftp, type: CNAME, value: files.example.net }', '{ name: www, type: CNAME, value: web }', '{ name: web, type: TXT, value: no address needed }']),
    expected: [{ messageId: 'notFound', line: 9, severity: 'warning', data: { type: 'CNAME', target: 'files.example.net.example.com.' } }],
  },
  {
    name: 'CNAME to an outside name',
    text: zoneText(['{ name: ftp, type: CNAME, value: files.example.net. }']),
    expected: [],
  },
  {
    name: 'in-zone targets with addresses, outside and null targets',
    text: zoneText([
      '{ name: mail, type: AAAA, value: 2001:db8::25 }',
      "{ name: '@', type: MX, value: 10 mail }",
      "{ name: '@', type: MX, value: 20 mx.example.net. }",
      "{ name: nomail, type: MX, value: 0 . }",
      "{ name: _sip._tcp, type: SRV, value: 0 0 5060 sip.hosts }",
      "{ name: '*.hosts', type: A, value: 192.0.2.60 }",
      "{ name: _x._tcp, type: SRV, value: 0 0 0 . }",
    ]),
    expected: [],
  },
  {
    name: 'wildcard does not cover its own parent',
    text: zoneText(["{ name: '*.sip', type: A, value: 192.0.2.60 }", '{ name: _sip._tcp, type: SRV, value: 0 0 5060 sip }']),
    expected: [{ messageId: 'noAddress', line: 10 }],
  },
  {
    name: 'NS target has only TXT',
    // named-checkzone 9.18 rejects this zone: "has no address records (A or AAAA)".
    text: bareZoneText([
      "{ name: '@', type: SOA, value: ns hostmaster 1 3600 1200 604800 3600 }",
      "{ name: '@', type: NS, value: ns }",
      '{ name: ns, type: TXT, value: this name has no address records }',
    ]),
    expected: [{ messageId: 'noAddress', line: 7, data: { type: 'NS', target: 'ns.example.' } }],
  },
  {
    name: 'NS target does not exist',
    // No record at all has the owner `ns`.
    text: bareZoneText(["{ name: '@', type: SOA, value: ns hostmaster 1 3600 1200 604800 3600 }", "{ name: '@', type: NS, value: ns }"]),
    expected: [{ messageId: 'notFound', line: 7 }],
  },
  {
    name: 'NS written as an address has its A record',
    // `127.0.0.1` is a relative name here, and that name has an A record.
    text: bareZoneText([
      "{ name: '@', type: SOA, value: ns hostmaster 1 3600 1200 604800 3600 }",
      "{ name: '@', type: NS, value: 127.0.0.1 }",
      '{ name: 127.0.0.1, type: A, value: 127.0.0.1 }',
    ]),
    expected: [],
  },
  {
    name: 'MX and SRV targets without addresses',
    text: zoneText([
      "{ name: '@', type: MX, value: 10 mail }",
      '{ name: mail, type: TXT, value: v=spf1 -all }',
      '{ name: _imaps._tcp, type: SRV, value: 0 1 993 imap }',
    ]),
    expected: [
      { messageId: 'noAddress', line: 9, data: { type: 'MX' } },
      { messageId: 'notFound', line: 11, data: { type: 'SRV', target: 'imap.example.com.' } },
    ],
  },
  {
    name: 'targets below a delegation are left to the glue rule',
    text: zoneText(['{ name: child, type: NS, value: ns1.child }', "{ name: '@', type: MX, value: 10 mx.child }"]),
    expected: [],
  },
  {
    name: 'targets below a DNAME are occluded',
    // RFC 6672 §2.4: names below a DNAME owner are never served, so their data needs no address.
    text: zoneText([
      '{ name: old, type: DNAME, value: new.example.net. }',
      '{ name: sub.old, type: NS, value: ns.sub.old }',
      "{ name: '@', type: MX, value: 10 mail.old }",
    ]),
    expected: [],
  },
  {
    name: 'DNAME owner itself still needs an address',
    text: zoneText(['{ name: old, type: DNAME, value: new.example.net. }', "{ name: '@', type: MX, value: 10 old }"]),
    expected: [{ messageId: 'noAddress', line: 10 }],
  },
]);
