import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import type { ParseOutput } from '../../src/formats/format.js';
import { parseZoneFile } from '../../src/formats/zone.js';
import { validateDocument } from '../../src/load/schemas.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'zones');
const seeds = readdirSync(fixtures)
  .filter((name) => name.endsWith('.zone'))
  .map((name) => readFileSync(join(fixtures, name), 'utf8'));

/** Pieces that reach the parser's special cases more often than random text would. */
const fragments = [
  '(',
  ')',
  '"',
  '\\',
  '\\#',
  '\\065',
  ';',
  '\n',
  '\t',
  ' ',
  '$',
  '${',
  '}',
  '@',
  '.',
  '..',
  '$ORIGIN',
  '$TTL',
  '$INCLUDE',
  '$GENERATE',
  'SOA',
  'IN',
  'TYPE65534',
  '1h30m',
  '4294967296',
  'ü',
];

function parse(text: string): ParseOutput {
  return parseZoneFile(text, {
    file: 'fuzz.zone',
    absolutePath: '/tmp/fuzz.zone',
    explicit: true,
    origin: 'example.com.',
    readInclude: () => undefined,
  });
}

/**
 * Checks the contract for malformed input: no exception, findings located inside the text, and a
 * document that still matches the dns schema.
 */
function expectWellFormed(text: string): void {
  const output = parse(text);
  const lineCount = text.split('\n').length;
  for (const finding of output.findings) {
    expect(finding.line).toBeGreaterThanOrEqual(1);
    expect(finding.line).toBeLessThanOrEqual(lineCount);
    expect(finding.column).toBeGreaterThanOrEqual(1);
    expect(finding.message.length).toBeGreaterThan(0);
    expect(finding.fix?.length).toBeGreaterThan(0);
  }
  expect(output.documents).toHaveLength(1);
  expect(validateDocument('dns', output.documents[0]?.data)).toEqual([]);
}

describe('zone parser on malformed input', () => {
  it('survives truncation of every fixture', () => {
    for (const seed of seeds) {
      for (let length = 0; length <= seed.length; length += 1) {
        expectWellFormed(seed.slice(0, length));
      }
    }
  });

  it('survives random binary', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        expectWellFormed(Buffer.from(bytes).toString('latin1'));
      }),
      { numRuns: 2000 },
    );
  });

  it('survives mutated fixtures', () => {
    const mutation = fc.record({
      seed: fc.integer({ min: 0, max: seeds.length - 1 }),
      edits: fc.array(
        fc.record({
          at: fc.nat(),
          remove: fc.nat({ max: 8 }),
          insert: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 4 })),
        }),
        { minLength: 1, maxLength: 6 },
      ),
    });
    fc.assert(
      fc.property(mutation, ({ seed, edits }) => {
        let text = seeds[seed] as string;
        for (const edit of edits) {
          const at = edit.at % (text.length + 1);
          text = text.slice(0, at) + edit.insert + text.slice(at + edit.remove);
        }
        expectWellFormed(text);
      }),
      { numRuns: 5000 },
    );
  });

  it('reports unbalanced parentheses at the open', () => {
    const output = parse('$TTL 1\n@ SOA ns1 h ( 1 2\n 3 4 5\n');
    expect(
      output.findings.map((finding) => [finding.line, finding.column, finding.message]),
    ).toEqual([[2, 13, 'unbalanced parentheses: `(` is never closed']]);
  });
});
