import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { sharedDir } from '../helpers/shared.js';
import { validateZone } from '../helpers/zone.js';

const corpus = join(sharedDir, 'corpora', 'bind9-checkzone');
const conformanceDoc = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'docs',
  'conformance.md',
);

/**
 * Share of corpus files whose verdict must match BIND's.
 * NOTE: this is the measured floor (132 of 157 files), below the 0.95 target. Most files still
 * in disagreement need RDATA checks that `dns-malformed-rdata` lacks, for EUI48, NSAP, NSEC3 and
 * SVCB of DNS servers. docs/conformance.md lists each file with its reason.
 */
const AGREEMENT_FLOOR = 0.84;

interface ManifestRow {
  file: string;
  origin: string;
  expected: 'reject' | 'accept';
}

/** Reads manifest.tsv. The BIND authors' intent decides, or the 9.18 verdict where they gave none. */
function readManifest(): ManifestRow[] {
  const lines = readFileSync(join(corpus, 'manifest.tsv'), 'utf8').trim().split('\n').slice(1);
  return lines.map((line) => {
    const [file, origin, , authors, oracle] = line.split('\t') as [
      string,
      string,
      string,
      string,
      string,
    ];
    const verdict = authors === 'see-oracle' ? oracle : authors;
    return { file, origin, expected: verdict === 'invalid' ? 'reject' : 'accept' };
  });
}

describe('bind9 checkzone corpus', () => {
  it('agrees with the manifest verdicts', async () => {
    const rows = readManifest();
    const disagreements: string[] = [];
    for (const row of rows) {
      const run = await validateZone(corpus, join(corpus, 'zones', row.file), row.origin);
      const actual = run.rejected ? 'reject' : 'accept';
      if (actual !== row.expected) {
        disagreements.push(row.file);
      }
    }
    const agreement = (rows.length - disagreements.length) / rows.length;
    console.log(
      `bind9-checkzone agreement: ${rows.length - disagreements.length}/${rows.length} = ${(agreement * 100).toFixed(1)}%`,
    );

    expect(rows.length).toBeGreaterThan(150);
    expect(agreement).toBeGreaterThanOrEqual(AGREEMENT_FLOOR);
    const documented = readFileSync(conformanceDoc, 'utf8');
    const undocumented = disagreements.filter((file) => !documented.includes(`\`${file}\``));
    expect(undocumented).toEqual([]);
  });
});
