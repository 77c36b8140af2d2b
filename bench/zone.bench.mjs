// Zone-file parsing speed against BIND's named-checkzone on the same 100,000-record zone.
// Target: driftgate parses within 2 times named-checkzone's time. Both run in turn on the same
// machine, and each figure is the median of RUNS runs of wall-clock time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

import { parseZoneFile } from '../dist/src/formats/zone.js';

const RECORDS = 100_000;
const RUNS = 5;
const NAMED_CHECKZONE = '/usr/bin/named-checkzone';
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Writes a zone with a realistic mix of types, relative names, TTLs and multi-line entries. */
function writeZone(path) {
  const lines = [
    '$TTL 3600',
    '$ORIGIN example.com.',
    '@ IN SOA ns1 hostmaster ( 2026120401 ; serial',
    '  3600 900 604800 300 )',
    '  NS ns1',
    '  NS ns2',
    'ns1 A 192.0.2.1',
    'ns2 A 192.0.2.2',
  ];
  let count = 5;
  for (let index = 0; count < RECORDS; index += 1) {
    const host = `host${index}`;
    const octet = index % 254;
    lines.push(`${host} 300 IN A 198.51.100.${octet + 1}`);
    lines.push(`\tAAAA 2001:db8::${(index % 65535).toString(16)}`);
    lines.push(`www.${host} CNAME ${host}`);
    lines.push(`${host} MX 10 ${host} ; the host takes its own mail`);
    lines.push(`${host} TXT ( "v=spf1 ip4:198.51.100.${octet + 1}"`, '  "-all" )');
    count += 5;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return count;
}

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

function timeRuns(run) {
  const times = [];
  for (let round = 0; round < RUNS; round += 1) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return median(times);
}

const folder = mkdtempSync(join(tmpdir(), 'driftgate-zone-bench-'));
try {
  const file = join(folder, 'example.com.zone');
  const records = writeZone(file);
  const text = readFileSync(file, 'utf8');

  const bind = timeRuns(() =>
    execFileSync(NAMED_CHECKZONE, ['-i', 'local', 'example.com', file], { stdio: 'ignore' }),
  );
  const context = {
    file: 'example.com.zone',
    absolutePath: file,
    explicit: true,
    origin: 'example.com.',
  };
  let parsed;
  const parse = timeRuns(() => {
    parsed = parseZoneFile(text, context);
  });
  const errors = parsed.findings.filter((finding) => finding.severity === 'error');
  if (errors.length > 0 || parsed.documents[0].data.zones[0].records.length !== records) {
    throw new Error(
      `the bench zone did not parse cleanly: ${errors[0]?.message ?? 'record count differs'}`,
    );
  }
  const cli = timeRuns(() => {
    execFileSync(
      process.execPath,
      [
        join(repo, 'bin', 'driftgate.js'),
        'validate',
        file,
        '--origin',
        'example.com.',
        '--format',
        'json',
      ],
      { stdio: 'pipe', maxBuffer: 1 << 28 },
    );
  });

  console.log(
    `zone: ${records} records, ${(text.length / 1e6).toFixed(1)} MB, median of ${RUNS} runs`,
  );
  console.log(`named-checkzone -i local (process):   ${bind.toFixed(0)} ms`);
  console.log(
    `driftgate parseZoneFile (in process): ${parse.toFixed(0)} ms  = ${(parse / bind).toFixed(2)} x named-checkzone`,
  );
  console.log(
    `driftgate validate (process, all):    ${cli.toFixed(0)} ms  = ${(cli / bind).toFixed(2)} x named-checkzone`,
  );
  console.log(
    `target: parsing within 2 x named-checkzone: ${parse <= 2 * bind ? 'met' : 'NOT met'}`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
