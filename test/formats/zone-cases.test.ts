import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseZoneFile } from '../../src/formats/zone.js';
import type { ZoneRecord } from '../../src/formats/zone.js';
import { sharedDir } from '../helpers/shared.js';
import { validateZone } from '../helpers/zone.js';

const cases = join(sharedDir, 'cases');

function parseCase(folder: string, name: string, origin?: string) {
  const absolutePath = join(cases, folder, name);
  return parseZoneFile(readFileSync(absolutePath, 'utf8'), {
    file: name,
    absolutePath,
    explicit: true,
    origin,
  });
}

function recordLines(records: readonly ZoneRecord[]): string[] {
  return records.map(
    (record) => `${record.name} ${record.ttl} ${record.class} ${record.type} ${record.value}`,
  );
}

function zoneOf(document: { data: unknown } | undefined): {
  origin: string;
  records: ZoneRecord[];
} {
  return (document?.data as { zones: { origin: string; records: ZoneRecord[] }[] }).zones[0]!;
}

describe('real zone-file cases', () => {
  it('resolves a relative $ORIGIN chain', () => {
    const output = parseCase('008-dns-relative-origin-chain', 'relative-names.db', 'example.com.');
    expect(output.findings).toEqual([]);
    expect(recordLines(zoneOf(output.documents[0]).records)).toEqual([
      'example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 86400 60 86400 3600',
      'example.com. 3600 IN NS ns1.example.com.',
      'ns1.example.com. 60 IN A 192.0.2.1',
      'api.example.com. 60 IN A 192.0.2.2',
      'apac.api.example.com. 30 IN CNAME api.example.com.',
      'NA.api.example.com. 30 IN CNAME cdn.example.NA.api.example.com.',
      'cdn.example.NA.api.example.com. 60 IN A 192.0.2.3',
    ]);
  });

  it('rejects relative names without an origin', () => {
    const output = parseCase('008-dns-relative-origin-chain', 'relative-names.db');
    expect(output.findings[0]?.line).toBe(1);
    expect(output.findings[0]?.message).toContain(
      'relative name `hostmaster` but no origin is known',
    );
  });

  it.each([
    ['warn.inherit.origin.db', 1],
    ['warn.inherited.owner.db', 1],
    ['nowarn.inherited.owner.db', 0],
  ])('inherits the owner into %s', async (name, warnings) => {
    const folder = join(cases, '012-dns-include-inherited-owner');
    const run = await validateZone(folder, join(folder, name), 'example.');
    expect(recordLines(zoneOf(run.documents[0]).records)).toContain('example. 0 IN NS .');
    expect(run.findings).toHaveLength(warnings);
    for (const finding of run.findings) {
      expect([finding.file, finding.line, finding.severity]).toEqual([
        'zones/inherit.db',
        1,
        'warning',
      ]);
      expect(finding.message).toContain('from before the origin change');
    }
  });

  it('joins parentheses across lines with comments', () => {
    const output = parseCase(
      '014-dns-multiline-parentheses-comments',
      'multiline-soa.db',
      'example.com.',
    );
    expect(output.findings).toEqual([]);
    expect(recordLines(zoneOf(output.documents[0]).records)).toEqual([
      'example.com. 43200 IN SOA ns1.example.net. hostmaster.example.net. 2022012802 14400 3600 2419000 43200',
      'example.com. 43200 IN NS ns1.example.net.',
      'example.com. 43200 IN NS ns2.example.net.',
      'note.example.com. 300 IN TXT "first string" "second string"',
    ]);
  });

  it('rejects text after a NUL byte', async () => {
    const folder = join(cases, '016-dns-extra-text-and-empty-ttl');
    const run = await validateZone(folder, join(folder, 'bad1.db'), 'example.');
    expect(run.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['syntax-error', 6],
    ]);
    expect(run.findings[0]?.message).toContain('U+0000');
  });

  it('rejects an empty $TTL', () => {
    const output = parseCase('016-dns-extra-text-and-empty-ttl', 'badttl.db', 'example.');
    expect(output.findings[0]?.line).toBe(1);
    expect(output.findings[0]?.message).toBe('$TTL is missing its operand');
  });

  it('keeps a serial above 2^31', () => {
    const output = parseCase('018-dns-serial-above-2-31', 'bigserial.db', 'example.');
    expect(output.findings).toEqual([]);
    expect(zoneOf(output.documents[0]).records[0]?.value).toBe(
      'ns.example. hostmaster.example. 3003113544 3600 1200 604800 3600',
    );
  });

  it('reads punycode owners as given', () => {
    const output = parseCase(
      '053-drift-idn-unicode-vs-punycode',
      'provider-returned.zone',
      'example.com.',
    );
    const names = zoneOf(output.documents[0]).records.map((record) => record.name);
    expect(names).toContain('xn--ndaaa.example.com.');
  });
});
