/** Shared pieces of the native-format parsers: a map-based locator and finding builders. */
import { BUILTIN_CHECKS } from '../model.js';
import type { DataPath, Finding, Locator, Severity, SourceRange } from '../model.js';
import { parseYaml } from '../load/source.js';

export { NATIVE_CHECKS } from '../model.js';

const separator = '\u0001';

function keyOf(path: DataPath): string {
  return path.join(separator);
}

/**
 * Locates data paths through a map filled while parsing. A path with no entry resolves to
 * its nearest recorded ancestor, and the empty path to `fallback`.
 */
export class MapLocator implements Locator {
  private readonly ranges = new Map<string, SourceRange>();
  private readonly keyRanges = new Map<string, SourceRange>();

  constructor(private readonly fallback: SourceRange = lineRange(1, 1, 1)) {}

  /** Records the source range of the value at `path`, and optionally of its key. */
  set(path: DataPath, range: SourceRange, keyRange?: SourceRange): void {
    const key = keyOf(path);
    this.ranges.set(key, range);
    if (keyRange) {
      this.keyRanges.set(key, keyRange);
    }
  }

  locate(path: DataPath, target: 'value' | 'key' = 'value'): SourceRange {
    for (let length = path.length; length > 0; length -= 1) {
      const key = keyOf(path.slice(0, length));
      const range = (target === 'key' ? this.keyRanges.get(key) : undefined) ?? this.ranges.get(key);
      if (range) {
        return range;
      }
    }
    return this.fallback;
  }
}

/** Returns the range of columns `[column, endColumn)` on one line. */
export function lineRange(line: number, column: number, endColumn: number): SourceRange {
  return { line, column, endLine: line, endColumn: Math.max(endColumn, column) };
}

/** Builds a load-time finding at a source range. */
export function loadFinding(
  file: string,
  range: SourceRange,
  message: string,
  fix: string,
  ruleId: string = BUILTIN_CHECKS.syntax,
  severity: Severity = 'error',
): Finding {
  return { ruleId, severity, message, file, ...range, fix };
}

/** Splits text into lines without their line ends; `\r\n` counts as one line end. */
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] as string;
    if (line.endsWith('\r')) {
      lines[index] = line.slice(0, -1);
    }
  }
  return lines;
}

/** Returns true when the text looks binary: a NUL byte or mostly control characters. */
export function looksBinary(text: string): boolean {
  if (text.includes('\u0000')) {
    return true;
  }
  const sample = text.slice(0, 4096);
  let control = 0;
  for (let index = 0; index < sample.length; index += 1) {
    const code = sample.charCodeAt(index);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 13) || code === 0xfffd) {
      control += 1;
    }
  }
  return sample.length > 0 && control / sample.length > 0.1;
}

/**
 * Locates paths of a document built from another parsed document, such as a routing document
 * built from netplan YAML, by translating each path into the source document's path.
 */
export class TranslatedLocator implements Locator {
  constructor(
    private readonly source: Locator,
    private readonly translate: (path: DataPath) => DataPath,
  ) {}

  locate(path: DataPath, target?: 'value' | 'key'): SourceRange {
    return this.source.locate(this.translate(path), target);
  }
}

/**
 * Returns where a JSON syntax error is, from a YAML parse of the same text, because the
 * messages of Node 20's `JSON.parse` often carry no position.
 * NOTE: YAML accepts some invalid JSON (a bare word as a value), and then this returns undefined.
 */
export function jsonSyntaxRange(text: string): SourceRange | undefined {
  try {
    return parseYaml(text).problems[0]?.range;
  } catch {
    return undefined;
  }
}

/**
 * Returns a lookup table without a prototype, so that a key read from input, such as
 * `toString` or `constructor`, finds nothing instead of an inherited method.
 */
export function lookupTable<T>(entries: Record<string, T>): Record<string, T> {
  return Object.assign(Object.create(null) as Record<string, T>, entries);
}

/** Sets `record[key]` as an own property, so a key such as `__proto__` from input stays data. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}
