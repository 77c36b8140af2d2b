/**
 * First-match visibility inside one rectangle: given the rectangles of earlier decisions in chain
 * order, which decisions take some packet of the rectangle, and which packets does none take.
 * One recursive split of the rectangle finds this for every decision at once. Testing each
 * decision against those before it would repeat the same work for each pair.
 */
import {
  contains,
  containsFrom,
  containsPoint,
  FIELD_COUNT,
  GeometryBudgetExceeded,
  insertionSort,
  lowestPoint,
  pieceEnd,
  rectsMeet,
  type AtomPoint,
  type Rect,
} from './geometry.js';

/** Maximum steps of one `findVisible` call. Past it, the caller falls back to the BDD analysis. */
const STEP_LIMIT = 4_000_000;

/** The value of every decision in `Visibility.found` when `VisibilityOptions.points` is false. */
export const NO_POINT: AtomPoint = new Int32Array(0);

/** Result of `findVisible`, filled in by each call. */
export interface Visibility {
  /** Per decision position: a packet it takes, the smallest one when the search is exact. */
  found: Map<number, AtomPoint>;
  /** A packet of the query that no rectangle contains (the smallest when exact), if any. */
  rest?: AtomPoint;
}

/** Search settings of `findVisible`. */
export interface VisibilityOptions {
  /**
   * Split fields in `FIELDS` order, so that the first packet found for a decision, and for the
   * rest, is its smallest. Otherwise the search splits the field with the most rectangle
   * boundaries first, which visits fewer pieces but finds arbitrary packets.
   */
  exact: boolean;
  /** Returns false for a decision whose packets no longer matter, so pieces only it takes are skipped. */
  relevant: (owner: number) => boolean;
  /** Whether to look for a packet that no rectangle contains. Default true. */
  findRest?: boolean;
  /** Called once for each decision the search finds. Returning true ends the search. */
  onFound?: (owner: number) => boolean;
  /**
   * Whether `found` gets the packet of each decision. Default true. When false, each decision
   * found maps to `NO_POINT`, which saves a typed array per decision; `rest` is still a packet.
   */
  points?: boolean;
}

/**
 * Splits `query` into pieces that each lie wholly inside or outside every rectangle of `cover`,
 * and records, for each piece, the first rectangle that contains it (by position in `cover`,
 * which must follow chain order). `owners[k]` is the decision of `cover[k]`. Pieces that no
 * relevant decision can take are skipped, and so are pieces without rectangles once
 * `result.rest` is set or when `options.findRest` is false.
 *
 * Throws `GeometryBudgetExceeded` past `STEP_LIMIT` steps.
 */
export function findVisible(query: Rect, cover: readonly Rect[], owners: readonly number[], options: VisibilityOptions, result: Visibility): void {
  const search = new Search(cover, owners, options, result);
  const members = search.buffers.members(0, cover.length);
  let count = 0;
  for (let k = 0; k < cover.length; k += 1) if (rectsMeet(cover[k]!, query)) members[count++] = k;
  search.visit(0, 0, new Int32Array(query), members, count);
}

/**
 * Runs `findVisible` with the cover `candidates[0..count)`: ascending positions in
 * `rects`, which contains the rectangles of a whole chain in chain order. Callers that search many
 * rules of one chain pass positions instead of building a cover list per rule.
 */
export function findVisibleAmong(
  query: Rect,
  rects: readonly Rect[],
  owners: readonly number[],
  candidates: Int32Array,
  count: number,
  options: VisibilityOptions,
  result: Visibility,
): void {
  const search = new Search(rects, owners, options, result);
  const members = search.buffers.members(0, count);
  let meeting = 0;
  for (let slot = 0; slot < count; slot += 1) {
    const k = candidates[slot]!;
    if (rectsMeet(rects[k]!, query)) members[meeting++] = k;
  }
  search.visit(0, 0, new Int32Array(query), members, meeting);
}

/**
 * Work arrays per recursion depth, kept between calls. A visit at depth d fills the arrays of
 * depth d + 1 for each piece in turn, and the visit of a piece ends before the next piece
 * reuses them.
 */
class Buffers {
  private readonly memberLists: Int32Array[] = [];
  private readonly cells: Int32Array[] = [];
  private readonly cutLists: Float64Array[] = [];
  private readonly keyLists: Float64Array[] = [];
  private readonly flagLists: Uint8Array[] = [];
  private readonly endLists: Int32Array[] = [];
  private readonly activeLists: Int32Array[] = [];

  members(depth: number, size: number): Int32Array {
    return grown(this.memberLists, depth, size, (length) => new Int32Array(length));
  }

  cell(depth: number): Int32Array {
    return grown(this.cells, depth, FIELD_COUNT * 2, (length) => new Int32Array(length));
  }

  cuts(depth: number, size: number): Float64Array {
    return grown(this.cutLists, depth, size, (length) => new Float64Array(length));
  }

  keys(depth: number, size: number): Float64Array {
    return grown(this.keyLists, depth, size, (length) => new Float64Array(length));
  }

  ends(depth: number, size: number): Int32Array {
    return grown(this.endLists, depth, size, (length) => new Int32Array(length));
  }

  flags(depth: number, size: number): Uint8Array {
    return grown(this.flagLists, depth, size, (length) => new Uint8Array(length));
  }

  active(depth: number, size: number): Int32Array {
    return grown(this.activeLists, depth, size, (length) => new Int32Array(length));
  }
}

/** Returns `lists[depth]`, replaced first by a larger array when it is shorter than `size`. */
function grown<T extends { length: number }>(lists: T[], depth: number, size: number, create: (length: number) => T): T {
  const list = lists[depth];
  if (list && list.length >= size) return list;
  const made = create(Math.max(size, 2 * (list?.length ?? 8)));
  lists[depth] = made;
  return made;
}

const sharedBuffers = new Buffers();

/**
 * Per owner, the id of the last search that found it, so that a search checks whether it found an
 * owner without hashing. Searches do not nest: no callback of a search starts another.
 */
let foundStamps = new Int32Array(1024);
let lastSearchId = 0;

class Search {
  readonly buffers = sharedBuffers;
  private readonly wantsPoints: boolean;
  private readonly id: number;
  private steps = 0;
  private stopped = false;
  /** Counter that changes whenever an owner is found or the rest is set, which can change what is relevant. */
  private version = 0;

  constructor(
    private readonly cover: readonly Rect[],
    private readonly owners: readonly number[],
    private readonly options: VisibilityOptions,
    private readonly result: Visibility,
  ) {
    this.wantsPoints = options.points !== false;
    if (lastSearchId === 0x7fffffff) {
      foundStamps.fill(0);
      lastSearchId = 0;
    }
    lastSearchId += 1;
    this.id = lastSearchId;
    for (const owner of result.found.keys()) this.stamp(owner);
  }

  private setRest(point: AtomPoint): void {
    this.result.rest = point;
    this.version += 1;
  }

  /** Negative owners, which the comparison of two chains uses, are looked up in `found` itself. */
  private isFound(owner: number): boolean {
    if (owner < 0) return this.result.found.has(owner);
    return owner < foundStamps.length && foundStamps[owner] === this.id;
  }

  private stamp(owner: number): void {
    if (owner < 0) return;
    if (owner >= foundStamps.length) {
      const grown = new Int32Array(Math.max(owner + 1, foundStamps.length * 2));
      grown.set(foundStamps);
      foundStamps = grown;
    }
    foundStamps[owner] = this.id;
  }

  /**
   * Visits `cell`, which every rectangle of the first `count` entries of `members` meets. In
   * exact mode every member also contains the cell's range in the fields before `field`.
   */
  visit(depth: number, field: number, cell: Int32Array, members: Int32Array, count: number): void {
    const { cover, owners, options, result } = this;
    this.steps += 1 + count;
    if (this.steps > STEP_LIMIT) throw new GeometryBudgetExceeded();
    if (this.stopped) return;

    // The first member that contains the cell takes all of it, so the members after it matter
    // nowhere in the cell.
    const from = options.exact ? field : 0;
    let first = -1;
    for (let position = 0; position < count; position += 1) {
      if (containsFrom(cover[members[position]!]!, cell, from)) {
        first = position;
        break;
      }
    }
    let kept = first === -1 ? count : first + 1;
    if (!this.lookingForRest()) {
      // Members after the last relevant one cannot hide a relevant one, because only earlier members
      // hide later ones, and without a search for the rest nothing else needs them.
      while (kept > 0 && !this.isRelevant(owners[members[kept - 1]!]!)) kept -= 1;
      if (kept === 0) return;
      if (first >= kept) first = -1;
    } else if (first !== -1 && !this.anyRelevant(members, kept)) {
      return;
    }
    const partial = first === -1 ? kept : first;
    if (partial === 1) {
      this.settleOnePartial(cell, members[0]!, first === -1 ? -1 : members[first]!);
      return;
    }
    if (partial === 0) {
      if (first === -1) {
        if (result.rest === undefined) this.setRest(lowestPoint(cell));
      }
      else this.record(owners[members[first]!]!, this.wantsPoints ? lowestPoint(cell) : NO_POINT);
      return;
    }

    // A member that contains the cell leaves no rest in it, so probes can settle it then too.
    if ((first !== -1 || !this.lookingForRest()) && this.settleByProbes(cell, members, kept)) return;

    const split = options.exact ? this.nextFieldWithCuts(field, cell, members, partial) : this.busiestField(cell, members, partial);
    if (split === FIELD_COUNT) return;
    this.sweep(depth, split, cell, members, kept, partial);
  }

  /**
   * Tries to settle each relevant member of the cell without a split, and returns true when all
   * are settled. A member is settled when a probe packet in its part of the cell lies in no
   * earlier member, which makes the packet its own, or when one earlier member contains all of
   * its part. The probe starts at the part's smallest packet. Outside exact mode it moves out of
   * the first earlier member that contains it, a few times, since any packet will do there.
   */
  private settleByProbes(cell: Int32Array, members: Int32Array, kept: number): boolean {
    const { cover, owners } = this;
    let relevant = 0;
    for (let position = 0; position < kept; position += 1) if (this.isRelevant(owners[members[position]!]!)) relevant += 1;
    if (relevant > PROBE_LIMIT) return false;
    let settled = true;
    for (let position = 0; position < kept; position += 1) {
      const owner = owners[members[position]!]!;
      if (!this.isRelevant(owner)) continue;
      // The part and the probe live in scratch arrays, and only a recorded probe is copied.
      const part = intersectInto(cell, cover[members[position]!]!, scratchPart);
      const probe = scratchProbe;
      for (let field = 0; field < FIELD_COUNT; field += 1) probe[field] = part[field * 2]!;
      let outcome: 'own' | 'hidden' | 'open' = 'open';
      for (let move = 0; move <= PROBE_MOVES; move += 1) {
        let blocker: Rect | undefined;
        for (let earlier = 0; earlier < position && !blocker; earlier += 1) {
          if (containsPoint(cover[members[earlier]!]!, probe)) blocker = cover[members[earlier]!]!;
        }
        if (!blocker) outcome = 'own';
        else if (contains(blocker, part)) outcome = 'hidden';
        else if (!this.options.exact && move < PROBE_MOVES) moveOutside(probe, blocker, part);
        else break;
        if (outcome !== 'open') break;
      }
      if (outcome === 'own') {
        this.record(owner, this.wantsPoints ? probe.slice() : NO_POINT);
        if (this.stopped) return true;
      } else if (outcome === 'open') {
        settled = false;
      }
    }
    return settled;
  }

  /**
   * Settles a cell with one partial member, `only`, followed by a member that contains the cell
   * (`next`) or by none (-1). Every packet of `only` in the cell is its own, and the packets
   * outside it go to `next` or to the rest, so the smallest packet of each needs no split.
   */
  private settleOnePartial(cell: Int32Array, only: number, next: number): void {
    const { owners, result } = this;
    // Without a search for the rest, the members were trimmed to end with a relevant one, so only
    // `only` can be irrelevant here.
    if (this.lookingForRest() || this.isRelevant(owners[only]!)) {
      this.record(owners[only]!, this.wantsPoints ? lowestCommonPoint(cell, this.cover[only]!) : NO_POINT);
    }
    if (this.stopped) return;
    if (next !== -1) this.record(owners[next]!, this.wantsPoints ? firstPointOutside(cell, this.cover[only]!) : NO_POINT);
    else if (this.lookingForRest()) this.setRest(firstPointOutside(cell, this.cover[only]!));
  }

  /** Stores `point` as the packet of `owner` unless it has one, and ends the search when asked to. */
  private record(owner: number, point: AtomPoint): void {
    if (this.isFound(owner)) return;
    this.stamp(owner);
    this.version += 1;
    this.result.found.set(owner, point);
    if (this.options.onFound?.(owner)) this.stopped = true;
  }

  /** Returns true while the search still looks for a packet that no member takes. */
  private lookingForRest(): boolean {
    return this.options.findRest !== false && this.result.rest === undefined;
  }

  private isRelevant(owner: number): boolean {
    return !this.isFound(owner) && this.options.relevant(owner);
  }

  private anyRelevant(members: Int32Array, kept: number): boolean {
    for (let position = 0; position < kept; position += 1) if (this.isRelevant(this.owners[members[position]!]!)) return true;
    return false;
  }

  /** Returns the first field from `field` on where a partial member has a boundary inside the cell. */
  private nextFieldWithCuts(field: number, cell: Int32Array, members: Int32Array, partial: number): number {
    for (let candidate = field; candidate < FIELD_COUNT; candidate += 1) {
      const low = cell[candidate * 2]!;
      const high = cell[candidate * 2 + 1]!;
      for (let position = 0; position < partial; position += 1) {
        const rect = this.cover[members[position]!]!;
        if (rect[candidate * 2]! > low || rect[candidate * 2 + 1]! < high) return candidate;
      }
    }
    return FIELD_COUNT;
  }

  /** Returns the field where the partial members have the most boundaries inside the cell. */
  private busiestField(cell: Int32Array, members: Int32Array, partial: number): number {
    let best = FIELD_COUNT;
    let bestCount = 0;
    for (let field = 0; field < FIELD_COUNT; field += 1) {
      const low = cell[field * 2]!;
      const high = cell[field * 2 + 1]!;
      let count = 0;
      for (let position = 0; position < partial; position += 1) {
        const rect = this.cover[members[position]!]!;
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
   *
   * Once the search no longer looks for the rest, a piece matters only when a relevant member
   * meets it. A count of the relevant members that meet the current piece lets the sweep pass
   * over the other pieces without building their member lists. Members found after entering stay
   * counted until the next piece that the count does not skip, which counts them again.
   */
  private sweep(depth: number, field: number, cell: Int32Array, members: Int32Array, kept: number, partial: number): void {
    const { cover, owners, buffers } = this;
    const low = cell[field * 2]!;
    const high = cell[field * 2 + 1]!;
    const cuts = buffers.cuts(depth, 2 * partial + 1);
    let cutCount = 0;
    cuts[cutCount++] = low;
    for (let position = 0; position < partial; position += 1) {
      const rect = cover[members[position]!]!;
      if (rect[field * 2]! > low) cuts[cutCount++] = rect[field * 2]!;
      if (rect[field * 2 + 1]! < high) cuts[cutCount++] = rect[field * 2 + 1]! + 1;
    }
    sortPrefix(cuts, cutCount);

    // Members by their low and by their high bound in this field. Each key keeps the member's
    // position in its low bits.
    const byStart = buffers.keys(depth, 2 * kept);
    for (let position = 0; position < kept; position += 1) {
      byStart[position] = Math.max(cover[members[position]!]![field * 2]!, low) * POSITION_RANGE + position;
    }
    sortPrefix(byStart, kept);
    const byEnd = byStart.subarray(kept, 2 * kept);
    // Each member's end in the field, clipped to the cell, read again for every piece.
    const ends = buffers.ends(depth, kept);
    for (let position = 0; position < kept; position += 1) {
      ends[position] = Math.min(cover[members[position]!]![field * 2 + 1]!, high);
      byEnd[position] = ends[position]! * POSITION_RANGE + position;
    }
    sortPrefix(byEnd, kept);
    const counted = buffers.flags(depth, kept);

    // Positions of the members that meet the current piece, plus members that ended since the
    // last visited piece, which the next visit filters out before sorting the list.
    const active = buffers.active(depth, kept);
    let activeCount = 0;
    const piece = buffers.cell(depth + 1);
    piece.set(cell);
    const nextField = this.options.exact ? field + 1 : 0;
    let entered = 0;
    let ended = 0;
    let relevantCount = 0;
    let countedVersion = -1;
    for (let index = 0; index < cutCount; index += 1) {
      const start = cuts[index]!;
      if (index > 0 && start === cuts[index - 1]) continue;
      const end = pieceEnd(cuts, cutCount, index, high);
      while (entered < kept && Math.floor(byStart[entered]! / POSITION_RANGE) <= start) {
        const position = byStart[entered]! % POSITION_RANGE;
        active[activeCount++] = position;
        counted[position] = this.isRelevant(owners[members[position]!]!) ? 1 : 0;
        relevantCount += counted[position]!;
        entered += 1;
      }
      while (ended < kept && Math.floor(byEnd[ended]! / POSITION_RANGE) < start) {
        relevantCount -= counted[byEnd[ended]! % POSITION_RANGE]!;
        ended += 1;
      }
      if (relevantCount === 0 && !this.lookingForRest()) continue;

      // What is relevant changes only when the search finds an owner or the rest, so the flags
      // of the members stay right until then.
      let still = 0;
      relevantCount = 0;
      const recount = this.version !== countedVersion;
      for (let slot = 0; slot < activeCount; slot += 1) {
        const position = active[slot]!;
        if (ends[position]! < start) continue;
        active[still++] = position;
        if (recount) counted[position] = this.isRelevant(owners[members[position]!]!) ? 1 : 0;
        relevantCount += counted[position]!;
      }
      countedVersion = this.version;
      activeCount = still;
      if (relevantCount === 0 && !this.lookingForRest()) continue;
      insertionSort(active, activeCount);
      const pieceMembers = buffers.members(depth + 1, still);
      for (let slot = 0; slot < still; slot += 1) pieceMembers[slot] = members[active[slot]!]!;
      piece[field * 2] = start;
      piece[field * 2 + 1] = end;
      this.visit(depth + 1, nextField, piece, pieceMembers, still);
      if (this.stopped) return;
    }
  }
}

/** Work arrays of `settleByProbes`, which calls nothing that uses them. */
const scratchPart = new Int32Array(FIELD_COUNT * 2);
const scratchProbe = new Int32Array(FIELD_COUNT);

/** Writes the intersection of `cell` and `rect`, which must meet, into `out` and returns it. */
function intersectInto(cell: Int32Array, rect: Rect, out: Int32Array): Int32Array {
  for (let index = 0; index < FIELD_COUNT * 2; index += 2) {
    out[index] = Math.max(cell[index]!, rect[index]!);
    out[index + 1] = Math.min(cell[index + 1]!, rect[index + 1]!);
  }
  return out;
}

/** Most relevant members of a cell that `settleByProbes` tries before splitting the cell. */
const PROBE_LIMIT = 8;

/** Moves of one probe out of earlier members before the cell is split instead. */
const PROBE_MOVES = 3;

/**
 * Moves `point`, which `blocker` contains, out of `blocker` in the last field where `part`
 * reaches past it, keeping the point inside `part`. `blocker` must not contain all of `part`.
 */
function moveOutside(point: AtomPoint, blocker: Rect, part: Rect): void {
  for (let field = FIELD_COUNT - 1; field >= 0; field -= 1) {
    if (blocker[field * 2 + 1]! < part[field * 2 + 1]!) {
      point[field] = blocker[field * 2 + 1]! + 1;
      return;
    }
    if (blocker[field * 2]! > part[field * 2]!) {
      point[field] = part[field * 2]!;
      return;
    }
  }
}

/** Returns the smallest point (in field order) that `cell` and `rect` share; they must meet. */
function lowestCommonPoint(cell: Int32Array, rect: Rect): AtomPoint {
  const point = new Int32Array(FIELD_COUNT);
  for (let field = 0; field < FIELD_COUNT; field += 1) point[field] = Math.max(cell[field * 2]!, rect[field * 2]!);
  return point;
}

/**
 * Returns the smallest point (in field order) of `cell` that `rect` does not contain; `rect`
 * must not contain all of `cell`. When `rect` contains the cell's lowest point, the smallest
 * point outside it changes only the last field where `rect` ends inside the cell.
 */
function firstPointOutside(cell: Int32Array, rect: Rect): AtomPoint {
  const point = lowestPoint(cell);
  for (let field = 0; field < FIELD_COUNT; field += 1) {
    if (point[field]! < rect[field * 2]! || point[field]! > rect[field * 2 + 1]!) return point;
  }
  for (let field = FIELD_COUNT - 1; field >= 0; field -= 1) {
    if (rect[field * 2 + 1]! < cell[field * 2 + 1]!) {
      point[field] = rect[field * 2 + 1]! + 1;
      return point;
    }
  }
  throw new Error('firstPointOutside: the rectangle contains the whole cell');
}

/** Sorts the first `count` numbers of `list` in place. */
function sortPrefix(list: Float64Array, count: number): void {
  if (count > 32) list.subarray(0, count).sort();
  else insertionSort(list, count);
}

/**
 * Range of positions packed below the low bound in sort keys. A longer member list cannot reach
 * the sort, because its first visit already exceeds `STEP_LIMIT`.
 */
const POSITION_RANGE = 2 ** 24;
