/**
 * Packet sets as unions of rectangles over atom numbers, and the search the geometric analysis
 * runs on them: find the smallest packet of a rectangle that none of a list of rectangles
 * contains. Rule matches are rectangles. For chains without a return inside a user chain, every
 * set the analysis needs is therefore a rectangle minus some rectangles. A sweep over atom
 * boundaries finds that packet without building BDD nodes, so its cost follows the rules that
 * overlap the rectangle and not the size of their union.
 */

/** Number of fields in a rectangle, in `FIELDS` order. */
export const FIELD_COUNT = 9;

/**
 * A rectangle: for each field of `FIELDS`, an inclusive range of atom numbers, stored as
 * `[low0, high0, low1, high1, ...]`.
 */
export type Rect = Int32Array;

/** A point of the packet space as atom numbers, one per field. */
export type AtomPoint = Int32Array;

/** Error thrown when one search needs more than `STEP_LIMIT` steps; the caller then uses BDDs. */
export class GeometryBudgetExceeded extends Error {
  constructor() {
    super('geometric search exceeded its step limit');
  }
}

/**
 * Maximum steps of one search. The limit stops pathological inputs, which the BDD engine then
 * handles. The value is a guess that no ruleset seen so far comes near.
 */
const STEP_LIMIT = 2_000_000;

/** Returns the intersection of two rectangles, or undefined when they are disjoint. */
export function intersectRects(left: Rect, right: Rect): Rect | undefined {
  const result = new Int32Array(FIELD_COUNT * 2);
  for (let index = 0; index < FIELD_COUNT * 2; index += 2) {
    const low = Math.max(left[index]!, right[index]!);
    const high = Math.min(left[index + 1]!, right[index + 1]!);
    if (low > high) return undefined;
    result[index] = low;
    result[index + 1] = high;
  }
  return result;
}

/** Returns true when the rectangles share a point. */
export function rectsMeet(left: Rect, right: Rect): boolean {
  for (let index = 0; index < FIELD_COUNT * 2; index += 2) {
    if (left[index + 1]! < right[index]! || right[index + 1]! < left[index]!) return false;
  }
  return true;
}

/** Returns true when `rect` contains `point`. */
export function containsPoint(rect: Rect, point: AtomPoint): boolean {
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    if (point[field]! < rect[field * 2]! || point[field]! > rect[field * 2 + 1]!) return false;
  }
  return true;
}

/** Returns true when `outer` contains `inner`. */
export function contains(outer: Rect, inner: Rect): boolean {
  return containsFrom(outer, inner, 0);
}

/** Returns the pairwise intersections of two unions of rectangles. */
export function intersectUnions(left: readonly Rect[], right: readonly Rect[]): Rect[] {
  const result: Rect[] = [];
  for (const one of left) {
    for (const other of right) {
      const common = intersectRects(one, other);
      if (common) result.push(common);
    }
  }
  return result;
}

/** Returns the smallest point of a rectangle in field order. */
export function lowestPoint(rect: Rect): AtomPoint {
  const point = new Int32Array(FIELD_COUNT);
  for (let field = 0; field < FIELD_COUNT; field += 1) point[field] = rect[field * 2]!;
  return point;
}

/** Compares points in field order, as BDD variables are ordered. */
export function comparePoints(left: AtomPoint, right: AtomPoint): number {
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    if (left[field] !== right[field]) return left[field]! - right[field]!;
  }
  return 0;
}

/** Returns the smaller of two optional points. */
export function minPoint(left: AtomPoint | undefined, right: AtomPoint | undefined): AtomPoint | undefined {
  if (!left) return right;
  if (!right) return left;
  return comparePoints(left, right) <= 0 ? left : right;
}

/**
 * Returns the smallest point (in field order) of `query` that no rectangle of `cover` contains,
 * or undefined when `cover` contains all of `query`. The smallest point is what `Bdd.pick`
 * returns for the same set, so both engines give the same witness packets.
 */
export function uncoveredPoint(query: Rect, cover: readonly Rect[]): AtomPoint | undefined {
  const relevant = cover.filter((rect) => rectsMeet(rect, query));
  if (relevant.length === 0) return lowestPoint(query);
  const point = new Int32Array(FIELD_COUNT);
  return search(0, query, relevant, point, { steps: 0 }) ? point : undefined;
}

/**
 * Finds the smallest uncovered point with the fields before `field` already fixed. Every
 * rectangle of `cover` meets `query` and contains the whole range of `query` in the fixed fields.
 * The range of `field` is cut at the rectangles' boundaries, so each rectangle contains a piece
 * wholly or not at all. The pieces are tried in ascending order.
 */
function search(field: number, query: Rect, cover: readonly Rect[], point: AtomPoint, budget: { steps: number }): boolean {
  budget.steps += 1 + cover.length;
  if (budget.steps > STEP_LIMIT) throw new GeometryBudgetExceeded();
  if (cover.length === 0) {
    for (let rest = field; rest < FIELD_COUNT; rest += 1) point[rest] = query[rest * 2]!;
    return true;
  }
  if (field === FIELD_COUNT) return false;
  for (const rect of cover) if (containsFrom(rect, query, field)) return false;

  const low = query[field * 2]!;
  const high = query[field * 2 + 1]!;
  const cuts: number[] = [low];
  for (const rect of cover) {
    const first = rect[field * 2]!;
    const last = rect[field * 2 + 1]!;
    if (first > low) cuts.push(first);
    if (last < high) cuts.push(last + 1);
  }
  if (cuts.length === 1) {
    point[field] = low;
    return search(field + 1, query, cover, point, budget);
  }

  const sorted = Int32Array.from(cuts).sort();
  const byStart = [...cover].sort((left, right) => left[field * 2]! - right[field * 2]!);
  let next = 0;
  let active: Rect[] = [];
  const piece = new Int32Array(query);
  for (let index = 0; index < sorted.length; index += 1) {
    const start = sorted[index]!;
    if (index > 0 && start === sorted[index - 1]) continue;
    const end = pieceEnd(sorted, sorted.length, index, high);
    while (next < byStart.length && byStart[next]![field * 2]! <= start) active.push(byStart[next++]!);
    if (active.some((rect) => rect[field * 2 + 1]! < start)) active = active.filter((rect) => rect[field * 2 + 1]! >= start);
    budget.steps += active.length;
    if (active.length === 0) {
      point[field] = start;
      for (let rest = field + 1; rest < FIELD_COUNT; rest += 1) point[rest] = query[rest * 2]!;
      return true;
    }
    piece[field * 2] = start;
    piece[field * 2 + 1] = end;
    if (search(field + 1, piece, active, point, budget)) {
      point[field] = start;
      return true;
    }
  }
  return false;
}

/**
 * Returns the last value of the piece that starts at `sorted[index]`: one below the next larger
 * cut, or `high` after the last cut. The first `count` entries of `sorted` are the ascending cuts
 * of a range that ends at `high`.
 */
export function pieceEnd(sorted: Int32Array | Float64Array, count: number, index: number, high: number): number {
  const start = sorted[index]!;
  for (let ahead = index + 1; ahead < count; ahead += 1) {
    if (sorted[ahead]! !== start) return sorted[ahead]! - 1;
  }
  return high;
}

/** Returns true when `outer` contains `inner` on every field from `field` on. */
export function containsFrom(outer: Rect, inner: Rect, field: number): boolean {
  for (let index = field * 2; index < FIELD_COUNT * 2; index += 2) {
    if (outer[index]! > inner[index]! || outer[index + 1]! < inner[index + 1]!) return false;
  }
  return true;
}

/** Sorts the first `count` numbers of `list` in place, fast when few are out of order. */
export function insertionSort(list: { [index: number]: number }, count: number): void {
  for (let index = 1; index < count; index += 1) {
    const value = list[index]!;
    let slot = index;
    while (slot > 0 && list[slot - 1]! > value) {
      list[slot] = list[slot - 1]!;
      slot -= 1;
    }
    list[slot] = value;
  }
}
