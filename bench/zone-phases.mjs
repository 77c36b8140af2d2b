// CPU time of each step of `driftgate validate` on the zone bench's 100,000-record zone, in one
// fresh process: module loading, parsing, the zone index and each dns- rule. It shows where the
// time of the whole run goes, which the zone bench measures as one figure. Run `npm run build`
// first, then `node bench/zone-phases.mjs`. The figures are process CPU time (user plus system,
// all threads, so garbage collection and compilation count where they happen).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { cpuUsage } from "node:process";

import { writeZone } from "./zone-file.mjs";

const RECORDS = 100_000;

let last = cpuUsage();
/** Returns the CPU milliseconds since the previous call. */
function lap() {
  const now = cpuUsage();
  const spent = (now.user - last.user + now.system - last.system) / 1000;
  last = now;
  return spent;
}

const steps = [];
const { parseZoneFile } = await import("../dist/src/formats/zone.js");
const { indexZones } = await import("../dist/src/dns/zone-index.js");
const { loadChecks, loadRuleCatalog } = await import("../dist/src/engine/registry.js");
// As `driftgate validate` of a zone file does: every rule's metadata, the checks of dns- rules.
const catalog = await loadRuleCatalog();
await loadChecks(catalog, new Set(["dns"]));
const rules = catalog.filter((rule) => rule.domain === "dns");
steps.push(["load the parser, the zone index and the dns- rules", lap()]);

const folder = mkdtempSync(join(tmpdir(), "driftgate-zone-phases-"));
try {
  const file = join(folder, "example.com.zone");
  writeZone(file, RECORDS);
  const text = readFileSync(file, "utf8");
  lap();
  const parsed = parseZoneFile(text, {
    file: "example.com.zone",
    absolutePath: file,
    explicit: true,
    origin: "example.com.",
  });
  steps.push(["parseZoneFile", lap()]);
  const document = parsed.documents[0];
  indexZones(document.data);
  steps.push(["zone index", lap()]);
  let findings = 0;
  for (const rule of rules) {
    rule.check({
      document,
      data: document.data,
      options: rule.options?.defaults ?? {},
      documents: [document],
      report: () => {
        findings += 1;
      },
    });
    steps.push([rule.id, lap()]);
  }
  const ruleTotal = steps.slice(3).reduce((total, [, spent]) => total + spent, 0);
  console.log(`load average ${loadavg()[0].toFixed(1)}; ${findings} findings`);
  for (const [name, spent] of steps) {
    console.log(`${spent.toFixed(0).padStart(6)} ms  ${name}`);
  }
  console.log(`${ruleTotal.toFixed(0).padStart(6)} ms  all dns- rules`);
} finally {
  rmSync(folder, { recursive: true, force: true });
}
