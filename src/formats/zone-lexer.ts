/**
 * Tokenizer for RFC 1035 master files (section 5.1), with the BIND 9 behaviour that real zone
 * files rely on. Parentheses continue an entry over several lines, with `;` comments inside.
 * Quoted strings take backslash escapes, and a blank first column inherits the owner.
 */
import type { SourceRange } from '../model.js';

/** One word of an entry, as written: escapes are kept, quotes are stripped. */
export interface ZoneToken extends SourceRange {
  text: string;
  /** True for a `"quoted string"`, whose `text` is the part between the quotes. */
  quoted: boolean;
}

/** One logical entry: a directive or a resource record, possibly spanning lines. */
export interface ZoneEntry {
  tokens: ZoneToken[];
  /** True when the entry's first line starts with a space or tab, so the owner is omitted. */
  blankOwner: boolean;
  line: number;
  /** True when the tokenizer reported a problem inside the entry, so it must not be loaded. */
  damaged?: boolean;
}

/** A syntax problem the tokenizer found, such as an unbalanced parenthesis. */
export interface LexProblem extends SourceRange {
  message: string;
  fix: string;
}

const TAB = 9;
const NEWLINE = 10;
const CARRIAGE_RETURN = 13;
const SPACE = 32;
const QUOTE = 34;
const OPEN = 40;
const CLOSE = 41;
const SEMICOLON = 59;
const BACKSLASH = 92;
const DELETE = 127;
const EQUALS = 61;

function isDelimiter(code: number): boolean {
  return (
    code === SPACE ||
    code === TAB ||
    code === NEWLINE ||
    code === CARRIAGE_RETURN ||
    code === SEMICOLON ||
    code === OPEN ||
    code === CLOSE ||
    code === QUOTE
  );
}

/** Splits master-file text into entries, one at a time, so `$INCLUDE` can interleave files. */
export class ZoneLexer {
  private position = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;
  private depthOpenedAt: SourceRange | undefined;

  constructor(
    private readonly text: string,
    private readonly reportProblem: (problem: LexProblem) => void,
  ) {}

  /** Whether a problem was reported since the current entry started. */
  private damaged = false;

  private report(problem: LexProblem): void {
    this.damaged = true;
    this.reportProblem(problem);
  }

  /** Returns the next entry with at least one token, or undefined at the end of the text. */
  next(): ZoneEntry | undefined {
    const text = this.text;
    while (this.position < text.length) {
      const blankOwner = this.atLineStart() && isBlank(text.charCodeAt(this.position));
      const entry: ZoneEntry = { tokens: [], blankOwner, line: this.line };
      this.damaged = false;
      this.readEntry(entry);
      entry.damaged = this.damaged;
      if (entry.tokens.length > 0) {
        return entry;
      }
    }
    if (this.depth > 0 && this.depthOpenedAt) {
      this.report({
        ...this.depthOpenedAt,
        message: 'unbalanced parentheses: `(` is never closed',
        fix: 'Add the closing `)` at the end of the record.',
      });
      this.depth = 0;
    }
    return undefined;
  }

  private atLineStart(): boolean {
    return this.position === this.lineStart;
  }

  /** Reads tokens up to the newline that ends the entry outside parentheses. */
  private readEntry(entry: ZoneEntry): void {
    const text = this.text;
    while (this.position < text.length) {
      const code = text.charCodeAt(this.position);
      if (code === NEWLINE) {
        this.position += 1;
        this.line += 1;
        this.lineStart = this.position;
        if (this.depth === 0) {
          return;
        }
      } else if (code === SPACE || code === TAB || code === CARRIAGE_RETURN) {
        this.position += 1;
      } else if (code === SEMICOLON) {
        const end = text.indexOf('\n', this.position);
        this.position = end === -1 ? text.length : end;
      } else if (code === OPEN) {
        if (this.depth === 0) {
          this.depthOpenedAt = this.rangeAt(this.position, this.position + 1);
        }
        this.depth += 1;
        this.position += 1;
      } else if (code === CLOSE) {
        this.closeParenthesis();
      } else if (code === QUOTE) {
        entry.tokens.push(this.readQuoted());
      } else {
        entry.tokens.push(this.readPlain());
      }
    }
  }

  private closeParenthesis(): void {
    if (this.depth === 0) {
      this.report({
        ...this.rangeAt(this.position, this.position + 1),
        message: 'unbalanced parentheses: `)` without a matching `(`',
        fix: 'Remove the `)` or add the `(` that opens the group.',
      });
    } else {
      this.depth -= 1;
    }
    this.position += 1;
  }

  private readPlain(): ZoneToken {
    const text = this.text;
    const start = this.position;
    let index = start;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === BACKSLASH) {
        // RFC 1035 section 5.1: `\X` quotes X, `\DDD` is one octet in decimal.
        index += index + 1 < text.length && text.charCodeAt(index + 1) !== NEWLINE ? 2 : 1;
      } else if (code === QUOTE && index > start && text.charCodeAt(index - 1) === EQUALS) {
        // `key="value"` stays one word, as BIND 9's lexer reads SVCB parameters (RFC 9460).
        index = this.skipQuoted(index).end;
      } else if (isDelimiter(code)) {
        break;
      } else if (code < SPACE || code === DELETE) {
        // BIND 9 ends the word at a control character and rejects the rest as extra text.
        const column = index - this.lineStart + 1;
        this.report({
          line: this.line,
          column,
          endLine: this.line,
          endColumn: column + 1,
          message: `invalid control character U+${code.toString(16).padStart(4, '0').toUpperCase()} in \`${text.slice(start, index)}\``,
          fix: 'Remove the character, or write it as a `\\DDD` decimal escape.',
        });
        index += 1;
      } else {
        index += 1;
      }
    }
    this.position = index;
    const column = start - this.lineStart + 1;
    return {
      text: text.slice(start, index),
      quoted: false,
      line: this.line,
      column,
      endLine: this.line,
      endColumn: column + index - start,
    };
  }

  /** Finds the end of the string that opens at `start`: past its closing quote, or its line's end. */
  private skipQuoted(start: number): { end: number; closed: boolean } {
    const text = this.text;
    let index = start + 1;
    while (index < text.length) {
      const code = text.charCodeAt(index);
      if (code === BACKSLASH && index + 1 < text.length && text.charCodeAt(index + 1) !== NEWLINE) {
        index += 2;
      } else if (code === QUOTE) {
        return { end: index + 1, closed: true };
      } else if (code === NEWLINE) {
        break;
      } else {
        index += 1;
      }
    }
    this.report({
      ...this.rangeAt(start, index),
      message: 'unterminated quoted string: the closing `"` is missing on this line',
      fix: 'Close the string with `"` on the same line, or escape an inner quote as `\\"`.',
    });
    return { end: index, closed: false };
  }

  private readQuoted(): ZoneToken {
    const text = this.text;
    const start = this.position;
    const { end, closed } = this.skipQuoted(start);
    const index = closed ? end - 1 : end;
    const range = this.rangeAt(start, end);
    this.position = end;
    return { text: text.slice(start + 1, index), quoted: true, ...range };
  }

  /** Range of `[start, end)` on the current line; tokens never span lines. */
  private rangeAt(start: number, end: number): SourceRange {
    const column = start - this.lineStart + 1;
    return { line: this.line, column, endLine: this.line, endColumn: column + (end - start) };
  }
}

function isBlank(code: number): boolean {
  return code === SPACE || code === TAB;
}
