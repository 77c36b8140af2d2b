/**
 * Questions about which decisions of a flattened chain decide a set of packets. Each question
 * only touches the decisions whose bounds overlap the set, so for a set the size of one rule's
 * match the BDDs stay about that size.
 */
import { FALSE, type Bdd, type Node } from './bdd.js';
import type { FlatChain } from './flatten.js';
import type { PacketSpace } from './space.js';

/** A part of a set and the decision that decides it. */
export interface DecidedPart {
  at: number;
  part: Node;
}

/** Order in which `overlapping` compares bound pairs: addresses and ports first, as they differ most. */
const CHECK_ORDER = [5, 6, 1, 0, 4, 2, 3];

/** A flattened chain with per-decision bounds for fast overlap tests. */
export class DecisionIndex {
  readonly flat: FlatChain;
  private readonly space: PacketSpace;
  /** Atom-number bounds per decision, 14 numbers each (see `PacketSpace.bounds`). */
  private readonly bounds: Int32Array;
  private readonly width: number;
  /** Per decision, the packets it decides; FALSE for the policy, which takes the rest. */
  readonly effective: Node[];
  /** Interval trees of the decisions keyed by their first narrow field in `KEY_FIELDS`. */
  private trees: IntervalTree[] = [];
  /** Decisions that span the whole range of every key field. */
  private unkeyed: number[] = [];

  constructor(space: PacketSpace, flat: FlatChain) {
    this.space = space;
    this.flat = flat;
    const all = flat.decisions.map((decision) => space.bounds(decision.rule ? decision.rule.boxes : [{}]));
    this.width = all[0]?.length ?? 0;
    this.bounds = new Int32Array(all.length * this.width);
    all.forEach((bounds, index) => this.bounds.set(bounds, index * this.width));
    this.buildIndex();
    this.effective = this.computeEffective();
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

  /** Returns the bounds of decision `at`. */
  boundsOf(at: number): Int32Array {
    return this.bounds.subarray(at * this.width, (at + 1) * this.width);
  }

  /**
   * Files every decision under the first key field whose bounds are narrower than the whole
   * field, so a query visits only decisions that can overlap it in that field.
   */
  private buildIndex(): void {
    const count = this.flat.decisions.length;
    if (count === 0) return;
    // The policy's bounds ([{}] above) span every field.
    const full = this.boundsOf(count - 1);
    const grouped: number[][] = KEY_FIELDS.map(() => []);
    for (let at = 0; at < count; at += 1) {
      const bounds = this.boundsOf(at);
      const key = KEY_FIELDS.findIndex((field) => bounds[field * 2]! > full[field * 2]! || bounds[field * 2 + 1]! < full[field * 2 + 1]!);
      if (key === -1) this.unkeyed.push(at);
      else grouped[key]!.push(at);
    }
    this.trees = grouped.map((members, key) => new IntervalTree(members, this.bounds, this.width, KEY_FIELDS[key]!));
  }

  /** Lists the decisions in `[from, until)` whose bounds overlap `query`, ascending. */
  overlapping(query: Int32Array, from: number, until: number): number[] {
    const candidates: number[] = [];
    this.trees.forEach((tree, key) => {
      const field = KEY_FIELDS[key]!;
      tree.collect(query[field * 2]!, query[field * 2 + 1]!, candidates);
    });
    candidates.push(...this.unkeyed);
    const result: number[] = [];
    const { bounds, width } = this;
    outer: for (const at of candidates) {
      if (at < from || at >= until) continue;
      const base = at * width;
      for (const field of CHECK_ORDER) {
        const low = field * 2;
        if (bounds[base + low + 1]! < query[low]! || query[low + 1]! < bounds[base + low]!) continue outer;
      }
      result.push(at);
    }
    return result.sort((left, right) => left - right);
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

/** Fields a decision is indexed by, in order of preference: destination, source, destination port. */
const KEY_FIELDS = [5, 6, 1];

/**
 * A static interval tree over the atom bounds of some decisions in one field. The decisions,
 * sorted by lower bound, form an implicit balanced tree in which each subtree stores its maximum
 * upper bound. A query then visits O(log n + matches) entries.
 */
class IntervalTree {
  private readonly ids: Int32Array;
  private readonly lows: Int32Array;
  private readonly highs: Int32Array;
  /** Maximum upper bound in the subtree rooted at each position. */
  private readonly maxHighs: Int32Array;

  constructor(members: number[], bounds: Int32Array, width: number, field: number) {
    const sorted = [...members].sort((left, right) => bounds[left * width + field * 2]! - bounds[right * width + field * 2]!);
    this.ids = Int32Array.from(sorted);
    this.lows = Int32Array.from(sorted, (at) => bounds[at * width + field * 2]!);
    this.highs = Int32Array.from(sorted, (at) => bounds[at * width + field * 2 + 1]!);
    this.maxHighs = new Int32Array(sorted.length);
    this.fillMax(0, sorted.length);
  }

  private fillMax(start: number, end: number): number {
    if (start >= end) return -1;
    const middle = (start + end) >> 1;
    const max = Math.max(this.highs[middle]!, this.fillMax(start, middle), this.fillMax(middle + 1, end));
    this.maxHighs[middle] = max;
    return max;
  }

  /** Appends the ids of the entries whose `[low, high]` meets `[first, last]`. */
  collect(first: number, last: number, out: number[], start = 0, end = this.ids.length): void {
    if (start >= end) return;
    const middle = (start + end) >> 1;
    if (this.maxHighs[middle]! < first) return;
    this.collect(first, last, out, start, middle);
    if (this.lows[middle]! > last) return;
    if (this.highs[middle]! >= first) out.push(this.ids[middle]!);
    this.collect(first, last, out, middle + 1, end);
  }
}

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
