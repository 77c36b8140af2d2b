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

  constructor(space: PacketSpace, flat: FlatChain) {
    this.space = space;
    this.flat = flat;
    const all = flat.decisions.map((decision) => space.bounds(decision.rule ? decision.rule.boxes : [{}]));
    this.width = all[0]?.length ?? 0;
    this.bounds = new Int32Array(all.length * this.width);
    all.forEach((bounds, index) => this.bounds.set(bounds, index * this.width));
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
   * Lists the decisions in `[from, until)` whose bounds overlap `query`, ascending.
   * NOTE: a linear scan over packed integers; an interval index would avoid the quadratic term
   * for very long chains.
   */
  overlapping(query: Int32Array, from: number, until: number): number[] {
    const result: number[] = [];
    const { bounds, width } = this;
    outer: for (let at = from; at < until; at += 1) {
      const base = at * width;
      for (const field of CHECK_ORDER) {
        const low = field * 2;
        if (bounds[base + low + 1]! < query[low]! || query[low + 1]! < bounds[base + low]!) continue outer;
      }
      result.push(at);
    }
    return result;
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
