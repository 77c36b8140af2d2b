/**
 * Questions about which decisions of a flattened chain decide a set of packets. Each question
 * only touches the decisions whose bounds overlap the set, so for a set the size of one rule's
 * match the BDDs stay about that size.
 */
import { FALSE, type Bdd, type Node } from './bdd.js';
import { BoxTree, type OverlapLists } from './box-tree.js';
import { decisionBounds, type FlatChain } from './flatten.js';
import { isReturnTrafficOrLoopback } from './model.js';
import {
  FIELD_COUNT,
  GeometryBudgetExceeded,
  insertionSort,
  intersectRects,
  minPoint,
  rectsMeet,
  uncoveredPoint,
  type AtomPoint,
  type Rect,
} from './geometry.js';
import { findVisible, type Visibility } from './visibility.js';
import type { PacketSpace } from './space.js';

/**
 * The rectangles of a chain's decisions in chain order: decision `at` owns
 * `rects[starts[at]..starts[at + 1])`, and `owners[k]` is the decision of `rects[k]`.
 */
export interface RectStore {
  rects: readonly Rect[];
  owners: readonly number[];
  starts: Int32Array;
}

/** A part of a set and the decision that decides it. */
export interface DecidedPart {
  at: number;
  part: Node;
}

/** A flattened chain with per-decision bounds for fast overlap tests. */
export class DecisionIndex {
  readonly flat: FlatChain;
  readonly space: PacketSpace;
  /** Atom-number bounds per decision, 14 numbers each (see `PacketSpace.bounds`). */
  private readonly bounds: Int32Array;
  private readonly width: number;
  private effectiveNodes?: Node[];
  private readonly earlierLists: (readonly number[] | undefined)[] = [];
  private readonly covers: ({ owners: number[]; rects: Rect[] } | null | undefined)[] = [];
  /** Per decision: 0 not known yet, 1 it matches only return traffic or loopback, 2 it does not. */
  private readonly returnFlags: Int8Array;
  private rectOwners?: Map<string, number>;
  /** Results of `firstWithRect` by rectangle object, because callers ask about the same ones often. */
  private readonly twins = new WeakMap<Rect, number | undefined>();
  private readonly wholePoints: (Map<number, { narrow: Rect[]; point: AtomPoint | undefined }> | undefined)[] = [];
  /** Per decision: 0 not known yet, 1 earlier decisions take all its packets, 2 they do not. */
  private readonly deadFlags: Int8Array;
  /**
   * Per decision, a number for its verdict: equal numbers mean equal verdicts. Loops over
   * thousands of decisions compare these instead of reading each decision object.
   */
  readonly verdictCodes: Int32Array;
  /** Index of the decisions' bounds, built on the first overlap question. */
  private treeIndex?: BoxTree;
  private rectStore?: RectStore;
  /** Later overlapping decisions per decision, from `computeEarlierLists`. */
  private laterLists?: OverlapLists;

  constructor(space: PacketSpace, flat: FlatChain) {
    this.space = space;
    this.flat = flat;
    const all = flat.decisions.map((decision) => decisionBounds(space, decision));
    this.width = all[0]?.length ?? 0;
    this.bounds = new Int32Array(all.length * this.width);
    all.forEach((bounds, index) => this.bounds.set(bounds, index * this.width));
    this.deadFlags = new Int8Array(all.length);
    this.returnFlags = new Int8Array(all.length);
    const codes = new Map<string, number>();
    this.verdictCodes = Int32Array.from(flat.decisions, (decision) => {
      let code = codes.get(decision.verdict);
      if (code === undefined) {
        code = codes.size;
        codes.set(decision.verdict, code);
      }
      return code;
    });
  }

  /**
   * Returns the first decision with exactly this rectangle among its own, or undefined. Two
   * versions of one ruleset share most rules, and a rule of one version is most often covered by
   * its twin in the other.
   */
  firstWithRect(rect: Rect): number | undefined {
    if (this.twins.has(rect)) return this.twins.get(rect);
    if (!this.rectOwners) {
      this.rectOwners = new Map();
      this.flat.decisions.forEach((decision, at) => {
        for (const own of decision.lowerRects ?? []) {
          const key = own.join(',');
          if (!this.rectOwners!.has(key)) this.rectOwners!.set(key, at);
        }
      });
    }
    const twin = this.rectOwners.get(rect.join(','));
    this.twins.set(rect, twin);
    return twin;
  }

  /** Returns the `lowerRects` of every decision in one list, built on first use (geometric chains only). */
  lowerRectStore(): RectStore {
    if (!this.rectStore) {
      const { decisions } = this.flat;
      const rects: Rect[] = [];
      const owners: number[] = [];
      const starts = new Int32Array(decisions.length + 1);
      decisions.forEach((decision, at) => {
        starts[at] = rects.length;
        for (const rect of decision.lowerRects!) {
          rects.push(rect);
          owners.push(at);
        }
      });
      starts[decisions.length] = rects.length;
      this.rectStore = { rects, owners, starts };
    }
    return this.rectStore;
  }

  /** Returns `isReturnTrafficOrLoopback` of the decision's rule, computed once. */
  isReturnTraffic(at: number): boolean {
    if (this.returnFlags[at] === 0) this.returnFlags[at] = isReturnTrafficOrLoopback(this.flat.decisions[at]!.rule) ? 1 : 2;
    return this.returnFlags[at] === 1;
  }

  /**
   * Returns true when the decisions before `at` take every packet of `at`, so it decides none.
   * Geometric chains only. The result is cached, and `markDead` records one computed elsewhere.
   */
  isDead(at: number): boolean {
    if (this.deadFlags[at] === 0) {
      const lower = this.flat.decisions[at]!.lowerRects!;
      this.markDead(at, lower.length === 0 || this.firstUndecided(lower, at) === undefined);
    }
    return this.deadFlags[at] === 1;
  }

  /** Records whether decision `at` decides no packet. */
  markDead(at: number, dead: boolean): void {
    this.deadFlags[at] = dead ? 1 : 2;
  }

  /**
   * Per decision, the packets it decides; FALSE for the policy, which takes the rest. Built on
   * first use: the geometric analysis never needs it.
   */
  get effective(): Node[] {
    this.effectiveNodes ??= this.computeEffective();
    return this.effectiveNodes;
  }

  /**
   * Returns the rectangles of the decisions in `[from, until)`, except `skip`, that meet
   * `query`. Geometric chains only.
   */
  coverOf(query: Rect, from: number, until: number, skip = -1): Rect[] {
    const cover: Rect[] = [];
    const { decisions } = this.flat;
    for (const at of this.overlapping(this.space.rectBounds(query), from, until)) {
      if (at === skip) continue;
      for (const rect of decisions[at]!.lowerRects!) if (rectsMeet(rect, query)) cover.push(rect);
    }
    return cover;
  }

  /**
   * Returns the smallest packet of the union of `queries` that no decision before `until`
   * (except `skip`) decides, or undefined when there is none. Geometric chains only.
   */
  firstUndecided(queries: readonly Rect[], until: number, skip = -1): AtomPoint | undefined {
    let best: AtomPoint | undefined;
    for (const query of queries) best = minPoint(best, uncoveredPoint(query, this.coverOf(query, 0, until, skip)));
    return best;
  }

  /** Returns the smallest packet of the union of `queries` that no decision of `list` decides. */
  firstUndecidedAmong(queries: readonly Rect[], list: readonly number[]): AtomPoint | undefined {
    const cover = list.flatMap((at) => this.flat.decisions[at]!.lowerRects!);
    let best: AtomPoint | undefined;
    for (const query of queries) best = minPoint(best, uncoveredPoint(query, cover));
    return best;
  }

  /**
   * Computes, for every decision but the policy, the packets it decides: its match minus the
   * matches of the earlier decisions that overlap it.
   */
  private computeEffective(): Node[] {
    const { bdd } = this.space;
    const { decisions } = this.flat;
    const effective: Node[] = [];
    decisions.forEach((decision, at) => {
      if (at === decisions.length - 1 || decision.lower === FALSE) {
        effective.push(FALSE);
        return;
      }
      const overlaps: Node[] = [];
      for (const earlier of this.overlapping(this.boundsOf(at), 0, at)) {
        const common = bdd.and(decision.lower, decisions[earlier]!.lower);
        // One earlier rule covering the whole match is common and ends the work at once.
        if (common === decision.lower) {
          overlaps.length = 0;
          overlaps.push(common);
          break;
        }
        if (common !== FALSE) overlaps.push(common);
      }
      effective.push(bdd.diff(decision.lower, unionOf(bdd, overlaps)));
    });
    return effective;
  }

  /**
   * Lists the decisions that take some packet of the union `rects`, the policy included, in chain
   * order, each with the smallest such packet. `relevant` and `onFound` narrow the search as in
   * `findVisible`, and only relevant decisions are listed. Returns undefined when the chain is
   * not geometric or the search exceeds its step limit, so the caller asks with BDDs instead.
   */
  takers(rects: readonly Rect[], relevant: (at: number) => boolean, onFound?: (at: number) => boolean): { at: number; witness: AtomPoint }[] | undefined {
    if (!this.flat.geometric) return undefined;
    const cover: Rect[] = [];
    const owners: number[] = [];
    this.flat.decisions.forEach((decision, at) => {
      for (const rect of decision.lowerRects!) {
        cover.push(rect);
        owners.push(at);
      }
    });
    const witnesses = new Map<number, AtomPoint>();
    const options = { exact: true, findRest: false, relevant, ...(onFound ? { onFound } : {}) };
    try {
      for (const rect of rects) {
        const result: Visibility = { found: new Map() };
        findVisible(rect, cover, owners, options, result);
        for (const [at, point] of result.found) witnesses.set(at, minPoint(witnesses.get(at), point)!);
      }
    } catch (error) {
      if (error instanceof GeometryBudgetExceeded) return undefined;
      throw error;
    }
    return [...witnesses].sort(([left], [right]) => left - right).map(([at, witness]) => ({ at, witness }));
  }

  /** Returns true when the bounds of decision `at` overlap `query`, as `overlapping` tests them. */
  boundsMeet(at: number, query: Int32Array): boolean {
    const base = at * this.width;
    for (let field = 0; field < this.width; field += 2) {
      if (this.bounds[base + field + 1]! < query[field]! || query[field + 1]! < this.bounds[base + field]!) return false;
    }
    return true;
  }

  /** Returns the bounds of decision `at`. */
  boundsOf(at: number): Int32Array {
    return this.bounds.subarray(at * this.width, (at + 1) * this.width);
  }

  /**
   * Returns the rectangles of the decisions before `at` (except `skip`) clipped to the
   * rectangles of `at`: what takes packets of `at` before it does. Kept for reuse; undefined when
   * too many decisions overlap `at`, and the caller should ask the index with a smaller query.
   */
  coverBefore(at: number, skip = -1): Rect[] | undefined {
    let entry = this.covers[at];
    if (entry === undefined) {
      const earlier = this.earlierOverlapping(at);
      entry = null;
      if (earlier.length <= COVER_LIMIT) {
        const own = this.flat.decisions[at]!.lowerRects!;
        const list: { owners: number[]; rects: Rect[] } = { owners: [], rects: [] };
        for (const other of earlier) {
          for (const rect of this.flat.decisions[other]!.lowerRects!) {
            for (const mine of own) {
              const common = intersectRects(rect, mine);
              if (!common) continue;
              list.owners.push(other);
              list.rects.push(common);
            }
          }
        }
        entry = list;
      }
      this.covers[at] = entry;
    }
    if (entry === null) return undefined;
    if (skip === -1 || !entry.owners.includes(skip)) return entry.rects;
    return entry.rects.filter((_, index) => entry.owners[index] !== skip);
  }

  /**
   * Returns the smallest packet of `piece`, a part of the single rectangle of decision `at`, that
   * no decision before `at` takes. Returns null when this shortcut does not apply.
   *
   * A wide rule queries thousands of decisions with pieces that differ from each decision's
   * rectangle in the same few fields, such as the source. Cover rectangles that span the whole
   * rectangle in those fields do not depend on them. The smallest packet of the whole rectangle,
   * moved to the piece's lower bounds in those fields, is then the piece's smallest packet. It is
   * cached per decision and set of fields, and it applies only when the narrower cover
   * rectangles miss the piece.
   */
  pieceWitness(at: number, piece: Rect): AtomPoint | undefined | null {
    const own = this.flat.decisions[at]!.lowerRects!;
    if (own.length !== 1) return null;
    const cover = this.coverBefore(at);
    if (!cover) return null;
    const whole = own[0]!;
    let fields = 0;
    for (let field = 0; field < FIELD_COUNT; field += 1) {
      if (piece[field * 2] !== whole[field * 2] || piece[field * 2 + 1] !== whole[field * 2 + 1]) fields |= 1 << field;
    }
    let cached = this.wholePoints[at];
    if (!cached) {
      cached = new Map();
      this.wholePoints[at] = cached;
    }
    let entry = cached.get(fields);
    if (!entry) {
      const spanning: Rect[] = [];
      const narrow: Rect[] = [];
      for (const rect of cover) (spansFields(rect, whole, fields) ? spanning : narrow).push(rect);
      entry = { narrow, point: uncoveredPoint(whole, spanning) };
      cached.set(fields, entry);
    }

    for (const rect of entry.narrow) if (rectsMeet(rect, piece)) return null;
    if (!entry.point) return undefined;
    const point = new Int32Array(entry.point);
    for (let field = 0; field < FIELD_COUNT; field += 1) if (fields & (1 << field)) point[field] = piece[field * 2]!;
    return point;
  }

  /**
   * Computes `earlierOverlapping` for every decision in one walk of the box tree, for callers
   * that ask about most decisions. Past `MAX_JOINED_PAIRS` overlapping pairs it gives up, and the
   * lists are computed one by one as asked, so memory grows only as far as the caller gets.
   */
  computeEarlierLists(): void {
    this.treeIndex ??= new BoxTree(this.bounds, this.width, this.flat.decisions.length);
    const lists = this.treeIndex.earlierOverlaps(MAX_JOINED_PAIRS);
    if (!lists) return;
    lists.earlierLists.forEach((list, at) => {
      this.earlierLists[at] = list;
    });
    this.laterLists = lists;
  }

  /** Lists the decisions before `at` whose bounds overlap those of `at`, ascending; kept for reuse. */
  earlierOverlapping(at: number): readonly number[] {
    let list = this.earlierLists[at];
    if (!list) {
      list = this.overlapping(this.boundsOf(at), 0, at);
      this.earlierLists[at] = list;
    }
    return list;
  }

  /** Lists the decisions after `at` whose bounds overlap those of `at`, ascending. */
  laterOverlapping(at: number): Int32Array {
    const lists = this.laterLists;
    if (lists) return lists.later.subarray(lists.laterStart[at]!, lists.laterStart[at + 1]!);
    return Int32Array.from(this.overlapping(this.boundsOf(at), at + 1, this.flat.decisions.length));
  }

  /** Lists the decisions in `[from, until)` whose bounds overlap `query`, ascending. */
  overlapping(query: Int32Array, from: number, until: number): number[] {
    const result: number[] = [];
    this.treeIndex ??= new BoxTree(this.bounds, this.width, this.flat.decisions.length);
    this.treeIndex.collect(query, from, until, result);
    return sortPositions(result);
  }

  /** Returns the first decision in `[from, until)` whose bounds overlap `query` and that `accept` accepts. */
  firstOverlapping(query: Int32Array, from: number, until: number, accept: (at: number) => boolean): number | undefined {
    const result: number[] = [];
    this.treeIndex ??= new BoxTree(this.bounds, this.width, this.flat.decisions.length);
    this.treeIndex.collect(query, from, until, result);
    let first: number | undefined;
    for (const at of result) if ((first === undefined || at < first) && accept(at)) first = at;
    return first;
  }

  /**
   * Splits `set` by the first decision that decides each packet. Parts come from intersecting
   * `set` with each overlapping decision's stored effective set, so no operation walks a
   * growing remainder. The policy takes what is left. A caller that already knows what
   * `set` minus the decisions before `until` is passes it as `knownRest`.
   */
  classify(set: Node, query: Int32Array, until = this.flat.decisions.length, knownRest?: Node): { parts: DecidedPart[]; rest: Node } {
    const { bdd } = this.space;
    const policy = this.flat.decisions.length - 1;
    const parts: DecidedPart[] = [];
    if (set === FALSE) return { parts, rest: set };
    if (this.flat.geometric && !this.effectiveNodes) {
      // Walk the decisions in order instead of building every decision's effective set.
      let rest = set;
      for (const at of this.overlapping(query, 0, Math.min(until, policy))) {
        if (rest === FALSE) break;
        const lower = this.flat.decisions[at]!.lower;
        const part = bdd.and(rest, lower);
        if (part === FALSE) continue;
        parts.push({ at, part });
        rest = bdd.diff(rest, lower);
      }
      if (until > policy && rest !== FALSE) {
        parts.push({ at: policy, part: rest });
        rest = FALSE;
      }
      return { parts, rest };
    }
    for (const at of this.overlapping(query, 0, Math.min(until, policy))) {
      const part = bdd.and(set, this.effective[at]!);
      if (part !== FALSE) parts.push({ at, part });
    }
    let rest = knownRest ?? bdd.diff(set, unionOf(bdd, parts.map(({ part }) => part)));
    if (until > policy && rest !== FALSE) {
      parts.push({ at: policy, part: rest });
      rest = FALSE;
    }
    return { parts, rest };
  }

  /**
   * Splits `set` by the first decision from `from` on that decides each packet, as if the
   * decisions before `from` were removed. Stops early once `stop` returns true for a part.
   */
  classifyFrom(set: Node, query: Int32Array, from: number, stop: (at: number) => boolean = () => false): DecidedPart[] {
    const { bdd } = this.space;
    const parts: DecidedPart[] = [];
    let rest = set;
    for (const at of this.overlapping(query, from, this.flat.decisions.length)) {
      if (rest === FALSE) break;
      const lower = this.flat.decisions[at]!.lower;
      const part = bdd.and(rest, lower);
      if (part === FALSE) continue;
      parts.push({ at, part });
      if (stop(at)) break;
      rest = bdd.diff(rest, lower);
    }
    return parts;
  }
}

/**
 * Most overlapping pairs `computeEarlierLists` lists at once. At this many, building the lists
 * takes about 120 MB: the pairs in typed arrays (8 bytes each, doubled as they grow), a copy
 * grouped by earlier position and the lists themselves.
 */
const MAX_JOINED_PAIRS = 4_000_000;

/**
 * Sorts decision positions in place and returns them. Most lists are short, and an insertion
 * sort of those costs less than `Array.prototype.sort` with a comparator.
 */
function sortPositions(list: number[]): number[] {
  if (list.length > 48) return list.sort((left, right) => left - right);
  insertionSort(list, list.length);
  return list;
}

/** Returns true when `rect` spans all of `whole` in each field of the bit mask `fields`. */
function spansFields(rect: Rect, whole: Rect, fields: number): boolean {
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    if (fields & (1 << field) && (rect[field * 2]! > whole[field * 2]! || rect[field * 2 + 1]! < whole[field * 2 + 1]!)) return false;
  }
  return true;
}

/** Most earlier decisions whose clipped rectangles `coverBefore` keeps for one decision. */
const COVER_LIMIT = 256;

/** Unions sets pairwise in a balanced tree, which keeps intermediate results small. */
export function unionOf(bdd: Bdd, sets: Node[]): Node {
  if (sets.length === 0) return FALSE;
  let level = sets;
  while (level.length > 1) {
    const next: Node[] = [];
    for (let index = 0; index < level.length; index += 2) {
      next.push(index + 1 < level.length ? bdd.or(level[index]!, level[index + 1]!) : level[index]!);
    }
    level = next;
  }
  return level[0]!;
}
