/**
 * Semantic comparison of two policies: whether each base chain gives every packet the same
 * verdict, and otherwise the flow classes newly allowed and newly denied, attributed to the
 * deciding rules on both sides.
 */
import { FALSE, type Node } from './bdd.js';
import { DecisionIndex } from './decisions.js';
import { flattenChain } from './flatten.js';
import { GeometryBudgetExceeded, intersectRects, intersectUnions, uncoveredPoint, type AtomPoint, type Rect } from './geometry.js';
import { findVisible } from './visibility.js';
import type { Box, FirewallModel, Interval, ModelChain, ModelRule, Verdict } from './model.js';
import { PacketSpace, type Packet } from './space.js';

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
  /** Every interface name or pattern of the comparison, for naming the ones a class leaves out. */
  interfaceNames: { inInterface: string[]; outInterface: string[] };
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
  /** Lists only packets inside this box, such as new connections to one port. */
  within?: Box;
  /**
   * Compare geometrically where both chains allow it (the default). The BDD comparison gives the
   * same results more slowly; tests compare the two.
   */
  geometric?: boolean;
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
    const geometric = options.geometric ?? true;
    const left = new DecisionIndex(space, flattenChain(before, space, baseChain(before, name), geometric));
    const right = new DecisionIndex(space, flattenChain(after, space, baseChain(after, name), geometric));
    result.push(diffChains(space, name, left, right, options));
  }
  return result;
}

function baseChain(model: FirewallModel, name: string): ModelChain {
  const chain = model.chains.get(name);
  if (chain && chain.hook !== undefined) return chain;
  return { name, hook: 'input', table: 'filter', policy: 'accept', rules: [] };
}

/** Packets that a decision before and a decision after give different verdicts. */
interface Mismatch {
  before: number;
  after: number;
  part: Node;
}

/** A mismatch found geometrically: its set is built only when the class is listed. */
interface LazyMismatch {
  before: number;
  after: number;
  part: () => Node;
}

/**
 * `findMismatches` for two geometric chains. The packets a pair of decisions both decide are
 * their common rectangles minus the earlier decisions of both chains, so each pair costs one
 * `uncoveredPoint` per rectangle, and BDDs are built only for the classes that get listed.
 */
function findMismatchesGeometric(space: PacketSpace, left: DecisionIndex, right: DecisionIndex, within: Rect[] | undefined): LazyMismatch[] {
  const mismatches: LazyMismatch[] = [];
  const leftPolicy = left.flat.decisions.length - 1;
  const rightPolicy = right.flat.decisions.length - 1;
  const leftOf = (at: number): Rect[] => left.flat.decisions[at]!.lowerRects!;
  const rightOf = (at: number): Rect[] => right.flat.decisions[at]!.lowerRects!;
  // The packets decided by left decision `before` and right decision `after`, as rectangles and
  // the earlier decisions (on both sides) that take some of them.
  const common = (before: number, after: number): Rect[] => {
    const pieces = intersectUnions(leftOf(before), rightOf(after));
    return within ? intersectUnions(pieces, within) : pieces;
  };
  // What takes packets of a piece before the pair does: the kept covers of both decisions when
  // they are short, else the decisions the index finds for the piece. A rectangle whose twin
  // comes earlier on the other side gives that side's decision none of its packets.
  const meets = (before: number, after: number): boolean => {
    let leftCover: Rect[] | undefined;
    let rightCover: Rect[] | undefined;
    let checked = false;
    for (const leftRect of leftOf(before)) {
      const leftTwin = right.firstWithRect(leftRect);
      if (leftTwin !== undefined && leftTwin < after) continue;
      for (const rightRect of rightOf(after)) {
        const rightTwin = left.firstWithRect(rightRect);
        if (rightTwin !== undefined && rightTwin < before) continue;
        const both = intersectRects(leftRect, rightRect);
        if (!both) continue;
        for (const piece of within ? intersectUnions([both], within) : [both]) {
          if (!checked) {
            // Checked only here, where a search would follow: a dead decision meets nothing.
            if (left.isDead(before) || right.isDead(after)) return false;
            leftCover = left.coverBefore(before);
            rightCover = right.coverBefore(after);
            checked = true;
          }
          const cover = [...(leftCover ?? left.coverOf(piece, 0, before)), ...(rightCover ?? right.coverOf(piece, 0, after))];
          if (uncoveredPoint(piece, cover) !== undefined) return true;
        }
      }
    }
    return false;
  };
  const partOf = (before: number, after: number) => (): Node => {
    const { bdd } = space;
    const pieces = common(before, after);
    let part = space.rectsNode(pieces);
    for (const piece of pieces) {
      for (const [chain, until] of [[left, before], [right, after]] as const) {
        for (const at of chain.overlapping(space.rectBounds(piece), 0, until)) part = bdd.diff(part, chain.flat.decisions[at]!.lower);
      }
    }
    return part;
  };
  const displaced = new DisplacedDecisions(left, right);
  const pairs: { before: number; after: number }[] = [];
  // A left decision with a rectangle that no right decision has would be a candidate for every
  // right decision that overlaps it, so one search from its side finds its pairs instead.
  left.flat.decisions.forEach((decision, before) => {
    if (before === leftPolicy || !displaced.isRemoved(before)) return;
    for (const after of rightDeciders(space, left, right, before, within)) pairs.push({ before, after });
  });
  right.flat.decisions.forEach((decision, after) => {
    if (after === rightPolicy || decision.lowerRects!.length === 0) return;
    for (const before of leftDeciders(space, left, right, after, within, displaced)) pairs.push({ before, after });
  });
  pairs.sort((one, other) => one.after - other.after || one.before - other.before);
  for (const { before, after } of pairs) mismatches.push({ before, after, part: partOf(before, after) });
  const rightVerdict = right.flat.decisions[rightPolicy]!.verdict;
  left.flat.decisions.forEach((decision, before) => {
    if (before === leftPolicy || decision.lowerRects!.length === 0 || decision.verdict === rightVerdict) return;
    if (meets(before, rightPolicy)) mismatches.push({ before, after: rightPolicy, part: partOf(before, rightPolicy) });
  });
  if (left.flat.decisions[leftPolicy]!.verdict !== rightVerdict && meets(leftPolicy, rightPolicy)) {
    mismatches.push({ before: leftPolicy, after: rightPolicy, part: partOf(leftPolicy, rightPolicy) });
  }
  return mismatches;
}

/**
 * Lists, in chain order, the left decisions that decide some packet that right decision `after`
 * decides (inside `within`), with another verdict. One search over the decision's rectangles
 * covers every left decision. The right decisions before `after` come first in its list, so
 * that a piece they take is taken before any left decision counts.
 */
function leftDeciders(
  space: PacketSpace,
  left: DecisionIndex,
  right: DecisionIndex,
  after: number,
  within: Rect[] | undefined,
  displaced: DisplacedDecisions,
): number[] {
  const decision = right.flat.decisions[after]!;
  const rects = decision.lowerRects!;
  const listed = new Set<number>();
  for (const rect of rects) {
    const bounds = space.rectBounds(rect);
    // A left decision with the same rectangle takes all of it, so none after it matters there.
    const twin = left.firstWithRect(rect);
    const list =
      twin === undefined
        ? left.overlapping(bounds, 0, left.flat.decisions.length)
        : displaced.before(twin + 1, after).filter((at) => left.boundsMeet(at, bounds));
    for (const at of list) listed.add(at);
  }
  const candidates = [...listed].sort((one, other) => one - other);
  const leftRects: Rect[] = [];
  const leftOwners: number[] = [];
  let anyRelevant = false;
  for (const at of candidates) {
    for (const rect of left.flat.decisions[at]!.lowerRects!) {
      // A rectangle whose twin comes earlier on the right lies inside a right decision that takes
      // all of it first, so it can be left out.
      const rightTwin = right.firstWithRect(rect);
      if (rightTwin !== undefined && rightTwin < after) continue;
      leftRects.push(rect);
      leftOwners.push(at);
      if (!displaced.isRemoved(at) && left.flat.decisions[at]!.verdict !== decision.verdict) anyRelevant = true;
    }
  }
  if (!anyRelevant) return [];

  const cover: Rect[] = [];
  const owners: number[] = [];
  for (const at of right.earlierOverlapping(after)) {
    for (const rect of right.flat.decisions[at]!.lowerRects!) {
      cover.push(rect);
      // Right decisions are stored as negative owners, which are never relevant.
      owners.push(-1 - at);
    }
  }
  cover.push(...leftRects);
  owners.push(...leftOwners);
  const relevant = (at: number): boolean => at >= 0 && !displaced.isRemoved(at) && left.flat.decisions[at]!.verdict !== decision.verdict;
  const found = new Map<number, AtomPoint>();
  for (const rect of rects) {
    for (const piece of within ? intersectUnions([rect], within) : [rect]) {
      findVisible(piece, cover, owners, { exact: false, findRest: false, relevant }, { found });
    }
  }
  return [...found.keys()].sort((one, other) => one - other);
}

/**
 * Lists, in chain order, the right decisions other than the policy that decide some packet that
 * left decision `before` decides (inside `within`), with another verdict. It mirrors
 * `leftDeciders`: the left decisions before `before` come first in the list and take their
 * pieces, then the first right decision that contains a piece decides it.
 */
function rightDeciders(space: PacketSpace, left: DecisionIndex, right: DecisionIndex, before: number, within: Rect[] | undefined): number[] {
  const decision = left.flat.decisions[before]!;
  const rightPolicy = right.flat.decisions.length - 1;
  const cover: Rect[] = [];
  const owners: number[] = [];
  for (const at of left.earlierOverlapping(before)) {
    if (left.isDead(at)) continue;
    for (const rect of left.flat.decisions[at]!.lowerRects!) {
      cover.push(rect);
      owners.push(-1 - at);
    }
  }
  for (const at of right.overlapping(left.boundsOf(before), 0, rightPolicy)) {
    for (const rect of right.flat.decisions[at]!.lowerRects!) {
      cover.push(rect);
      owners.push(at);
    }
  }
  const relevant = (at: number): boolean => at >= 0 && right.flat.decisions[at]!.verdict !== decision.verdict;
  const found = new Map<number, AtomPoint>();
  for (const rect of decision.lowerRects!) {
    for (const piece of within ? intersectUnions([rect], within) : [rect]) {
      findVisible(piece, cover, owners, { exact: false, findRest: false, relevant }, { found });
    }
  }
  return [...found.keys()].filter((at) => at >= 0).sort((one, other) => one - other);
}

/**
 * The left decisions that can still decide packets of right decisions from some position on.
 * Every rectangle of a left decision first appears in some right decision (its twin), and no
 * right decision after the last of these twins gets a packet from it. Asked in ascending order
 * of right positions, the list drops each such decision once, so for two versions of one
 * ruleset that share most rules, only the rules that moved or changed stay listed.
 */
class DisplacedDecisions {
  /** Per left decision: the last right twin of its rectangles, or Infinity when one has none. */
  private readonly lastTwin: Float64Array;
  /** Left decisions still listed, linked in ascending order; -1 ends the list. */
  private readonly next: Int32Array;
  private head: number;

  constructor(left: DecisionIndex, right: DecisionIndex) {
    const count = left.flat.decisions.length;
    this.lastTwin = new Float64Array(count);
    this.next = new Int32Array(count).fill(-1);
    this.head = -1;
    let tail = -1;
    left.flat.decisions.forEach((decision, at) => {
      const rects = decision.lowerRects!;
      if (rects.length === 0) return;
      let last = -1;
      for (const rect of rects) last = Math.max(last, right.firstWithRect(rect) ?? Infinity);
      this.lastTwin[at] = last;
      if (tail === -1) this.head = at;
      else this.next[tail] = at;
      tail = at;
    });
  }

  /** Returns true when some rectangle of left decision `at` is in no right decision. */
  isRemoved(at: number): boolean {
    return this.lastTwin[at] === Infinity;
  }

  /**
   * Lists the left decisions before `until` that can decide packets of right decision `after`,
   * ascending. Calls must not decrease `after`.
   */
  before(until: number, after: number): number[] {
    const result: number[] = [];
    let previous = -1;
    let at = this.head;
    while (at !== -1 && at < until) {
      const following = this.next[at]!;
      if (this.lastTwin[at]! < after) {
        if (previous === -1) this.head = following;
        else this.next[previous] = following;
      } else {
        result.push(at);
        previous = at;
      }
      at = following;
    }
    return result;
  }
}

/**
 * Finds every packet whose verdict changed: walking the rules of each side, the packets a rule
 * decides are split by the other side's deciding rules. Packets that both policies decide are
 * compared last, and only when the policies differ.
 */
function findMismatches(space: PacketSpace, left: DecisionIndex, right: DecisionIndex): Mismatch[] {
  const { bdd } = space;
  const mismatches: Mismatch[] = [];
  const leftPolicy = left.flat.decisions.length - 1;
  const rightPolicy = right.flat.decisions.length - 1;
  const walk = (own: DecisionIndex, other: DecisionIndex, ownIsAfter: boolean): void => {
    const otherPolicy = other.flat.decisions.length - 1;
    own.flat.decisions.forEach((decision, at) => {
      if (at === own.flat.decisions.length - 1 || decision.lower === FALSE) return;
      const bounds = own.boundsOf(at);
      const effective = own.effective[at]!;
      for (const { at: otherAt, part } of other.classify(effective, bounds).parts) {
        if (other.flat.decisions[otherAt]!.verdict === decision.verdict) continue;
        // The after side lists every pair it decides; the before side adds only pairs with the after policy.
        if (!ownIsAfter && otherAt !== otherPolicy) continue;
        mismatches.push(ownIsAfter ? { before: otherAt, after: at, part } : { before: at, after: otherAt, part });
      }
    });
  };
  walk(right, left, true);
  walk(left, right, false);
  if (left.flat.decisions[leftPolicy]!.verdict !== right.flat.decisions[rightPolicy]!.verdict) {
    // NOTE: this builds the union of every rule of both chains, which can grow large for long
    // chains. It runs only when the two policies differ.
    let undecided = space.universe;
    for (const chain of [left, right]) {
      for (const decision of chain.flat.decisions.slice(0, -1)) undecided = bdd.diff(undecided, decision.lower);
    }
    if (undecided !== FALSE) mismatches.push({ before: leftPolicy, after: rightPolicy, part: undecided });
  }
  return mismatches;
}

function diffChains(space: PacketSpace, name: string, left: DecisionIndex, right: DecisionIndex, options: DiffOptions): ChainDiff {
  const maxClasses = options.maxClasses ?? 20;
  let mismatches: LazyMismatch[] | undefined;
  const within = options.within ? space.rects([options.within]) : [];
  if (left.flat.geometric && right.flat.geometric && within) {
    try {
      mismatches = findMismatchesGeometric(space, left, right, options.within ? within : undefined);
    } catch (error) {
      if (!(error instanceof GeometryBudgetExceeded)) throw error;
    }
  }
  if (!mismatches) {
    let found = findMismatches(space, left, right);
    if (options.within) {
      const box = space.box(options.within);
      found = found.map((mismatch) => ({ ...mismatch, part: space.bdd.and(mismatch.part, box) })).filter((mismatch) => mismatch.part !== FALSE);
    }
    mismatches = found.map((mismatch) => ({ ...mismatch, part: () => mismatch.part }));
  }
  const chainDiff: ChainDiff = { chain: name, equivalent: mismatches.length === 0, newlyAllowed: [], newlyDenied: [], changedDenial: [], truncated: false };
  for (const mismatch of mismatches) {
    const before = left.flat.decisions[mismatch.before]!;
    const after = right.flat.decisions[mismatch.after]!;
    let list = chainDiff.changedDenial;
    if (after.verdict === 'accept') list = chainDiff.newlyAllowed;
    else if (before.verdict === 'accept') list = chainDiff.newlyDenied;
    if (list.length >= maxClasses) {
      chainDiff.truncated = true;
      continue;
    }
    list.push(describe(space, mismatch.part(), before, after));
  }
  return chainDiff;
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
  // The product includes the interface projections as sets, so a class that leaves out some
  // interfaces (every interface except lo) is still exact.
  const { bdd } = space;
  const product = bdd.and(bdd.and(space.box(fields), space.keepField(set, 'inInterface')), space.keepField(set, 'outInterface'));
  return {
    ...fields,
    inInterface,
    outInterface,
    interfaceNames: { inInterface: space.interfaceNames('inInterface'), outInterface: space.interfaceNames('outInterface') },
    exact: product === set,
    witness: space.witness(set)!,
    before: { ...(before.rule ? { rule: before.rule } : {}), verdict: before.verdict },
    after: { ...(after.rule ? { rule: after.rule } : {}), verdict: after.verdict },
  };
}
