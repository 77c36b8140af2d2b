/** Canonical DNS documents for rule tests: one zone with an SOA, an NS and its address. */

/** Line of the first record that `zoneText` adds after the standard apex records. */
export const FIRST_RECORD_LINE = 9;

/**
 * Returns a `kind: dns` document with one zone: lines 6-8 hold `@ SOA`, `@ NS ns1` and
 * `ns1 A 192.0.2.1`, and `records` (YAML flow mappings, one per line) follow from line 9.
 */
export function zoneText(records: readonly string[], origin = 'example.com.'): string {
  return [
    'kind: dns',
    'zones:',
    `  - origin: ${origin}`,
    '    ttl: 3600',
    '    records:',
    "      - { name: '@', type: SOA, value: ns1 hostmaster 2024010101 7200 3600 1209600 3600 }",
    "      - { name: '@', type: NS, value: ns1 }",
    '      - { name: ns1, type: A, value: 192.0.2.1 }',
    ...records.map((record) => `      - ${record}`),
    '',
  ].join('\n');
}

/** Returns a document with one zone made only of `records`, from line 6. */
export function bareZoneText(records: readonly string[], origin = 'example.'): string {
  return ['kind: dns', 'zones:', `  - origin: ${origin}`, '    ttl: 3600', '    records:', ...records.map((record) => `      - ${record}`), ''].join('\n');
}
