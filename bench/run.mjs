// Runs every bench/*.bench.mjs in turn, each in its own Node process so that one bench's
// heap and JIT state do not skew the next. Results go to stdout; see docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((name) => name.endsWith('.bench.mjs'))
  .filter((name) => only.length === 0 || only.some((word) => name.includes(word)))
  .sort();

let failed = 0;
for (const name of benches) {
  console.log(`\n## ${name}`);
  const result = spawnSync(process.execPath, [join(benchDir, name)], { stdio: 'inherit' });
  if (result.status !== 0) {
    failed += 1;
    console.error(`bench ${name} failed with exit status ${result.status}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
