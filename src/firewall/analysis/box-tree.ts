/**
 * A static index of boxes (atom-number bounds per field) that lists the boxes overlapping a
 * query box. Each node splits its boxes at the median of one field into those below, those above
 * and those that straddle the median. The straddling ones form a third subtree, split by other
 * fields. A node keeps the hull of its boxes in every field and the range of their positions in
 * the chain, so a query skips a subtree as soon as one field, or the chain position, rules it out.
 */

/** Maximum boxes in a leaf: smaller nodes are scanned rather than split. */
const LEAF_SIZE = 12;

/** Boxes sampled to choose a node's split. */
const MEDIAN_SAMPLE = 255;

interface TreeNode {
  /** Hull of the node's boxes: low and high per field. */
  hull: Int32Array;
  /** Smallest and largest position of the node's boxes. */
  first: number;
  last: number;
  children: TreeNode[];
  /** Positions of the boxes of a leaf. */
  items?: Int32Array;
}

/** An index over the boxes `bounds[at * width .. (at + 1) * width)` for every position `at`. */
export class BoxTree {
  private readonly bounds: Int32Array;
  private readonly width: number;
  private readonly root: TreeNode | undefined;
  /**
   * The items of one leaf that meet another leaf's hull, during `joinAcross`. A leaf of boxes
   * that no field splits can hold more than `LEAF_SIZE` items.
   */
  private scratch = new Int32Array(LEAF_SIZE);

  constructor(bounds: Int32Array, width: number, count: number) {
    this.bounds = bounds;
    this.width = width;
    const all = new Int32Array(count);
    for (let at = 0; at < count; at += 1) all[at] = at;
    this.root = count === 0 ? undefined : this.build(all);
  }

  /** Appends the positions in `[from, until)` whose boxes overlap `query`, in no set order. */
  collect(query: Int32Array, from: number, until: number, out: number[]): void {
    if (this.root) this.visit(this.root, query, from, until, out);
  }

  private visit(node: TreeNode, query: Int32Array, from: number, until: number, out: number[]): void {
    if (node.last < from || node.first >= until || !overlaps(node.hull, 0, query, this.width)) return;
    if (node.items) {
      const { items } = node;
      for (let slot = 0; slot < items.length; slot += 1) {
        const at = items[slot]!;
        if (at >= from && at < until && overlaps(this.bounds, at * this.width, query, this.width)) out.push(at);
      }
      return;
    }
    for (const child of node.children) this.visit(child, query, from, until, out);
  }

  /**
   * Lists, for every position, the earlier and the later positions whose boxes overlap its box,
   * ascending. One walk over pairs of nodes finds every pair, where a query per position would
   * walk the tree once for each. Returns undefined as soon as there are more than `maxPairs` pairs.
   */
  earlierOverlaps(maxPairs: number): OverlapLists | undefined {
    const count = this.bounds.length / this.width;
    const pairs = new PairList(Math.min(maxPairs, count * 16));
    if (this.root) this.joinWithin(this.root, pairs, maxPairs);
    if (pairs.count > maxPairs) return undefined;
    return pairs.lists(count);
  }

  private joinWithin(node: TreeNode, pairs: PairList, maxPairs: number): void {
    if (pairs.count > maxPairs) return;
    if (node.items) {
      const { items } = node;
      for (let one = 0; one < items.length; one += 1) {
        for (let other = one + 1; other < items.length; other += 1) this.pair(items[one]!, items[other]!, pairs);
      }
      return;
    }
    const { children } = node;
    for (let one = 0; one < children.length; one += 1) {
      this.joinWithin(children[one]!, pairs, maxPairs);
      for (let other = one + 1; other < children.length; other += 1) this.joinAcross(children[one]!, children[other]!, pairs, maxPairs);
    }
  }

  private joinAcross(left: TreeNode, right: TreeNode, pairs: PairList, maxPairs: number): void {
    if (pairs.count > maxPairs || !overlaps(left.hull, 0, right.hull, this.width)) return;
    if (left.items && right.items) {
      // Only boxes that meet the other leaf's hull can pair, so each side is filtered by the
      // other's hull first. Indexed loops: `for...of` over typed arrays allocated an iterator
      // result per step here.
      const { bounds, width } = this;
      const rightItems = right.items;
      if (this.scratch.length < rightItems.length) this.scratch = new Int32Array(rightItems.length);
      let meeting = 0;
      for (let other = 0; other < rightItems.length; other += 1) {
        if (overlaps(bounds, rightItems[other]! * width, left.hull, width)) this.scratch[meeting++] = rightItems[other]!;
      }
      if (meeting === 0) return;
      const leftItems = left.items;
      for (let one = 0; one < leftItems.length; one += 1) {
        const item = leftItems[one]!;
        if (!overlaps(bounds, item * width, right.hull, width)) continue;
        for (let other = 0; other < meeting; other += 1) this.pair(item, this.scratch[other]!, pairs);
      }
      return;
    }
    if (left.items) {
      for (const child of right.children) this.joinAcross(left, child, pairs, maxPairs);
    } else {
      for (const child of left.children) this.joinAcross(child, right, pairs, maxPairs);
    }
  }

  private pair(one: number, other: number, pairs: PairList): void {
    const { bounds, width } = this;
    const oneBase = one * width;
    const otherBase = other * width;
    for (let field = 0; field < width; field += 2) {
      if (bounds[oneBase + field + 1]! < bounds[otherBase + field]! || bounds[otherBase + field + 1]! < bounds[oneBase + field]!) return;
    }
    if (one < other) pairs.add(other, one);
    else pairs.add(one, other);
  }

  private build(members: Int32Array): TreeNode {
    const node = this.leaf(members);
    if (members.length <= LEAF_SIZE) return node;
    const split = this.bestSplit(members);
    if (!split) return node;
    delete node.items;
    node.children = split.map((part) => this.build(part));
    return node;
  }

  /** Returns a leaf node with the hull and position range of `members`. */
  private leaf(members: Int32Array): TreeNode {
    const { bounds, width } = this;
    const hull = new Int32Array(width);
    for (let field = 0; field < width; field += 2) {
      hull[field] = 0x7fffffff;
      hull[field + 1] = -1;
    }
    let first = Number.MAX_SAFE_INTEGER;
    let last = -1;
    for (let slot = 0; slot < members.length; slot += 1) {
      const at = members[slot]!;
      const base = at * width;
      for (let field = 0; field < width; field += 2) {
        if (bounds[base + field]! < hull[field]!) hull[field] = bounds[base + field]!;
        if (bounds[base + field + 1]! > hull[field + 1]!) hull[field + 1] = bounds[base + field + 1]!;
      }
      if (at < first) first = at;
      if (at > last) last = at;
    }
    return { hull, first, last, children: [], items: members };
  }

  /**
   * Splits the members at the median midpoint of the field that leaves the fewest straddling
   * boxes, or returns undefined when no field splits them.
   */
  private bestSplit(members: Int32Array): Int32Array[] | undefined {
    const { bounds, width } = this;
    let best: { field: number; median: number; straddling: number } | undefined;
    // The split only has to divide the boxes roughly in half, so the median of an evenly spaced
    // sample serves, and it costs far less than sorting every box of a large node.
    const step = Math.max(1, Math.floor(members.length / MEDIAN_SAMPLE));
    const middles = new Float64Array(Math.ceil(members.length / step));
    for (let field = 0; field < width; field += 2) {
      for (let index = 0, slot = 0; index < members.length; index += step, slot += 1) {
        const at = members[index]!;
        middles[slot] = (bounds[at * width + field]! + bounds[at * width + field + 1]!) / 2;
      }
      const median = selectNth(middles, middles.length >> 1);
      let below = 0;
      let above = 0;
      for (let slot = 0; slot < members.length; slot += 1) {
        const at = members[slot]!;
        if (bounds[at * width + field + 1]! < median) below += 1;
        else if (bounds[at * width + field]! >= median) above += 1;
      }
      const straddling = members.length - below - above;
      if (below === members.length || above === members.length || straddling === members.length) continue;
      if (!best || straddling < best.straddling) best = { field, median, straddling };
    }
    if (!best) return undefined;
    const { field, median } = best;
    const parts: number[][] = [[], [], []];
    for (let slot = 0; slot < members.length; slot += 1) {
      const at = members[slot]!;
      if (bounds[at * width + field + 1]! < median) parts[0]!.push(at);
      else if (bounds[at * width + field]! >= median) parts[2]!.push(at);
      else parts[1]!.push(at);
    }
    return parts.filter((part) => part.length > 0).map((part) => Int32Array.from(part));
  }
}

/**
 * Returns the value that would be at index `nth` of `values` sorted ascending, reordering
 * `values` in place (quickselect). Choosing a split needs this one value, not a sorted list.
 */
function selectNth(values: Float64Array, nth: number): number {
  let low = 0;
  let high = values.length - 1;
  while (low < high) {
    const pivot = values[(low + high) >> 1]!;
    let left = low;
    let right = high;
    while (left <= right) {
      while (values[left]! < pivot) left += 1;
      while (values[right]! > pivot) right -= 1;
      if (left <= right) {
        const swap = values[left]!;
        values[left] = values[right]!;
        values[right] = swap;
        left += 1;
        right -= 1;
      }
    }
    if (nth <= right) high = right;
    else if (nth >= left) low = left;
    else break;
  }
  return values[nth]!;
}

/** Returns true when the box at `base` in `boxes` overlaps `query` in every field. */
function overlaps(boxes: Int32Array, base: number, query: Int32Array, width: number): boolean {
  for (let field = 0; field < width; field += 2) {
    if (boxes[base + field + 1]! < query[field]! || query[field + 1]! < boxes[base + field]!) return false;
  }
  return true;
}

/**
 * Overlapping positions of a box tree: `earlierLists[at]` lists the earlier ones, and
 * `later[laterStart[at]..laterStart[at + 1])` the later ones, both ascending.
 */
export interface OverlapLists {
  earlierLists: number[][];
  later: Int32Array;
  laterStart: Int32Array;
}

/** Pairs of positions (a later one and an earlier one) in two growing typed arrays. */
class PairList {
  later: Int32Array;
  earlier: Int32Array;
  count = 0;

  constructor(capacity: number) {
    this.later = new Int32Array(Math.max(capacity, 64));
    this.earlier = new Int32Array(Math.max(capacity, 64));
  }

  add(later: number, earlier: number): void {
    if (this.count === this.later.length) {
      const size = this.count * 2;
      const laterGrown = new Int32Array(size);
      laterGrown.set(this.later);
      this.later = laterGrown;
      const earlierGrown = new Int32Array(size);
      earlierGrown.set(this.earlier);
      this.earlier = earlierGrown;
    }
    this.later[this.count] = later;
    this.earlier[this.count] = earlier;
    this.count += 1;
  }

  /**
   * Returns, per position below `size`, the earlier and the later positions paired with it,
   * ascending. A counting sort groups the pairs by their earlier position, and walking those
   * groups in order fills each later position's list in ascending order, with no comparison
   * sort. A walk of the later positions' lists in order then does the same for the other side.
   */
  lists(size: number): OverlapLists {
    const { later, earlier, count } = this;
    const earlierStart = new Int32Array(size + 1);
    const laterStart = new Int32Array(size + 1);
    for (let index = 0; index < count; index += 1) {
      earlierStart[earlier[index]! + 1] += 1;
      laterStart[later[index]! + 1] += 1;
    }
    for (let at = 0; at < size; at += 1) {
      earlierStart[at + 1] += earlierStart[at]!;
      laterStart[at + 1] += laterStart[at]!;
    }

    const byEarlier = new Int32Array(count);
    const earlierNext = earlierStart.slice(0, size);
    for (let index = 0; index < count; index += 1) byEarlier[earlierNext[earlier[index]!]!++] = later[index]!;

    // The earlier positions are all in `byEarlier` now, so their array takes the result.
    const byLater = earlier;
    const laterNext = laterStart.slice(0, size);
    for (let at = 0; at < size; at += 1) {
      for (let slot = earlierStart[at]!; slot < earlierStart[at + 1]!; slot += 1) byLater[laterNext[byEarlier[slot]!]!++] = at;
    }

    // The same walk over `byLater` puts each earlier position's partners in ascending order.
    earlierNext.set(earlierStart.subarray(0, size));
    for (let at = 0; at < size; at += 1) {
      for (let slot = laterStart[at]!; slot < laterStart[at + 1]!; slot += 1) byEarlier[earlierNext[byLater[slot]!]!++] = at;
    }

    const earlierLists: number[][] = new Array<number[]>(size);
    for (let at = 0; at < size; at += 1) {
      const list: number[] = [];
      for (let slot = laterStart[at]!; slot < laterStart[at + 1]!; slot += 1) list.push(byLater[slot]!);
      earlierLists[at] = list;
    }
    return { earlierLists, later: byEarlier, laterStart: earlierStart };
  }
}
