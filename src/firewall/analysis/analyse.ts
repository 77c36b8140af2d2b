/**
 * Anomaly analysis of ordered chains in the taxonomy of Al-Shaer and Hamed ("Firewall Policy
 * Advisor for Anomaly Discovery and Rule Editing", IM 2003): shadowed, redundant, correlated and
 * generalisation, plus rules after an unconditional terminal rule. Earlier rules are compared as
 * a union, so a rule covered by several earlier rules together is found too.
 */
import { FALSE, type Node } from './bdd.js';
import { behaviourOf, flattenModel, type ChainBehaviour } from './flatten.js';
import type { FirewallModel, ModelChain, ModelRule, Verdict } from './model.js';
import { PacketSpace, boundsOverlap, type Packet } from './space.js';

/** Kinds of anomaly. */
export type AnomalyKind = 'shadowed' | 'redundant' | 'removable' | 'correlated' | 'generalisation' | 'afterTerminal';

/** A rule the anomaly involves: an earlier (or later) rule, or a base chain's policy. */
export interface RelatedRule {
  /** The rule, or undefined for the policy of `chain`. */
  rule?: ModelRule;
  chain: string;
  verdict: Verdict;
}

/** One anomaly of one rule. */
export interface Anomaly {
  kind: AnomalyKind;
  rule: ModelRule;
  /** Rules that cover, overlap or make the rule unreachable, in chain order. */
  related: RelatedRule[];
  /** A packet that shows the effect: it matches `rule` and gets `witnessVerdict` elsewhere. */
  witness?: Packet;
  witnessVerdict?: Verdict;
  /**
   * True when the rule or a rule before it has matches the model cannot evaluate; the finding
   * then holds for the case where those matches never match.
   */
  uncertain: boolean;
}

/** Result of analysing a model. */
export interface AnalysisResult {
  anomalies: Anomaly[];
  space: PacketSpace;
  behaviours: ChainBehaviour[];
}

/** Analyses every base chain of the model, following user chains. */
export function analyseModel(model: FirewallModel, space = new PacketSpace([model])): AnalysisResult {
  const anomalies: Anomaly[] = [];
  const afterTerminal = findAfterTerminal(model, space, anomalies);
  const instances = new Map<ModelRule, InstanceResult[]>();
  const behaviours = flattenModel(model, space).map((flat) => behaviourOf(space, flat));
  for (const behaviour of behaviours) {
    analyseChain(space, behaviour, afterTerminal, instances);
  }
  for (const [rule, results] of instances) {
    anomalies.push(...combineInstances(rule, results));
  }
  anomalies.sort((left, right) => compareRules(left.rule, right.rule));
  return { anomalies, space, behaviours };
}

/** Finds rules after an unconditional terminal rule in the same chain; returns those rules. */
function findAfterTerminal(model: FirewallModel, space: PacketSpace, anomalies: Anomaly[]): Set<ModelRule> {
  const unreachable = new Set<ModelRule>();
  for (const chain of model.chains.values()) {
    const terminal = chain.rules.find(
      (rule) =>
        ['accept', 'drop', 'reject', 'goto', 'return'].includes(rule.action) &&
        rule.unmodeled.length === 0 &&
        space.boxes(rule.boxes) === space.universe,
    );
    if (!terminal) continue;
    for (const rule of chain.rules.slice(terminal.index + 1)) {
      unreachable.add(rule);
      anomalies.push({ kind: 'afterTerminal', rule, related: [relatedOf(terminal, chain)], uncertain: false });
    }
  }
  return unreachable;
}

function relatedOf(rule: ModelRule, chain: ModelChain): RelatedRule {
  const verdict = rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject' ? rule.action : chain.policy;
  return { rule, chain: rule.chain, verdict };
}

/** What one occurrence of a rule in a flattened base chain showed. */
interface InstanceResult {
  /** Packets may reach the rule at all. */
  reachable: boolean;
  /** Earlier rules decide every packet the rule matches. */
  covered: boolean;
  /** Earlier rules decide some of its packets with another verdict. */
  conflict?: { witness: Packet; verdict: Verdict; related: RelatedRule[]; generalises: boolean };
  coveredBy?: { witness: Packet; related: RelatedRule[] };
  /** Removing the rule changes no packet's verdict in this chain. */
  removable: boolean;
  removableWitness?: { witness: Packet; related: RelatedRule[] };
  uncertain: boolean;
}

function analyseChain(
  space: PacketSpace,
  behaviour: ChainBehaviour,
  skip: Set<ModelRule>,
  instances: Map<ModelRule, InstanceResult[]>,
): void {
  const { bdd } = space;
  const { decisions } = behaviour.flat;
  const bounds = decisions.map((decision) => (decision.rule ? space.bounds(decision.rule.boxes) : space.bounds([{}])));
  const removable = removableDecisions(space, behaviour);
  // Per verdict, packets decided by earlier decisions; advanced as the loop walks the chain.
  const decidedBy: Record<Verdict, Node> = { accept: FALSE, drop: FALSE, reject: FALSE };
  let uncertainSoFar = false;
  decisions.forEach((decision, index) => {
    const rule = decision.rule;
    const terminal = rule && (rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject');
    if (terminal && !skip.has(rule) && decision.upper !== FALSE) {
      const uncertain = uncertainSoFar || rule.unmodeled.length > 0;
      const before = behaviour.decidedBefore[index]!;
      let other = FALSE;
      for (const verdict of ['accept', 'drop', 'reject'] as const) {
        if (verdict !== decision.verdict) other = bdd.or(other, decidedBy[verdict]);
      }
      const conflictSet = bdd.and(decision.upper, other);
      const result: InstanceResult = { reachable: true, covered: bdd.implies(decision.upper, before), removable: false, uncertain };
      const deciders = (target: Node, verdictFilter: (verdict: Verdict) => boolean): number[] =>
        findDeciders(space, behaviour, bounds, index, target, verdictFilter);
      if (conflictSet !== FALSE) {
        const related = deciders(conflictSet, (verdict) => verdict !== decision.verdict);
        const first = decisions[related[0]!]!;
        result.conflict = {
          witness: space.witness(bdd.and(conflictSet, behaviour.effective[related[0]!]!))!,
          verdict: first.verdict,
          related: related.map((at) => relatedDecision(behaviour, at)),
          generalises: related.every((at) => bdd.implies(decisions[at]!.upper, decision.upper)),
        };
      }
      if (result.covered) {
        const related = deciders(decision.upper, () => true);
        result.coveredBy = { witness: space.witness(decision.upper)!, related: related.map((at) => relatedDecision(behaviour, at)) };
      } else if (removable[index] && rule.unmodeled.length === 0) {
        const effective = behaviour.effective[index]!;
        const later = laterDeciders(space, behaviour, bounds, index, effective);
        result.removable = true;
        result.removableWitness = { witness: space.witness(effective)!, related: later.map((at) => relatedDecision(behaviour, at)) };
      }
      const list = instances.get(rule) ?? [];
      list.push(result);
      instances.set(rule, list);
    }
    if (decision.lower !== decision.upper) uncertainSoFar = true;
    const effective = behaviour.effective[index]!;
    decidedBy[decision.verdict] = bdd.or(decidedBy[decision.verdict], effective);
  });
}

/**
 * Marks the decisions whose removal changes nothing: every packet they decide would get the same
 * verdict from the decisions after them. One backward pass keeps, per verdict, the packets the
 * rest of the chain gives that verdict.
 */
function removableDecisions(space: PacketSpace, behaviour: ChainBehaviour): boolean[] {
  const { bdd } = space;
  const { decisions } = behaviour.flat;
  const result = new Array<boolean>(decisions.length).fill(false);
  const rest: Record<Verdict, Node> = { accept: FALSE, drop: FALSE, reject: FALSE };
  for (let index = decisions.length - 1; index >= 0; index -= 1) {
    const decision = decisions[index]!;
    const effective = behaviour.effective[index]!;
    result[index] = effective !== FALSE && bdd.implies(effective, rest[decision.verdict]);
    if (decision.lower === FALSE) continue;
    for (const verdict of ['accept', 'drop', 'reject'] as const) {
      rest[verdict] = verdict === decision.verdict ? bdd.or(rest[verdict], decision.lower) : bdd.diff(rest[verdict], decision.lower);
    }
  }
  return result;
}

/** Lists the earlier decisions that decide packets of `target`, in order, until all are attributed. */
function findDeciders(
  space: PacketSpace,
  behaviour: ChainBehaviour,
  bounds: Int32Array[],
  index: number,
  target: Node,
  verdictFilter: (verdict: Verdict) => boolean,
): number[] {
  const { bdd } = space;
  const found: number[] = [];
  let remaining = bdd.and(target, behaviour.decidedBefore[index]!);
  for (let at = 0; at < index && remaining !== FALSE; at += 1) {
    if (!boundsOverlap(bounds[at]!, bounds[index]!)) continue;
    const effective = behaviour.effective[at]!;
    if (!bdd.intersects(effective, remaining)) continue;
    if (verdictFilter(behaviour.flat.decisions[at]!.verdict)) found.push(at);
    remaining = bdd.diff(remaining, effective);
  }
  return found;
}

/** Lists the later decisions (the policy included) that would decide `target` if `index` were removed. */
function laterDeciders(space: PacketSpace, behaviour: ChainBehaviour, bounds: Int32Array[], index: number, target: Node): number[] {
  const { bdd } = space;
  const { decisions } = behaviour.flat;
  const found: number[] = [];
  let remaining = target;
  for (let at = index + 1; at < decisions.length && remaining !== FALSE; at += 1) {
    if (!boundsOverlap(bounds[at]!, bounds[index]!)) continue;
    const part = bdd.and(decisions[at]!.lower, remaining);
    if (part === FALSE) continue;
    found.push(at);
    remaining = bdd.diff(remaining, part);
  }
  return found;
}

function relatedDecision(behaviour: ChainBehaviour, at: number): RelatedRule {
  const decision = behaviour.flat.decisions[at]!;
  return {
    ...(decision.rule ? { rule: decision.rule } : {}),
    chain: decision.rule?.chain ?? behaviour.flat.chain.name,
    verdict: decision.verdict,
  };
}

/**
 * Combines the occurrences of one rule (a user-chain rule occurs once per jump that reaches it):
 * a rule is dead only when every occurrence is covered, and overlaps when any occurrence does.
 */
function combineInstances(rule: ModelRule, results: InstanceResult[]): Anomaly[] {
  const anomalies: Anomaly[] = [];
  const uncertain = results.some((result) => result.uncertain);
  if (results.every((result) => result.covered)) {
    const conflicting = results.find((result) => result.conflict);
    if (conflicting?.conflict) {
      const { witness, verdict, related } = conflicting.conflict;
      const all = conflicting.coveredBy?.related ?? related;
      anomalies.push({ kind: 'shadowed', rule, related: all, witness, witnessVerdict: verdict, uncertain });
    } else {
      const first = results[0]!.coveredBy!;
      anomalies.push({ kind: 'redundant', rule, related: first.related, witness: first.witness, witnessVerdict: rule.action as Verdict, uncertain });
    }
    return anomalies;
  }
  const overlapping = results.find((result) => result.conflict && !result.covered);
  if (overlapping?.conflict) {
    const { witness, verdict, related, generalises } = overlapping.conflict;
    anomalies.push({ kind: generalises ? 'generalisation' : 'correlated', rule, related, witness, witnessVerdict: verdict, uncertain });
  }
  if (results.every((result) => result.removable)) {
    const first = results[0]!.removableWitness!;
    anomalies.push({ kind: 'removable', rule, related: first.related, witness: first.witness, witnessVerdict: rule.action as Verdict, uncertain });
  }
  return anomalies;
}

function compareRules(left: ModelRule, right: ModelRule): number {
  if (left.chain !== right.chain) return left.chain < right.chain ? -1 : 1;
  return left.index - right.index;
}
