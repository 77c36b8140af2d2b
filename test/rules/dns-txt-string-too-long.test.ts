import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

const key = 'A'.repeat(392);

ruleCases('dns-txt-string-too-long', [
  {
    name: 'DKIM key split into strings',
    // A 2048-bit DKIM key split into three strings of 16, 250 and 146 octets.
    text: zoneText([`{ name: dkim._domainkey, type: TXT, value: '"v=DKIM1; k=rsa; " "p=${key.slice(0, 248)}" "${key.slice(248)}"' }`]),
    expected: [],
  },
  {
    name: 'string of exactly 255 octets',
    text: zoneText([`{ name: long, type: TXT, value: '"${'x'.repeat(255)}"' }`]),
    expected: [],
  },
  {
    name: 'DKIM key in one string',
    text: zoneText([`{ name: dkim._domainkey, type: TXT, value: '"v=DKIM1; k=rsa; p=${key}"' }`]),
    expected: [{ messageId: 'tooLong', line: 9, data: { octets: 410, index: 1, owner: 'dkim._domainkey.example.com.' } }],
  },
  {
    name: 'octets counted after unescaping',
    // 250 plain octets and ten `\\034` escapes are 260 octets, though 290 characters.
    text: zoneText([`{ name: esc, type: TXT, value: '"${'y'.repeat(250)}${'\\034'.repeat(10)}"' }`]),
    expected: [{ messageId: 'tooLong', line: 9, data: { octets: 260 } }],
  },
  {
    name: 'SPF type and the second string',
    text: zoneText([`{ name: '@', type: SPF, value: '"v=spf1" "${'z'.repeat(256)}"' }`]),
    expected: [{ messageId: 'tooLong', line: 9, data: { type: 'SPF', index: 2 } }],
  },
]);
