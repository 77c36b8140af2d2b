/**
 * Property tests: the engine's anomalies, equivalence and diff against brute force over every
 * packet of a small universe, for thousands of generated policies.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { analysePolicy, compilePolicy, diffModels, diffPolicies, type ChainDiff, type FirewallModel, type FlowClass, type Packet } from '../../src/firewall/analysis/index.js';
import type { Chain, FirewallPolicy, Rule } from '../../src/types/firewall.js';
import { INTERFACES, allPackets, evaluate, evaluateHook, ruleMatches, type Outcome } from './brute-force.js';

const packets = allPackets();

const addressArbitrary = fc.constantFrom(
  '192.0.2.0/30',
  '192.0.2.0/31',
  '192.0.2.2/31',
  '192.0.2.0',
  '192.0.2.1',
  '192.0.2.3',
  '192.0.2.1-192.0.2.2',
  'any',
);

const matchArbitrary = fc.record(
  {
    protocol: fc.constantFrom('tcp', 'udp'),
    ports: fc.constantFrom<Rule['ports']>('20', 21, '22-23', '20-22', 23, [20, 22]),
    source: addressArbitrary,
    sourceNot: fc.boolean(),
    destination: fc.oneof(addressArbitrary, fc.constant<string[]>(['192.0.2.0', '192.0.2.3'])),
    state: fc.constantFrom<Rule['state']>(['new'], ['established'], ['new', 'established']),
    inInterface: fc.constantFrom('eth0', 'eth1', 'eth+'),
  },
  { requiredKeys: [] },
);

const terminalRule = fc
  .tuple(matchArbitrary, fc.constantFrom<Rule['action']>('accept', 'drop', 'reject'))
  .map(([match, action]): Rule => {
    const rule: Rule = { ...match, action };
    if (rule.sourceNot && (rule.source === undefined || rule.source === 'any')) delete rule.sourceNot;
    if (rule.sourceNot === false) delete rule.sourceNot;
    return rule;
  });

const policyArbitrary = fc
  .tuple(fc.array(terminalRule, { minLength: 1, maxLength: 7 }), fc.constantFrom<'accept' | 'drop'>('accept', 'drop'))
  .map(([rules, policy]): FirewallPolicy => ({ kind: 'firewall', family: 'ipv4', chains: { input: { hook: 'input', policy, rules } } }));

/** Policies with a user chain reached by jump or goto, and returns inside it. */
const chainedPolicyArbitrary = fc
  .tuple(
    fc.array(fc.oneof(terminalRule, fc.tuple(matchArbitrary, fc.constantFrom<'jump' | 'goto'>('jump', 'goto')).map(([match, action]): Rule => ({ ...match, sourceNot: undefined, action, target: 'sub' }))), { minLength: 1, maxLength: 5 }),
    fc.array(fc.oneof(terminalRule, matchArbitrary.map((match): Rule => ({ ...match, sourceNot: undefined, action: 'return' }))), { maxLength: 4 }),
    fc.constantFrom<'accept' | 'drop'>('accept', 'drop'),
  )
  .map(([rules, sub, policy]): FirewallPolicy => {
    const clean = (rule: Rule): Rule => JSON.parse(JSON.stringify(rule)) as Rule;
    const chains: Record<string, Chain> = { input: { hook: 'input', policy, rules: rules.map(clean) }, sub: { rules: sub.map(clean) } };
    return { kind: 'firewall', family: 'ipv4', chains };
  });

/**
 * Policies with a second base chain `extra` on the input hook, which gets the packets `input`
 * accepts. Its rules can jump to the user chain of `input`.
 */
const hookPolicyArbitrary = fc
  .tuple(
    chainedPolicyArbitrary,
    fc.array(fc.oneof(terminalRule, fc.tuple(matchArbitrary, fc.constantFrom<'jump' | 'goto'>('jump', 'goto')).map(([match, action]): Rule => ({ ...match, sourceNot: undefined, action, target: 'sub' }))), { maxLength: 4 }),
    fc.constantFrom<'accept' | 'drop'>('accept', 'drop'),
  )
  .map(([policy, rules, extraPolicy]): FirewallPolicy => {
    const extra: Chain = { hook: 'input', policy: extraPolicy, rules: JSON.parse(JSON.stringify(rules)) as Rule[] };
    return { ...policy, chains: { ...policy.chains, extra } };
  });

type Kind = 'shadowed' | 'redundant' | 'removable' | 'correlated' | 'generalisation' | 'afterTerminal';

/** Brute-force anomalies of the single chain `input`, as `index:kind` and related indexes. */
function expectedAnomalies(policy: FirewallPolicy): Map<string, number[]> {
  const rules = policy.chains.input!.rules!;
  const fallback = policy.chains.input!.policy ?? 'accept';
  const table = rules.map((rule) => packets.map((packet) => ruleMatches(rule, packet)));
  // First rule at or after `from` that matches packet `at`, skipping `skip`; rules.length is the policy.
  const firstMatch = (at: number, from: number, until: number, skip = -1): number => {
    for (let index = from; index < until; index += 1) if (index !== skip && table[index]![at]) return index;
    return until === rules.length ? rules.length : -1;
  };
  const verdictOf = (index: number): string => (index === rules.length ? fallback : rules[index]!.action);
  const result = new Map<string, number[]>();
  const terminalAt = table.findIndex((row) => row.every(Boolean));
  rules.forEach((rule, index) => {
    if (terminalAt !== -1 && index > terminalAt) {
      result.set(`${index}:afterTerminal`, [terminalAt]);
      return;
    }
    const matched = packets.map((_, at) => at).filter((at) => table[index]![at]);
    if (matched.length === 0) return;
    const deciders = matched.map((at) => firstMatch(at, 0, index));
    const covered = deciders.every((at) => at !== -1);
    const conflicting = new Set(deciders.filter((at) => at !== -1 && rules[at]!.action !== rule.action));
    // Conflicts with rules that match only established, related or invalid traffic do not count,
    // unless such rules alone cover the rule.
    const opening = (at: number): boolean => rules[at]?.state?.every((state) => state === 'established' || state === 'related' || state === 'invalid') ?? false;
    const correlating = new Set([...conflicting].filter((at) => !opening(at)));
    const add = (kind: Kind, related: number[]): void => {
      result.set(`${index}:${kind}`, [...new Set(related)].sort((a, b) => a - b));
    };
    if (covered) {
      const shadowed = correlating.size > 0 || (conflicting.size > 0 && deciders.every(opening));
      add(shadowed ? 'shadowed' : 'redundant', deciders);
      return;
    }
    if (correlating.size > 0) {
      const generalises = [...correlating].every((at) => table[at]!.every((hit, packet) => !hit || table[index]![packet]));
      add(generalises ? 'generalisation' : 'correlated', [...correlating]);
    }
    const decided = matched.filter((at) => firstMatch(at, 0, index) === -1);
    const replacements = decided.map((at) => firstMatch(at, index + 1, rules.length));
    if (replacements.every((replacement) => verdictOf(replacement) === rule.action)) add('removable', replacements);
  });
  return result;
}

describe('firewall analysis against brute force', () => {
  it('finds exactly the anomalies, related rules and valid witnesses', () => {
    fc.assert(
      fc.property(policyArbitrary, (policy) => {
        const { anomalies } = analysePolicy(policy);
        const rules = policy.chains.input!.rules!;
        const actual = new Map<string, number[]>();
        for (const anomaly of anomalies) {
          const related = anomaly.related.map((item) => item.rule?.index ?? rules.length).sort((a, b) => a - b);
          actual.set(`${anomaly.rule.index}:${anomaly.kind}`, related);
          if (!anomaly.witness) continue;
          const rule = rules[anomaly.rule.index]!;
          expect(ruleMatches(rule, anomaly.witness), `witness of ${anomaly.kind} matches rule ${anomaly.rule.index}`).toBe(true);
          if (anomaly.kind === 'shadowed' || anomaly.kind === 'correlated' || anomaly.kind === 'generalisation') {
            const outcome = evaluate(policy, 'input', anomaly.witness);
            expect(outcome.verdict).toBe(anomaly.witnessVerdict);
            expect(outcome.verdict).not.toBe(rule.action);
            expect(outcome.index! < anomaly.rule.index).toBe(true);
          }
          if (anomaly.kind === 'removable') {
            expect(evaluate(policy, 'input', anomaly.witness, anomaly.rule.index).verdict).toBe(rule.action);
          }
        }
        expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(expectedAnomalies(policy)));
      }),
      { numRuns: 1500 },
    );
  }, 600_000);

  it('decides equivalence and lists every changed packet', () => {
    fc.assert(
      fc.property(chainedPolicyArbitrary, chainedPolicyArbitrary, fc.boolean(), (before, generated, reuse) => {
        // Half the pairs compare a policy with a reordered copy, so equivalent pairs occur often.
        const after = reuse ? reorderIndependent(before) : generated;
        const [diff] = diffPolicies(before, after, { maxClasses: 10_000 });
        expectDiffMatches(diff!, before, after, (policy, packet) => evaluate(policy, 'input', packet), decider, ruleKey);
      }),
      { numRuns: 1000 },
    );
  }, 600_000);
});

describe('several base chains on one hook against brute force', () => {
  it.each([true, false])('lists every changed packet (geometric: %s)', (geometric) => {
    fc.assert(
      fc.property(hookPolicyArbitrary, fc.oneof(hookPolicyArbitrary, chainedPolicyArbitrary), (before, after) => {
        const [diff] = diffModels(hookModel(before), hookModel(after), { maxClasses: 10_000, geometric });
        const hookOf = (policy: FirewallPolicy): string[] => (policy.chains.extra ? ['input', 'extra'] : ['input']);
        expectDiffMatches(diff!, before, after, (policy, packet) => evaluateHook(policy, hookOf(policy), packet), hookDecider, hookRuleKey);
      }),
      { numRuns: 500 },
    );
  }, 600_000);
});

/**
 * Checks a diff against brute force: equivalence, each class's verdicts and deciding rules on its
 * witness, a class for every changed packet, and the verdicts of every packet of an exact class.
 */
function expectDiffMatches(
  diff: ChainDiff,
  before: FirewallPolicy,
  after: FirewallPolicy,
  outcome: (policy: FirewallPolicy, packet: Packet) => Outcome,
  decider: (outcome: Outcome) => string,
  ruleKey: (rule: { chain: string; index: number } | undefined) => string,
): void {
  const outcomes = packets.map((packet) => [outcome(before, packet), outcome(after, packet)] as const);
  const representatives = new Map(INTERFACES.map((name) => [name, interfaceRepresentative(name, [before, after])]));
  const changed = packets.map((_, at) => at).filter((at) => outcomes[at]![0].verdict !== outcomes[at]![1].verdict);
  expect(diff.equivalent).toBe(changed.length === 0);
  expect(diff.truncated).toBe(false);
  const classes = [...diff.newlyAllowed, ...diff.newlyDenied, ...diff.changedDenial];
  for (const flow of classes) {
    const left = outcome(before, flow.witness);
    const right = outcome(after, flow.witness);
    expect(left.verdict).toBe(flow.before.verdict);
    expect(right.verdict).toBe(flow.after.verdict);
    expect(left.verdict).not.toBe(right.verdict);
    expect(decider(left)).toBe(ruleKey(flow.before.rule));
    expect(decider(right)).toBe(ruleKey(flow.after.rule));
  }
  const members = classes.map((flow) => packets.map((_, at) => inClass(flow, at, representatives)));
  for (const at of changed) {
    const [left, right] = outcomes[at]!;
    const owner = classes.findIndex(
      (flow, index) => members[index]![at] && ruleKey(flow.before.rule) === decider(left) && ruleKey(flow.after.rule) === decider(right),
    );
    expect(owner, `changed packet ${JSON.stringify(packets[at])} has a class`).not.toBe(-1);
  }
  classes.forEach((flow, index) => {
    if (!flow.exact) return;
    packets.forEach((_, at) => {
      if (!members[index]![at]) return;
      expect(outcomes[at]![0].verdict).toBe(flow.before.verdict);
      expect(outcomes[at]![1].verdict).toBe(flow.after.verdict);
    });
  });
}

/** Compiles a policy and attaches its base chain `extra`, if any, after `input` on the hook. */
function hookModel(policy: FirewallPolicy): FirewallModel {
  const model = compilePolicy(policy);
  const input = model.chains.get('input')!;
  const extra = model.chains.get('extra');
  if (extra) {
    model.chains.delete('extra');
    model.chains.set('input', { ...input, laterBaseChains: [extra] });
  }
  return model;
}

/** Names the deciding rule of a hook, or `policy` when every chain decided by its policy. */
function hookDecider(outcome: { chain: string; index?: number }): string {
  return outcome.index === undefined ? 'policy' : `${outcome.chain}:${outcome.index}`;
}

function hookRuleKey(rule: { chain: string; index: number } | undefined): string {
  return rule === undefined ? 'policy' : `${rule.chain}:${rule.index}`;
}

function decider(outcome: { chain: string; index?: number }): string {
  return outcome.index === undefined ? `${outcome.chain}:policy` : `${outcome.chain}:${outcome.index}`;
}

function ruleKey(rule: { chain: string; index: number } | undefined): string {
  return rule === undefined ? 'input:policy' : `${rule.chain}:${rule.index}`;
}

/** Returns a copy with adjacent rules swapped where both give the same verdict. */
function reorderIndependent(policy: FirewallPolicy): FirewallPolicy {
  const copy = JSON.parse(JSON.stringify(policy)) as FirewallPolicy;
  const rules = copy.chains.input!.rules!;
  for (let index = 0; index + 1 < rules.length; index += 2) {
    const [left, right] = [rules[index]!, rules[index + 1]!];
    if (left.action === right.action && ['accept', 'drop', 'reject'].includes(left.action)) {
      rules[index] = right;
      rules[index + 1] = left;
    }
  }
  return copy;
}

/** Returns the name the engine uses for an interface: listed names stay, others become a pattern. */
function interfaceRepresentative(name: string, policies: FirewallPolicy[]): string {
  const patterns = policies.flatMap((policy) => Object.values(policy.chains).flatMap((chain) => (chain.rules ?? []).map((rule) => rule.inInterface)));
  if (patterns.includes(name)) return name;
  const prefixes = patterns.filter((pattern): pattern is string => pattern?.endsWith('+') === true && name.startsWith(pattern.slice(0, -1)));
  const longest = prefixes.sort((a, b) => b.length - a.length)[0];
  return longest === undefined ? '(unlisted)' : `${longest} (unlisted)`;
}

const STATE_NAMES = ['new', 'established', 'related', 'invalid', 'untracked'];
const addressNumber = (text: string): bigint => BigInt(text.split('.').reduce((total, part) => total * 256 + Number(part), 0));
/** Each packet's fields as numbers, computed once: class membership runs millions of times. */
const packetNumbers = packets.map((packet) => ({
  protocol: BigInt(packet.protocol),
  source: addressNumber(packet.source),
  destination: addressNumber(packet.destination),
  destinationPort: BigInt(packet.destinationPort),
  state: BigInt(STATE_NAMES.indexOf(packet.state)),
}));

function inClass(flow: FlowClass, at: number, representatives: Map<string, string>): boolean {
  const within = (intervals: readonly (readonly [bigint, bigint])[], value: bigint): boolean =>
    intervals.some(([first, last]) => first <= value && value <= last);
  const numbers = packetNumbers[at]!;
  return (
    within(flow.protocol, numbers.protocol) &&
    within(flow.source, numbers.source) &&
    within(flow.destination, numbers.destination) &&
    within(flow.destinationPort, numbers.destinationPort) &&
    within(flow.state, numbers.state) &&
    (flow.inInterface === 'any' || flow.inInterface.includes(representatives.get(packets[at]!.inInterface)!))
  );
}
