/** Parsing of YAML and JSON text into data with a locator that maps paths back to lines. */
import { createRequire } from 'node:module';
import type { Document, LineCounter, Node as YamlNode } from 'yaml';

import type { DataPath, Locator, SourceRange } from '../model.js';
import { JsonLocator } from './json-locator.js';

type YamlModule = typeof import('yaml');
let yamlModule: YamlModule | undefined;

/**
 * Returns the yaml package, loaded on first use. Loading it takes tens of milliseconds of
 * start-up (about 80 files), which a run over zone files or iptables dumps alone never needs.
 * The package's `node` export is CommonJS, so a synchronous require loads the same module
 * that an import would.
 */
function yaml(): YamlModule {
  yamlModule ??= createRequire(import.meta.url)('yaml') as YamlModule;
  return yamlModule;
}

/** A syntax problem at a place in the text. */
export interface SyntaxProblem {
  message: string;
  range: SourceRange;
}

/** One parsed document of a YAML or JSON file. */
export interface ParsedData {
  data: unknown;
  locator: Locator;
}

/** Result of parsing a YAML or JSON file: its documents, or the syntax problems that stopped it. */
export interface ParsedText {
  documents: ParsedData[];
  problems: SyntaxProblem[];
}

/** Returns the 1-based range of the text between two offsets. */
export function rangeOf(lines: LineCounter, start: number, end: number): SourceRange {
  const from = lines.linePos(start);
  const to = lines.linePos(Math.max(start, end));
  return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
}

/** Locates paths by walking a parsed YAML document's nodes. */
class YamlLocator implements Locator {
  constructor(
    private readonly document: Document.Parsed,
    private readonly lines: LineCounter,
  ) {}

  locate(path: DataPath, target: 'value' | 'key' = 'value'): SourceRange {
    let node: unknown = this.document.contents;
    let keyNode: unknown;
    for (const segment of path) {
      const child = childOf(node, segment);
      if (child === undefined) {
        break;
      }
      node = child.value;
      keyNode = child.key;
    }
    const chosen = (target === 'key' && keyNode) || node || keyNode;
    const range = (chosen as YamlNode | undefined)?.range;
    if (!range) {
      return { line: 1, column: 1, endLine: 1, endColumn: 1 };
    }
    const end = yaml().isScalar(chosen) || target === 'key' ? range[1] : firstLineEnd(this.lines, range[0], range[1]);
    return rangeOf(this.lines, range[0], end);
  }
}

/** Ends a collection's range at the end of its first line, so findings underline one line. */
function firstLineEnd(lines: LineCounter, start: number, end: number): number {
  const startLine = lines.linePos(start).line;
  const nextLineStart = lines.lineStarts[startLine];
  return nextLineStart === undefined ? end : Math.min(end, nextLineStart - 1);
}

function childOf(node: unknown, segment: string | number): { key: unknown; value: unknown } | undefined {
  if (yaml().isSeq(node) && typeof segment === 'number') {
    const value = node.items[segment];
    return value === undefined ? undefined : { key: undefined, value };
  }
  if (yaml().isMap(node)) {
    for (const pair of node.items) {
      if (!yaml().isPair(pair)) {
        continue;
      }
      const key = yaml().isScalar(pair.key) ? pair.key.value : pair.key;
      if (String(key) === String(segment)) {
        return { key: pair.key, value: pair.value ?? pair.key };
      }
    }
  }
  return undefined;
}

/** Parses YAML text that may hold several documents separated by `---`. */
export function parseYaml(text: string): ParsedText {
  const lines = new (yaml().LineCounter)();
  const parsed = yaml().parseAllDocuments(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const documents: ParsedData[] = [];
  const problems: SyntaxProblem[] = [];
  const all = Array.isArray(parsed) ? parsed : [];

  for (const document of all) {
    for (const error of document.errors) {
      problems.push({ message: cleanYamlMessage(error.message), range: rangeOf(lines, error.pos[0], error.pos[1]) });
    }
    if (document.errors.length > 0 || document.contents === null) {
      continue;
    }
    const converted = convertDocument(document, lines);
    if ('problem' in converted) {
      problems.push(converted.problem);
      continue;
    }
    documents.push({ data: converted.data, locator: new YamlLocator(document, lines) });
  }
  return { documents, problems };
}

/**
 * Converts a parsed document to plain data. The `yaml` package reports an alias without an
 * anchor, or more than `maxAliasCount` alias expansions, by throwing from `toJS`, so this turns
 * that exception into a syntax problem at the first unresolved alias (or the document start).
 */
function convertDocument(document: Document.Parsed, lines: LineCounter): { data: unknown } | { problem: SyntaxProblem } {
  try {
    return { data: document.toJS({ maxAliasCount: 1000 }) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    let at: [number, number] = [document.range[0], document.range[0]];
    yaml().visit(document, {
      Alias(_key, node) {
        if (node.range && node.resolve(document) === undefined) {
          at = [node.range[0], node.range[1]];
          return yaml().visit.BREAK;
        }
        return undefined;
      },
    });
    return { problem: { message: cleanYamlMessage(message), range: rangeOf(lines, at[0], at[1]) } };
  }
}

function cleanYamlMessage(message: string): string {
  const firstLine = message.split('\n')[0] ?? message;
  return firstLine.replace(/ at line \d+, column \d+:?$/, '');
}

/**
 * Parses JSON text with `JSON.parse`, which is far faster than a YAML parser. Positions
 * are worked out only when a finding requests one, by one pass over the text.
 */
export function parseJson(text: string): ParsedText {
  try {
    const data: unknown = JSON.parse(text);
    return { documents: [{ data, locator: new JsonLocator(text) }], problems: [] };
  } catch (error) {
    const message = (error as Error).message;
    const cleaned = message.replace(/ in JSON at position \d+.*$/s, '')
      .replace(/, ".*" is not valid JSON$/s, '')
      .replace(/[\r\n\t]/g, (character) => JSON.stringify(character).slice(1, -1));
    return { documents: [], problems: [{ message: cleaned, range: jsonErrorRange(text, message) }] };
  }
}

/**
 * Returns where `JSON.parse` failed. Node 20 names the offset in some messages ("… in JSON at
 * position 12") but not in others ("Unexpected end of JSON input"), so without an offset the
 * range comes from a YAML parse of the same text, whose error positions are exact for JSON.
 * NOTE: YAML accepts some invalid JSON (a bare word as a value), and then this falls back to
 * the end of the text.
 */
function jsonErrorRange(text: string, message: string): SourceRange {
  const lines = new (yaml().LineCounter)();
  const document = yaml().parseDocument(text, { lineCounter: lines, uniqueKeys: false });
  const named = /position (\d+)/.exec(message)?.[1];
  if (named !== undefined) {
    const offset = Number(named);
    return rangeOf(lines, offset, offset + 1);
  }
  const yamlError = document.errors[0];
  if (yamlError) {
    return rangeOf(lines, yamlError.pos[0], yamlError.pos[1]);
  }
  const end = Math.max(0, text.trimEnd().length - 1);
  return rangeOf(lines, end, end + 1);
}

