// Runs every bench/*.bench.mjs in name order, or those whose name contains one of the arguments.
// A bench module either prints its own results when imported, or default-exports an async
// function that returns its results as Markdown.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);

for (const name of readdirSync(folder).filter((file) => file.endsWith('.bench.mjs')).sort()) {
  if (only.length > 0 && !only.some((word) => name.includes(word))) continue;
  process.stdout.write(`\n# ${name}\n\n`);
  const bench = await import(pathToFileURL(join(folder, name)).href);
  if (typeof bench.default === 'function') {
    process.stdout.write(`${await bench.default()}\n`);
  }
}
