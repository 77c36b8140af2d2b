/**
 * First-match visibility inside one rectangle: given the rectangles of earlier decisions in chain
 * order, which decisions take some packet of the rectangle, and which packets does none take.
 * One recursive split of the rectangle answers this for every decision at once, where testing
 * each decision against those before it would repeat the same work for each pair.
 */
import { FIELD_COUNT, GeometryBudgetExceeded, pieceEnd, type AtomPoint, type Rect } from './geometry.js';

/** Maximum steps of one `findVisible` call; past it the caller falls back to the BDD analysis. */
const STEP_LIMIT = 4_000_000;

/** What `findVisible` found, filled in by each call. */
export interface Visibility {
  /** Per decision position: a packet it takes, the smallest one when the search is exact. */
  found: Map<number, AtomPoint>;
  /** A packet of the query that no rectangle contains (the smallest when exact), if any. */
  rest?: AtomPoint;
}

/** How `findVisible` searches. */
export interface VisibilityOptions {
  /**
   * Split fields in `FIELDS` order, so that the first packet found for a decision, and for the
   * rest, is its smallest. Otherwise the search splits the field with the most rectangle
   * boundaries first, which visits fewer pieces but finds arbitrary packets.
   */
  exact: boolean;
  /** Returns false for a decision whose packets no longer matter; such pieces are skipped. */
  wanted: (owner: number) => boolean;
  /** Called once for each decision the search finds; returning true ends the search. */
  onFound?: (owner: number) => boolean;
}

/**
 * Splits `query` into pieces that each lie wholly inside or outside every rectangle of `cover`,
 * and records, for each piece, the first rectangle that contains it (by position in `cover`,
 * which must follow chain order). `owners[k]` is the decision of `cover[k]`. Pieces that no
 * wanted decision can take are skipped, and so are pieces without rectangles once
 * `result.rest` is set.
 *
 * Throws `GeometryBudgetExceeded` past `STEP_LIMIT` steps.
 */
export function findVisible(query: Rect, cover: readonly Rect[], owners: readonly number[], options: VisibilityOptions, result: Visibility): void {
  const members = new Int32Array(cover.length);
  let count = 0;
  for (let k = 0; k < cover.length; k += 1) if (meets(cover[k]!, query)) members[count++] = k;
  const search = new Search(cover, owners, options, result);
  search.visit(0, new Int32Array(query), members.subarray(0, count));
}

class Search {
  private steps = 0;
  private stopped = false;

  constructor(
    private readonly cover: readonly Rect[],
    private readonly owners: readonly number[],
    private readonly options: VisibilityOptions,
    private readonly result: Visibility,
  ) {}

  /**
   * Visits `cell`, which every rectangle of `members` meets. In exact mode every member also
   * contains the cell's range in the fields before `field`.
   */
  visit(field: number, cell: Int32Array, members: Int32Array): void {
    const { cover, owners, options, result } = this;
    this.steps += 1 + members.length;
    if (this.steps > STEP_LIMIT) throw new GeometryBudgetExceeded();
    if (this.stopped) return;

    // The first member that contains the cell takes all of it, so the members after it matter
    // nowhere in the cell.
    const from = options.exact ? field : 0;
    let first = -1;
    for (let position = 0; position < members.length; position += 1) {
      if (containsFrom(cover[members[position]!]!, cell, from)) {
        first = position;
        break;
      }
    }
    const partial = first === -1 ? members.length : first;
    if (partial === 0) {
      const point = lowerCorner(cell);
      const owner = first === -1 ? -1 : owners[members[first]!]!;
      if (owner === -1) result.rest ??= point;
      else if (!result.found.has(owner)) {
        result.found.set(owner, point);
        if (options.onFound?.(owner)) this.stopped = true;
      }
      return;
    }
    const kept = first === -1 ? members : members.subarray(0, first + 1);
    if (!this.useful(kept, first === -1)) return;

    const split = options.exact ? this.nextFieldWithCuts(field, cell, kept, partial) : this.busiestField(cell, kept, partial);
    if (split === FIELD_COUNT) return;
    this.sweep(split, cell, kept, partial);
  }

  /** Returns true when some piece of the cell could still add to the result. */
  private useful(kept: Int32Array, uncovered: boolean): boolean {
    if (uncovered && this.result.rest === undefined) return true;
    const { owners, options, result } = this;
    for (const member of kept) {
      const owner = owners[member]!;
      if (!result.found.has(owner) && options.wanted(owner)) return true;
    }
    return false;
  }

  /** Returns the first field from `field` on where a partial member has a boundary inside the cell. */
  private nextFieldWithCuts(field: number, cell: Int32Array, kept: Int32Array, partial: number): number {
    for (let candidate = field; candidate < FIELD_COUNT; candidate += 1) {
      const low = cell[candidate * 2]!;
      const high = cell[candidate * 2 + 1]!;
      for (let position = 0; position < partial; position += 1) {
        const rect = this.cover[kept[position]!]!;
        if (rect[candidate * 2]! > low || rect[candidate * 2 + 1]! < high) return candidate;
      }
    }
    return FIELD_COUNT;
  }

  /** Returns the field where the partial members have the most boundaries inside the cell. */
  private busiestField(cell: Int32Array, kept: Int32Array, partial: number): number {
    let best = FIELD_COUNT;
    let bestCount = 0;
    for (let field = 0; field < FIELD_COUNT; field += 1) {
      const low = cell[field * 2]!;
      const high = cell[field * 2 + 1]!;
      let count = 0;
      for (let position = 0; position < partial; position += 1) {
        const rect = this.cover[kept[position]!]!;
        if (rect[field * 2]! > low) count += 1;
        if (rect[field * 2 + 1]! < high) count += 1;
      }
      if (count > bestCount) {
        bestCount = count;
        best = field;
      }
    }
    return best;
  }

  /**
   * Cuts the cell's range in `field` at the boundaries of the partial members and visits the
   * pieces in ascending order, each with the members that meet it, still in chain order.
   */
  private sweep(field: number, cell: Int32Array, kept: Int32Array, partial: number): void {
    const { cover, options } = this;
    const low = cell[field * 2]!;
    const high = cell[field * 2 + 1]!;
    const cuts: number[] = [low];
    for (let position = 0; position < partial; position += 1) {
      const rect = cover[kept[position]!]!;
      if (rect[field * 2]! > low) cuts.push(rect[field * 2]!);
      if (rect[field * 2 + 1]! < high) cuts.push(rect[field * 2 + 1]! + 1);
    }
    const sorted = Float64Array.from(cuts).sort();
    // Members by their low bound in this field; the key keeps the position in its low bits.
    const byStart = new Float64Array(kept.length);
    for (let position = 0; position < kept.length; position += 1) {
      byStart[position] = Math.max(cover[kept[position]!]![field * 2]!, low) * POSITION_RANGE + position;
    }
    byStart.sort();
    const active: number[] = [];
    const piece = new Int32Array(cell);
    const nextField = options.exact ? field + 1 : 0;
    let next = 0;
    for (let index = 0; index < sorted.length; index += 1) {
      const start = sorted[index]!;
      if (index > 0 && start === sorted[index - 1]) continue;
      const end = pieceEnd(sorted, index, high);
      while (next < byStart.length && Math.floor(byStart[next]! / POSITION_RANGE) <= start) {
        insertAscending(active, byStart[next]! % POSITION_RANGE);
        next += 1;
      }
      let still = 0;
      for (const position of active) if (cover[kept[position]!]![field * 2 + 1]! >= start) active[still++] = position;
      active.length = still;
      if (active.length === 0 && this.result.rest !== undefined) continue;
      const members = new Int32Array(active.length);
      for (let slot = 0; slot < active.length; slot += 1) members[slot] = kept[active[slot]!]!;
      piece[field * 2] = start;
      piece[field * 2 + 1] = end;
      this.visit(nextField, piece, members);
      if (this.stopped) return;
    }
  }
}

/** Positions are packed below the low bound in sort keys; no cover list comes near this size. */
const POSITION_RANGE = 2 ** 24;

/** Inserts `value` into the ascending list `list`. */
function insertAscending(list: number[], value: number): void {
  let slot = list.length;
  list.push(value);
  while (slot > 0 && list[slot - 1]! > value) {
    list[slot] = list[slot - 1]!;
    slot -= 1;
  }
  list[slot] = value;
}

function lowerCorner(cell: Int32Array): AtomPoint {
  const point = new Int32Array(FIELD_COUNT);
  for (let field = 0; field < FIELD_COUNT; field += 1) point[field] = cell[field * 2]!;
  return point;
}

function meets(left: Rect, right: Rect): boolean {
  for (let index = 0; index < FIELD_COUNT * 2; index += 2) {
    if (left[index + 1]! < right[index]! || right[index + 1]! < left[index]!) return false;
  }
  return true;
}

function containsFrom(outer: Rect, inner: Int32Array, field: number): boolean {
  for (let index = field * 2; index < FIELD_COUNT * 2; index += 2) {
    if (outer[index]! > inner[index]! || outer[index + 1]! < inner[index + 1]!) return false;
  }
  return true;
}
