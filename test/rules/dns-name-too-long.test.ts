import { zoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

const label63 = 'a'.repeat(63);
const label64 = 'b'.repeat(64);

ruleCases('dns-name-too-long', [
  {
    name: 'labels of 63 octets and a name of 255',
    // 63 + 63 + 63 + 49-octet labels and example.com.: 64 * 3 + 50 + 13 = 255 octets.
    text: zoneText([`{ name: ${label63}, type: A, value: 192.0.2.1 }`, `{ name: '${label63}.${label63}.${label63}.${'c'.repeat(49)}', type: TXT, value: ok }`]),
    expected: [],
  },
  {
    name: 'owner label of 64 octets',
    text: zoneText([`{ name: ${label64}, type: A, value: 192.0.2.1 }`]),
    expected: [{ messageId: 'labelTooLong', line: 9, data: { octets: 64, where: 'owner name' } }],
  },
  {
    name: 'owner name of 256 octets',
    text: zoneText([`{ name: '${label63}.${label63}.${label63}.${'c'.repeat(50)}', type: TXT, value: ok }`]),
    expected: [{ messageId: 'nameTooLong', line: 9, data: { octets: 256 } }],
  },
  {
    name: 'escaped octets count once',
    // `\\065` is one octet, so 60 plain octets and one escape make a 61-octet label.
    text: zoneText([`{ name: '${'d'.repeat(60)}\\065', type: A, value: 192.0.2.1 }`]),
    expected: [],
  },
  {
    name: 'long label in an MX target',
    text: zoneText([`{ name: '@', type: MX, value: 10 ${label64}.example.net. }`]),
    expected: [{ messageId: 'labelTooLong', line: 9, data: { where: 'MX exchange' } }],
  },
]);
