// Runs every bench/*.bench.mjs in turn, or those whose name contains the first argument. Each
// prints its own results. Run it through `npm run bench`, which builds dist/ first.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = readdirSync(folder)
  .filter((name) => name.endsWith('.bench.mjs') && (!only || name.includes(only)))
  .sort();
for (const name of benches) {
  console.log(`## ${name}`);
  await import(pathToFileURL(join(folder, name)).href);
}
