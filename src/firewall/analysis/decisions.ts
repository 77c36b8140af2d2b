/**
 * Questions about which decisions of a flattened chain decide a set of packets. Each question
 * only touches the decisions whose match can overlap the set, so the BDDs stay the size of one
 * rule's match and no union of the whole chain is ever built.
 */
import { FALSE, type Node } from './bdd.js';
import type { Box } from './model.js';
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

  constructor(space: PacketSpace, flat: FlatChain) {
    this.space = space;
    this.flat = flat;
    const all = flat.decisions.map((decision) => space.bounds(decision.rule ? decision.rule.boxes : [{}]));
    this.width = all[0]?.length ?? 0;
    this.bounds = new Int32Array(all.length * this.width);
    all.forEach((bounds, index) => this.bounds.set(bounds, index * this.width));
  }

  /** Returns the bounds of decision `at`. */
  boundsOf(at: number): Int32Array {
    return this.bounds.subarray(at * this.width, (at + 1) * this.width);
  }

  /** Returns the bounds of boxes, for sets built from them. */
  boundsOfBoxes(boxes: Box[]): Int32Array {
    return this.space.bounds(boxes);
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
   * Splits `set` by the first decision in `[from, until)` that decides each packet. `rest` holds
   * the packets none of them decides (empty when `until` includes the policy).
   */
  classify(set: Node, query: Int32Array, from = 0, until = this.flat.decisions.length): { parts: DecidedPart[]; rest: Node } {
    const { bdd } = this.space;
    const parts: DecidedPart[] = [];
    let rest = set;
    if (rest === FALSE) return { parts, rest };
    for (const at of this.overlapping(query, from, until)) {
      const lower = this.flat.decisions[at]!.lower;
      const part = bdd.and(rest, lower);
      if (part === FALSE) continue;
      parts.push({ at, part });
      rest = bdd.diff(rest, lower);
      if (rest === FALSE) break;
    }
    return { parts, rest };
  }
}
