/**
 * A small reduced ordered binary decision diagram (BDD) package. Packet sets are BDDs over the
 * bits of compressed header fields, so equal sets are the same node and set operations cost
 * time in the size of the diagrams, not in the number of rules.
 */

/** A node id; 0 is the empty set and 1 the full set. */
export type Node = number;

/** The empty set. */
export const FALSE: Node = 0;
/** The full set. */
export const TRUE: Node = 1;

const OP_AND = 1;
const OP_OR = 2;
const OP_DIFF = 3;
const OP_EXISTS = 4;

/** A BDD manager: the node store, the unique table and the operation cache. */
export class Bdd {
  /** Number of boolean variables; variable 0 is tested first. */
  readonly variableCount: number;
  private variables: Int32Array;
  private lows: Int32Array;
  private highs: Int32Array;
  private size = 2;
  private table: Int32Array;
  private tableMask: number;
  private cacheKeys!: Int32Array;
  private cacheResults!: Int32Array;
  private cacheMask!: number;
  private readonly maxCacheBits: number;

  /**
   * `initialNodes` sizes the node store, which doubles when full. The operation cache starts at
   * 16 entries per node slot and grows with the store up to `2 ** cacheBits` entries, so a space
   * whose questions are answered without BDDs does not fill a large cache it never reads.
   */
  constructor(variableCount: number, initialNodes = 1 << 16, cacheBits = 20) {
    this.variableCount = variableCount;
    this.variables = new Int32Array(initialNodes);
    this.lows = new Int32Array(initialNodes);
    this.highs = new Int32Array(initialNodes);
    // Terminals sit below every variable.
    this.variables[0] = variableCount;
    this.variables[1] = variableCount;
    this.table = new Int32Array(initialNodes * 2).fill(-1);
    this.tableMask = initialNodes * 2 - 1;
    this.maxCacheBits = cacheBits;
    this.sizeCache(initialNodes);
  }

  /** Number of nodes allocated so far, terminals included. */
  get nodeCount(): number {
    return this.size;
  }

  /** Returns the variable a node tests (`variableCount` for terminals). */
  variableOf(node: Node): number {
    return this.variables[node]!;
  }

  /** Returns the child taken when the node's variable is 0. */
  lowOf(node: Node): Node {
    return this.lows[node]!;
  }

  /** Returns the child taken when the node's variable is 1. */
  highOf(node: Node): Node {
    return this.highs[node]!;
  }

  /** Returns the unique node testing `variable` with the given children. */
  make(variable: number, low: Node, high: Node): Node {
    if (low === high) return low;
    let slot = hash3(variable, low, high) & this.tableMask;
    for (;;) {
      const node = this.table[slot]!;
      if (node === -1) break;
      if (this.variables[node] === variable && this.lows[node] === low && this.highs[node] === high) return node;
      slot = (slot + 1) & this.tableMask;
    }
    if (this.size >= this.variables.length) this.grow();
    const node = this.size;
    this.size += 1;
    this.variables[node] = variable;
    this.lows[node] = low;
    this.highs[node] = high;
    this.insert(node);
    return node;
  }

  /** Intersection. */
  and(left: Node, right: Node): Node {
    if (left === FALSE || right === FALSE) return FALSE;
    if (left === TRUE) return right;
    if (right === TRUE || left === right) return left;
    return left < right ? this.apply(OP_AND, left, right) : this.apply(OP_AND, right, left);
  }

  /** Union. */
  or(left: Node, right: Node): Node {
    if (left === TRUE || right === TRUE) return TRUE;
    if (left === FALSE) return right;
    if (right === FALSE || left === right) return left;
    return left < right ? this.apply(OP_OR, left, right) : this.apply(OP_OR, right, left);
  }

  /** Difference: the packets of `left` that are not in `right`. */
  diff(left: Node, right: Node): Node {
    if (left === FALSE || right === TRUE || left === right) return FALSE;
    if (right === FALSE) return left;
    return this.apply(OP_DIFF, left, right);
  }

  /** Complement. */
  not(node: Node): Node {
    return this.diff(TRUE, node);
  }

  /** Returns true when every packet of `inner` is in `outer`. */
  implies(inner: Node, outer: Node): boolean {
    return this.diff(inner, outer) === FALSE;
  }

  /** Returns true when the two sets share a packet. */
  intersects(left: Node, right: Node): boolean {
    return this.and(left, right) !== FALSE;
  }

  /**
   * Existential quantification of the variables in `[first, last]`: the projection of the set
   * onto the other variables.
   */
  exists(node: Node, first: number, last: number): Node {
    if (node <= TRUE) return node;
    const variable = this.variables[node]!;
    if (variable > last) return node;
    const key = first * 65536 + last;
    const cached = this.lookup(OP_EXISTS, node, key);
    if (cached !== -1) return cached;
    const low = this.exists(this.lows[node]!, first, last);
    const high = this.exists(this.highs[node]!, first, last);
    const result = variable >= first ? this.or(low, high) : this.make(variable, low, high);
    this.store(OP_EXISTS, node, key, result);
    return result;
  }

  /**
   * Returns one assignment in the set, as an array of 0/1 per variable with free variables at 0,
   * or undefined for the empty set.
   */
  pick(node: Node): Uint8Array | undefined {
    if (node === FALSE) return undefined;
    const assignment = new Uint8Array(this.variableCount);
    let current = node;
    while (current > TRUE) {
      const variable = this.variables[current]!;
      if (this.lows[current] !== FALSE) {
        current = this.lows[current]!;
      } else {
        assignment[variable] = 1;
        current = this.highs[current]!;
      }
    }
    return assignment;
  }

  private apply(op: number, left: Node, right: Node): Node {
    const cached = this.lookup(op, left, right);
    if (cached !== -1) return cached;
    const leftVariable = this.variables[left]!;
    const rightVariable = this.variables[right]!;
    const variable = Math.min(leftVariable, rightVariable);
    const leftLow = leftVariable === variable ? this.lows[left]! : left;
    const leftHigh = leftVariable === variable ? this.highs[left]! : left;
    const rightLow = rightVariable === variable ? this.lows[right]! : right;
    const rightHigh = rightVariable === variable ? this.highs[right]! : right;
    let low: Node;
    let high: Node;
    if (op === OP_AND) {
      low = this.and(leftLow, rightLow);
      high = this.and(leftHigh, rightHigh);
    } else if (op === OP_OR) {
      low = this.or(leftLow, rightLow);
      high = this.or(leftHigh, rightHigh);
    } else {
      low = this.diff(leftLow, rightLow);
      high = this.diff(leftHigh, rightHigh);
    }
    const result = this.make(variable, low, high);
    this.store(op, left, right, result);
    return result;
  }

  private lookup(op: number, left: number, right: number): number {
    const slot = (hash3(op, left, right) & this.cacheMask) * 3;
    const keys = this.cacheKeys;
    if (keys[slot] === op && keys[slot + 1] === left && keys[slot + 2] === right) {
      return this.cacheResults[slot / 3]!;
    }
    return -1;
  }

  private store(op: number, left: number, right: number, result: number): void {
    const slot = (hash3(op, left, right) & this.cacheMask) * 3;
    this.cacheKeys[slot] = op;
    this.cacheKeys[slot + 1] = left;
    this.cacheKeys[slot + 2] = right;
    this.cacheResults[slot / 3] = result;
  }

  private insert(node: Node): void {
    let slot = hash3(this.variables[node]!, this.lows[node]!, this.highs[node]!) & this.tableMask;
    while (this.table[slot] !== -1) slot = (slot + 1) & this.tableMask;
    this.table[slot] = node;
  }

  private grow(): void {
    const capacity = this.variables.length * 2;
    const copy = (source: Int32Array): Int32Array => {
      const target = new Int32Array(capacity);
      target.set(source);
      return target;
    };
    this.variables = copy(this.variables);
    this.lows = copy(this.lows);
    this.highs = copy(this.highs);
    // The unique table stays at most half full, so probing stays short.
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.tableMask = capacity * 2 - 1;
    for (let node = 2; node < this.size; node += 1) this.insert(node);
    this.sizeCache(capacity);
  }

  /** Makes the operation cache 16 entries per node slot, up to its maximum; drops its entries. */
  private sizeCache(nodeCapacity: number): void {
    const bits = Math.min(this.maxCacheBits, Math.ceil(Math.log2(nodeCapacity)) + 4);
    if (this.cacheKeys && this.cacheMask === (1 << bits) - 1) return;
    this.cacheMask = (1 << bits) - 1;
    this.cacheKeys = new Int32Array((1 << bits) * 3).fill(-1);
    this.cacheResults = new Int32Array(1 << bits);
  }
}

function hash3(a: number, b: number, c: number): number {
  let h = Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h >>> 0;
}
