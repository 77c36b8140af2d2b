// Validation throughput against the YAML parse floor, and the time of a pre-commit-sized run.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LineCounter, parseAllDocuments } from 'yaml';

import { machineLine, median, writeSection } from './sections.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const FILES = 1000;
const ITEMS = 50;
const ROUNDS = 5;
const PROCESS_RUNS = 15;

function firewall(n) {
  const rules = [];
  for (let i = 0; i < ITEMS; i += 1) {
    rules.push(
      `      - id: allow-${i}`,
      '        action: accept',
      `        protocol: ${i % 3 === 0 ? 'udp' : 'tcp'}`,
      `        ports: [${1000 + i * 2}, ${1001 + i * 2}]`,
      `        source: 198.51.100.${i}/32`,
      '        destination: web-vip',
      `        comment: Service ${i} of site ${n}, reviewed by the network team`,
    );
  }
  return `kind: firewall
name: fw-${n}
description: Generated edge firewall ${n}.
management: [198.51.100.128/26]
objects:
  addresses:
    web-vip: [203.0.113.10, 203.0.113.11]
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
  forward:
    hook: forward
    policy: drop
    rules:
${rules.join('\n')}
`;
}

function loadBalancer(n) {
  const backends = [];
  for (let b = 0; b < ITEMS / 5; b += 1) {
    backends.push(`  - name: pool-${b}`, '    balance: roundrobin', '    healthCheck: { type: http, path: /health }', '    servers:');
    for (let s = 0; s < 5; s += 1) {
      backends.push(`      - name: web-${b}-${s}`, `        address: 192.0.2.${b * 5 + s + 1}`, '        port: 8080', '        check: true');
    }
  }
  return `kind: loadbalancer
name: lb-${n}
description: Generated load balancer ${n}.
frontends:
  - name: www
    binds: [{ address: 203.0.113.20, port: 443, ssl: true }]
    mode: http
    defaultBackend: pool-0
backends:
${backends.join('\n')}
`;
}

function routing(n) {
  const routes = [];
  for (let i = 0; i < ITEMS; i += 1) {
    routes.push(`  - destination: 203.0.113.${i * 4}/30`, '    via: 198.51.100.1', '    dev: eth0', `    metric: ${100 + i}`);
  }
  return `kind: routing
host: router-${n}
description: Generated router ${n}.
interfaces:
  - name: eth0
    addresses: [198.51.100.2/24]
  - name: lo
    addresses: [192.0.2.1/32]
routes:
${routes.join('\n')}
`;
}

function dns(n) {
  const records = [
    `      - { name: '@', type: SOA, value: 'ns1 hostmaster 2026120401 7200 3600 1209600 3600' }`,
    `      - { name: '@', type: NS, value: ns1 }`,
    `      - { name: ns1, type: A, value: 192.0.2.53 }`,
  ];
  for (let i = records.length; i < ITEMS; i += 1) {
    records.push(`      - name: host-${i}`, `        type: ${i % 2 === 0 ? 'A' : 'AAAA'}`, `        value: ${i % 2 === 0 ? `192.0.2.${i}` : `2001:db8::${i.toString(16)}`}`);
  }
  return `kind: dns
description: Generated zone ${n}.
zones:
  - origin: site-${n}.example.com.
    ttl: 3600
    records:
${records.join('\n')}
`;
}

const generators = [
  ['firewall', firewall],
  ['loadbalancer', loadBalancer],
  ['routing', routing],
  ['dns', dns],
];

/** Writes the corpus and returns its folder and every file's text. */
function writeCorpus() {
  const folder = mkdtempSync(join(tmpdir(), 'driftgate-bench-'));
  mkdirSync(join(folder, '.git'));
  writeFileSync(join(folder, 'driftgate.yaml'), 'kind: config\nprofile: strict\n');
  const files = [];
  for (let n = 0; n < FILES; n += 1) {
    const [kind, generate] = generators[n % generators.length];
    const path = join(folder, kind, `${kind}-${String(n).padStart(4, '0')}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, generate(n));
    files.push(path);
  }
  return { folder, files };
}

function parseFloor(texts) {
  for (const text of texts) {
    parseAllDocuments(text, { lineCounter: new LineCounter() });
  }
}

async function validateAll(folder, engine) {
  const result = await engine.validatePaths(['.'], { cwd: folder });
  const report = { findings: result.findings, files: result.files, rules: result.rules, failOn: 'error', toolVersion: 'bench' };
  engine.formatJson(report);
  engine.formatText(report);
  return result;
}

/** Runs `work` once and appends its wall-clock and CPU times in ms to `times`. */
async function measure(times, work) {
  const cpuBefore = process.cpuUsage();
  const start = performance.now();
  await work();
  times.wall.push(performance.now() - start);
  const cpu = process.cpuUsage(cpuBefore);
  times.cpu.push((cpu.user + cpu.system) / 1000);
}

/** Runs `node ARGS` several times and returns the median wall-clock and CPU times in ms. */
function timeProcess(args, cwd) {
  const cpuFile = join(cwd, '.bench-cpu');
  const probe = ['--import', pathToFileURL(join(root, 'bench/cpu-probe.mjs')).href];
  const wall = [];
  const cpu = [];
  for (let run = 0; run < PROCESS_RUNS; run += 1) {
    const start = performance.now();
    const child = spawnSync(process.execPath, [...probe, ...args], { cwd, encoding: 'utf8', env: { ...process.env, BENCH_CPU_FILE: cpuFile } });
    wall.push(performance.now() - start);
    if (child.status !== 0 && child.status !== 1) {
      throw new Error(`node ${args.join(' ')} exited with ${child.status}: ${child.stderr}`);
    }
    cpu.push(Number(readFileSync(cpuFile, 'utf8')));
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Runs the bench, writes its section of docs/benchmarks.md and returns it. */
export default async function validationBench() {
  const engine = {
    ...(await import(join(root, 'dist/src/engine/run.js'))),
    ...(await import(join(root, 'dist/src/output/json.js'))),
    ...(await import(join(root, 'dist/src/output/text.js'))),
  };
  const { folder, files } = writeCorpus();
  try {
    const texts = files.map((file) => readFileSync(file, 'utf8'));
    const megabytes = texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;

    // One untimed pass of each warms the JIT, the file cache and the schema compiler.
    parseFloor(texts);
    const warm = await validateAll(folder, engine);
    const floorTimes = { wall: [], cpu: [] };
    const validateTimes = { wall: [], cpu: [] };
    for (let round = 0; round < ROUNDS; round += 1) {
      await measure(floorTimes, () => parseFloor(texts));
      await measure(validateTimes, () => validateAll(folder, engine));
    }
    const floor = { wall: median(floorTimes.wall), cpu: median(floorTimes.cpu) };
    const validate = { wall: median(validateTimes.wall), cpu: median(validateTimes.cpu) };

    const few = ['firewall/firewall-0000.yaml', 'loadbalancer/loadbalancer-0001.yaml', 'dns/dns-0003.yaml'];
    const bareNode = timeProcess(['-e', '0'], folder);
    const preCommit = timeProcess([join(root, 'bin/driftgate.js'), 'validate', ...few], folder);

    const rate = (ms) => `${(megabytes / (ms / 1000)).toFixed(2)} MB/s`;
    const body = `Measured by \`bench/validate.bench.mjs\` on ${machineLine()}.

${FILES} canonical YAML files (firewall, load balancer, routing and DNS in turn, with ${ITEMS}
rules, servers, routes or records each; ${megabytes.toFixed(2)} MB in all) under
\`profile: strict\`, so that every rule runs. Each figure is the median of ${ROUNDS} in-process
rounds after one warm-up round. The run found ${warm.findings.length} findings in
${warm.files.length} files.

| step | wall-clock time | throughput | CPU time |
| --- | ---: | ---: | ---: |
| \`yaml\` \`parseAllDocuments\` with \`LineCounter\` (the floor) | ${floor.wall.toFixed(0)} ms | ${rate(floor.wall)} | ${floor.cpu.toFixed(0)} ms |
| \`validatePaths\` with JSON and text output | ${validate.wall.toFixed(0)} ms | ${rate(validate.wall)} | ${validate.cpu.toFixed(0)} ms |
| ratio of validation to the floor (target: at most 2) | ${(validate.wall / floor.wall).toFixed(2)} | | ${(validate.cpu / floor.cpu).toFixed(2)} |

CPU time includes the garbage collector's helper threads.

Pre-commit-sized run: \`driftgate validate\` of 3 files as a whole process, median of
${PROCESS_RUNS} runs, each started with \`--import bench/cpu-probe.mjs\` to record its CPU time.

| process | wall-clock time | CPU time |
| --- | ---: | ---: |
| \`driftgate validate\` of 3 files | ${preCommit.wall.toFixed(0)} ms | ${preCommit.cpu.toFixed(0)} ms |
| \`node -e 0\` | ${bareNode.wall.toFixed(0)} ms | ${bareNode.cpu.toFixed(0)} ms |
| difference: driftgate's own start-up and work | ${(preCommit.wall - bareNode.wall).toFixed(0)} ms | ${(preCommit.cpu - bareNode.cpu).toFixed(0)} ms |

The target for the whole pre-commit run is under 300 ms of wall-clock time on an idle
machine. CPU time is user plus system time of the process, from \`process.cpuUsage()\` at exit.
Wall-clock times grow with the load average, so compare runs made at a similar load.
`;
    writeSection('Validation', body);
    return body;
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}
