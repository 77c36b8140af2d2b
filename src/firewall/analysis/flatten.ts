/**
 * Follows jumps, gotos and returns from a base chain, so that its behaviour becomes one ordered
 * list of terminal decisions under first-match semantics. Later base chains on the same hook are
 * composed in, so a packet the chain accepts gets the verdict of the next chain.
 */
import { FALSE, type Node } from './bdd.js';
import { intersectUnions, type Rect } from './geometry.js';
import { ruleVerdict, type FirewallModel, type ModelChain, type ModelRule, type Verdict } from './model.js';
import type { PacketSpace } from './space.js';

/** One terminal decision of a flattened base chain. */
export interface Decision {
  /** The rule that decides, or undefined for the base chain's policy. */
  rule?: ModelRule;
  verdict: Verdict;
  /**
   * Packets that certainly reach and match the rule. Rules with unmodeled matches contribute
   * nothing here, so the chain's computed behaviour is the one where they never match.
   */
  lower: Node;
  /** Packets that may reach and match the rule. */
  upper: Node;
  /** `lower` as rectangles, when the chain is geometric. */
  lowerRects?: Rect[];
  /** `upper` as rectangles, when the chain is geometric. */
  upperRects?: Rect[];
  /**
   * Atom-number bounds of `upper` (see `PacketSpace.bounds`), where they are narrower than those
   * of the rule's boxes, because a decision of composed base chains covers only part of its rule.
   */
  bounds?: Int32Array;
}

/** A base chain as decisions in order; the last decision is the policy and catches the rest. */
export interface FlatChain {
  chain: ModelChain;
  decisions: Decision[];
  /**
   * True when every decision's sets are unions of rectangles (`lowerRects`, `upperRects`), so the
   * geometric analysis applies. Their BDDs are then built only when something reads them.
   */
  geometric: boolean;
}

/** A decision whose BDDs are built from its rectangles on first use. */
class RectDecision implements Decision {
  readonly rule?: ModelRule;
  readonly verdict: Verdict;
  readonly lowerRects: Rect[];
  readonly upperRects: Rect[];
  bounds?: Int32Array;
  private readonly space: PacketSpace;
  private lowerNode?: Node;
  private upperNode?: Node;

  constructor(space: PacketSpace, rule: ModelRule | undefined, verdict: Verdict, lowerRects: Rect[], upperRects: Rect[]) {
    this.space = space;
    if (rule) this.rule = rule;
    this.verdict = verdict;
    this.lowerRects = lowerRects;
    this.upperRects = upperRects;
  }

  get lower(): Node {
    this.lowerNode ??= this.lowerRects === this.upperRects ? this.upper : this.space.rectsNode(this.lowerRects);
    return this.lowerNode;
  }

  get upper(): Node {
    this.upperNode ??= this.space.rectsNode(this.upperRects);
    return this.upperNode;
  }
}

/** Flattens every base chain of the model; `geometric: false` keeps every chain in BDDs. */
export function flattenModel(model: FirewallModel, space: PacketSpace, geometric = true): FlatChain[] {
  return [...model.chains.values()].filter((chain) => chain.hook !== undefined).map((chain) => flattenChain(model, space, chain, geometric));
}

/**
 * Flattens one base chain, into rectangles when it can, else into BDDs. The chain's
 * `laterBaseChains` are composed in, so the result is the verdict of the whole hook.
 */
export function flattenChain(model: FirewallModel, space: PacketSpace, chain: ModelChain, geometric = true): FlatChain {
  let flat = flattenOneChain(model, space, chain, geometric);
  for (const later of chain.laterBaseChains ?? []) {
    const next = flattenOneChain(model, space, later, geometric);
    const decisions = flat.geometric && next.geometric ? composeRects(space, flat.decisions, next.decisions) : undefined;
    flat = decisions ? { chain, decisions, geometric: true } : { chain, decisions: composeNodes(space, flat.decisions, next.decisions), geometric: false };
  }
  return flat;
}

function flattenOneChain(model: FirewallModel, space: PacketSpace, chain: ModelChain, geometric: boolean): FlatChain {
  const decisions = geometric ? flattenRects(model, space, chain) : undefined;
  if (decisions) return { chain, decisions, geometric: true };
  return { chain, decisions: flattenNodes(model, space, chain), geometric: false };
}

/**
 * Most rectangles one composed decision may take before the composition falls back to BDDs, as
 * `PacketSpace` allows for one rule.
 */
const MAX_COMPOSED_RECTS = 4096;

/**
 * Returns the rule named for a packet that `earlier` accepts and `later` decides. A drop or
 * reject in `later` is final and names its rule. When both accept, the later accepting rule is
 * named, unless `later` accepts only by its policy.
 */
function composedRule(earlier: Decision, later: Decision): ModelRule | undefined {
  return later.verdict === 'accept' && later.rule === undefined ? earlier.rule : later.rule;
}

/**
 * Composes two base chains of one hook as rectangles. Each accept decision of `first` is split
 * by the decisions of `second`, under first-match order. Returns undefined when a decision would
 * take more than `MAX_COMPOSED_RECTS` rectangles.
 */
function composeRects(space: PacketSpace, first: Decision[], second: Decision[]): Decision[] | undefined {
  const decisions: Decision[] = [];
  for (const earlier of first) {
    if (earlier.verdict !== 'accept') {
      decisions.push(earlier);
      continue;
    }
    for (const later of second) {
      const upper = intersectUnions(earlier.upperRects!, later.upperRects!);
      if (upper.length === 0) continue;
      if (upper.length > MAX_COMPOSED_RECTS) return undefined;
      const exact = earlier.lowerRects === earlier.upperRects && later.lowerRects === later.upperRects;
      const lower = exact ? upper : intersectUnions(earlier.lowerRects!, later.lowerRects!);
      const decision = new RectDecision(space, composedRule(earlier, later), later.verdict, lower, upper);
      decision.bounds = composedBounds(space, earlier, later);
      decisions.push(decision);
    }
  }
  return decisions;
}

/** Returns the bounds of a decision: its own, or those of its rule's boxes (of everything for a policy). */
export function decisionBounds(space: PacketSpace, decision: Decision): Int32Array {
  return decision.bounds ?? space.bounds(decision.rule ? decision.rule.boxes : [{}]);
}

/** Returns the field-by-field intersection of the bounds of two decisions. */
function composedBounds(space: PacketSpace, earlier: Decision, later: Decision): Int32Array {
  const left = decisionBounds(space, earlier);
  const right = decisionBounds(space, later);
  const result = new Int32Array(left.length);
  for (let index = 0; index < left.length; index += 2) {
    result[index] = Math.max(left[index]!, right[index]!);
    result[index + 1] = Math.min(left[index + 1]!, right[index + 1]!);
  }
  return result;
}

/** Composes two base chains of one hook as BDDs, like `composeRects`. */
function composeNodes(space: PacketSpace, first: Decision[], second: Decision[]): Decision[] {
  const { bdd } = space;
  const decisions: Decision[] = [];
  for (const earlier of first) {
    if (earlier.verdict !== 'accept') {
      const finalDecision: Decision = { ...(earlier.rule ? { rule: earlier.rule } : {}), verdict: earlier.verdict, lower: earlier.lower, upper: earlier.upper };
      if (earlier.bounds) finalDecision.bounds = earlier.bounds;
      decisions.push(finalDecision);
      continue;
    }
    for (const later of second) {
      const upper = bdd.and(earlier.upper, later.upper);
      if (upper === FALSE) continue;
      const lower = bdd.and(earlier.lower, later.lower);
      const rule = composedRule(earlier, later);
      decisions.push({ ...(rule ? { rule } : {}), verdict: later.verdict, lower, upper, bounds: composedBounds(space, earlier, later) });
    }
  }
  return decisions;
}

/**
 * Flattens a chain into rectangles. Returns undefined when some set is not a union of
 * rectangles: a return or goto inside a user chain removes packets from the rest of that chain,
 * and a rule with too many alternatives would take too many rectangles.
 */
function flattenRects(model: FirewallModel, space: PacketSpace, chain: ModelChain): Decision[] | undefined {
  const decisions: Decision[] = [];
  const walk = (current: ModelChain, guard: Rect[], stack: string[], isBase: boolean): boolean => {
    for (const rule of current.rules) {
      if (guard.length === 0) break;
      const own = space.rects(rule.boxes);
      if (!own) return false;
      const upper = isBase ? own : intersectUnions(guard, own);
      const lower = rule.unmodeled.length > 0 ? [] : upper;
      const verdict = ruleVerdict(rule);
      if (verdict) {
        decisions.push(new RectDecision(space, rule, verdict, lower, upper));
        continue;
      }
      if (rule.action === 'log') continue;
      if (rule.action === 'return') {
        if (isBase) decisions.push(new RectDecision(space, rule, chain.policy, lower, upper));
        else if (lower.length > 0) return false;
        continue;
      }
      const target = rule.target === undefined ? undefined : model.chains.get(rule.target);
      if (!target || target.hook !== undefined || stack.includes(target.name)) continue;
      if (!walk(target, lower, [...stack, target.name], false)) return false;
      if (rule.action === 'goto') {
        if (isBase) decisions.push(new RectDecision(space, rule, chain.policy, lower, upper));
        else if (lower.length > 0) return false;
      }
    }
    return true;
  };
  const other = otherFamily(chain);
  if (other !== undefined) {
    const passing = space.familyUniverseRects(other);
    if (passing.length > 0) decisions.push(new RectDecision(space, undefined, 'accept', passing, passing));
  }
  if (!walk(chain, space.universeRects, [chain.name], true)) return undefined;
  decisions.push(new RectDecision(space, undefined, chain.policy, space.universeRects, space.universeRects));
  return decisions;
}

/** Flattens a chain into BDDs, which represent any set. */
function flattenNodes(model: FirewallModel, space: PacketSpace, chain: ModelChain): Decision[] {
  const decisions: Decision[] = [];
  const { bdd } = space;
  const walk = (current: ModelChain, guard: Node, stack: string[], isBase: boolean): Node => {
    // `alive`: packets that entered this chain and have not returned from it yet.
    let alive = guard;
    for (const rule of current.rules) {
      if (alive === FALSE) break;
      const upper = bdd.and(alive, space.boxes(rule.boxes));
      const lower = rule.unmodeled.length > 0 ? FALSE : upper;
      const verdict = ruleVerdict(rule);
      if (verdict) {
        decisions.push({ rule, verdict, lower, upper });
        continue;
      }
      if (rule.action === 'log') continue;
      if (rule.action === 'return') {
        if (isBase) decisions.push({ rule, verdict: chain.policy, lower, upper });
        else alive = bdd.diff(alive, lower);
        continue;
      }
      const target = rule.target === undefined ? undefined : model.chains.get(rule.target);
      // NOTE: a missing target or a loop (which iptables-restore rejects) is skipped here.
      if (!target || target.hook !== undefined || stack.includes(target.name)) continue;
      walk(target, lower, [...stack, target.name], false);
      if (rule.action === 'goto') {
        // Packets that fall off the end of a goto target return from this chain, or get the
        // policy when this is the base chain.
        if (isBase) decisions.push({ rule, verdict: chain.policy, lower, upper });
        else alive = bdd.diff(alive, lower);
      }
    }
    return alive;
  };
  const other = otherFamily(chain);
  if (other !== undefined) {
    const passing = space.bdd.and(space.familyUniverse(other), space.universe);
    if (passing !== FALSE) decisions.push({ verdict: 'accept', lower: passing, upper: passing });
  }
  walk(chain, space.universe, [chain.name], true);
  decisions.push({ verdict: chain.policy, lower: space.universe, upper: space.universe });
  return decisions;
}

/**
 * Returns the family whose packets never reach a base chain of one family. They leave the
 * chain as accepted, so a first decision without a rule takes them.
 */
function otherFamily(chain: ModelChain): 4 | 6 | undefined {
  if (chain.family === undefined) return undefined;
  return chain.family === 4 ? 6 : 4;
}

