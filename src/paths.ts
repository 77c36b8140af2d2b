/** Locations of the files driftgate ships beside its code. */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findPackageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'schemas')) || !existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) {
      throw new Error('driftgate: cannot find its schemas/ folder; reinstall the package');
    }
    directory = parent;
  }
  return directory;
}

/** Folder that holds package.json, schemas/ and docs/. */
export const packageRoot = findPackageRoot();

/** Folder of the JSON Schemas. */
export const schemaDir = join(packageRoot, 'schemas');
