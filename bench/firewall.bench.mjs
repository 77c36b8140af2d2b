// Benchmark of the firewall analysis engine on a generated 20,000-rule chain: anomaly analysis,
// equivalence and diff, and a straightforward pairwise comparison for the ratio.
// Run with `npm run bench` (builds first); `--rules N` changes the chain length.
import { performance } from 'node:perf_hooks';

import { analyseModel, compilePolicy, diffModels } from '../dist/src/firewall/analysis/index.js';

const argIndex = process.argv.indexOf('--rules');
const ruleCount = argIndex === -1 ? 20_000 : Number(process.argv[argIndex + 1]);

/** Deterministic pseudo-random numbers (mulberry32), so every run measures the same chain. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Generates a chain shaped like a large enterprise ACL: mostly accepts for services from client
 * prefixes to server prefixes, with some drops and rejects. IPv4 prefixes are mostly /24 to /32
 * with some /8 to /23; IPv6 prefixes are /48. Ports are single ports and ranges.
 */
function generatePolicy(count, seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const v4Prefix = (min, max) => {
    const length = min + Math.floor(next() * (max - min + 1));
    const value = (10 << 24) | Math.floor(next() * 2 ** 24);
    const masked = length === 0 ? 0 : (value >>> (32 - length)) << (32 - length);
    const address = [24, 16, 8, 0].map((shift) => (masked >>> shift) & 255).join('.');
    return `${address}/${length}`;
  };
  const v6Prefix = () => `2001:db8:${Math.floor(next() * 65536).toString(16)}::/48`;
  const ports = () => {
    const roll = next();
    if (roll < 0.5) return pick([22, 25, 53, 80, 443, 3306, 5432, 6379, 8080, 8443]);
    if (roll < 0.8) return 1024 + Math.floor(next() * 60000);
    const low = 1024 + Math.floor(next() * 60000);
    return `${low}-${Math.min(65535, low + Math.floor(next() * 2000))}`;
  };
  const rules = [];
  for (let index = 0; index < count; index += 1) {
    const rule = { id: `r${index}`, action: pick(['accept', 'accept', 'accept', 'accept', 'drop', 'reject']) };
    if (next() < 0.1) {
      rule.source = v6Prefix();
      if (next() < 0.8) rule.destination = v6Prefix();
    } else {
      // Most ACL entries name hosts or subnets; a few name whole sites.
      if (next() < 0.85) rule.source = next() < 0.8 ? v4Prefix(24, 32) : v4Prefix(8, 23);
      if (next() < 0.9) rule.destination = next() < 0.8 ? v4Prefix(24, 32) : v4Prefix(16, 23);
    }
    const protocol = rule.source || rule.destination ? next() : next() * 0.85;
    if (protocol < 0.6) rule.protocol = 'tcp';
    else if (protocol < 0.85) rule.protocol = 'udp';
    else if (protocol < 0.9) rule.protocol = 'icmp';
    if (rule.protocol === 'tcp' || rule.protocol === 'udp') rule.ports = ports();
    if (next() < 0.05) rule.state = ['new'];
    rules.push(rule);
  }
  return { kind: 'firewall', chains: { forward: { hook: 'forward', policy: 'drop', rules } } };
}

/** The straightforward method: every rule against every earlier rule, box by box. */
function pairwise(model) {
  const rules = model.chains.get('forward').rules;
  const overlaps = (left, right) =>
    ['protocol', 'destinationPort', 'sourcePort', 'source', 'destination', 'state', 'icmpType'].every((field) => {
      const a = left[field];
      const b = right[field];
      if (!a || !b) return true;
      return a.some(([first, last]) => b.some(([low, high]) => first <= high && low <= last));
    });
  const contains = (outer, inner) =>
    ['protocol', 'destinationPort', 'sourcePort', 'source', 'destination', 'state', 'icmpType'].every((field) => {
      const a = outer[field];
      const b = inner[field];
      if (!a) return true;
      if (!b) return false;
      return b.every(([low, high]) => a.some(([first, last]) => first <= low && high <= last));
    });
  let findings = 0;
  for (let later = 0; later < rules.length; later += 1) {
    for (let earlier = 0; earlier < later; earlier += 1) {
      const [x] = rules[earlier].boxes;
      const [y] = rules[later].boxes;
      if (x && y && overlaps(x, y) && (contains(x, y) || rules[earlier].action !== rules[later].action)) findings += 1;
    }
  }
  return findings;
}

function time(label, run) {
  const start = performance.now();
  const result = run();
  const seconds = (performance.now() - start) / 1000;
  console.log(`${label}: ${seconds.toFixed(3)} s`);
  return { result, seconds };
}

const policy = generatePolicy(ruleCount, 1);
const changed = structuredClone(policy);
// The second chain: the same rules, five removed, three added, one moved.
const forward = changed.chains.forward.rules;
forward.splice(Math.floor(ruleCount / 200), 5);
forward.splice(Math.floor(ruleCount / 5), 0, { id: 'new-ssh', action: 'accept', protocol: 'tcp', ports: 22, source: '10.1.0.0/16' }, { id: 'new-drop', action: 'drop', source: '10.2.0.0/16' }, { id: 'new-dns', action: 'accept', protocol: 'udp', ports: 53 });
forward.push(forward.splice(Math.floor(ruleCount / 3), 1)[0]);

console.log(`# Firewall analysis, ${ruleCount} rules, node ${process.version}`);
const model = time('compile', () => compilePolicy(policy)).result;
const otherModel = compilePolicy(changed);
const analysis = time('anomaly analysis', () => analyseModel(model));
const kinds = {};
for (const anomaly of analysis.result.anomalies) kinds[anomaly.kind] = (kinds[anomaly.kind] ?? 0) + 1;
console.log(`  anomalies: ${JSON.stringify(kinds)}; BDD nodes: ${analysis.result.space.bdd.nodeCount}`);
const same = time('equivalence with itself (reparsed)', () => diffModels(model, compilePolicy(structuredClone(policy))));
console.log(`  equivalent: ${same.result.every((chain) => chain.equivalent)}`);
const diff = time('equivalence and diff with the changed chain', () => diffModels(model, otherModel));
for (const chain of diff.result) {
  console.log(`  ${chain.chain}: equivalent ${chain.equivalent}, newly allowed ${chain.newlyAllowed.length}, newly denied ${chain.newlyDenied.length}, truncated ${chain.truncated}`);
}
const pair = time('pairwise comparison (every rule against every earlier rule)', () => pairwise(model));
console.log(`  pairwise overlapping pairs: ${pair.result}`);
console.log(`ratio pairwise / engine analysis: ${(pair.seconds / analysis.seconds).toFixed(1)}`);
console.log(`peak resident memory: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB`);
