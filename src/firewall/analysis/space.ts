/**
 * The packet space of one or more models: each field is cut into atoms (maximal intervals that
 * no rule boundary splits), atoms are numbered, and the numbers are encoded in BDD variables.
 * Cutting at the rules' own boundaries keeps the variable count small (about 2 log2(rules)
 * per address field) while every set stays exact.
 */
import { formatAddress } from '../../util/ip.js';
import { Bdd, FALSE, TRUE, type Node } from './bdd.js';
import { FIELD_COUNT, rectsMeet, type AtomPoint, type Rect } from './geometry.js';
import {
  ADDRESS_MAX,
  FIELDS,
  FIELD_MAX,
  IPV6_OFFSET,
  STATES,
  compareBigInts,
  type Box,
  type Field,
  type FirewallModel,
  type Interval,
} from './model.js';

/** A concrete packet: a value per numeric field and a name per interface field. */
export interface Packet {
  protocol: number;
  source: string;
  destination: string;
  sourcePort: number;
  destinationPort: number;
  icmpType: number;
  state: (typeof STATES)[number];
  inInterface: string;
  outInterface: string;
}

type NumericField = Exclude<Field, 'inInterface' | 'outInterface'>;
type InterfaceField = 'inInterface' | 'outInterface';

/** Layout of one field: its atoms and its BDD variables. */
interface FieldLayout {
  /** Start of each atom, ascending; atom `i` ends where atom `i + 1` starts. */
  starts: bigint[];
  /** The starts below `SMALL_LIMIT` as numbers, which search faster than bigints. */
  smallStarts: Float64Array;
  /** Interface fields: the representative name of each atom. */
  names?: string[];
  firstVariable: number;
  bits: number;
  /** Cached BDDs of atom ranges, keyed by `low * 2^21 + high`. */
  ranges: Map<number, Node>;
}

const NUMERIC_FIELDS = FIELDS.filter((field): field is NumericField => field !== 'inInterface' && field !== 'outInterface');
/** Position in `FIELDS` of each numeric field. */
const NUMERIC_INDEXES = NUMERIC_FIELDS.map((field) => FIELDS.indexOf(field));

/**
 * Values that rules query themselves (established traffic, new SSH connections, TCP and UDP
 * replies), cut into atoms of their own even when no firewall rule names them. Without the cut,
 * a query for one state would cover every state in its atom.
 */
const QUERY_CUTS: Partial<Record<NumericField, Interval[]>> = {
  state: STATES.map((_, index): Interval => [BigInt(index), BigInt(index)]),
  protocol: [
    [6n, 6n],
    [17n, 17n],
  ],
  destinationPort: [[22n, 22n]],
};

/**
 * Most rectangles one rule may become. A rule listing many sources, ports and interfaces at once
 * is left to the BDD engine rather than expanded into their product.
 */
const MAX_RECTS = 4096;

/** Suffix that marks a representative of "some other interface with this prefix". */
const UNLISTED = '\u0000';

/** The encoded packet space shared by every chain analysed or compared together. */
export class PacketSpace {
  readonly bdd: Bdd;
  /** Every packet the models can see: field values in range and both addresses of one family. */
  readonly universe: Node;
  /** The universe as rectangles: one per address family the models share. */
  readonly universeRects: Rect[];
  private readonly layouts: Record<Field, FieldLayout>;
  private readonly rectCache = new WeakMap<Box[], Rect[] | null>();

  /** Builds the space for the given models; sets from different spaces cannot be mixed. */
  constructor(models: FirewallModel[]) {
    const values = fieldValues(models);
    const management = models.flatMap((model) => model.management);
    let variable = 0;
    const layouts = {} as Record<Field, FieldLayout>;
    for (const field of FIELDS) {
      const layout =
        field === 'inInterface' || field === 'outInterface'
          ? interfaceLayout(values.patterns[field])
          : numericLayout(values.intervals[field], field, field === 'source' ? management : QUERY_CUTS[field] ?? []);
      layout.firstVariable = variable;
      variable += layout.bits;
      layouts[field] = layout;
    }
    this.layouts = layouts;
    // The BDD tables start small and grow with use, up to an operation cache sized to the
    // ruleset. Tiny policies (property tests build thousands) stay cheap.
    const scale = Math.min(22, Math.max(10, Math.ceil(Math.log2(values.boxCount + 1)) + 8));
    this.bdd = new Bdd(variable, 1 << 10, scale);
    const families = models.reduce<(4 | 6)[]>(
      (common, model) => common.filter((family) => model.families.includes(family)),
      [4, 6],
    );
    this.universe = this.buildUniverse(families);
    this.universeRects = this.buildUniverseRects(families);
    this.families = families;
  }

  /** Address families of the universe, in the order of `universeRects`. */
  readonly families: (4 | 6)[];

  /** Packets of each family, built once by `familyUniverse`, because rules compare every rule with them. */
  private readonly familyNodes = new Map<4 | 6, Node>();

  /** Packets of one address family, or the whole universe for undefined. */
  familyUniverse(family: 4 | 6 | undefined): Node {
    if (family === undefined) return this.universe;
    let node = this.familyNodes.get(family);
    if (node === undefined) {
      node = this.box({ source: [family === 4 ? [0n, IPV6_OFFSET - 1n] : [IPV6_OFFSET, ADDRESS_MAX]] });
      this.familyNodes.set(family, node);
    }
    return node;
  }

  /** `universeRects` of one address family, or all of them for undefined. */
  familyUniverseRects(family: 4 | 6 | undefined): Rect[] {
    if (family === undefined) return this.universeRects;
    return this.universeRects.filter((_, index) => this.families[index] === family);
  }

  /**
   * Returns the boxes as rectangles inside the universe: a box with several intervals in a field
   * becomes one rectangle per combination, and each rectangle is clipped to each address family.
   * Returns undefined when that would take more than `MAX_RECTS` rectangles.
   */
  rects(boxes: Box[]): Rect[] | undefined {
    const cached = this.rectCache.get(boxes);
    if (cached !== undefined) return cached ?? undefined;
    const result: Rect[] = [];
    for (const box of boxes) {
      if (!this.boxRects(box, result)) {
        this.rectCache.set(boxes, null);
        return undefined;
      }
    }
    this.rectCache.set(boxes, result);
    return result;
  }

  /**
   * Adds the rectangles of a box with at most one range in every field, the usual case, and
   * returns true, or returns false for another box. It adds what the general path of `boxRects`
   * adds, without the lists of ranges that path builds.
   */
  private singleBoxRect(box: Box, out: Rect[]): boolean {
    const rect = new Int32Array(FIELD_COUNT * 2);
    for (let index = 0; index < FIELD_COUNT; index += 1) {
      const field = FIELDS[index]!;
      const layout = this.layouts[field];
      const value = box[field];
      if (value === undefined) {
        rect[index * 2] = 0;
        rect[index * 2 + 1] = layout.starts.length - 1;
      } else if (typeof value === 'string') {
        const negated = field === 'inInterface' ? box.inInterfaceNot : box.outInterfaceNot;
        if (negated) return false;
        const [low, high] = interfaceRange(layout.names!, value);
        rect[index * 2] = low;
        rect[index * 2 + 1] = high;
      } else {
        if (value.length !== 1) return false;
        const [first, last] = value[0]!;
        rect[index * 2] = atomIndex(layout, first);
        rect[index * 2 + 1] = atomIndex(layout, last);
      }
    }
    this.addClipped(rect, out);
    return true;
  }

  /** Adds `rect` clipped to each address family of the universe that it meets. */
  private addClipped(rect: Rect, out: Rect[]): void {
    for (const family of this.universeRects) {
      if (!rectsMeet(rect, family)) continue;
      const clipped = new Int32Array(FIELD_COUNT * 2);
      for (let index = 0; index < FIELD_COUNT * 2; index += 2) {
        clipped[index] = Math.max(rect[index]!, family[index]!);
        clipped[index + 1] = Math.min(rect[index + 1]!, family[index + 1]!);
      }
      out.push(clipped);
    }
  }

  /** Per field of `FIELDS`, the one range of all its atoms, shared by every box that leaves the field open. */
  private wholeRanges?: [number, number][][];

  private boxRects(box: Box, out: Rect[]): boolean {
    if (this.singleBoxRect(box, out)) return true;
    const whole = (this.wholeRanges ??= FIELDS.map((field) => [[0, this.layouts[field].starts.length - 1]]));
    const ranges: [number, number][][] = FIELDS.map((field, index) => {
      const layout = this.layouts[field];
      const value = box[field];
      if (value === undefined) return whole[index]!;
      if (typeof value === 'string') {
        const range = interfaceRange(layout.names!, value);
        const negated = field === 'inInterface' ? box.inInterfaceNot : box.outInterfaceNot;
        return negated ? complementRange(range, layout.names!.length) : [range];
      }
      return value.map(([first, last]): [number, number] => [atomIndex(layout, first), atomIndex(layout, last)]);
    });
    let count = 1;
    for (const list of ranges) count *= list.length;
    if (count === 0) return true;
    if (count * this.universeRects.length > MAX_RECTS) return false;
    const rect = new Int32Array(FIELD_COUNT * 2);
    const expand = (field: number): void => {
      if (field === FIELD_COUNT) {
        this.addClipped(rect, out);
        return;
      }
      for (const [low, high] of ranges[field]!) {
        rect[field * 2] = low;
        rect[field * 2 + 1] = high;
        expand(field + 1);
      }
    };
    expand(0);
    return true;
  }

  /** Returns the set of packets in one rectangle. */
  rectNode(rect: Rect): Node {
    let node = TRUE;
    for (let index = FIELD_COUNT - 1; index >= 0 && node !== FALSE; index -= 1) {
      node = this.bdd.and(this.atomRange(this.layouts[FIELDS[index]!], rect[index * 2]!, rect[index * 2 + 1]!), node);
    }
    return node;
  }

  /** Returns the set of packets in a union of rectangles. */
  rectsNode(rects: readonly Rect[]): Node {
    let node = FALSE;
    for (const rect of rects) node = this.bdd.or(node, this.rectNode(rect));
    return node;
  }

  /** Returns the packet at a point of atom numbers. */
  packetAt(point: AtomPoint): Packet {
    const value = (field: NumericField): bigint => this.layouts[field].starts[point[FIELDS.indexOf(field)]!]!;
    const name = (field: InterfaceField): string => describeInterface(this.layouts[field].names![point[FIELDS.indexOf(field)]!]!);
    return {
      protocol: Number(value('protocol')),
      source: formatAxisAddress(value('source')),
      destination: formatAxisAddress(value('destination')),
      sourcePort: Number(value('sourcePort')),
      destinationPort: Number(value('destinationPort')),
      icmpType: Number(value('icmpType')),
      state: STATES[Number(value('state'))]!,
      inInterface: name('inInterface'),
      outInterface: name('outInterface'),
    };
  }

  /** Returns the atom-number bounds of a rectangle's numeric fields, in the layout of `bounds`. */
  rectBounds(rect: Rect): Int32Array {
    const result = new Int32Array(NUMERIC_FIELDS.length * 2);
    NUMERIC_INDEXES.forEach((field, index) => {
      result[index * 2] = rect[field * 2]!;
      result[index * 2 + 1] = rect[field * 2 + 1]!;
    });
    return result;
  }

  private buildUniverseRects(families: (4 | 6)[]): Rect[] {
    const full = new Int32Array(FIELD_COUNT * 2);
    FIELDS.forEach((field, index) => {
      full[index * 2] = 0;
      full[index * 2 + 1] = this.layouts[field].starts.length - 1;
    });
    const source = FIELDS.indexOf('source');
    const destination = FIELDS.indexOf('destination');
    return families.map((family) => {
      const rect = new Int32Array(full);
      for (const field of [source, destination]) {
        const layout = this.layouts[FIELDS[field]!];
        const starts = layout.starts;
        const boundary = atomIndex(layout, IPV6_OFFSET);
        rect[field * 2] = family === 4 ? 0 : boundary;
        rect[field * 2 + 1] = family === 4 ? boundary - 1 : starts.length - 1;
      }
      return rect;
    });
  }

  /** Returns the set of packets in a box (within the universe). */
  box(box: Box): Node {
    let node = this.universe;
    for (const field of FIELDS) {
      const value = box[field];
      if (value === undefined) continue;
      let set: Node;
      if (typeof value === 'string') {
        set = this.interfaceSet(field as InterfaceField, value);
        if (box[`${field as InterfaceField}Not`]) {
          const layout = this.layouts[field];
          set = this.bdd.diff(this.atomRange(layout, 0, layout.starts.length - 1), set);
        }
      } else {
        set = this.intervals(field as NumericField, value);
      }
      node = this.bdd.and(node, set);
      if (node === FALSE) break;
    }
    return node;
  }

  /** Returns the union of the boxes. */
  boxes(boxes: Box[]): Node {
    let node = FALSE;
    for (const box of boxes) node = this.bdd.or(node, this.box(box));
    return node;
  }

  /** Returns the set of packets whose field lies in one of the intervals. */
  intervals(field: NumericField, intervals: readonly Interval[]): Node {
    const layout = this.layouts[field];
    let node = FALSE;
    for (const [first, last] of intervals) {
      node = this.bdd.or(node, this.atomRange(layout, atomIndex(layout, first), atomIndex(layout, last)));
    }
    return node;
  }

  /** Returns one packet of the set, or undefined when the set is empty. */
  witness(node: Node): Packet | undefined {
    const assignment = this.bdd.pick(this.bdd.and(node, this.universe));
    if (!assignment) return undefined;
    const atom = (field: Field): number => {
      const layout = this.layouts[field];
      let index = 0;
      for (let bit = 0; bit < layout.bits; bit += 1) index = index * 2 + assignment[layout.firstVariable + bit]!;
      return index;
    };
    return this.packetAt(Int32Array.from(FIELDS, atom));
  }

  /**
   * Returns the values one numeric field takes in the set (the projection onto that field), as
   * merged intervals; at most `limit` atom ranges are collected.
   */
  project(node: Node, field: NumericField, limit = 64): Interval[] {
    const layout = this.layouts[field];
    const last = layout.firstVariable + layout.bits - 1;
    let projected = this.bdd.exists(node, last + 1, this.bdd.variableCount - 1);
    if (layout.firstVariable > 0) projected = this.bdd.exists(projected, 0, layout.firstVariable - 1);
    const ranges: [number, number][] = [];
    this.collectRanges(projected, layout, 0, 0, ranges, limit);
    const intervals: [bigint, bigint][] = [];
    for (const [low, high] of ranges) {
      const first = layout.starts[low]!;
      const end = high + 1 < layout.starts.length ? layout.starts[high + 1]! - 1n : fieldMax(field);
      const previous = intervals[intervals.length - 1];
      if (previous && previous[1] + 1n === first) previous[1] = end;
      else intervals.push([first, end]);
    }
    return intervals;
  }

  /** Returns the set's projection onto one field: every packet whose field value occurs in the set. */
  keepField(node: Node, field: Field): Node {
    const layout = this.layouts[field];
    const last = layout.firstVariable + layout.bits - 1;
    let projected = last + 1 <= this.bdd.variableCount - 1 ? this.bdd.exists(node, last + 1, this.bdd.variableCount - 1) : node;
    if (layout.firstVariable > 0) projected = this.bdd.exists(projected, 0, layout.firstVariable - 1);
    return projected;
  }

  /** Returns the interface names or patterns an interface field takes in the set. */
  projectInterfaces(node: Node, field: InterfaceField): string[] | 'any' {
    const layout = this.layouts[field];
    const last = layout.firstVariable + layout.bits - 1;
    let projected = this.bdd.exists(node, last + 1, this.bdd.variableCount - 1);
    if (layout.firstVariable > 0) projected = this.bdd.exists(projected, 0, layout.firstVariable - 1);
    const ranges: [number, number][] = [];
    this.collectRanges(projected, layout, 0, 0, ranges, 1024);
    const names = ranges.flatMap(([low, high]) => layout.names!.slice(low, high + 1));
    return names.length === layout.names!.length ? 'any' : names.map(describeInterface);
  }

  /** Lists every interface name or pattern of an interface field, in the form `projectInterfaces` returns. */
  interfaceNames(field: InterfaceField): string[] {
    return this.layouts[field].names!.map(describeInterface);
  }

  private collectRanges(node: Node, layout: FieldLayout, depth: number, prefix: number, out: [number, number][], limit: number): void {
    if (node === FALSE || out.length >= limit) return;
    const remaining = layout.bits - depth;
    const count = layout.starts.length;
    if (node === TRUE || this.bdd.variableOf(node) > layout.firstVariable + layout.bits - 1) {
      // Every completion of the prefix is in the set: one contiguous block of atom numbers.
      const low = prefix * 2 ** remaining;
      const high = Math.min(low + 2 ** remaining - 1, count - 1);
      if (low > high) return;
      const previous = out[out.length - 1];
      if (previous && previous[1] + 1 === low) previous[1] = high;
      else out.push([low, high]);
      return;
    }
    const variable = layout.firstVariable + depth;
    const tested = this.bdd.variableOf(node) === variable;
    this.collectRanges(tested ? this.bdd.lowOf(node) : node, layout, depth + 1, prefix * 2, out, limit);
    this.collectRanges(tested ? this.bdd.highOf(node) : node, layout, depth + 1, prefix * 2 + 1, out, limit);
  }

  /**
   * Returns the atom-number bounds of the boxes per numeric field, as `[low, high]` pairs in
   * field order: a cheap over-approximation for skipping disjoint rules before BDD work.
   */
  bounds(boxes: Box[]): Int32Array {
    const result = new Int32Array(NUMERIC_FIELDS.length * 2);
    NUMERIC_FIELDS.forEach((field, index) => {
      const layout = this.layouts[field];
      const starts = layout.starts;
      let low = starts.length - 1;
      let high = 0;
      for (const box of boxes) {
        const intervals = box[field];
        if (!intervals || intervals.length === 0) {
          low = 0;
          high = starts.length - 1;
          break;
        }
        low = Math.min(low, atomIndex(layout, intervals[0]![0]));
        high = Math.max(high, atomIndex(layout, intervals[intervals.length - 1]![1]));
      }
      result[index * 2] = boxes.length === 0 ? 0 : low;
      result[index * 2 + 1] = boxes.length === 0 ? starts.length - 1 : high;
    });
    return result;
  }

  private interfaceSet(field: InterfaceField, pattern: string): Node {
    const layout = this.layouts[field];
    let node = FALSE;
    layout.names!.forEach((name, index) => {
      if (interfaceMatches(pattern, name)) node = this.bdd.or(node, this.atomRange(layout, index, index));
    });
    return node;
  }

  private atomRange(layout: FieldLayout, low: number, high: number): Node {
    const key = low * 2 ** 21 + high;
    const cached = layout.ranges.get(key);
    if (cached !== undefined) return cached;
    const node = this.bdd.and(this.bound(layout, low, true), this.bound(layout, high, false));
    layout.ranges.set(key, node);
    return node;
  }

  /** Builds `x >= value` (atLeast) or `x <= value` over the field's bits, most significant first. */
  private bound(layout: FieldLayout, value: number, atLeast: boolean): Node {
    let node = TRUE;
    for (let bit = layout.bits - 1; bit >= 0; bit -= 1) {
      const variable = layout.firstVariable + bit;
      const set = Math.floor(value / 2 ** (layout.bits - 1 - bit)) % 2 === 1;
      if (atLeast) node = set ? this.bdd.make(variable, FALSE, node) : this.bdd.make(variable, node, TRUE);
      else node = set ? this.bdd.make(variable, TRUE, node) : this.bdd.make(variable, node, FALSE);
    }
    return node;
  }

  private buildUniverse(families: (4 | 6)[]): Node {
    let node = TRUE;
    for (const field of FIELDS) {
      const layout = this.layouts[field];
      node = this.bdd.and(node, this.atomRange(layout, 0, layout.starts.length - 1));
    }
    let addresses = FALSE;
    for (const family of families) {
      const block: Interval = family === 4 ? [0n, IPV6_OFFSET - 1n] : [IPV6_OFFSET, ADDRESS_MAX];
      const both = this.bdd.and(this.rawIntervals('source', block), this.rawIntervals('destination', block));
      addresses = this.bdd.or(addresses, both);
    }
    return this.bdd.and(node, addresses);
  }

  private rawIntervals(field: NumericField, interval: Interval): Node {
    const layout = this.layouts[field];
    return this.atomRange(layout, atomIndex(layout, interval[0]), atomIndex(layout, interval[1]));
  }
}

function fieldMax(field: NumericField): bigint {
  return FIELD_MAX[field];
}

/** Collects the intervals and interface patterns that the boxes of the models list, per field. */
function fieldValues(models: FirewallModel[]): {
  intervals: Record<NumericField, Interval[][]>;
  patterns: Record<InterfaceField, string[]>;
  boxCount: number;
} {
  const intervals = Object.fromEntries(NUMERIC_FIELDS.map((field) => [field, []])) as unknown as Record<NumericField, Interval[][]>;
  const patterns: Record<InterfaceField, string[]> = { inInterface: [], outInterface: [] };
  let boxCount = 0;
  for (const model of models) {
    for (const chain of [...model.chains.values()].flatMap((base) => [base, ...(base.laterBaseChains ?? [])])) {
      for (const rule of chain.rules) {
        for (const box of rule.boxes) {
          boxCount += 1;
          for (const [field, value] of Object.entries(box) as [Field, Interval[] | string | true | undefined][]) {
            // `inInterfaceNot` and `outInterfaceNot` are flags of the interface fields.
            if (value === undefined || value === true) continue;
            if (typeof value === 'string') patterns[field as InterfaceField].push(value);
            else intervals[field as NumericField].push(value);
          }
        }
      }
    }
  }
  return { intervals, patterns, boxCount };
}

function numericLayout(lists: Interval[][], field: NumericField, extra: Interval[]): FieldLayout {
  // Cuts below SMALL_LIMIT, nearly all of them, are collected and sorted as numbers. A Set of
  // bigints and a bigint sort took about 40% of building the space and flattening the chain of
  // a 20,000-rule ruleset.
  const small: number[] = [0];
  const large: bigint[] = [];
  const max = FIELD_MAX[field];
  if (field === 'source' || field === 'destination') small.push(Number(IPV6_OFFSET));
  const add = ([first, last]: Interval): void => {
    if (last < SMALL_LIMIT) {
      small.push(Number(first));
      if (last < max) small.push(Number(last) + 1);
      return;
    }
    if (first < SMALL_LIMIT) small.push(Number(first));
    else large.push(first);
    if (last < max) large.push(last + 1n);
  };
  for (const list of lists) list.forEach(add);
  extra.forEach(add);
  const sortedSmall = Float64Array.from(small).sort();
  const starts: bigint[] = [];
  let count = 0;
  for (let index = 0; index < sortedSmall.length; index += 1) {
    if (index > 0 && sortedSmall[index] === sortedSmall[index - 1]) continue;
    sortedSmall[count++] = sortedSmall[index]!;
    starts.push(BigInt(sortedSmall[index]!));
  }
  large.sort(compareBigInts);
  large.forEach((value, index) => {
    if (index === 0 || value !== large[index - 1]) starts.push(value);
  });
  return { starts, smallStarts: sortedSmall.slice(0, count), firstVariable: 0, bits: bitsFor(starts.length), ranges: new Map() };
}

/**
 * Interface atoms: every listed name, one unlisted name per prefix pattern, and one name that
 * matches no pattern. Patterns are matched against these representatives, so `eth+` covers
 * `eth0`, its own unlisted representative and those of longer prefixes such as `eth1+`.
 */
function interfaceLayout(patterns: string[]): FieldLayout {
  const names = new Set<string>([UNLISTED]);
  for (const pattern of patterns) names.add(pattern.endsWith('+') ? `${pattern.slice(0, -1)}${UNLISTED}` : pattern);
  const sorted = [...names].sort();
  return {
    starts: sorted.map((_, index) => BigInt(index)),
    smallStarts: Float64Array.from(sorted, (_, index) => index),
    names: sorted,
    firstVariable: 0,
    bits: bitsFor(sorted.length),
    ranges: new Map(),
  };
}

/**
 * Returns the atoms an interface pattern matches. Names are sorted, and the names that start with
 * a prefix are consecutive in sorted order, so a pattern always matches one range of atoms.
 */
function interfaceRange(names: string[], pattern: string): [number, number] {
  const first = names.findIndex((name) => interfaceMatches(pattern, name));
  // A name no model mentions matches no atom: an empty range, which drops the rectangle.
  if (first === -1) return [0, -1];
  let last = first;
  while (last + 1 < names.length && interfaceMatches(pattern, names[last + 1]!)) last += 1;
  return [first, last];
}

/** Returns the atom ranges outside `range` among `count` atoms: none, one or two. */
function complementRange([first, last]: [number, number], count: number): [number, number][] {
  if (first > last) return [[0, count - 1]];
  const ranges: [number, number][] = [];
  if (first > 0) ranges.push([0, first - 1]);
  if (last < count - 1) ranges.push([last + 1, count - 1]);
  return ranges;
}

function interfaceMatches(pattern: string, name: string): boolean {
  if (pattern.endsWith('+')) return name.startsWith(pattern.slice(0, -1));
  return name === pattern;
}

function describeInterface(name: string): string {
  if (!name.endsWith(UNLISTED)) return name;
  const prefix = name.slice(0, -1);
  return prefix === '' ? '(unlisted)' : `${prefix}+ (unlisted)`;
}

function bitsFor(count: number): number {
  let bits = 0;
  while (2 ** bits < count) bits += 1;
  return bits;
}

/** Values below this limit are exact as numbers. */
const SMALL_LIMIT = 2n ** 53n;

/** Returns the index of the atom that contains `value`. */
function atomIndex(layout: FieldLayout, value: bigint): number {
  // Every start at or past SMALL_LIMIT is above a smaller value, so its search stays among the
  // small starts.
  if (value < SMALL_LIMIT) return lastAtMost(layout.smallStarts, Number(value), 0);
  return lastAtMost(layout.starts, value, layout.smallStarts.length - 1);
}

/** Returns the last index from `low` on whose entry in the ascending `list` is at most `value`. */
function lastAtMost<T extends number | bigint>(list: ArrayLike<T>, value: T, low: number): number {
  let high = list.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (list[middle]! <= value) low = middle;
    else high = middle - 1;
  }
  return low;
}

/** Formats a value of the address axis as an IPv4 or IPv6 address. */
export function formatAxisAddress(value: bigint): string {
  return value >= IPV6_OFFSET ? formatAddress(6, value - IPV6_OFFSET) : formatAddress(4, value);
}
