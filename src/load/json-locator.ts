/**
 * Locating paths in JSON text with one pass over the text. `JSON.parse` keeps no positions.
 * Parsing the text again with the `yaml` package to find them took about 7 ms per 7.5 kB
 * `nft -j list ruleset` dump in a CPU profile of the scan bench. The drift scan paid that on
 * every host whose ruleset has a statement that the nft reader reports as not understood.
 */
import type { DataPath, Locator, SourceRange } from '../model.js';

/** A JSON value and where it sits in the text, as offsets of its first and past its last character. */
interface JsonNode {
  start: number;
  end: number;
  /** Members of an object in text order, with the decoded key and the offsets of the quoted key. */
  members?: { key: string; keyStart: number; keyEnd: number; value: JsonNode }[];
  /** Elements of an array. */
  elements?: JsonNode[];
}

/**
 * Locates paths in text that `JSON.parse` accepted. It returns the ranges that the YAML locator
 * returns for the same text, because JSON is YAML: a scalar or key spans its token, and an object
 * or array spans its first line. For a duplicated key, the first member is located.
 */
export class JsonLocator implements Locator {
  private root?: JsonNode;
  private lineStarts?: number[];

  constructor(private readonly text: string) {}

  locate(path: DataPath, target: 'value' | 'key' = 'value'): SourceRange {
    this.root ??= new JsonScanner(this.text).document();
    let node: JsonNode | undefined = this.root;
    let key: { start: number; end: number } | undefined;
    for (const segment of path) {
      const child = childOf(node, segment);
      if (child === undefined) break;
      node = child.value;
      key = child.key;
    }
    if (target === 'key' && key) return this.range(key.start, key.end);
    if (!node) return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    // Like the YAML locator, a collection is underlined on its first line only, unless a key was
    // requested and the path names none, such as the root or an array element.
    const collection = node.members !== undefined || node.elements !== undefined;
    return this.range(node.start, collection && target !== 'key' ? this.firstLineEnd(node.start, node.end) : node.end);
  }

  private range(start: number, end: number): SourceRange {
    const from = this.position(start);
    const to = this.position(Math.max(start, end));
    return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
  }

  /** Returns the 1-based line and column of an offset; only `\n` ends a line, as in the YAML locator. */
  private position(offset: number): { line: number; column: number } {
    const starts = this.starts();
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - starts[low]! + 1 };
  }

  private firstLineEnd(start: number, end: number): number {
    const next = this.text.indexOf('\n', start);
    return next < 0 ? end : Math.min(end, next);
  }

  private starts(): number[] {
    if (!this.lineStarts) {
      this.lineStarts = [0];
      for (let index = this.text.indexOf('\n'); index >= 0; index = this.text.indexOf('\n', index + 1)) this.lineStarts.push(index + 1);
    }
    return this.lineStarts;
  }
}

function childOf(node: JsonNode | undefined, segment: string | number): { key?: { start: number; end: number }; value: JsonNode } | undefined {
  if (node?.elements && typeof segment === 'number') {
    const value = node.elements[segment];
    return value && { value };
  }
  const member = node?.members?.find((candidate) => candidate.key === String(segment));
  return member && { key: { start: member.keyStart, end: member.keyEnd }, value: member.value };
}

/** Reads the structure of valid JSON text (RFC 8259); it does not check the text again. */
class JsonScanner {
  private offset = 0;

  constructor(private readonly text: string) {}

  document(): JsonNode | undefined {
    this.skipSpace();
    return this.offset < this.text.length ? this.value() : undefined;
  }

  private value(): JsonNode {
    const start = this.offset;
    const first = this.text[start];
    if (first === '{') return this.object(start);
    if (first === '[') return this.array(start);
    if (first === '"') return { start, end: this.skipString() };
    // A number, true, false or null runs to the next delimiter.
    while (this.offset < this.text.length && !/[\s,\]}]/.test(this.text[this.offset]!)) this.offset += 1;
    return { start, end: this.offset };
  }

  private object(start: number): JsonNode {
    const members: NonNullable<JsonNode['members']> = [];
    this.offset += 1;
    this.skipSpace();
    while (this.text[this.offset] === '"') {
      const keyStart = this.offset;
      const keyEnd = this.skipString();
      const raw = this.text.slice(keyStart, keyEnd);
      const key = raw.includes('\\') ? (JSON.parse(raw) as string) : raw.slice(1, -1);
      this.skipSpace();
      this.offset += 1; // the colon
      this.skipSpace();
      members.push({ key, keyStart, keyEnd, value: this.value() });
      this.skipSeparator();
    }
    this.offset += 1; // the closing brace
    return { start, end: this.offset, members };
  }

  private array(start: number): JsonNode {
    const elements: JsonNode[] = [];
    this.offset += 1;
    this.skipSpace();
    while (this.offset < this.text.length && this.text[this.offset] !== ']') {
      elements.push(this.value());
      this.skipSeparator();
    }
    this.offset += 1; // the closing bracket
    return { start, end: this.offset, elements };
  }

  /** Moves past a string that starts at the offset and returns the offset after its closing quote. */
  private skipString(): number {
    let index = this.offset + 1;
    while (index < this.text.length && this.text[index] !== '"') index += this.text[index] === '\\' ? 2 : 1;
    this.offset = index + 1;
    return this.offset;
  }

  private skipSeparator(): void {
    this.skipSpace();
    if (this.text[this.offset] === ',') {
      this.offset += 1;
      this.skipSpace();
    }
  }

  private skipSpace(): void {
    while (this.offset < this.text.length && ' \t\n\r'.includes(this.text[this.offset]!)) this.offset += 1;
  }
}
