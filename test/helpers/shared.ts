/** Location of the shared inputs (real cases and corpora) that tests read in place. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

import { packageRoot } from '../../src/paths.js';

/**
 * Folder of the shared inputs: `DRIFTGATE_SHARED` when set, else the first of
 * `<repository>/../shared` and `/work/shared` that exists.
 */
export const sharedDir: string =
  process.env.DRIFTGATE_SHARED ??
  [join(packageRoot, '..', 'shared'), '/work/shared'].find((candidate) => existsSync(candidate)) ??
  join(packageRoot, '..', 'shared');

/** Returns the path of a file of a shared case, such as `caseFile('025-fw-comment-quoting-escapes', 'iptables-save.txt')`. */
export function caseFile(caseName: string, file: string): string {
  return join(sharedDir, 'cases', caseName, file);
}
