/** Location of the shared inputs (real cases and corpora) that tests read in place. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Folder of the shared inputs: $DRIFTGATE_SHARED, else `<repo>/../shared`, else `/work/shared`. */
export const sharedDir: string =
  process.env.DRIFTGATE_SHARED ??
  [join(repoRoot, '..', 'shared'), '/work/shared'].find((candidate) => existsSync(candidate)) ??
  join(repoRoot, '..', 'shared');
