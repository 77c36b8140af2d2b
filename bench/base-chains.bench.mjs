// CPU time of the firewall diff when a second base chain shares the hook, as when an nft table
// `inet extra` sits beside `inet filter`, next to the same diff with the first chain alone.
// `--rules N` sets the first chain's length (default 5,000).
import { loadavg } from 'node:os';

import { compilePolicy, diffModels } from '../dist/src/firewall/analysis/index.js';

const argIndex = process.argv.indexOf('--rules');
const ruleCount = argIndex === -1 ? 5_000 : Number(process.argv[argIndex + 1]);
const rounds = 5;

/** Deterministic pseudo-random numbers (a linear congruential generator), so each run measures the same chain. */
function random(seed) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

/** Returns the rules of an input chain: accepts and some drops for services of single hosts in 10.0.0.0/8. */
function firstChainRules(count) {
  const next = random(7);
  const octet = () => Math.floor(next() * 256);
  const rules = [{ action: 'accept', state: ['established', 'related'] }];
  for (let index = 0; index < count; index += 1) {
    const rule = { action: next() < 0.9 ? 'accept' : 'drop', protocol: 'tcp', ports: [22, 80, 443, 5432, 8080][Math.floor(next() * 5)], destination: `10.${octet()}.${octet()}.${octet()}/32` };
    if (next() < 0.5) rule.source = `172.16.${octet()}.0/24`;
    rules.push(rule);
  }
  return rules;
}

const rules = firstChainRules(ruleCount);
const extraRules = [
  { action: 'drop', protocol: 'icmp' },
  { action: 'drop', protocol: 'tcp', ports: 23 },
  { action: 'reject', source: '203.0.113.0/24' },
];

const oneChain = () => compilePolicy({ kind: 'firewall', family: 'ipv4', chains: { input: { hook: 'input', policy: 'drop', rules } } });
/** The hook with `extra` after `input`, as the drift comparison builds it. */
const twoChains = () => {
  const model = compilePolicy({ kind: 'firewall', family: 'ipv4', chains: { input: { hook: 'input', policy: 'drop', rules }, extra: { hook: 'input', priority: 10, policy: 'accept', rules: extraRules } } });
  const extra = model.chains.get('extra');
  model.chains.delete('extra');
  model.chains.set('input', { ...model.chains.get('input'), laterBaseChains: [extra] });
  return model;
};

/** Returns the median CPU time (user + system) of `work` in ms, and its last result. */
function medianCpu(work) {
  const times = [];
  let result;
  for (let round = 0; round < rounds; round += 1) {
    const start = process.cpuUsage();
    result = work();
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000);
  }
  times.sort((left, right) => left - right);
  return { ms: times[Math.floor(rounds / 2)], result };
}

const cases = [
  ['one chain against itself', () => diffModels(oneChain(), oneChain())],
  ['two chains against themselves', () => diffModels(twoChains(), twoChains())],
  ['one chain against two chains', () => diffModels(oneChain(), twoChains(), { maxClasses: 20 })],
];
console.log(`| diff (${ruleCount} rules in the first chain) | CPU time, median of ${rounds} | classes listed |`);
console.log('| --- | ---: | ---: |');
for (const [name, work] of cases) {
  const { ms, result } = medianCpu(work);
  const classes = result[0].newlyAllowed.length + result[0].newlyDenied.length + result[0].changedDenial.length;
  console.log(`| ${name} | ${ms.toFixed(0)} ms | ${classes} |`);
}
console.log(`\nload average: ${loadavg().map((value) => value.toFixed(2)).join(', ')}`);
