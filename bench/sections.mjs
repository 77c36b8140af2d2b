// Writes a bench's results into docs/benchmarks.md as a `## Title` section, replacing the old one.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { arch, cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const docsFile = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'benchmarks.md');

const header = `# Benchmarks

\`npm run bench\` builds driftgate and runs every \`bench/*.bench.mjs\`; each bench rewrites its
own section below with the figures of its last run. \`node bench/run.mjs NAME\` runs only the
benches whose file name contains NAME.
`;

/** Describes the machine a figure was measured on, for the record beside it. */
export function machineLine() {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  // The load average shows whether other work shared the CPUs while the bench ran.
  const load = loadavg()[0].toFixed(1);
  return `Node ${process.version}, ${cpus().length} × ${cpu} (${arch()}), ${memory} GiB RAM, load average ${load}`;
}

/** Replaces the section `## title` of docs/benchmarks.md with `body`, or appends it. */
export function writeSection(title, body) {
  const text = existsSync(docsFile) ? readFileSync(docsFile, 'utf8') : header;
  const section = `## ${title}\n\n${body.trim()}\n`;
  const pattern = new RegExp(`^## ${title}\\n[\\s\\S]*?(?=^## |(?![\\s\\S]))`, 'm');
  const next = pattern.test(text) ? text.replace(pattern, `${section}\n`) : `${text.trimEnd()}\n\n${section}`;
  writeFileSync(docsFile, `${next.trimEnd()}\n`);
}

/** Returns the median of a list of numbers. */
export function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
