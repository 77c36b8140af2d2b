/**
 * Semantic comparison of two policies: whether each base chain gives every packet the same
 * verdict, and otherwise the flow classes newly allowed and newly denied, attributed to the
 * deciding rules on both sides.
 */
import { FALSE, type Node } from './bdd.js';
import { behaviourOf, flattenChain, type ChainBehaviour } from './flatten.js';
import type { FirewallModel, Interval, ModelChain, ModelRule, Verdict } from './model.js';
import { PacketSpace, boundsOverlap, type Packet } from './space.js';

/** A set of packets described field by field, with one packet of it. */
export interface FlowClass {
  protocol: Interval[];
  source: Interval[];
  destination: Interval[];
  sourcePort: Interval[];
  destinationPort: Interval[];
  icmpType: Interval[];
  state: Interval[];
  inInterface: string[] | 'any';
  outInterface: string[] | 'any';
  /** True when the class is exactly the product of the fields above, false when it is a subset. */
  exact: boolean;
  witness: Packet;
  /** Deciding rule and verdict in the old policy (rule undefined: the chain policy). */
  before: { rule?: ModelRule; verdict: Verdict };
  after: { rule?: ModelRule; verdict: Verdict };
}

/** The comparison of one base chain. */
export interface ChainDiff {
  chain: string;
  /** Every packet gets the same verdict on both sides. */
  equivalent: boolean;
  newlyAllowed: FlowClass[];
  newlyDenied: FlowClass[];
  /** Packets that moved between drop and reject. */
  changedDenial: FlowClass[];
  /** More classes exist than `maxClasses`. */
  truncated: boolean;
}

/** Options of `diffModels`. */
export interface DiffOptions {
  /** Maximum classes listed per direction and chain. */
  maxClasses?: number;
}

/**
 * Compares the base chains of two models, paired by name. A base chain present on one side only
 * is compared with a chain that accepts everything, which is what netfilter does without one.
 */
export function diffModels(before: FirewallModel, after: FirewallModel, options: DiffOptions = {}): ChainDiff[] {
  const space = new PacketSpace([before, after]);
  const names = new Set<string>();
  for (const model of [before, after]) {
    for (const chain of model.chains.values()) if (chain.hook !== undefined) names.add(chain.name);
  }
  const result: ChainDiff[] = [];
  for (const name of [...names].sort()) {
    const left = behaviourOf(space, flattenChain(before, space, baseChain(before, name)));
    const right = behaviourOf(space, flattenChain(after, space, baseChain(after, name)));
    result.push(diffBehaviours(space, name, left, right, options.maxClasses ?? 20));
  }
  return result;
}

function baseChain(model: FirewallModel, name: string): ModelChain {
  const chain = model.chains.get(name);
  if (chain && chain.hook !== undefined) return chain;
  return { name, hook: 'input', table: 'filter', policy: 'accept', rules: [] };
}

function diffBehaviours(space: PacketSpace, name: string, left: ChainBehaviour, right: ChainBehaviour, maxClasses: number): ChainDiff {
  const { bdd } = space;
  const allowedBefore = left.verdicts.accept;
  const allowedAfter = right.verdicts.accept;
  const equivalent =
    allowedBefore === allowedAfter && left.verdicts.drop === right.verdicts.drop && left.verdicts.reject === right.verdicts.reject;
  const chainDiff: ChainDiff = { chain: name, equivalent, newlyAllowed: [], newlyDenied: [], changedDenial: [], truncated: false };
  if (equivalent) return chainDiff;
  const collect = (set: Node, out: FlowClass[]): void => {
    if (!classify(space, set, left, right, out, maxClasses)) chainDiff.truncated = true;
  };
  collect(bdd.diff(allowedAfter, allowedBefore), chainDiff.newlyAllowed);
  collect(bdd.diff(allowedBefore, allowedAfter), chainDiff.newlyDenied);
  const dropToReject = bdd.and(left.verdicts.drop, right.verdicts.reject);
  const rejectToDrop = bdd.and(left.verdicts.reject, right.verdicts.drop);
  collect(bdd.or(dropToReject, rejectToDrop), chainDiff.changedDenial);
  return chainDiff;
}

/**
 * Splits `changed` by the deciding decision after the change, then by the one before, and
 * describes each part. Returns false when `maxClasses` cut the list short.
 */
function classify(space: PacketSpace, changed: Node, left: ChainBehaviour, right: ChainBehaviour, out: FlowClass[], maxClasses: number): boolean {
  const { bdd } = space;
  const leftBounds = left.flat.decisions.map((decision) => space.bounds(decision.rule ? decision.rule.boxes : [{}]));
  let remaining = changed;
  for (let after = 0; after < right.effective.length && remaining !== FALSE; after += 1) {
    const part = bdd.and(right.effective[after]!, remaining);
    if (part === FALSE) continue;
    remaining = bdd.diff(remaining, part);
    const afterDecision = right.flat.decisions[after]!;
    const afterBounds = space.bounds(afterDecision.rule ? afterDecision.rule.boxes : [{}]);
    let rest = part;
    for (let before = 0; before < left.effective.length && rest !== FALSE; before += 1) {
      if (!boundsOverlap(leftBounds[before]!, afterBounds)) continue;
      const piece = bdd.and(left.effective[before]!, rest);
      if (piece === FALSE) continue;
      rest = bdd.diff(rest, piece);
      if (out.length >= maxClasses) return false;
      const beforeDecision = left.flat.decisions[before]!;
      out.push(describe(space, piece, beforeDecision, afterDecision));
    }
  }
  return true;
}

function describe(
  space: PacketSpace,
  set: Node,
  before: { rule?: ModelRule; verdict: Verdict },
  after: { rule?: ModelRule; verdict: Verdict },
): FlowClass {
  const fields = {
    protocol: space.project(set, 'protocol'),
    source: space.project(set, 'source'),
    destination: space.project(set, 'destination'),
    sourcePort: space.project(set, 'sourcePort'),
    destinationPort: space.project(set, 'destinationPort'),
    icmpType: space.project(set, 'icmpType'),
    state: space.project(set, 'state'),
  };
  const inInterface = space.projectInterfaces(set, 'inInterface');
  const outInterface = space.projectInterfaces(set, 'outInterface');
  const box = space.box({
    ...fields,
    ...(inInterface === 'any' || inInterface.length !== 1 ? {} : { inInterface: interfacePattern(inInterface[0]!) }),
    ...(outInterface === 'any' || outInterface.length !== 1 ? {} : { outInterface: interfacePattern(outInterface[0]!) }),
  });
  return {
    ...fields,
    inInterface,
    outInterface,
    exact: box === set,
    witness: space.witness(set)!,
    before: { ...(before.rule ? { rule: before.rule } : {}), verdict: before.verdict },
    after: { ...(after.rule ? { rule: after.rule } : {}), verdict: after.verdict },
  };
}

/** Turns a described interface (`eth+ (unlisted)`) back into a pattern for exactness checks. */
function interfacePattern(name: string): string {
  return name.endsWith(' (unlisted)') ? name.replace(' (unlisted)', '') : name;
}
