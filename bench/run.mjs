// Runs every bench/*.bench.mjs in turn, each in its own process so memory figures stay separate.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const folder = dirname(fileURLToPath(import.meta.url));
let failed = false;
for (const name of readdirSync(folder).filter((file) => file.endsWith('.bench.mjs')).sort()) {
  const result = spawnSync(process.execPath, [join(folder, name), ...process.argv.slice(2)], { stdio: 'inherit' });
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
