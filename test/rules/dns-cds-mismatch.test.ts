import { bareZoneText } from '../helpers/dns-zone.js';
import { ruleCases } from '../helpers/rule-tester.js';

const apex = ["{ name: '@', type: SOA, value: ns1 hostmaster 1 3600 1200 604800 3600 }", "{ name: '@', type: NS, value: ns1.example.net. }"];
const ecdsaKey = 'mdsswUyr3DPW132mOi8V9xESWE8jTo0dxCjjnopKl+GqJxpVXckHAeF+KkxLbxILfDLUT0rAK9iUzy1L53eKGQ==';
const ed25519Key = 'l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=';
const sha256 = '3490A6806D47F17A34C29E2CE80E8A999FFBE4BE';

ruleCases('dns-cds-mismatch', [
  {
    name: 'CDS and CDNSKEY of the published key',
    text: bareZoneText([
      ...apex,
      `{ name: '@', type: DNSKEY, value: 257 3 13 ${ecdsaKey} }`,
      "{ name: '@', type: CDS, value: 2371 13 2 1F987CC6583E92DF0890718C42D4A65BD83A4B3F3E7E0E2B4E1C7F3BA1E4A3C7 }",
      `{ name: '@', type: CDNSKEY, value: 257 3 13 ${ecdsaKey} }`,
    ], 'example.com.'),
    expected: [],
  },
  {
    name: 'CDS for an algorithm not in the DNSKEY set',
    text: bareZoneText([
      ...apex,
      `{ name: '@', type: DNSKEY, value: 257 3 13 ${ecdsaKey} }`,
      `{ name: '@', type: CDS, value: 2371 15 1 ${sha256} }`,
    ], 'example.com.'),
    expected: [{ messageId: 'unknownAlgorithm', line: 9, data: { type: 'CDS', algorithm: 15, origin: 'example.com.', algorithms: 'algorithm 13' } }],
  },
  {
    name: 'CDNSKEY for an algorithm not in the DNSKEY set',
    text: bareZoneText([
      ...apex,
      `{ name: '@', type: DNSKEY, value: 257 3 13 ${ecdsaKey} }`,
      `{ name: '@', type: CDNSKEY, value: 257 3 15 ${ed25519Key} }`,
    ], 'example.com.'),
    expected: [{ messageId: 'unknownAlgorithm', line: 9, data: { type: 'CDNSKEY', algorithm: 15 } }],
  },
  {
    name: 'CDS in a zone without DNSKEY',
    text: bareZoneText([...apex, `{ name: '@', type: CDS, value: 2371 13 1 ${sha256} }`], 'example.com.'),
    expected: [{ messageId: 'unknownAlgorithm', line: 8, data: { algorithms: 'no keys' } }],
  },
  {
    name: 'delete forms in an unsigned zone',
    // RFC 8078 §4: these ask the parent to remove the DS set, so no DNSKEY is needed.
    text: bareZoneText([...apex, "{ name: '@', type: CDS, value: 0 0 0 00 }", "{ name: '@', type: CDNSKEY, value: 0 3 0 AA== }"], 'example.com.'),
    expected: [],
  },
  {
    name: 'delete form beside another CDS',
    text: bareZoneText([
      ...apex,
      `{ name: '@', type: DNSKEY, value: 257 3 13 ${ecdsaKey} }`,
      "{ name: '@', type: CDS, value: 0 0 0 00 }",
      `{ name: '@', type: CDS, value: 2371 13 1 ${sha256} }`,
    ], 'example.com.'),
    expected: [{ messageId: 'deleteNotAlone', line: 9, data: { type: 'CDS' } }],
  },
  {
    name: 'CDS below the apex is not judged',
    text: bareZoneText([
      ...apex,
      '{ name: child, type: NS, value: ns1.example.net. }',
      `{ name: child, type: CDS, value: 2371 15 1 ${sha256} }`,
    ], 'example.com.'),
    expected: [],
  },
]);
