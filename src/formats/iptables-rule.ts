/**
 * Parsing of one iptables rule specification (the words after `-A CHAIN`) into a canonical
 * firewall rule. Equivalent spellings give equal rules: option aliases, implicit `-m tcp`,
 * option order, host bits, dotted masks and state lists in any order.
 */
import type { DataPath, SourceRange } from '../model.js';
import type { Rule } from '../types/firewall.js';
import { formatAddress, parseAddress } from '../util/ip.js';
import type { IpVersion } from '../util/ip.js';
import {
  CONNTRACK_STATES,
  CTSTATE_ONLY,
  ICMPV6_TYPES,
  ICMP_TYPES,
  MATCH_EXTENSIONS,
  MULTIPORT_MAX_SLOTS,
  PROTOCOL_ALIASES,
  PROTOCOL_NAMES,
  SERVICE_PORTS,
  TARGET_EXTENSIONS,
  VERDICT_TARGETS,
} from './iptables-extensions.js';
import type { ExtensionSpec, TargetSpec } from './iptables-extensions.js';
import { lineRange, lookupTable } from './located.js';

/** One word of an iptables line, unquoted and unescaped, with its columns. */
export interface Token {
  text: string;
  column: number;
  endColumn: number;
  /** True when the word had quotes, so a `"!"` is a value and never a negation. */
  quoted: boolean;
}

/** A problem found while parsing, at a range of the line. */
export interface RuleProblem {
  message: string;
  fix: string;
  range: SourceRange;
  /** `not-understood` problems are warnings: the input may be valid but is not modelled. */
  kind: 'error' | 'not-understood';
}

/** Context of a rule from the file around it: line, table, family and the chains it may name. */
export interface RuleContext {
  line: number;
  table: string;
  /** Address family, once known; the first address decides it otherwise. */
  family?: IpVersion;
  /** Columns of the whole rule, from the `-A` to the end of the line. */
  ruleColumn: number;
  ruleEndColumn: number;
  /** Returns true when the table has a user chain of this name. */
  isUserChain(name: string): boolean;
  /** Returns true when the name is a built-in chain of the table. */
  isBuiltinChain(name: string): boolean;
  /** Store that the columns of the rule's fields are appended to. */
  spans: SpanStore;
}

/**
 * Columns of rules and their fields for a whole file, in one typed array of four numbers per
 * entry. A rule starts with a header (-1, line, first column, end column). The entries of its
 * fields follow it (field code, array index or -1 for the whole field, first column, end column).
 * A 50,000-rule dump kept a small array and an object of positions per rule before, which were
 * a large share of the objects the garbage collector had to copy.
 */
export class SpanStore {
  private data: Int32Array;
  private size = 0;
  private readonly codes = new Map<string, number>();
  private readonly fields: string[] = [];

  /**
   * Sizes the store for a file of `textLength` characters, at half a number per character.
   * Rule lines need fewer, so the store rarely grows. Growing by doubling copied the store and
   * touched twice its size, where pages that are never written take no memory (on Linux, which
   * maps large zeroed buffers on first use).
   */
  constructor(textLength = 0) {
    // Capped at 32 MB, so that a huge file that is not a dump allocates no more up front.
    this.data = new Int32Array(Math.min(Math.max(4096, textLength >> 1), 1 << 23));
    for (const field of spanFields) this.code(field);
  }

  /** Number of values stored, which is where the next rule's header goes. */
  get length(): number {
    return this.size;
  }

  /** Starts the entries of a rule. Returns the offset that names the rule. */
  beginRule(line: number, column: number, endColumn: number): number {
    const offset = this.size;
    this.add(ruleHeader, line, column, endColumn);
    return offset;
  }

  /** Drops the entries from an offset on, which a rule parser that gave up had written. */
  truncate(length: number): void {
    this.size = Math.min(this.size, length);
  }

  /** Returns the line, first column and end column of the rule at an offset. */
  rule(offset: number): [number, number, number] {
    return [this.data[offset + 1] as number, this.data[offset + 2] as number, this.data[offset + 3] as number];
  }

  /** Appends the span of a field, or of one entry of a list field when index is not -1. */
  push(field: string, index: number, column: number, endColumn: number): void {
    this.add(this.code(field), index, column, endColumn);
  }

  /**
   * Appends a span by the code of its field, which is the index of the field in `spanFields`
   * (SPAN_CODES) for the fields that list names.
   */
  add(code: number, index: number, column: number, endColumn: number): void {
    if (this.size + 4 > this.data.length) this.grow();
    const data = this.data;
    const size = this.size;
    data[size] = code;
    data[size + 1] = index;
    data[size + 2] = column;
    data[size + 3] = endColumn;
    this.size = size + 4;
  }

  private code(field: string): number {
    let code = this.codes.get(field);
    if (code === undefined) {
      code = this.fields.length;
      this.fields.push(field);
      this.codes.set(field, code);
    }
    return code;
  }

  private grow(): void {
    const grown = new Int32Array(this.data.length * 2);
    grown.set(this.data);
    this.data = grown;
  }

  /**
   * Returns the columns of a field of the rule at an offset: the entry with this index, else
   * the whole field.
   */
  find(offset: number, field: unknown, index: unknown): [number, number] | undefined {
    const code = typeof field === 'string' ? this.codes.get(field) : undefined;
    if (code === undefined) return undefined;
    let found: [number, number] | undefined;
    for (let at = offset + 4; at < this.size && this.data[at] !== ruleHeader; at += 4) {
      if (this.data[at] !== code) continue;
      const spanIndex = this.data[at + 1];
      const columns: [number, number] = [this.data[at + 2] as number, this.data[at + 3] as number];
      if (spanIndex === index) return columns;
      if (spanIndex === -1) found = columns;
    }
    return found;
  }
}

/** Field code that marks the header of a rule in a SpanStore. */
const ruleHeader = -1;

/** The rule fields that have the same code in every SpanStore: their index in this list. */
const spanFields = ['action', 'target', 'source', 'destination', 'sourceNot', 'destinationNot', 'protocol', 'inInterface', 'outInterface', 'inInterfaceNot', 'outInterfaceNot', 'ports', 'sourcePorts', 'icmpType', 'state', 'comment', 'logPrefix', 'unmodeled', 'targetOptions'] as const;

/** Codes of the fields of `spanFields`, for SpanStore.add. */
export const SPAN_CODES = Object.fromEntries(spanFields.map((field, index) => [field, index])) as { readonly [Field in (typeof spanFields)[number]]: number };

/** The parsed rule, the ranges of its fields, and what went wrong. */
export interface ParsedRule {
  rule: Rule;
  /** Line of the rule. */
  line: number;
  /** Offset of the rule in the file's SpanStore, which contains the columns of its fields. */
  offset: number;
  problems: readonly RuleProblem[];
  /** Family implied by the addresses of the rule, when it has any. */
  family?: IpVersion;
  /** Columns of the whole rule on its line, from the `-A` to the end. */
  column: number;
  endColumn: number;
}

/**
 * Splits lines into words the way iptables-restore does: a `"` toggles quoting and a
 * backslash takes the next character literally, inside quotes or out. Single quotes are
 * ordinary characters.
 *
 * A tokenizer reuses its Token objects from line to line, because a 50,000-rule dump has about
 * a million words and allocating an object for each was a large part of the parse time. So the
 * tokens of a line are valid only until the next call: callers copy what they keep (ranges,
 * texts) and never store a Token.
 */
export class Tokenizer {
  private readonly pool: Token[] = [];
  /** Tokens of the last line, whose objects the next call reuses. */
  private tokens: Token[] = [];
  private readonly escaped: EscapedWord = { text: '', end: 0, quoted: false, open: false };

  /** Splits one line. The next call overwrites the returned tokens. */
  tokenize(line: string, lineNumber: number): { tokens: Token[]; problem?: RuleProblem } {
    // A new array per line costs less than emptying the old one, which V8 does in its runtime.
    const tokens: Token[] = [];
    this.tokens = tokens;
    const length = line.length;
    // Reads stay inside the line (`end` past it), because a read past the end deoptimises.
    const at = (position: number): number => (position < length ? line.charCodeAt(position) : end);
    let index = 0;
    while (index < length) {
      let code = line.charCodeAt(index);
      while (code === space || code === tab) code = at(++index);
      if (index >= length) break;
      const start = index;
      while (index < length && code !== space && code !== tab && code !== quote && code !== backslash) code = at(++index);
      if (index >= length || code === space || code === tab) {
        // Most words have no quotes or escapes, so they are a plain slice of the line.
        this.push(line.slice(start, index), start + 1, index + 1, false);
        continue;
      }
      const word = readEscapedWord(line, start, index, length, this.escaped);
      index = word.end;
      const open = word.open;
      this.push(word.text, start + 1, index + 1, word.quoted);
      if (open) {
        return {
          tokens,
          problem: {
            message: 'unterminated quoted string',
            fix: 'Close the string with a `"`; escape a literal quote inside it as `\\"`.',
            range: lineRange(lineNumber, start + 1, index + 1),
            kind: 'error',
          },
        };
      }
    }
    return { tokens };
  }

  private push(text: string, column: number, endColumn: number, quoted: boolean): void {
    let token = this.pool[this.tokens.length];
    if (token) {
      token.text = text;
      token.column = column;
      token.endColumn = endColumn;
      token.quoted = quoted;
    } else {
      token = { text, column, endColumn, quoted };
      this.pool.push(token);
    }
    this.tokens.push(token);
  }
}

/** A word with quotes or escapes, as readEscapedWord reads it. */
export interface EscapedWord {
  /** The word without its quotes and escapes. */
  text: string;
  /** Offset just past the word, or the end of the line for an unterminated quote. */
  end: number;
  /** True when the word had quotes. */
  quoted: boolean;
  /** True when a quote was left open at the end of the line. */
  open: boolean;
}

/**
 * Reads the word of `line` that starts at `start` and has its first `"` or backslash at
 * `index`, up to a space or tab outside quotes or to `end`, into `word`, and returns `word`.
 * A `"` toggles quoting and a backslash takes the next character literally, inside quotes or
 * out. The unescaped runs are joined at the end, so that a long comment becomes one flat
 * string instead of a chain of one-character concatenations.
 */
export function readEscapedWord(line: string, start: number, index: number, end: number, word: EscapedWord): EscapedWord {
  const parts: string[] = [];
  let runStart = start;
  let quoted = false;
  let open = false;
  let code = line.charCodeAt(index);
  while (index < end && (open || (code !== space && code !== tab))) {
    if (code === backslash && index + 1 < end) {
      parts.push(line.slice(runStart, index), line.charAt(index + 1));
      index += 2;
      runStart = index;
    } else {
      if (code === quote) {
        parts.push(line.slice(runStart, index));
        runStart = index + 1;
        open = !open;
        quoted = true;
      }
      index += 1;
    }
    code = index < end ? line.charCodeAt(index) : -1;
  }
  parts.push(line.slice(runStart, index));
  word.text = parts.join('');
  word.end = index;
  word.quoted = quoted;
  word.open = open;
  return word;
}

/** The shared empty list of problems of a rule without any. */
export const noProblems: readonly RuleProblem[] = Object.freeze([]);

const space = 32;
const tab = 9;
const quote = 34;
const backslash = 92;
const dashCode = 45;
/** Maximum number of strings one rule parser shares between rules (see RuleParser.intern). */
const internLimit = 4096;

/** Stands for the end of a line where a character code is read. */
const end = -1;
const zeroCode = 48;
const nineCode = 57;
const dotCode = 46;
const slashCode = 47;

/** Writes a value back the way iptables-save prints it, quoting it when it needs quotes. */
export function quoteValue(value: string): string {
  if (/^[A-Za-z0-9_.:/,+=@%^*-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"']/g, (char) => `\\${char}`)}"`;
}

interface MatchInstance {
  name: string;
  spec: ExtensionSpec;
  /** Option words this instance keeps for `unmodeled`, in order. */
  words: string[];
  first: Token;
  last: Token;
}

const protocolNames = new Set(Object.values(PROTOCOL_NAMES));

/** Canonical protocol of each `-p` word seen, and null for unknown words. */
const protocolCache = new Map<string, string | null>();

/**
 * Returns the canonical name of a `-p` value (a name, alias or number up to 255), or undefined
 * for an unknown protocol. Results are cached, since a dump repeats a few protocols.
 */
export function protocolName(text: string): string | undefined {
  const cached = protocolCache.get(text);
  if (cached !== undefined) return cached ?? undefined;
  return newProtocolName(text);
}

/**
 * Resolves and caches a `-p` value that protocolName has not seen. Kept apart from the cache
 * lookup so that V8 inlines only the lookup into the rule parsers (see CommonRuleParser.parse).
 */
function newProtocolName(text: string): string | undefined {
  const lower = text.toLowerCase();
  const named = PROTOCOL_ALIASES[lower] ?? PROTOCOL_NAMES[lower] ?? lower;
  const known = isDigits(named) ? Number(named) <= 255 : protocolNames.has(named) || named === 'any';
  // The cache is bounded, so a file of random words cannot grow it without limit.
  if (protocolCache.size < 1024) protocolCache.set(text, known ? named : null);
  return known ? named : undefined;
}

/** Returns true when text is one or more ASCII digits, like /^\d+$/ without a regular expression. */
export function isDigits(text: string, start = 0, end = text.length): boolean {
  if (start >= end) return false;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < zeroCode || code > nineCode) return false;
  }
  return true;
}

/** Matches that the kernel accepts only in rules of certain protocols. */
export const matchProtocols: Record<string, string[]> = lookupTable({
  tcp: ['tcp'],
  udp: ['udp'],
  udplite: ['udplite'],
  sctp: ['sctp'],
  dccp: ['dccp'],
  icmp: ['icmp'],
  icmp6: ['icmpv6'],
  multiport: ['tcp', 'udp', 'udplite', 'sctp', 'dccp'],
});

const stateOrder = ['new', 'established', 'related', 'invalid', 'untracked'];

/** Syslog level names that `--log-level` accepts, with their numbers. */
export const logLevels: Record<string, string> = lookupTable({
  emerg: '0',
  alert: '1',
  crit: '2',
  err: '3',
  error: '3',
  warn: '4',
  warning: '4',
  notice: '5',
  info: '6',
  debug: '7',
});

/** The connection states of a rule, in canonical form. */
type States = NonNullable<Rule['state']>;

/**
 * Returns a new rule that only continues, made with Object.create instead of a literal.
 *
 * NOTE: V8 (Node 20) tracks the objects of each object and array literal. Once most of them
 * outlive a garbage collection, it allocates them in the old generation and deoptimises the
 * code around the literal. On a 50,000-rule dump those deoptimisations cost more CPU time than
 * they save, so the objects and arrays that rules keep are made by Object.create and
 * `new Array`, which V8 does not track (measured with --trace-deopt-verbose).
 */
export function newRule(): Rule {
  const rule = Object.create(Object.prototype) as Rule;
  rule.action = 'continue';
  return rule;
}

/** Parsed `--state` and `--ctstate` values by text (see stateList). */
const stateCache = new Map<string, States | null | string>();
const ctstateCache = new Map<string, States | null | string>();

/**
 * Returns the canonical states of a `--state` or `--ctstate` value: lower case, without
 * repeats, in a fixed order. Returns null for a valid list the schema cannot hold (SNAT or
 * DNAT), and the first invalid word as a string. Results are cached, since a dump repeats the
 * same few lists.
 */
export function stateList(text: string, conntrack: boolean): States | null | string {
  const cached = (conntrack ? ctstateCache : stateCache).get(text);
  return cached !== undefined ? cached : newStateList(text, conntrack);
}

/** Parses and caches a state list that stateList has not seen, kept apart for the reason newProtocolName gives. */
function newStateList(text: string, conntrack: boolean): States | null | string {
  const cache = conntrack ? ctstateCache : stateCache;
  const states = text.split(',');
  let result: States | null | string | undefined;
  for (const state of states) {
    const upper = state.toUpperCase();
    const allowed = CONNTRACK_STATES.has(upper) || (conntrack && CTSTATE_ONLY.has(upper));
    if (!allowed || state !== upper) {
      result = state;
      break;
    }
  }
  if (result === undefined && states.some((state) => CTSTATE_ONLY.has(state))) result = null;
  if (result === undefined) {
    const lower = [...new Set(states.map((state) => state.toLowerCase()))];
    lower.sort((left, right) => stateOrder.indexOf(left) - stateOrder.indexOf(right));
    result = lower as States;
  }
  // Frozen, because the rules with this state list share the array (see sharedList).
  if (typeof result === 'object' && result !== null) Object.freeze(result);
  if (cache.size < 1024) cache.set(text, result);
  return result;
}

/** Maximum number of one-entry lists one rule parser shares between rules (see sharedList). */
const sharedListLimit = 4096;

/**
 * Returns a frozen list of one text, the same array for every rule of a parser with that list.
 * Most `unmodeled` and `targetOptions` lists of a dump hold one of a few texts. A reader that
 * changes a list of a parsed rule must copy it first.
 */
export function sharedList(lists: Map<string, string[]>, text: string): string[] {
  let list = lists.get(text);
  if (list === undefined) {
    list = Object.freeze([text]) as string[];
    if (lists.size < sharedListLimit) lists.set(text, list);
  }
  return list;
}

/** Returns true for a word that starts an option: `-x` or `--x` with a letter x. */
export function looksLikeOption(text: string): boolean {
  if (text.charCodeAt(0) !== dashCode) return false;
  const next = text.charCodeAt(1) === dashCode ? text.charCodeAt(2) : text.charCodeAt(1);
  return (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
}

/** Parses the rule words `tokens[from..]` of one line. */
export function parseRuleTokens(tokens: readonly Token[], from: number, context: RuleContext): ParsedRule {
  return new RuleParser(context).parse(tokens, from);
}

/**
 * Parser of the rule specifications of one context (one table of a file). One parser serves
 * every rule of the table, because a parser with its work lists per rule added several
 * short-lived objects for each rule of a large dump.
 */
export class RuleParser {
  private rule: Rule = { action: 'continue' };
  private spanStart = 0;
  private readonly problems: RuleProblem[] = [];
  private readonly matches: MatchInstance[] = [];
  private readonly unmodeled: { text: string; column: number; endColumn: number }[] = [];
  private readonly targetWords: { text: string; column: number; endColumn: number }[] = [];
  private protocol?: string;
  private target?: { name: string; spec?: TargetSpec; token: Token };
  private family?: IpVersion;
  private tokens: readonly Token[] = [];
  private index = 0;
  private negate?: Token;
  private failed = false;
  private readonly strings = new Map<string, string>();
  /** One-entry lists shared between rules (see sharedList). */
  private readonly lists = new Map<string, string[]>();

  constructor(private readonly context: RuleContext) {}

  /** Parses `tokens[from..]` with the line, columns and family that the context has now. */
  parse(tokens: readonly Token[], from: number): ParsedRule {
    this.reset(tokens, from);
    while (this.index < this.tokens.length && !this.failed) {
      const token = this.tokens[this.index] as Token;
      this.index += 1;
      if (token.text === '!' && !token.quoted) {
        if (this.negate) {
          this.error(token, 'two `!` in a row', 'Write a single `!` before the option it negates.');
        }
        this.negate = token;
        continue;
      }
      if (token.text.charCodeAt(0) !== dashCode || token.quoted) {
        this.error(token, `unexpected word \`${token.text}\`; expected an option such as \`-p\` or \`-j\``, 'Remove the word or put the option it belongs to before it.');
        continue;
      }
      this.option(token);
      if (this.negate && this.negate !== token) {
        this.negate = undefined;
      }
    }
    if (this.negate && this.problems.length === 0) {
      this.error(this.negate, '`!` at the end of the rule negates nothing', 'Put the `!` before the option it negates, or remove it.');
    }
    this.finish();
    const line = this.context.line;
    // Most rules have no problems, and sharing one empty list keeps 50,000-rule dumps lighter.
    const problems = this.problems.length === 0 ? noProblems : this.problems.slice();
    return { rule: this.rule, line, offset: this.spanStart, problems, family: this.family, column: this.context.ruleColumn, endColumn: this.context.ruleEndColumn };
  }

  private reset(tokens: readonly Token[], from: number): void {
    this.rule = newRule();
    this.spanStart = this.context.spans.beginRule(this.context.line, this.context.ruleColumn, this.context.ruleEndColumn);
    this.problems.length = 0;
    this.matches.length = 0;
    this.unmodeled.length = 0;
    this.targetWords.length = 0;
    this.protocol = undefined;
    this.target = undefined;
    this.family = this.context.family;
    this.tokens = tokens;
    this.index = from;
    this.negate = undefined;
    this.failed = false;
  }

  private option(token: Token): void {
    const negated = this.negate !== undefined;
    this.negate = undefined;
    switch (token.text) {
      case '-p':
      case '--protocol':
        return this.protocolOption(token, negated);
      case '-s':
      case '--source':
      case '--src':
        return this.addressOption(token, negated, 'source');
      case '-d':
      case '--destination':
      case '--dst':
        return this.addressOption(token, negated, 'destination');
      case '-i':
      case '--in-interface':
        return this.interfaceOption(token, negated, 'inInterface');
      case '-o':
      case '--out-interface':
        return this.interfaceOption(token, negated, 'outInterface');
      case '-f':
      case '--fragment':
        this.addUnmodeled(`${negated ? '! ' : ''}-f`, token, token);
        return;
      case '-m':
      case '--match':
        return this.matchOption(token);
      case '-j':
      case '--jump':
      case '-g':
      case '--goto':
        return this.targetOption(token);
      case '-c':
      case '--set-counters':
        return this.countersOption(token);
      case '-4':
      case '--ipv4':
      case '-6':
      case '--ipv6':
        return;
      default:
        return this.extensionOption(token, negated);
    }
  }

  private value(option: Token): Token | undefined {
    const value = this.tokens[this.index];
    if (!value) {
      this.error(option, `option \`${option.text}\` requires a value`, `Give \`${option.text}\` its value.`);
      return undefined;
    }
    this.index += 1;
    return value;
  }

  private protocolOption(option: Token, negated: boolean): void {
    const value = this.value(option);
    if (!value) return;
    const named = protocolName(value.text);
    if (named === undefined) {
      this.error(value, `unknown protocol \`${value.text}\``, 'Use a protocol name from /etc/protocols, such as `tcp`, `udp` or `icmp`, or a number from 0 to 255.');
      return;
    }
    if (negated) {
      this.addUnmodeled(`! -p ${named}`, option, value);
      return;
    }
    this.protocol = named;
    if (named !== 'any') {
      this.rule.protocol = isDigits(named) ? Number(named) : named;
      this.mark('protocol', option, value);
    }
  }

  private addressOption(option: Token, negated: boolean, field: 'source' | 'destination'): void {
    const value = this.value(option);
    if (!value) return;
    const addresses: string[] = [];
    for (const part of value.text.split(',')) {
      const normalised = this.normaliseAddress(part, value);
      if (normalised === undefined) return;
      if (normalised !== 'any') addresses.push(normalised);
    }
    if (addresses.length === 0) {
      if (negated) this.addUnmodeled(`! ${option.text} ${value.text}`, option, value);
      return;
    }
    this.setAddresses(field, addresses, negated, option, value);
  }

  private setAddresses(field: 'source' | 'destination', addresses: string[], negated: boolean, first: Token, last: Token): void {
    if (this.rule[field] !== undefined) {
      const flag = field === 'source' ? '-s' : '-d';
      this.addUnmodeled(`${negated ? '! ' : ''}${flag} ${addresses.join(',')}`, first, last);
      return;
    }
    this.rule[field] = addresses.length === 1 ? (addresses[0] as string) : addresses;
    this.mark(field, first, last);
    if (negated) {
      this.rule[field === 'source' ? 'sourceNot' : 'destinationNot'] = true;
      this.mark(field === 'source' ? 'sourceNot' : 'destinationNot', first, last);
    }
  }

  /** Returns the address in canonical form, `any` for a zero-length prefix, or undefined on error. */
  private normaliseAddress(text: string, token: Token): string | undefined {
    const fast = ipv4Prefix(text);
    if (fast !== undefined && this.checkFamily(4, token, text)) return fast;
    const slash = text.indexOf('/');
    const addressText = slash === -1 ? text : text.slice(0, slash);
    const address = parseAddress(addressText);
    if (!address) {
      if (/^[A-Za-z][A-Za-z0-9.-]*$/.test(addressText) && slash === -1) {
        this.problems.push({
          message: `host name \`${text}\` is resolved by iptables when the rule is loaded; driftgate does not resolve names`,
          fix: 'Write the address the name stands for, so the rule does not depend on DNS at load time.',
          range: tokenRange(this.context.line, token),
          kind: 'not-understood',
        });
        return 'any';
      }
      this.error(token, `invalid address \`${text}\``, 'Write an IPv4 or IPv6 address, optionally with `/length` or `/netmask`.');
      return undefined;
    }
    if (!this.checkFamily(address.version, token, text)) return undefined;
    const width = address.version === 4 ? 32 : 128;
    let length = width;
    let mask = (1n << BigInt(width)) - 1n;
    if (slash !== -1) {
      const maskText = text.slice(slash + 1);
      if (/^\d{1,3}$/.test(maskText) && Number(maskText) <= width) {
        length = Number(maskText);
        mask = length === 0 ? 0n : (((1n << BigInt(length)) - 1n) << BigInt(width - length));
      } else {
        const dotted = parseAddress(maskText);
        if (!dotted || dotted.version !== address.version) {
          this.error(token, `invalid mask \`${maskText}\` in \`${text}\``, `Write a prefix length from 0 to ${width} or a netmask.`);
          return undefined;
        }
        mask = dotted.value;
        const contiguous = contiguousLength(mask, width);
        if (contiguous === undefined) {
          // NOTE: a non-contiguous mask is legal in iptables; it is kept as address/mask text.
          return `${formatAddress(address.version, address.value & mask)}/${formatAddress(address.version, mask)}`;
        }
        length = contiguous;
      }
    }
    if (length === 0) return 'any';
    return `${formatAddress(address.version, address.value & mask)}/${length}`;
  }

  private checkFamily(version: IpVersion, token: Token, text: string): boolean {
    if (this.family === undefined) {
      this.family = version;
      return true;
    }
    if (this.family !== version) {
      const expected = this.family === 4 ? 'IPv4' : 'IPv6';
      this.error(token, `\`${text}\` is not an ${expected} address, but this is an ${expected} ruleset`, this.family === 4 ? 'Move IPv6 rules to the ip6tables-save file.' : 'Move IPv4 rules to the iptables-save file.');
      return false;
    }
    return true;
  }

  private interfaceOption(option: Token, negated: boolean, field: 'inInterface' | 'outInterface'): void {
    const value = this.value(option);
    if (!value) return;
    // Linux interface names are at most 15 bytes (IFNAMSIZ - 1); iptables rejects longer ones.
    if (value.text.length > 15 || value.text.length === 0) {
      this.error(value, `interface name \`${value.text}\` must be 1 to 15 characters long`, 'Use the interface name as `ip link` shows it; a trailing `+` matches every name with that prefix.');
      return;
    }
    if (this.rule[field] !== undefined) {
      this.addUnmodeled(`${negated ? '! ' : ''}${field === 'inInterface' ? '-i' : '-o'} ${value.text}`, option, value);
      return;
    }
    this.rule[field] = this.intern(value.text);
    this.mark(field, option, value);
    if (negated) {
      const not = field === 'inInterface' ? 'inInterfaceNot' : 'outInterfaceNot';
      this.rule[not] = true;
      this.mark(not, option, value);
    }
  }

  private matchOption(option: Token): void {
    const value = this.value(option);
    if (!value) return;
    const spec = MATCH_EXTENSIONS[value.text];
    if (!spec) {
      this.error(value, `unknown match extension \`${value.text}\``, 'Use a match from iptables-extensions(8); check the spelling of the name after `-m`.');
      return;
    }
    this.matches.push({ name: value.text, spec, words: [], first: option, last: value });
  }

  private targetOption(option: Token): void {
    const value = this.value(option);
    if (!value) return;
    if (this.target) {
      this.error(option, 'a rule can have only one `-j` or `-g`', 'Remove all but one target.');
      return;
    }
    const goto = option.text === '-g' || option.text === '--goto';
    const name = value.text;
    this.mark('action', option, value);
    if (this.context.isUserChain(name)) {
      this.target = { name, token: value };
      this.rule.action = goto ? 'goto' : 'jump';
      // The target is the chain's key in `chains`, which carries the table prefix outside filter.
      this.rule.target = this.intern(this.context.table === 'filter' ? name : `${this.context.table}/${name}`);
      this.mark('target', value, value);
      return;
    }
    if (goto || this.context.isBuiltinChain(name)) {
      const reason = this.context.isBuiltinChain(name) ? `\`${name}\` is a built-in chain, and rules cannot jump to built-in chains` : `chain \`${name}\` is not defined in table \`${this.context.table}\``;
      this.error(value, reason, `Declare the chain with \`:${name} - [0:0]\` before the rules, or jump to a user-defined chain.`);
      return;
    }
    const verdict = VERDICT_TARGETS[name];
    if (verdict) {
      this.target = { name, token: value };
      this.rule.action = verdict;
      return;
    }
    const spec = TARGET_EXTENSIONS[name];
    if (!spec) {
      this.error(value, `\`${name}\` is neither a target nor a chain defined in table \`${this.context.table}\``, `Declare the chain with \`:${name} - [0:0]\` before the rules that use it, or check the spelling of the target.`);
      return;
    }
    if (spec.tables && !spec.tables.includes(this.context.table)) {
      this.error(value, `target \`${name}\` is valid only in the ${spec.tables.join(', ')} table, not in \`${this.context.table}\``, `Move the rule to a chain of the ${spec.tables[0]} table.`);
      return;
    }
    this.target = { name, spec, token: value };
    this.rule.action = spec.kind;
    if (name !== 'LOG' && spec.kind !== 'reject') {
      this.rule.target = this.intern(name);
      this.mark('target', value, value);
    }
  }

  private countersOption(option: Token): void {
    const packets = this.value(option);
    const bytes = packets && this.value(option);
    if (!packets || !bytes) return;
    if (!/^\d+$/.test(packets.text) || !/^\d+$/.test(bytes.text)) {
      this.error(packets, '`-c` takes two counts, packets and bytes', 'Write `-c PACKETS BYTES` with whole numbers.');
      return;
    }
    this.rule.counters = { packets: Number(packets.text), bytes: Number(bytes.text) };
  }

  /** Finds the extension that owns an `--option`, loading the protocol's match implicitly. */
  private ownerOf(name: string): MatchInstance | 'target' | undefined {
    if (this.target?.spec?.options?.[name] !== undefined) return 'target';
    for (let index = this.matches.length - 1; index >= 0; index -= 1) {
      const match = this.matches[index] as MatchInstance;
      if (match.spec.options?.[name] !== undefined) return match;
    }
    const implicitName = this.protocol === 'icmpv6' ? 'icmp6' : this.protocol;
    const implicit = implicitName === undefined ? undefined : MATCH_EXTENSIONS[implicitName];
    if (implicitName && implicit?.options?.[name] !== undefined) {
      const token = this.tokens[this.index - 1] as Token;
      const instance: MatchInstance = { name: implicitName, spec: implicit, words: [], first: token, last: token };
      this.matches.push(instance);
      return instance;
    }
    for (let index = this.matches.length - 1; index >= 0; index -= 1) {
      const match = this.matches[index] as MatchInstance;
      if (match.spec.options === undefined) return match;
    }
    if (this.target?.spec && this.target.spec.options === undefined) return 'target';
    return undefined;
  }

  private extensionOption(option: Token, negated: boolean): void {
    const owner = this.ownerOf(option.text);
    if (!owner) {
      this.error(option, `unknown option \`${option.text}\``, 'Check the spelling, and load the match that provides the option with `-m` (or `-p tcp`/`-p udp` for ports) before it.');
      return;
    }
    const spec = owner === 'target' ? this.target?.spec : owner.spec;
    const values = this.optionValues(option, spec?.options?.[option.text]);
    if (!values) return;
    const last = values[values.length - 1] ?? option;
    if (owner === 'target') {
      this.targetValue(option, values, last);
      return;
    }
    owner.last = last;
    if (!this.modelled(owner, option, values, negated)) {
      owner.words.push(...(negated ? ['!'] : []), option.text, ...values.map((value) => quoteValue(value.text)));
    }
  }

  private optionValues(option: Token, arity: number | undefined): Token[] | undefined {
    const values: Token[] = [];
    if (arity !== undefined) {
      for (let count = 0; count < arity; count += 1) {
        const value = this.tokens[this.index];
        if (!value || (!value.quoted && looksLikeOption(value.text))) {
          const required = arity === 1 ? 'a value' : `${arity} values`;
          this.error(option, `option \`${option.text}\` requires ${required}`, `Give \`${option.text}\` ${required}.`);
          return undefined;
        }
        values.push(value);
        this.index += 1;
      }
      return values;
    }
    while (this.index < this.tokens.length) {
      const value = this.tokens[this.index] as Token;
      if (!value.quoted && (value.text === '!' || looksLikeOption(value.text))) break;
      values.push(value);
      this.index += 1;
    }
    return values;
  }

  private targetValue(option: Token, values: Token[], last: Token): void {
    const name = this.target?.name;
    const text = values.length === 1 ? (values[0] as Token).text : values.map((value) => value.text).join(' ');
    if ((name === 'LOG' && option.text === '--log-prefix') || (name === 'NFLOG' && option.text === '--nflog-prefix')) {
      this.rule.logPrefix = this.intern(text);
      this.mark('logPrefix', last, last);
      return;
    }
    if (name === 'LOG' && option.text === '--log-level') {
      const level = logLevels[text.toLowerCase()] ?? text;
      if (!/^[0-7]$/.test(level)) {
        this.error(last, `invalid log level \`${text}\``, 'Use a number from 0 to 7 or a syslog level name such as `info`.');
        return;
      }
      // Level 4 (warning) is the default, and iptables-save leaves it out.
      if (level !== '4') this.addTargetWord(`--log-level ${level}`, option, last);
      return;
    }
    if (name === 'REJECT' && option.text === '--reject-with') {
      const reason = text === 'tcp-rst' ? 'tcp-reset' : text;
      // The default reason is dropped so that `-j REJECT` equals what iptables-save prints for it.
      if (reason !== 'icmp-port-unreachable' && reason !== 'icmp6-port-unreachable') this.addTargetWord(`--reject-with ${reason}`, option, last);
      return;
    }
    this.addTargetWord([option.text, ...values.map((value) => quoteValue(value.text))].join(' '), option, last);
  }

  /**
   * Returns the first equal string kept by this parser. Rules of a dump repeat the same targets,
   * interfaces and options, and sharing one string for each keeps fewer objects alive.
   */
  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    // Bounded, so that a file of distinct words keeps no more than this many entries.
    if (this.strings.size < internLimit) this.strings.set(text, text);
    return text;
  }

  private addTargetWord(text: string, first: Token, last: Token): void {
    this.targetWords.push({ text: this.intern(text), column: first.column, endColumn: last.endColumn });
  }

  /** Maps an option into rule fields; returns false when it belongs in `unmodeled`. */
  private modelled(match: MatchInstance, option: Token, values: Token[], negated: boolean): boolean {
    const value = values[0];
    if (!value) return false;
    switch (option.text) {
      case '--sport':
      case '--source-port':
        return this.portOption(value, negated, 'sourcePorts', false);
      case '--dport':
      case '--destination-port':
        return this.portOption(value, negated, 'ports', false);
      case '--sports':
      case '--source-ports':
        return this.portOption(value, negated, 'sourcePorts', true);
      case '--dports':
      case '--destination-ports':
        return this.portOption(value, negated, 'ports', true);
      case '--ports':
        // Either direction may match, which no single field of the schema expresses.
        this.portList(value);
        return false;
      case '--icmp-type':
      case '--icmpv6-type':
        return this.icmpOption(option, value, negated);
      case '--state':
      case '--ctstate':
        return this.stateOption(option, value, negated);
      case '--comment':
        if (this.rule.comment !== undefined) return false;
        this.rule.comment = this.intern(value.text);
        this.mark('comment', value, value);
        return true;
      case '--match-set':
        this.setMatch(option, values, negated);
        return false;
      case '--src-range':
      case '--dst-range':
        return this.rangeOption(option, value, negated);
      default:
        return false;
    }
  }

  private portOption(value: Token, negated: boolean, field: 'ports' | 'sourcePorts', list: boolean): boolean {
    const ports = list ? this.portList(value) : this.portSpec(value.text, value);
    if (ports === undefined) return true;
    if (negated || this.rule[field] !== undefined) return false;
    const entries = Array.isArray(ports) ? ports : [ports];
    this.rule[field] = entries.length === 1 ? (entries[0] as number | string) : entries;
    this.mark(field, value, value);
    return true;
  }

  private portList(value: Token): (number | string)[] | undefined {
    const entries = new Array<number | string>();
    let slots = 0;
    for (const part of value.text.split(',')) {
      const port = this.portSpec(part, value);
      if (port === undefined) return undefined;
      entries.push(port);
      slots += typeof port === 'string' ? 2 : 1;
    }
    if (slots > MULTIPORT_MAX_SLOTS) {
      this.error(value, `too many ports: ${slots} port slots, but a multiport match holds at most ${MULTIPORT_MAX_SLOTS} (a range takes 2)`, 'Split the ports over two rules, or merge neighbouring ports into ranges.');
      return undefined;
    }
    return entries;
  }

  /** Parses `N`, `N:M`, `N:` or `:M` (service names included) into a port or a `low-high` range. */
  private portSpec(text: string, token: Token): number | string | undefined {
    const colon = text.indexOf(':');
    if (colon === -1) return this.port(text, token);
    const low = colon === 0 ? 0 : this.port(text.slice(0, colon), token);
    const high = colon === text.length - 1 ? 65535 : this.port(text.slice(colon + 1), token);
    if (low === undefined || high === undefined) return undefined;
    if (low > high) {
      this.error(token, `invalid port range \`${text}\`: the first port is above the last`, `Write the range low to high, as \`${high}:${low}\`.`);
      return undefined;
    }
    return low === high ? low : `${low}-${high}`;
  }

  private port(text: string, token: Token): number | undefined {
    const value = isDigits(text) ? Number(text) : SERVICE_PORTS[text];
    if (value === undefined || value > 65535) {
      const known = /^[a-z][a-z0-9-]*$/.test(text);
      this.error(token, known ? `service name \`${text}\` is not one driftgate knows` : `invalid port \`${text}\``, known ? 'Write the port number instead of the service name.' : 'Write a port number from 0 to 65535 or a range `low:high`.');
      return undefined;
    }
    return value;
  }

  private icmpOption(option: Token, value: Token, negated: boolean): boolean {
    const names = option.text === '--icmp-type' ? ICMP_TYPES : ICMPV6_TYPES;
    const text = value.text;
    const numeric = /^\d{1,3}(\/\d{1,3})?$/.test(text);
    let type: string | undefined = names[text];
    if (text === 'any' || numeric) type = text;
    if (type === undefined) {
      this.error(value, `unknown ICMP type \`${text}\``, `Use a type number or a name that \`${option.text === '--icmp-type' ? 'iptables -p icmp -h' : 'ip6tables -p icmpv6 -h'}\` lists.`);
      return true;
    }
    if (negated || this.rule.icmpType !== undefined) return false;
    if (type === 'any') return true;
    this.rule.icmpType = /^\d+$/.test(type) ? Number(type) : type;
    this.mark('icmpType', value, value);
    return true;
  }

  private stateOption(option: Token, value: Token, negated: boolean): boolean {
    const parsed = stateList(value.text, option.text === '--ctstate');
    if (typeof parsed === 'string') {
      this.error(value, `invalid connection state \`${parsed}\``, 'Use NEW, ESTABLISHED, RELATED, INVALID or UNTRACKED (and SNAT or DNAT with `--ctstate`), in capitals.');
      return true;
    }
    if (negated || this.rule.state !== undefined || parsed === null) return false;
    // Rules with the same states share the frozen list that stateList caches.
    this.rule.state = parsed;
    this.mark('state', value, value);
    return true;
  }

  private setMatch(option: Token, values: Token[], negated: boolean): void {
    const [name, flags] = values;
    if (!name || !flags) return;
    if (!/^(src|dst)(,(src|dst)){0,5}$/.test(flags.text)) {
      this.error(flags, `invalid set flags \`${flags.text}\``, 'Write `src` or `dst` for each dimension of the set, separated by commas, such as `src,dst`.');
      return;
    }
    const field = flags.text.startsWith('src') ? 'source' : 'destination';
    if (this.rule[field] === undefined) {
      this.setAddresses(field, [`ipset:${name.text}`], negated, option, flags);
    }
  }

  private rangeOption(option: Token, value: Token, negated: boolean): boolean {
    const dash = value.text.indexOf('-');
    const first = parseAddress(dash === -1 ? value.text : value.text.slice(0, dash));
    const last = dash === -1 ? first : parseAddress(value.text.slice(dash + 1));
    if (!first || !last || first.version !== last.version || first.value > last.value) {
      this.error(value, `invalid address range \`${value.text}\``, 'Write the range as `FIRST-LAST` with the lower address first.');
      return true;
    }
    if (!this.checkFamily(first.version, value, value.text)) return true;
    const field = option.text === '--src-range' ? 'source' : 'destination';
    if (this.rule[field] !== undefined) return false;
    const text = first.value === last.value ? formatAddress(first.version, first.value) : `${formatAddress(first.version, first.value)}-${formatAddress(last.version, last.value)}`;
    this.setAddresses(field, [text], negated, option, value);
    return true;
  }

  private addUnmodeled(text: string, first: Token, last: Token): void {
    this.unmodeled.push({ text: this.intern(text), column: first.column, endColumn: last.endColumn });
  }

  private finish(): void {
    for (const match of this.matches) {
      this.checkMatchProtocol(match);
      if (match.words.length > 0) {
        this.addUnmodeled(`-m ${match.name} ${match.words.join(' ')}`, match.first, match.last);
      }
    }
    if (this.unmodeled.length > 0) {
      this.rule.unmodeled = this.spanList('unmodeled', this.unmodeled);
    }
    if (this.targetWords.length > 0) {
      this.rule.targetOptions = this.spanList('targetOptions', this.targetWords);
    }
  }

  /** Returns the texts of a list field, recording the columns of each entry. */
  private spanList(field: string, entries: readonly { text: string; column: number; endColumn: number }[]): string[] {
    const texts = new Array<string>();
    for (let index = 0; index < entries.length; index += 1) {
      const entry = entries[index] as { text: string; column: number; endColumn: number };
      texts.push(entry.text);
      this.context.spans.push(field, index, entry.column, entry.endColumn);
    }
    return texts.length === 1 ? sharedList(this.lists, texts[0] as string) : texts;
  }

  /** Reports a protocol match (tcp, udp, icmp, multiport...) in a rule of another protocol. */
  private checkMatchProtocol(match: MatchInstance): void {
    const needed = matchProtocols[match.name];
    if (!needed || needed.includes(this.protocol ?? '') || this.failed) return;
    const list = needed.map((protocol) => `\`-p ${protocol}\``).join(' or ');
    this.error(match.first, `the \`${match.name}\` match needs ${list}, but the rule has ${this.protocol === undefined ? 'no `-p`' : `\`-p ${this.protocol}\``}`, `Add ${needed.length === 1 ? list : '`-p tcp` or `-p udp`'} to the rule.`);
  }

  private mark(field: string, first: Token, last: Token): void {
    this.context.spans.push(field, -1, first.column, last.endColumn);
  }

  private error(token: Token, message: string, fix: string): void {
    this.failed = true;
    this.problems.push({ message, fix, range: tokenRange(this.context.line, token), kind: 'error' });
  }
}

/**
 * Normalises the common `a.b.c.d[/len]` with plain numbers instead of bigints, because dumps
 * hold tens of thousands of them. Octets are 1 to 3 digits without leading zeros, the length 1
 * or 2 digits. Returns undefined for anything else, which takes the slow path.
 */
export function ipv4Prefix(text: string): string | undefined {
  let value = 0;
  let index = 0;
  for (let octet = 0; octet < 4; octet += 1) {
    if (octet > 0) {
      if (text.charCodeAt(index) !== dotCode) return undefined;
      index += 1;
    }
    const start = index;
    let number = 0;
    for (let code = text.charCodeAt(index); code >= zeroCode && code <= nineCode; code = text.charCodeAt(++index)) {
      number = number * 10 + (code - zeroCode);
    }
    const digits = index - start;
    if (digits === 0 || digits > 3 || (digits > 1 && text.charCodeAt(start) === zeroCode) || number > 255) return undefined;
    value = value * 256 + number;
  }
  let length = 32;
  let plain = true;
  if (index < text.length) {
    if (text.charCodeAt(index) !== slashCode) return undefined;
    const start = index + 1;
    const digits = text.length - start;
    if (digits < 1 || digits > 2 || !isDigits(text, start)) return undefined;
    length = Number(text.slice(start));
    plain = text.charCodeAt(start) !== zeroCode;
  } else {
    plain = false;
  }
  if (length > 32) return undefined;
  if (length === 0) return 'any';
  const masked = (value & (length === 32 ? 0xffffffff : ~(0xffffffff >>> length))) >>> 0;
  // Most addresses are written the canonical way already: the text is then the result.
  if (plain && masked === value) return text;
  return `${masked >>> 24}.${(masked >>> 16) & 255}.${(masked >>> 8) & 255}.${masked & 255}/${length}`;
}

/** Returns the prefix length of a contiguous netmask, or undefined for a non-contiguous one. */
function contiguousLength(mask: bigint, width: number): number | undefined {
  let length = 0;
  while (length < width && (mask >> BigInt(width - 1 - length)) & 1n) length += 1;
  const expected = length === 0 ? 0n : (((1n << BigInt(length)) - 1n) << BigInt(width - length));
  return expected === mask ? length : undefined;
}

/** Returns the range a token covers on its line. */
export function tokenRange(line: number, token: Token): SourceRange {
  return lineRange(line, token.column, token.endColumn);
}
