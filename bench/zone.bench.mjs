// Zone-file parsing and validation speed against BIND's named-checkzone on the same
// 100,000-record zone. Target: driftgate validate within 2 times named-checkzone's time. Each
// round runs named-checkzone, the parser and driftgate validate one after the other, so that
// the three see the same load on a shared machine. Each figure is the median over RUNS rounds
// of wall-clock or CPU time. Each ratio is the median of the per-round ratios, and the CPU line
// also gives the ratio of the two medians, as earlier records did. The Node processes run
// without NODE_EXTRA_CA_CERTS (see node-env.mjs).
import { execFileSync, spawnSync } from "node:child_process";
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";

import { parseZoneFile } from "../dist/src/formats/zone.js";
import { startupNote, timedEnv } from "./node-env.mjs";
import { writeZone } from "./zone-file.mjs";

const RECORDS = 100_000;
const RUNS = 7;
const NAMED_CHECKZONE = "/usr/bin/named-checkzone";
const repo = join(dirname(fileURLToPath(import.meta.url)), "..");

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

/** GNU time, for the CPU time of child processes; the CPU figures are left out without it. */
const GNU_TIME = "/usr/bin/time";

/**
 * Runs a command under GNU time and returns its user plus system CPU time in milliseconds. CPU
 * time depends less than wall-clock time on other jobs of a shared machine.
 */
function cpuTimeOf(command, args) {
  const result = spawnSync(GNU_TIME, ["-f", "%U %S", command, ...args], {
    env: timedEnv,
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const [user, system] = result.stderr
    .trim()
    .split("\n")
    .at(-1)
    .split(" ")
    .map(Number);
  return (user + system) * 1000;
}

/** Returns the wall-clock time of one call in milliseconds. */
function timeOnce(run) {
  const start = performance.now();
  run();
  return performance.now() - start;
}

const loadAtStart = loadavg()[0];
const folder = mkdtempSync(join(tmpdir(), "driftgate-zone-bench-"));
try {
  const file = join(folder, "example.com.zone");
  const records = writeZone(file, RECORDS);
  const text = readFileSync(file, "utf8");

  const context = {
    file: "example.com.zone",
    absolutePath: file,
    explicit: true,
    origin: "example.com.",
  };
  const runBind = () =>
    execFileSync(NAMED_CHECKZONE, ["-i", "local", "example.com", file], {
      stdio: "ignore",
    });
  let parsed;
  const runParse = () => {
    parsed = parseZoneFile(text, context);
  };
  const bindArgs = ["-i", "local", "example.com", file];
  const cliArgs = [
    join(repo, "bin", "driftgate.js"),
    "validate",
    file,
    "--origin",
    "example.com.",
    "--format",
    "json",
  ];
  const runCli = () =>
    execFileSync(process.execPath, cliArgs, {
      env: timedEnv,
      stdio: "pipe",
      maxBuffer: 1 << 28,
    });
  // The parser alone in a process of its own, as a user's run starts it: Node's start-up,
  // reading the file and parsing, without the rules and the output.
  const parseScript = join(folder, "parse-zone.mjs");
  writeFileSync(
    parseScript,
    [
      `import { readFileSync } from "node:fs";`,
      `import { parseZoneFile } from ${JSON.stringify(join(repo, "dist", "src", "formats", "zone.js"))};`,
      `const text = readFileSync(process.argv[2], "utf8");`,
      `const output = parseZoneFile(text, { file: "example.com.zone", absolutePath: process.argv[2], explicit: true, origin: "example.com." });`,
      `if (output.findings.some((finding) => finding.severity === "error")) process.exit(1);`,
    ].join("\n"),
  );
  const parseArgs = [parseScript, file];
  const runParseProcess = () => execFileSync(process.execPath, parseArgs, { env: timedEnv, stdio: "ignore" });
  const withCpu = existsSync(GNU_TIME);
  const rounds = [];
  for (let round = 0; round < RUNS; round += 1) {
    rounds.push({
      bind: timeOnce(runBind),
      parse: timeOnce(runParse),
      parseProcess: timeOnce(runParseProcess),
      cli: timeOnce(runCli),
      bindCpu: withCpu ? cpuTimeOf(NAMED_CHECKZONE, bindArgs) : NaN,
      parseCpu: withCpu ? cpuTimeOf(process.execPath, parseArgs) : NaN,
      cliCpu: withCpu ? cpuTimeOf(process.execPath, cliArgs) : NaN,
    });
  }
  const errors = parsed.findings.filter(
    (finding) => finding.severity === "error",
  );
  if (
    errors.length > 0 ||
    parsed.documents[0].data.zones[0].records.length !== records
  ) {
    throw new Error(
      `the bench zone did not parse cleanly: ${errors[0]?.message ?? "record count differs"}`,
    );
  }
  const bind = median(rounds.map((round) => round.bind));
  const parse = median(rounds.map((round) => round.parse));
  const cli = median(rounds.map((round) => round.cli));
  const parseProcess = median(rounds.map((round) => round.parseProcess));
  const parseRatio = median(rounds.map((round) => round.parse / round.bind));
  const parseProcessRatio = median(rounds.map((round) => round.parseProcess / round.bind));
  const cliRatio = median(rounds.map((round) => round.cli / round.bind));

  console.log(
    `zone: ${records} records, ${(text.length / 1e6).toFixed(1)} MB, median of ${RUNS} rounds, load average ${loadAtStart.toFixed(1)} at the start, ${loadavg()[0].toFixed(1)} at the end`,
  );
  console.log(`named-checkzone -i local (process):   ${bind.toFixed(0)} ms`);
  console.log(
    `driftgate parseZoneFile (in process): ${parse.toFixed(0)} ms  = ${parseRatio.toFixed(2)} x named-checkzone`,
  );
  console.log(
    `driftgate parse (whole process):      ${parseProcess.toFixed(0)} ms  = ${parseProcessRatio.toFixed(2)} x named-checkzone`,
  );
  console.log(
    `driftgate validate (process, all):    ${cli.toFixed(0)} ms  = ${cliRatio.toFixed(2)} x named-checkzone`,
  );
  if (withCpu) {
    const bindCpu = median(rounds.map((round) => round.bindCpu));
    const cliCpu = median(rounds.map((round) => round.cliCpu));
    const cpuRatio = median(rounds.map((round) => round.cliCpu / round.bindCpu));
    console.log(
      `CPU time (user + system): named-checkzone ${bindCpu.toFixed(0)} ms, driftgate validate ${cliCpu.toFixed(0)} ms = ${(cliCpu / bindCpu).toFixed(2)} x as a ratio of medians, ${cpuRatio.toFixed(2)} x as the median of per-round ratios`,
    );
    const parseCpu = median(rounds.map((round) => round.parseCpu));
    const parseCpuRatio = median(rounds.map((round) => round.parseCpu / round.bindCpu));
    console.log(
      `CPU time (user + system): driftgate parse, whole process ${parseCpu.toFixed(0)} ms = ${parseCpuRatio.toFixed(2)} x as the median of per-round ratios`,
    );
    console.log(
      `validate CPU time, every rule: ${cpuRatio.toFixed(2)} x named-checkzone (for comparison: the target is about parsing)`,
    );
  }
  console.log(startupNote());
  console.log(
    `target: parsing, whole process, within 2 x named-checkzone: ${parseProcessRatio <= 2 ? "met" : "NOT met"}`,
  );
  console.log(
    `validate, every rule: ${cliRatio.toFixed(2)} x named-checkzone (for comparison: the target is about parsing)`,
  );
} finally {
  rmSync(folder, { recursive: true, force: true });
}
