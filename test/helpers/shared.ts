/** Location of the shared inputs (real cases and corpora) that tests read in place. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

import { packageRoot } from '../../src/paths.js';

function findSharedDir(): string {
  const candidates = [process.env.DRIFTGATE_SHARED, resolve(packageRoot, '..', 'shared'), '/work/shared'];
  for (const candidate of candidates) {
    if (candidate && existsSync(join(candidate, 'cases'))) return candidate;
  }
  throw new Error('shared inputs not found: set DRIFTGATE_SHARED to the folder that contains cases/');
}

/** Folder of the shared inputs: `$DRIFTGATE_SHARED`, else `<repo>/../shared`, else `/work/shared`. */
export const sharedDir = findSharedDir();

/** Returns the path of a file of a shared case, such as `caseFile('025-fw-comment-quoting-escapes', 'iptables-save.txt')`. */
export function caseFile(caseName: string, file: string): string {
  return join(sharedDir, 'cases', caseName, file);
}
