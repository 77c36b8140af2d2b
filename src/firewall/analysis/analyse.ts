/**
 * Anomaly analysis of ordered chains in the classic taxonomy (shadowed, redundant, correlated,
 * generalisation), plus rules after an unconditional terminal rule. Earlier rules are compared
 * as a union, so a rule covered by several earlier rules together is found too.
 */
import { FALSE } from './bdd.js';
import { DecisionIndex, type RectStore } from './decisions.js';
import {
  comparePoints,
  contains,
  containsPoint,
  GeometryBudgetExceeded,
  intersectRects,
  intersectUnions,
  lowestPoint,
  minPoint,
  uncoveredPoint,
  type AtomPoint,
  type Rect,
} from './geometry.js';
import { flattenModel } from './flatten.js';
import { findVisibleAmong, type Visibility } from './visibility.js';
import { isReturnTrafficOrLoopback, ruleVerdict, type FirewallModel, type ModelChain, type ModelRule, type Verdict } from './model.js';

export { isReturnTrafficOrLoopback };
import { PacketSpace, type Packet } from './space.js';

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
  /** The related rule that gives `witness` its `witnessVerdict`, for shadowed and overlapping rules. */
  witnessRule?: RelatedRule;
  /**
   * True when the rule or a rule before it has matches the model cannot evaluate. The finding
   * then holds for the case where those matches never match.
   */
  uncertain: boolean;
}

/** Result of analysing a model. */
export interface AnalysisResult {
  model: FirewallModel;
  anomalies: Anomaly[];
  space: PacketSpace;
  /** The flattened base chains, indexed for further questions. */
  chains: DecisionIndex[];
  /** Set when the analysis reached `AnalysisOptions.timeLimitMs`: the first rule it did not analyse. */
  stopped?: { rule: ModelRule; chain: string; seconds: number };
}

/** Options of `analyseModel`. */
export interface AnalysisOptions {
  /**
   * Use the geometric analysis for chains it can represent (the default). The BDD analysis gives
   * the same results more slowly; tests compare the two.
   */
  geometric?: boolean;
  /**
   * Maximum number of earlier decisions overlapping a rule for which the geometric analysis
   * finds every witness with its exact search. Past it, a faster search finds the overlapping
   * rules, and only the reported witnesses are searched again. Default 256. Tests set -1 to run
   * the faster search on every rule.
   */
  exactSearchLimit?: number;
  /**
   * Milliseconds after which the geometric analysis stops, leaving the rules it has not reached
   * unanalysed, and `AnalysisResult.stopped` names the first of them. Default: no limit.
   */
  timeLimitMs?: number;
}

/** Analyses every base chain of the model, following user chains. */
export function analyseModel(model: FirewallModel, space = new PacketSpace([model]), options: AnalysisOptions = {}): AnalysisResult {
  const anomalies: Anomaly[] = [];
  const afterTerminal = findAfterTerminal(model, space, anomalies);
  const instances = new Map<ModelRule, InstanceResult[]>();
  const started = performance.now();
  const deadline = started + (options.timeLimitMs ?? Infinity);
  let stopped: AnalysisResult['stopped'];
  const unfinished = new Set<ModelRule>();
  const chains = flattenModel(model, space, options.geometric ?? true).map((flat) => new DecisionIndex(space, flat));
  for (const chain of chains) {
    if (stopped) break;
    if (chain.flat.geometric) {
      // The geometric analysis gives the same results; past its step limit, the BDDs take over.
      const results = new Map<ModelRule, InstanceResult[]>();
      try {
        const stopIndex = analyseChainGeometric(space, chain, afterTerminal, results, options.exactSearchLimit ?? EXACT_LIMIT, deadline);
        for (const [rule, list] of results) instances.set(rule, [...(instances.get(rule) ?? []), ...list]);
        const stoppedRule = stopIndex === undefined ? undefined : chain.flat.decisions.slice(stopIndex).find((decision) => decision.rule)?.rule;
        if (stoppedRule) {
          stopped = { rule: stoppedRule, chain: chain.flat.chain.name, seconds: (performance.now() - started) / 1000 };
          // A rule that also occurs where the analysis did not reach gets no finding, because its
          // other occurrences could change the verdict.
          for (const decision of chain.flat.decisions.slice(stopIndex!)) if (decision.rule) unfinished.add(decision.rule);
          for (const later of chains.slice(chains.indexOf(chain) + 1)) for (const decision of later.flat.decisions) if (decision.rule) unfinished.add(decision.rule);
        }
        continue;
      } catch (error) {
        if (!(error instanceof GeometryBudgetExceeded)) throw error;
      }
    }
    // NOTE: the BDD analysis does not check `timeLimitMs`. It runs only for chains the geometric
    // analysis cannot represent or gives up on, which have been small in the rulesets seen so far.
    analyseChain(space, chain, afterTerminal, instances);
  }
  for (const [rule, results] of instances) {
    if (unfinished.has(rule)) continue;
    anomalies.push(...combineInstances(rule, results));
  }
  anomalies.sort((left, right) => compareRules(left.rule, right.rule));
  return stopped ? { model, anomalies, space, chains, stopped } : { model, anomalies, space, chains };
}

/** Actions that end a chain for the packets they match. */
const ENDING_ACTIONS = new Set<ModelRule['action']>(['accept', 'drop', 'reject', 'goto', 'return']);

/** Finds rules after an unconditional terminal rule in the same chain; returns those rules. */
function findAfterTerminal(model: FirewallModel, space: PacketSpace, anomalies: Anomaly[]): Set<ModelRule> {
  const unreachable = new Set<ModelRule>();
  for (const chain of model.chains.values()) {
    const terminal = chain.rules.find(
      (rule) =>
        ENDING_ACTIONS.has(rule.action) &&
        rule.unmodeled.length === 0 &&
        matchesEverything(space, rule, chain.family),
    );
    if (!terminal) continue;
    for (const rule of chain.rules.slice(terminal.index + 1)) {
      unreachable.add(rule);
      anomalies.push({ kind: 'afterTerminal', rule, related: [relatedOf(terminal, chain)], uncertain: false });
    }
  }
  return unreachable;
}

/**
 * Returns true when the rule matches every packet that reaches its chain (of the chain's
 * family, for a chain of one family), using rectangles where it can to avoid BDDs.
 */
function matchesEverything(space: PacketSpace, rule: ModelRule, family: 4 | 6 | undefined): boolean {
  const rects = space.rects(rule.boxes);
  if (!rects) return space.boxes(rule.boxes) === space.familyUniverse(family);
  return space.familyUniverseRects(family).every((whole) => insideUnion(whole, rects));
}

/** Returns true when the union `rects` contains `rect`. One rectangle needs no search. */
function insideUnion(rect: Rect, rects: readonly Rect[]): boolean {
  if (rects.length === 1) return contains(rects[0]!, rect);
  return uncoveredPoint(rect, rects) === undefined;
}

function relatedOf(rule: ModelRule, chain: ModelChain): RelatedRule {
  return { rule, chain: rule.chain, verdict: ruleVerdict(rule) ?? chain.policy };
}

/** Result for one occurrence of a rule in a flattened base chain. */
interface InstanceResult {
  /** Earlier rules decide every packet the rule matches. */
  covered: boolean;
  /** Earlier rules decide some of its packets with another verdict. */
  conflict?: { witness: Packet; witnessRule: RelatedRule; verdict: Verdict; related: RelatedRule[]; generalises: boolean };
  coveredBy?: { witness: Packet; related: RelatedRule[] };
  /** Removing the rule changes no packet's verdict in this chain. */
  removable: boolean;
  removableWitness?: { witness: Packet; related: RelatedRule[] };
  uncertain: boolean;
}

function analyseChain(space: PacketSpace, chain: DecisionIndex, skip: Set<ModelRule>, instances: Map<ModelRule, InstanceResult[]>): void {
  const { bdd } = space;
  const { decisions } = chain.flat;
  let uncertainSoFar = false;
  decisions.forEach((decision, index) => {
    const rule = decision.rule;
    const terminal = rule && (rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject');
    if (terminal && !skip.has(rule) && decision.upper !== FALSE) {
      const bounds = chain.boundsOf(index);
      // For a rule without unmodeled matches, what earlier rules leave is its stored effective set.
      const knownRest = decision.lower === decision.upper ? chain.effective[index] : undefined;
      const earlier = chain.classify(decision.upper, bounds, index, knownRest);
      const result: InstanceResult = {
        covered: earlier.rest === FALSE,
        removable: false,
        uncertain: uncertainSoFar || rule.unmodeled.length > 0,
      };
      const conflicting = new Set(
        conflictsOf(
          earlier.parts.map(({ at }) => at),
          result.covered,
          (at) => decisions[at]!.verdict !== decision.verdict,
          (at) => isReturnTrafficOrLoopback(decisions[at]!.rule),
        ),
      );
      const conflicts = earlier.parts.filter(({ at }) => conflicting.has(at));
      if (conflicts.length > 0) {
        // The example packet comes from a rule other than the usual opening ones where it can.
        const first = conflicts.find(({ at }) => !isReturnTrafficOrLoopback(decisions[at]!.rule)) ?? conflicts[0]!;
        result.conflict = {
          witness: space.witness(first.part)!,
          witnessRule: relatedDecision(chain, first.at),
          verdict: decisions[first.at]!.verdict,
          related: conflicts.map(({ at }) => relatedDecision(chain, at)),
          generalises: conflicts.every(({ at }) => bdd.implies(decisions[at]!.upper, decision.upper)),
        };
      }
      if (result.covered) {
        result.coveredBy = { witness: space.witness(decision.upper)!, related: earlier.parts.map(({ at }) => relatedDecision(chain, at)) };
      } else if (rule.unmodeled.length === 0) {
        // Removable when every packet the rule decides gets the same verdict from what follows.
        const differs = (at: number): boolean => decisions[at]!.verdict !== decision.verdict;
        const later = chain.classifyFrom(earlier.rest, bounds, index + 1, differs);
        if (!later.some(({ at }) => differs(at))) {
          result.removable = true;
          result.removableWitness = { witness: space.witness(earlier.rest)!, related: later.map(({ at }) => relatedDecision(chain, at)) };
        }
      }
      const list = instances.get(rule) ?? [];
      list.push(result);
      instances.set(rule, list);
    }
    if (decision.lower !== decision.upper) uncertainSoFar = true;
  });
}

/**
 * Runs the analysis of `analyseChain` on a geometric chain. Each rule's check becomes one search
 * over the rectangles of the decisions that overlap it (`findVisible`). The witnesses are the
 * smallest packets of their sets, as `PacketSpace.witness` would pick them.
 */
function analyseChainGeometric(
  space: PacketSpace,
  chain: DecisionIndex,
  skip: Set<ModelRule>,
  results: Map<ModelRule, InstanceResult[]>,
  exactLimit: number,
  deadline: number,
): number | undefined {
  const { decisions } = chain.flat;
  // Results of covered single-rectangle decisions by rectangle. Earlier decisions take all of
  // such a rectangle, so a later decision with the same rectangle has the same earlier parts,
  // and the decisions in between take none of its packets.
  const coveredParts = new RectMap<ReturnType<typeof earlierParts>>();
  chain.computeEarlierLists();
  let uncertainSoFar = false;
  for (let index = 0; index < decisions.length; index += 1) {
    if (index % 64 === 0 && performance.now() > deadline) return index;
    const decision = decisions[index]!;
    const rule = decision.rule;
    const upper = decision.upperRects!;
    const terminal = rule && (rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject');
    if (terminal && !skip.has(rule) && upper.length > 0) {
      const earlier = chain.earlierOverlapping(index);
      const key = upper.length === 1 ? upper[0]! : undefined;
      let found = key === undefined ? undefined : coveredParts.get(key);
      if (!found) {
        found = earlierParts(chain, upper, earlier, index, earlier.length <= exactLimit);
        if (key !== undefined && found.rest === undefined) coveredParts.set(key, found);
      }
      const { parts, rest, exact } = found;
      const covered = rest === undefined;
      if (decision.lowerRects === upper) chain.markDead(index, covered);
      const result: InstanceResult = { covered, removable: false, uncertain: uncertainSoFar || rule.unmodeled.length > 0 };
      const conflicting =
        parts.length === 0
          ? undefined
          : new Set(
              conflictsOf(
                parts.map(({ at }) => at),
                covered,
                (at) => decisions[at]!.verdict !== decision.verdict,
                (at) => chain.isReturnTraffic(at),
              ),
            );
      const conflicts = conflicting ? parts.filter(({ at }) => conflicting.has(at)) : parts;
      if (conflicts.length > 0) {
        // The example packet comes from a rule other than the usual opening ones where it can.
        // Only that conflict's packet is reported, so only it needs to be the smallest.
        const first = conflicts.find(({ at }) => !chain.isReturnTraffic(at)) ?? conflicts[0]!;
        const witness = exact ? first.witness : partWitness(chain, upper, first.at)!;
        result.conflict = {
          witness: space.packetAt(witness),
          witnessRule: relatedDecision(chain, first.at),
          verdict: decisions[first.at]!.verdict,
          related: conflicts.map(({ at }) => relatedDecision(chain, at)),
          generalises: conflicts.every(({ at }) => decisions[at]!.upperRects!.every((rect) => insideUnion(rect, upper))),
        };
      }
      if (rest === undefined) {
        const lowest = upper.map(lowestPoint).reduce((best, point) => (comparePoints(point, best) < 0 ? point : best));
        result.coveredBy = { witness: space.packetAt(lowest), related: parts.map(({ at }) => relatedDecision(chain, at)) };
      } else if (rule.unmodeled.length === 0) {
        const later = laterDeciders(chain, upper, earlier, index, rest);
        if (later) {
          const witness = exact ? rest : chain.firstUndecidedAmong(upper, earlier)!;
          result.removable = true;
          result.removableWitness = { witness: space.packetAt(witness), related: later.map((at) => relatedDecision(chain, at)) };
        }
      }
      const list = results.get(rule);
      if (list) list.push(result);
      else results.set(rule, [result]);
    }
    if (decision.lowerRects!.length === 0 && upper.length > 0) uncertainSoFar = true;
  }
  return undefined;
}

/**
 * Returns a packet of `upper` that no earlier decision takes, and the earlier decisions that
 * take some of its packets, each with such a packet, in chain order. Unless every packet is taken
 * (the rule is covered), it lists only the decisions that can conflict with decision `index`,
 * which are all the analysis reports then. When `exact` is true, every packet returned is the
 * smallest one, and finding them costs more when many decisions overlap the rule. Otherwise the
 * decisions come with `NO_POINT` in place of a packet, and only the packet left to the rule is
 * real.
 */
function earlierParts(
  chain: DecisionIndex,
  upper: readonly Rect[],
  earlier: readonly number[],
  index: number,
  exact: boolean,
): { parts: { at: number; witness: AtomPoint }[]; rest?: AtomPoint; exact: boolean } {
  const { decisions } = chain.flat;
  const store = chain.lowerRectStore();
  // A dead decision takes no packet, so leaving it out changes no result.
  const count = addRects(store, earlier, chain, 0);
  const codes = chain.verdictCodes;
  const code = codes[index]!;
  const conflicting = (at: number): boolean => codes[at] !== code && !chain.isReturnTraffic(at);
  // Most rules have one rectangle, whose search result needs no merging.
  let witnesses: Map<number, AtomPoint> | undefined;
  let rest: AtomPoint | undefined;
  for (const query of upper) {
    const result: Visibility = { found: new Map() };
    // Once some packet is left to the rule, only the decisions that conflict with it matter.
    const relevant = (at: number): boolean => (rest === undefined && result.rest === undefined) || conflicting(at);
    // Only an exact search's packets are reported, so the other kind keeps none.
    findVisibleAmong(query, store.rects, store.owners, candidates, count, { exact, relevant, points: exact }, result);
    if (!witnesses) witnesses = result.found;
    else result.found.forEach((point, at) => witnesses!.set(at, minPoint(witnesses!.get(at), point)!));
    rest = minPoint(rest, result.rest);
  }
  const positions = new Int32Array(witnesses!.size);
  let filled = 0;
  witnesses!.forEach((_, at) => {
    positions[filled++] = at;
  });
  positions.sort();
  const parts: { at: number; witness: AtomPoint }[] = [];
  for (let slot = 0; slot < positions.length; slot += 1) {
    const at = positions[slot]!;
    if (rest && !conflicting(at)) continue;
    parts.push({ at, witness: witnesses!.get(at)! });
  }
  return rest ? { parts, rest, exact } : { parts, exact };
}

/**
 * Lists the later decisions that would take some packet of decision `index` if it were removed,
 * in chain order, or returns undefined as soon as one of them gives another verdict. `rest` is a
 * packet of the decision that no earlier decision takes.
 */
function laterDeciders(chain: DecisionIndex, upper: readonly Rect[], earlier: readonly number[], index: number, rest: AtomPoint): number[] | undefined {
  const { decisions } = chain.flat;
  const verdict = decisions[index]!.verdict;
  // Every later decision that takes a packet of the rule overlaps its bounds, so it is in `following`.
  const following = chain.laterOverlapping(index);
  // Most rules are not removable, and the later decision that takes `rest` already shows it.
  const taker = firstTaker(chain, following, following.length, rest);
  if (taker !== undefined && decisions[taker]!.verdict !== verdict) return undefined;
  if (anotherVerdictProbed(chain, upper, earlier, following, verdict)) return undefined;
  const store = chain.lowerRectStore();
  const count = addRects(store, following, undefined, addRects(store, earlier, chain, 0));
  let differs = false;
  const found = new Set<number>();
  const options = {
    exact: false,
    findRest: false,
    points: false,
    relevant: (at: number): boolean => at > index,
    onFound: (at: number): boolean => {
      if (at <= index) return false;
      found.add(at);
      differs = decisions[at]!.verdict !== verdict;
      return differs;
    },
  };
  for (const query of upper) {
    findVisibleAmong(query, store.rects, store.owners, candidates, count, options, { found: new Map() });
    if (differs) return undefined;
  }
  return [...found].sort((left, right) => left - right);
}

/** A map keyed by the values of a rectangle, not by the object. */
class RectMap<T> {
  private readonly buckets = new Map<number, { rect: Rect; value: T }[]>();

  get(rect: Rect): T | undefined {
    const bucket = this.buckets.get(rectHash(rect));
    return bucket?.find((entry) => sameRect(entry.rect, rect))?.value;
  }

  set(rect: Rect, value: T): void {
    const hash = rectHash(rect);
    const bucket = this.buckets.get(hash);
    const entry = bucket?.find((candidate) => sameRect(candidate.rect, rect));
    if (entry) entry.value = value;
    else if (bucket) bucket.push({ rect, value });
    else this.buckets.set(hash, [{ rect, value }]);
  }
}

function rectHash(rect: Rect): number {
  let hash = 0;
  for (let slot = 0; slot < rect.length; slot += 1) hash = (Math.imul(hash, 31) + rect[slot]!) | 0;
  return hash;
}

function sameRect(left: Rect, right: Rect): boolean {
  if (left.length !== right.length) return false;
  for (let slot = 0; slot < left.length; slot += 1) if (left[slot] !== right[slot]) return false;
  return true;
}

/** Positions in a chain's `RectStore` that a search covers, reused by every search. */
let candidates = new Int32Array(1024);

/**
 * Appends to `candidates`, from slot `count` on, the store positions of the rectangles of each
 * decision of `list`, leaving out the dead decisions of `deadIn` when it is given, and returns
 * the new count.
 */
function addRects(store: RectStore, list: ArrayLike<number>, deadIn: DecisionIndex | undefined, count: number): number {
  const { starts } = store;
  let end = count;
  for (let slot = 0; slot < list.length; slot += 1) {
    const at = list[slot]!;
    if (deadIn?.isDead(at)) continue;
    const first = starts[at]!;
    const last = starts[at + 1]!;
    if (end + last - first > candidates.length) {
      const grown = new Int32Array(Math.max(candidates.length * 2, end + last - first));
      grown.set(candidates.subarray(0, end));
      candidates = grown;
    }
    for (let k = first; k < last; k += 1) candidates[end++] = k;
  }
  return end;
}

/**
 * Returns the first decision of `list[0..end)` that takes `point`, or undefined. `list` must
 * contain every decision in its range that takes the point. A short range is scanned, and a long
 * one is left to the box tree, which skips the decisions far from the point.
 */
function firstTaker(chain: DecisionIndex, list: Int32Array, end: number, point: AtomPoint): number | undefined {
  const { decisions } = chain.flat;
  const takes = (at: number): boolean => decisions[at]!.lowerRects!.some((rect) => containsPoint(rect, point));
  if (end > SCANNED_TAKERS) {
    const spot = new Int32Array(point.length * 2);
    point.forEach((atom, field) => spot.fill(atom, field * 2, field * 2 + 2));
    return chain.firstOverlapping(chain.space.rectBounds(spot), list[0]!, list[end - 1]! + 1, takes);
  }
  for (let slot = 0; slot < end; slot += 1) if (takes(list[slot]!)) return list[slot];
  return undefined;
}

/** Maximum length of a range that `firstTaker` scans itself. */
const SCANNED_TAKERS = 32;

/** Maximum number of later decisions with another verdict that `anotherVerdictProbed` tries. */
const LATER_PROBES = 16;

/**
 * Returns true when removing the rule whose rectangles are `upper` changes the verdict of some
 * packet: a packet of `upper` that no decision of `earlier` takes goes first, among the later
 * decisions `following`, to one whose verdict is not `verdict`. The candidates are the smallest
 * common packets of `upper` and each of the first `LATER_PROBES` later decisions with another
 * verdict. One candidate often settles a rule near the top of a long chain, where the full search
 * sorts thousands of later rectangles. False means undecided, and the caller then searches.
 */
function anotherVerdictProbed(
  chain: DecisionIndex,
  upper: readonly Rect[],
  earlier: readonly number[],
  following: Int32Array,
  verdict: Verdict,
): boolean {
  const { decisions } = chain.flat;
  const takenEarlier = (point: AtomPoint): boolean =>
    earlier.some((at) => !chain.isDead(at) && decisions[at]!.lowerRects!.some((rect) => containsPoint(rect, point)));
  let probes = 0;
  for (let slot = 0; slot < following.length; slot += 1) {
    const other = following[slot]!;
    if (decisions[other]!.verdict === verdict) continue;
    for (const rect of decisions[other]!.lowerRects!) {
      for (const mine of upper) {
        const common = intersectRects(rect, mine);
        if (!common) continue;
        const point = lowestPoint(common);
        if (takenEarlier(point)) continue;
        // `other` takes the packet unless a decision between the two does.
        const taker = firstTaker(chain, following, slot + 1, point);
        if (taker !== undefined && decisions[taker]!.verdict !== verdict) return true;
      }
    }
    probes += 1;
    if (probes >= LATER_PROBES) return false;
  }
  return false;
}

/**
 * Returns the smallest packet of `upper` that decision `at` decides with decision `skip` removed
 * from the chain, or undefined when earlier decisions take all of their common packets.
 */
function partWitness(chain: DecisionIndex, upper: readonly Rect[], at: number, skip = -1): AtomPoint | undefined {
  // A dead decision takes nothing here either, unless `skip` is one of the decisions before it.
  if (skip === -1 && chain.isDead(at)) return undefined;
  const pieces = intersectUnions(upper, chain.flat.decisions[at]!.lowerRects!);
  if (pieces.length === 0) return undefined;
  const cover = chain.coverBefore(at, skip);
  if (!cover) return chain.firstUndecided(pieces, at, skip);
  let best: AtomPoint | undefined;
  for (const piece of pieces) {
    const shortcut = skip === -1 ? chain.pieceWitness(at, piece) : null;
    best = minPoint(best, shortcut === null ? uncoveredPoint(piece, cover) : shortcut);
  }
  return best;
}

/**
 * Picks, among the decisions that take packets of a rule (`takers`, in chain order), those that
 * conflict with it in a finding. Rulesets start with opening rules on purpose: accept replies
 * or loopback, drop invalid packets. So an opening rule conflicts only when opening rules alone
 * cover the rule, such as a drop of established traffic after the accept of replies. A covered
 * rule whose only conflicts are opening rules is redundant, not shadowed.
 */
function conflictsOf(takers: number[], covered: boolean, differs: (at: number) => boolean, opening: (at: number) => boolean): number[] {
  const conflicts = takers.filter((at) => differs(at) && !opening(at));
  if (covered && conflicts.length === 0 && takers.every(opening)) return takers.filter(differs);
  return conflicts;
}

/** Default of `AnalysisOptions.exactSearchLimit`. */
const EXACT_LIMIT = 256;

/** `RelatedRule` objects per chain and decision, shared by every finding that lists the decision. */
const relatedCache = new WeakMap<DecisionIndex, RelatedRule[]>();

function relatedDecision(chain: DecisionIndex, at: number): RelatedRule {
  let list = relatedCache.get(chain);
  if (!list) {
    list = [];
    relatedCache.set(chain, list);
  }
  const decision = chain.flat.decisions[at]!;
  list[at] ??= {
    ...(decision.rule ? { rule: decision.rule } : {}),
    chain: decision.rule?.chain ?? chain.flat.chain.name,
    verdict: decision.verdict,
  };
  return list[at]!;
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
      const { witness, witnessRule, verdict, related } = conflicting.conflict;
      const all = conflicting.coveredBy?.related ?? related;
      anomalies.push({ kind: 'shadowed', rule, related: all, witness, witnessRule, witnessVerdict: verdict, uncertain });
    } else {
      const first = results[0]!.coveredBy!;
      anomalies.push({ kind: 'redundant', rule, related: first.related, witness: first.witness, witnessVerdict: rule.action as Verdict, uncertain });
    }
    return anomalies;
  }
  const overlapping = results.find((result) => result.conflict && !result.covered);
  if (overlapping?.conflict) {
    const { witness, witnessRule, verdict, related, generalises } = overlapping.conflict;
    anomalies.push({ kind: generalises ? 'generalisation' : 'correlated', rule, related, witness, witnessRule, witnessVerdict: verdict, uncertain });
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
