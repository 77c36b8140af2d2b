// Benchmark of the firewall analysis engine on a generated 20,000-rule chain: anomaly analysis,
// equivalence and diff, and a straightforward pairwise comparison for the ratio.
// Run with `npm run bench` (builds first); `--rules N` changes the chain length.
import os from 'node:os';
import { performance } from 'node:perf_hooks';

import { analyseModel, compilePolicy, diffModels } from '../dist/src/firewall/analysis/index.js';

const argIndex = process.argv.indexOf('--rules');
const ruleCount = argIndex === -1 ? 20_000 : Number(process.argv[argIndex + 1]);
// `--shape dense` selects the earlier generator, in which most rules are dead.
const shapeIndex = process.argv.indexOf('--shape');
const shape = shapeIndex === -1 ? 'realistic' : process.argv[shapeIndex + 1];

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
 * Generates a forward chain shaped like a large data-centre or enterprise edge ruleset.
 *
 * - Head: accept established/related, drop invalid, accept ICMP, drop four bogon /8 sources,
 *   accept SSH from a management /24 to everything.
 * - Body, per rule: 10% IPv6. Servers are in 10.0.0.0/8, clients in 172.16.0.0/12, partners
 *   in a dozen other /8s. The destination is a server host /32 (65%), a server subnet
 *   /24 to /28 (25%), a site /16 to /20 (4%) or absent (6%). Hosts come from a pool of
 *   0.6 * N addresses, so many hosts get several rules (one per service) and the same
 *   destination recurs. The source is absent (35%), a client prefix /16 to /24 (40%), a
 *   client host /32 (20%) or a partner /8 to /12 (5%); a rule without a destination gets a
 *   client /24 source. 92% name tcp or udp with a common service port (50%), a random high
 *   port (35%) or a range of up to 1,000 ports (15%), 5% ICMP, 3% any protocol. 85% accept,
 *   10% drop, 5% reject.
 * - Overlaps real rulesets accumulate: 2% of rules repeat an earlier rule (same match, half of
 *   them with another action), and 1% are broad: a service port to or from anywhere, or a
 *   whole /8 source.
 */
function generateRealisticPolicy(count, seed) {
  const next = random(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const between = (min, max) => min + Math.floor(next() * (max - min + 1));
  const v4 = (value, length) => {
    const masked = length === 0 ? 0 : (value >>> (32 - length)) << (32 - length);
    return `${[24, 16, 8, 0].map((shift) => (masked >>> shift) & 255).join('.')}/${length}`;
  };
  const hostPool = Array.from({ length: Math.max(1, Math.floor(count * 0.6)) }, () => (10 << 24) | Math.floor(next() * 2 ** 24));
  const clientBase = (172 << 24) | (16 << 16);
  // Partner networks lie outside the server (10/8) and client (172.16/12) space.
  const partner = () => (pick([20, 31, 45, 62, 81, 93, 100, 130, 151, 185, 198, 203]) << 24) >>> 0;
  const destination = (ipv6) => {
    const roll = next();
    if (ipv6) {
      if (roll < 0.65) return `2001:db8:${between(0, 65535).toString(16)}::${between(1, 65535).toString(16)}/128`;
      if (roll < 0.94) return `2001:db8:${between(0, 65535).toString(16)}::/64`;
      if (roll < 0.98) return `2001:db8:${between(0, 65535).toString(16)}::/48`;
      return undefined;
    }
    if (roll < 0.65) return v4(pick(hostPool), 32);
    if (roll < 0.9) return v4(pick(hostPool), between(24, 28));
    if (roll < 0.94) return v4(pick(hostPool), between(16, 20));
    return undefined;
  };
  const source = (ipv6) => {
    const roll = next();
    if (roll < 0.35) return undefined;
    if (ipv6) return roll < 0.95 ? `2001:db8:${between(0, 65535).toString(16)}::/${pick([48, 56, 64])}` : '2001:db8::/32';
    const client = clientBase | Math.floor(next() * 2 ** 20);
    if (roll < 0.75) return v4(client, between(16, 24));
    if (roll < 0.95) return v4(client, 32);
    return v4(partner(), between(8, 12));
  };
  const port = () => {
    const roll = next();
    if (roll < 0.5) return pick([22, 25, 53, 80, 123, 389, 443, 636, 1433, 3306, 5432, 6379, 8080, 8443, 9090]);
    if (roll < 0.85) return between(1024, 65535);
    const low = between(1024, 64000);
    return `${low}-${Math.min(65535, low + between(1, 1000))}`;
  };
  const rules = [
    { id: 'established', action: 'accept', state: ['established', 'related'] },
    { id: 'invalid', action: 'drop', state: ['invalid'] },
    { id: 'icmp', action: 'accept', protocol: 'icmp' },
    ...['0.0.0.0/8', '127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4'].map((prefix, index) => ({ id: `bogon${index}`, action: 'drop', source: prefix })),
    { id: 'mgmt-ssh', action: 'accept', protocol: 'tcp', ports: 22, source: '192.0.2.0/24' },
  ];
  while (rules.length < count) {
    const index = rules.length;
    const roll = next();
    if (roll < 0.02 && index > 10) {
      const earlier = rules[between(8, index - 1)];
      rules.push({ ...earlier, id: `r${index}`, ...(next() < 0.5 ? { action: pick(['accept', 'drop', 'reject']) } : {}) });
      continue;
    }
    if (roll < 0.03) {
      const broad = next();
      if (broad < 0.4) rules.push({ id: `r${index}`, action: pick(['drop', 'reject']), protocol: 'tcp', ports: pick([23, 135, 139, 445, 3389]) });
      else if (broad < 0.7) rules.push({ id: `r${index}`, action: 'accept', protocol: 'tcp', ports: pick([80, 443]), destination: v4(pick(hostPool), 16) });
      else rules.push({ id: `r${index}`, action: pick(['accept', 'drop']), source: v4(partner(), 8) });
      continue;
    }
    const ipv6 = next() < 0.1;
    const rule = { id: `r${index}`, action: next() < 0.85 ? 'accept' : next() < 0.67 ? 'drop' : 'reject' };
    const to = destination(ipv6);
    // A body rule names at least one side; "any to any" rules are the broad ones above.
    const from = source(ipv6) ?? (to ? undefined : ipv6 ? '2001:db8:1::/48' : v4(clientBase | Math.floor(next() * 2 ** 20), 24));
    if (to) rule.destination = to;
    if (from) rule.source = from;
    const protocol = next();
    if (protocol < 0.65) rule.protocol = 'tcp';
    else if (protocol < 0.92) rule.protocol = 'udp';
    else if (protocol < 0.97) rule.protocol = ipv6 ? 'icmpv6' : 'icmp';
    if (rule.protocol === 'tcp' || rule.protocol === 'udp') rule.ports = port();
    rules.push(rule);
  }
  return { kind: 'firewall', chains: { forward: { hook: 'forward', policy: 'drop', rules } } };
}

/**
 * The earlier generator (`--shape dense`), kept for comparison: mostly accepts for services from client
 * prefixes to server prefixes, with some drops and rejects. IPv4 prefixes are mostly /24 to /32
 * with some /8 to /23; IPv6 prefixes are /48. Ports are single ports and ranges.
 */
function generateDensePolicy(count, seed) {
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

/** Runs `run` and prints its wall-clock time and the process's CPU time (user plus system) for it. */
function time(label, run) {
  const start = performance.now();
  const cpuStart = process.cpuUsage();
  const result = run();
  const seconds = (performance.now() - start) / 1000;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  console.log(`${label}: ${seconds.toFixed(3)} s (CPU ${cpuSeconds.toFixed(3)} s)`);
  return { result, seconds, cpuSeconds };
}

const policy = shape === 'dense' ? generateDensePolicy(ruleCount, 1) : generateRealisticPolicy(ruleCount, 1);
const changed = structuredClone(policy);
// The second chain: the same rules, five removed, three added, one moved.
const forward = changed.chains.forward.rules;
forward.splice(Math.floor(ruleCount / 200), 5);
forward.splice(Math.floor(ruleCount / 5), 0, { id: 'new-ssh', action: 'accept', protocol: 'tcp', ports: 22, source: '10.1.0.0/16' }, { id: 'new-drop', action: 'drop', source: '10.2.0.0/16' }, { id: 'new-dns', action: 'accept', protocol: 'udp', ports: 53 });
forward.push(forward.splice(Math.floor(ruleCount / 3), 1)[0]);

console.log(`# Firewall analysis, ${ruleCount} rules (${shape}), node ${process.version}, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}`);
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
