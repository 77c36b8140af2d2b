/**
 * The text form of `nft list ruleset` and nftables.conf, for the subset most host rulesets use.
 * That is tables, base and regular chains, and rules built from ct state, iif/oif(name), meta
 * l4proto and nfproto, ip/ip6 addresses and next header, tcp/udp/sctp ports, icmp/icmpv6 types, tcp flags,
 * counter and verdicts. Each line is translated into the `nft -j list ruleset` statement it stands for,
 * and the JSON parser builds the document, so both forms compare alike. A locator filled while
 * reading the text gives the JSON parser the text's lines and columns for each JSON path.
 * Anything outside the subset is reported as not understood at its line and column.
 */
import type { DataPath, Finding, SourceRange } from '../model.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { lineRange, loadFinding, MapLocator, NATIVE_CHECKS, splitLines } from './located.js';
import { readChainDeclaration } from './nft-chain.js';
import { NFT_KEYWORDS } from './nft-keywords.js';
import { elementValue, parseNftJson, stateOrder } from './nftables.js';

type Json = Record<string, unknown>;

const VERDICTS = new Set(['accept', 'drop', 'reject', 'return', 'continue']);
const FAMILIES = new Set(['ip', 'ip6', 'inet', 'arp', 'bridge', 'netdev']);
/** Payload fields this parser reads, as `protocol field`. */
const PAYLOAD_FIELDS = new Set([
  'ip saddr', 'ip daddr', 'ip protocol', 'ip6 saddr', 'ip6 daddr', 'ip6 nexthdr',
  'tcp dport', 'tcp sport', 'udp dport', 'udp sport', 'sctp dport', 'sctp sport',
  'icmp type', 'icmpv6 type',
]);
const META_KEYS = new Set(['iif', 'oif', 'iifname', 'oifname', 'l4proto', 'nfproto']);
/** Table objects other than chains, which a block of their own declares. */
const NAMED_OBJECTS = new Set(['set', 'map', 'flowtable', 'counter', 'quota', 'limit', 'ct', 'secmark', 'synproxy']);
/** Options of the `log` statement, each followed by a value. */
const LOG_OPTIONS = new Set(['prefix', 'level', 'flags', 'group', 'snaplen', 'queue-threshold']);
/**
 * nft statements and expressions outside the subset that a rule may hold. They are kept as
 * unmodelled statements. Any other unknown word is an error, as nft would reject it.
 */
const OPAQUE_STATEMENTS = new Set([
  'limit', 'quota', 'meter', 'queue', 'notrack', 'masquerade', 'snat', 'dnat', 'redirect', 'dup', 'fwd', 'synproxy',
  'mark', 'meta', 'ct', 'numgen', 'fib', 'rt', 'ether', 'vlan', 'arp', 'ip', 'ip6', 'tcp', 'udp', 'sctp', 'icmp',
  'icmpv6', 'th', 'socket', 'osf', 'tproxy', 'flow', 'add', 'update', 'set', 'secmark', 'exthdr', 'dccp', 'udplite',
]);
/** Words that end an opaque statement because they start a statement of the subset. */
const ENDS_OPAQUE = new Set([...VERDICTS, 'jump', 'goto', 'counter', 'log', 'comment']);
/** Closing character of a set or group that `tokenize` keeps as one token. */
const GROUP_CLOSE: Record<string, string | undefined> = { '{': '}', '(': ')' };

/** A token with its 1-based column. */
interface Token {
  text: string;
  column: number;
  /** The 1-based column after the token in the original line, when `$NAME` substitution moved it. */
  end?: number;
}

/** Returns the 1-based column after a token. */
function tokenEnd(token: Token): number {
  return token.end ?? token.column + token.text.length;
}

/** Splits a line into words, keeping `{ ... }` sets and `( ... )` groups as one token. */
function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < line.length) {
    if (/\s/.test(line[index]!)) {
      index += 1;
      continue;
    }
    const start = index;
    const close = GROUP_CLOSE[line[index]!];
    if (close) {
      // A bracket without its closing one on the line opens a block, as in `chain input {`.
      const end = line.indexOf(close, index);
      index = end === -1 ? index + 1 : end + 1;
    } else if (line[index] === '"') {
      const end = line.indexOf('"', index + 1);
      index = end === -1 ? line.length : end + 1;
    } else {
      while (index < line.length && !/\s/.test(line[index]!)) index += 1;
    }
    tokens.push({ text: line.slice(start, index), column: start + 1 });
  }
  return tokens;
}

/** Converts one value (`22`, `8000-8080`, `192.0.2.0/24`, `"lo"`, `{ a, b }`) to its JSON form. */
function jsonValue(text: string): unknown {
  if (text.startsWith('{')) return { set: text.slice(1, -1).split(',').map((item) => jsonValue(item.trim())) };
  if (text.startsWith('"')) return text.slice(1, -1);
  if (/^\d+$/.test(text)) return Number(text);
  const range = /^(\d+)-(\d+)$/.exec(text);
  if (range) return { range: [Number(range[1]), Number(range[2])] };
  const prefix = /^([0-9a-fA-F.:]+)\/(\d+)$/.exec(text);
  if (prefix) return { prefix: { addr: prefix[1], len: Number(prefix[2]) } };
  return text;
}

/** Columns `[column, endColumn)` of one statement on its line. */
interface Span {
  column: number;
  endColumn: number;
}

/**
 * Rule statements of one line with the columns of each, or the token that is not understood.
 */
function ruleStatements(tokens: Token[]): { statements: Json[]; spans: Span[] } | { bad: Token } {
  const statements: Json[] = [];
  const spans: Span[] = [];
  let index = 0;
  const take = () => tokens[index++];
  while (index < tokens.length) {
    const first = index;
    const token = take()!;
    const word = token.text;
    const next = tokens[index];
    if (word === 'reject' && next?.text === 'with') {
      const reject = rejectOptions(tokens, index + 1);
      if (!reject) return { bad: tokens[index + 1] ?? next };
      statements.push({ reject: reject.options });
      index = reject.next;
    } else if (VERDICTS.has(word)) {
      statements.push({ [word]: null });
    } else if (word === 'comment' && next?.text.startsWith('"')) {
      statements.push({ comment: take()!.text.slice(1, -1) });
    } else if ((word === 'jump' || word === 'goto') && next) {
      statements.push({ [word]: { target: take()!.text } });
    } else if (word === 'counter') {
      // `counter packets N bytes N` in listings, plain `counter` in configuration files.
      if (tokens[index]?.text === 'packets' && tokens[index + 2]?.text === 'bytes') {
        statements.push({ counter: { packets: Number(tokens[index + 1]!.text), bytes: Number(tokens[index + 3]!.text) } });
        index += 4;
      } else {
        statements.push({ counter: null });
      }
    } else if (word === 'log') {
      // `log`, optionally with `prefix "text"`, `level L`, `flags F` and `group N`.
      const log: Record<string, unknown> = {};
      while (tokens[index] && LOG_OPTIONS.has(tokens[index]!.text) && tokens[index + 1]) {
        const key = take()!.text;
        const value = take()!.text;
        if (key === 'prefix') log.prefix = value.startsWith('"') ? value.slice(1, -1) : value;
      }
      statements.push({ log: Object.keys(log).length > 0 ? log : null });
    } else if (word === 'ct' && next?.text === 'state' && tokens[index + 1]) {
      index += 1;
      const states = take()!.text.replace(/[{}]/g, '').split(',').map((state) => state.trim()).filter((state) => state !== '');
      statements.push({ match: { op: 'in', left: { ct: { key: 'state' } }, right: states } });
    } else if (word === 'meta' && next && META_KEYS.has(next.text) && tokens[index + 1]) {
      index += 1;
      const operator = tokens[index]?.text === '!=' ? take()!.text : '==';
      const value = take();
      if (!value) return { bad: token };
      statements.push(match({ meta: { key: next.text } }, value.text, operator));
    } else if (META_KEYS.has(word) && word !== 'l4proto' && word !== 'nfproto' && next) {
      const operator = next.text === '!=' ? take()!.text : '==';
      const value = take();
      if (!value) return { bad: token };
      statements.push(match({ meta: { key: word } }, value.text, operator));
    } else if (word === 'tcp' && next?.text === 'flags') {
      const flags = tcpFlags(tokens, index + 1);
      if (!flags) return { bad: next };
      statements.push(flags.statement);
      index = flags.next;
    } else if (next && PAYLOAD_FIELDS.has(`${word} ${next.text}`) && tokens[index + 1]) {
      index += 1;
      let operator = '==';
      if (tokens[index]?.text === '!=') {
        operator = '!=';
        index += 1;
      }
      const value = take();
      if (!value) return { bad: token };
      statements.push(match({ payload: { protocol: word, field: next.text } }, value.text, operator));
    } else if (OPAQUE_STATEMENTS.has(word)) {
      // A statement outside the subset, such as `limit rate 10/second`, runs up to the next
      // verdict, counter, log or comment. The JSON reader reports it and keeps it unmodelled.
      while (tokens[index] && !ENDS_OPAQUE.has(tokens[index]!.text)) index += 1;
      // An assignment such as `tcp option maxseg size set rt mtu` changes the packet, as the
      // `mangle` statement of `nft -j` does, so the JSON reader keeps it as a target option.
      const words = tokens.slice(first, index).map((item) => item.text);
      if (words.includes('set') && words[0] !== 'set') statements.push({ mangle: words.join(' ') });
      else statements.push({ [word]: words.slice(1).join(' ') });
    } else {
      return { bad: token };
    }
    // Every branch above adds one statement or returns, so spans and statements stay paired.
    const last = tokens[index - 1]!;
    spans.push({ column: tokens[first]!.column, endColumn: tokenEnd(last) });
  }
  return { statements, spans };
}

function match(left: Json, value: string, op = '=='): Json {
  return { match: { op, left, right: jsonValue(value) } };
}

/**
 * Returns the options of `reject with tcp reset` and `reject with icmpx [type] admin-prohibited`
 * (also `icmp` and `icmpv6`) as the object `nft -j` prints, such as `{"type": "icmpx",
 * "expr": "admin-prohibited"}`. nft 1.0.6 listings leave out the word `type`.
 */
function rejectOptions(tokens: Token[], start: number): { options: Json; next: number } | undefined {
  const words = tokens.slice(start).map((token) => token.text);
  if (words[0] === 'tcp' && words[1] === 'reset') return { options: { type: 'tcp reset' }, next: start + 2 };
  if (!['icmp', 'icmpv6', 'icmpx'].includes(words[0] ?? '')) return undefined;
  const skip = words[1] === 'type' ? 1 : 0;
  const code = words[1 + skip];
  if (code === undefined || ENDS_OPAQUE.has(code)) return undefined;
  return { options: { type: words[0], expr: /^\d+$/.test(code) ? Number(code) : code }, next: start + 2 + skip };
}

/**
 * Reads `tcp flags syn / fin,syn,rst,ack` (nft 1.0 listings) and `tcp flags & (fin | syn | rst |
 * ack) == syn` (older syntax) into the one JSON form `nft -j` prints for both. `tcp flags syn`
 * and `tcp flags syn,ack` match when any of the flags is set, which `nft -j` prints as an `in`
 * match, and `tcp flags == syn` compares all flags.
 */
/** Names of the tcp flags (nft(8) of nftables 1.0.6, TCP HEADER EXPRESSION). */
const TCP_FLAGS = new Set(['fin', 'syn', 'rst', 'psh', 'ack', 'urg', 'ecn', 'cwr']);
const tcpFlagsField = { payload: { protocol: 'tcp', field: 'flags' } };

function tcpFlags(tokens: Token[], start: number): { statement: Json; next: number } | undefined {
  const words = tokens.slice(start).map((token) => token.text);
  const list = (text: string) => text.replace(/[()]/g, '').split(/\s*[|,]\s*/).filter((flag) => flag !== '');
  let value: string[];
  let mask: string[];
  let used: number;
  if (words[0] === '&' && words[1]?.startsWith('(') && words[2] === '==' && words[3]) {
    mask = list(words[1]);
    value = list(words[3]);
    used = 4;
  } else if (words[1] === '/' && words[0] && words[2]) {
    value = list(words[0]);
    mask = list(words[2]);
    used = 3;
  } else if ((words[0] === '==' || words[0] === '!=') && words[1] && !words[1].startsWith('(')) {
    const flags = list(words[1]);
    return { statement: { match: { op: words[0], left: tcpFlagsField, right: flags.length === 1 ? flags[0] : flags } }, next: start + 2 };
  } else if (words[0] && words[1] !== '/' && words[0].split(',').every((flag) => TCP_FLAGS.has(flag))) {
    const flags = list(words[0]);
    return { statement: { match: { op: 'in', left: tcpFlagsField, right: flags.length === 1 ? flags[0] : flags } }, next: start + 1 };
  } else {
    return undefined;
  }
  const left = { '&': [{ payload: { protocol: 'tcp', field: 'flags' } }, mask.length === 1 ? mask[0] : { '|': mask }] };
  const right = value.length === 1 ? value[0] : { '|': value };
  return { statement: { match: { op: '==', left, right } }, next: start + used };
}

/**
 * Reads one line of a named set block into its JSON object: `type`, `flags`, `timeout` and
 * `elements = { ... }`, which may span lines. Returns the set while its block is open, and
 * undefined after its closing `}`. Other lines, such as `size` or `comment`, change nothing.
 */
function readSetLine<T extends { json: Json; elements?: string }>(set: T, line: string): T | undefined {
  const statement = line.replace(/;\s*$/, '');
  if (set.elements !== undefined) {
    set.elements += ` ${statement}`;
  } else if (/^elements\s*=\s*\{/.test(statement)) {
    set.elements = statement.slice(statement.indexOf('{') + 1);
  } else if (statement === '}') {
    return undefined;
  } else {
    const [key, ...rest] = statement.split(/\s+/);
    const value = rest.join(' ');
    if (key === 'type' || key === 'timeout') set.json[key] = value;
    if (key === 'flags') set.json.flags = value.split(/\s*,\s*/);
    return set;
  }
  const end = indexOutsideQuotes(set.elements, '}');
  if (end === -1) return set;
  // Each element is its value, then any options such as `timeout 1h` or `comment "a, b"`.
  set.json.elem = splitOutsideQuotes(set.elements.slice(0, end), ',')
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => setElement(item));
  set.elements = undefined;
  // `elements = { ... }` and the block's `}` may end on one line.
  return set.elements === undefined && /\}\s*\}\s*$/.test(statement) ? undefined : set;
}

/** Returns true when a set has a prefix or range element but no `interval` flag, which nft rejects. */
function needsIntervalFlag(set: Json): boolean {
  const flags = Array.isArray(set.flags) ? set.flags : [];
  if (flags.includes('interval')) return false;
  const elements = Array.isArray(set.elem) ? set.elem : [];
  return elements.some((element) => {
    const { value } = elementValue(element);
    return typeof value === 'object' && value !== null && ('prefix' in value || 'range' in value);
  });
}

/**
 * Returns one set element as `nft -j` prints it: a value, or `{"elem": ...}` with its options
 * (`timeout 1h`, `expires 30m`, `comment "text"`) by name.
 */
function setElement(text: string): unknown {
  // A quoted option value, such as a comment, is one word without its quotes.
  const [value, ...words] = (text.match(/"[^"]*"?|[^\s"]+/g) ?? []).map((word) => (word.startsWith('"') ? word.replace(/^"|"$/g, '') : word));
  const range = /^([0-9a-fA-F.:]+)-([0-9a-fA-F.:]+)$/.exec(value!);
  const json = range ? { range: [range[1], range[2]] } : jsonValue(value!);
  if (words.length === 0) return json;
  const element: Json = { val: json };
  for (let index = 0; index + 1 < words.length; index += 2) element[words[index]!] = words[index + 1];
  return { elem: element };
}

/** Returns the index of the first `character` of `text` outside double quotes, or -1. */
function indexOutsideQuotes(text: string, character: string): number {
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '"') quoted = !quoted;
    else if (text[index] === character && !quoted) return index;
  }
  return -1;
}

/** Splits `text` at each `separator` outside double quotes, so `comment "a, b"` stays whole. */
function splitOutsideQuotes(text: string, separator: string): string[] {
  const parts: string[] = [];
  let rest = text;
  for (let at = indexOutsideQuotes(rest, separator); at !== -1; at = indexOutsideQuotes(rest, separator)) {
    parts.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  parts.push(rest);
  return parts;
}

/**
 * Replaces each `$NAME` in a line with the value of its `define`, as nft does before parsing.
 * Returns the new line, a function that maps a token of it back to the columns of the original
 * line (a token from a value is located at the whole `$NAME`), and the first undefined variable.
 */
function substituteVariables(line: string, variables: ReadonlyMap<string, string>): { text: string; locate: (token: Token) => Token; undefinedVariable?: Token } {
  if (!line.includes('$')) return { text: line, locate: (token) => token };
  let text = '';
  // The original `[start, end)` columns, 0-based, of each character of `text`.
  const starts: number[] = [];
  const ends: number[] = [];
  let undefinedVariable: Token | undefined;
  let copied = 0;
  const copy = (end: number) => {
    for (; copied < end; copied += 1) {
      text += line[copied];
      starts.push(copied);
      ends.push(copied + 1);
    }
  };
  for (const use of line.matchAll(/\$([A-Za-z_]\w*)/g)) {
    // nft leaves `$` inside a quoted string, such as a comment, as it is.
    if ((line.slice(0, use.index).match(/"/g) ?? []).length % 2 === 1) continue;
    const value = variables.get(use[1]!);
    if (value === undefined) {
      undefinedVariable ??= { text: use[0], column: use.index + 1 };
      continue;
    }
    copy(use.index);
    text += value;
    for (let at = 0; at < value.length; at += 1) {
      starts.push(use.index);
      ends.push(use.index + use[0].length);
    }
    copied = use.index + use[0].length;
  }
  copy(line.length);
  const locate = (token: Token): Token => {
    const first = token.column - 1;
    const last = first + Math.max(token.text.length, 1) - 1;
    return { text: token.text, column: (starts[first] ?? first) + 1, end: (ends[last] ?? last + 1) + 1 };
  };
  return { text, locate, ...(undefinedVariable ? { undefinedVariable } : {}) };
}

/** Returns a line without its `#` comment. A `#` inside a quoted string, as in `comment "allow #1"`, is text. */
function withoutComment(line: string): string {
  const start = indexOutsideQuotes(line, '#');
  return start === -1 ? line : line.slice(0, start);
}

/** Returns the number of `{` in a line less the number of `}`. */
function braceDepth(line: string): number {
  return (line.match(/\{/g) ?? []).length - (line.match(/\}/g) ?? []).length;
}

/** Block a line is read in: a chain block, a table block, or another place (top level, a set block). */
type PieceScope = 'chain' | 'table' | 'other';

/**
 * Finds the first piece of `code` at or after `from` that the multi-line form has on a line of
 * its own, so that `chain input { type filter hook input priority 0; policy drop; }` reads like
 * its block. A piece is one of: a `table FAMILY NAME {` or `chain NAME {` opening, a closing
 * `}`, a named set or object block that closes on the line, or a run of chain declarations
 * (`type`, `policy`). In a chain, a rule piece runs up to a `;` outside quotes and set literals,
 * and `end` leaves out that `;`. A `;` at the start is an empty piece. `next` is where the
 * following piece may start. Returns undefined when only spaces are left.
 */
function nextPiece(code: string, from: number, scope: PieceScope): { start: number; end: number; next: number } | undefined {
  const start = code.slice(from).search(/\S/);
  if (start === -1) return undefined;
  const at = from + start;
  const rest = code.slice(at);
  const whole = { start: at, end: code.length, next: code.length };

  if (rest.startsWith('}')) return { start: at, end: at + 1, next: at + 1 };
  // A `;` after a block, as in `chain c { policy drop; }; }`, separates it from the next piece.
  if (rest.startsWith(';')) return { start: at, end: at, next: at + 1 };
  const tableOpening = /^table\s+(\S+)\s+\S+\s*\{/.exec(rest);
  if (scope === 'other' && tableOpening && FAMILIES.has(tableOpening[1]!)) {
    const end = at + tableOpening[0].length;
    return { start: at, end, next: end };
  }
  const chainOpening = /^chain\s+\S+\s*\{/.exec(rest);
  if (scope === 'table' && chainOpening) {
    const end = at + chainOpening[0].length;
    return { start: at, end, next: end };
  }

  if (scope === 'table') {
    // A named set or object block stays one piece, such as `set s { type ipv4_addr; elements = { 192.0.2.1 } }`.
    const object = /^(\S+)\s+\S+\s*\{/.exec(rest);
    if (!object || !NAMED_OBJECTS.has(object[1]!)) return whole;
    const close = closingBrace(code, at + object[0].length - 1);
    return close === -1 ? whole : { start: at, end: close + 1, next: close + 1 };
  }
  if (scope === 'other') return whole;

  // In a chain, `type` and `policy` statements stay together, as readChainDeclaration reads them.
  const declaration = /^(type|policy)\b/.test(rest);
  let depth = 0;
  let quoted = false;
  for (let index = at; index < code.length; index += 1) {
    const character = code[index];
    if (character === '"') quoted = !quoted;
    if (quoted) continue;
    if (character === '{') depth += 1;
    if (character === '}' && depth > 0) depth -= 1;
    else if (character === '}') return { start: at, end: index, next: index };
    if (character !== ';' || depth > 0) continue;
    if (!declaration) return { start: at, end: index, next: index + 1 };
    const following = code.slice(index + 1).trimStart();
    if (!/^(type|policy)\b|^comment\s+"[^"]*"\s*(;|\}|$)/.test(following)) return { start: at, end: index + 1, next: index + 1 };
  }
  return whole;
}

/** Returns the index of the `}` that closes the `{` at `open`, outside double quotes, or -1. */
function closingBrace(code: string, open: number): number {
  let depth = 0;
  let quoted = false;
  for (let index = open; index < code.length; index += 1) {
    const character = code[index];
    if (character === '"') quoted = !quoted;
    else if (!quoted && character === '{') depth += 1;
    else if (!quoted && character === '}' && --depth === 0) return index;
  }
  return -1;
}

/**
 * Parses the text form into nft JSON entries, then through the JSON parser with a locator that
 * maps each entry's JSON path to its place in the text.
 */
function parseNftText(text: string, context: ParseContext): ParseOutput {
  const findings: Finding[] = [];
  // Index 0 of the `nftables` array is the metainfo object that `nft -j` prints first.
  const entries: Json[] = [{ metainfo: { json_schema_version: 1 } }];
  const locator = new MapLocator();
  let table: { family: string; name: string } | undefined;
  // The chain block being read, and where it set its policy.
  let chain: { json: Json; path: DataPath; policy?: SourceRange } | undefined;
  const notUnderstood = (number: number, token: Token, construct: string) => {
    findings.push(
      loadFinding(
        context.file,
        lineRange(number, token.column, tokenEnd(token)),
        `${construct} not understood: \`${token.text}\``,
        'driftgate reads a subset of nft text; compare `nft -j list ruleset` output instead.',
        NATIVE_CHECKS.notUnderstood,
        'error',
      ),
    );
  };
  /** Reports a set with prefix or range elements but no `interval` flag, which nft rejects. */
  const checkIntervalFlag = (set: Json, range: SourceRange): void => {
    if (!needsIntervalFlag(set)) return;
    findings.push(
      loadFinding(
        context.file,
        range,
        `set \`${String(set.name)}\` has prefix or range elements but no \`flags interval\`, so nft rejects the whole file`,
        'Add `flags interval` to the set, or list single addresses only.',
      ),
    );
  };
  /** Reports a table, chain or set name that nft reads as a keyword, and returns true for one. */
  const keywordName = (number: number, token: Token | undefined, kind: string): boolean => {
    if (!token || !NFT_KEYWORDS.has(token.text)) return false;
    findings.push(
      loadFinding(
        context.file,
        lineRange(number, token.column, tokenEnd(token)),
        `${kind} name \`${token.text}\` is an nft keyword, so nft rejects the whole file`,
        `Rename the ${kind} everywhere it is used, such as \`${token.text}_${kind}\`; nft 1.0.6 takes no keyword as a name, even in quotes.`,
      ),
    );
    return true;
  };
  /** Adds an entry whose JSON path is located at `range`, and returns that path. */
  const addEntry = (entry: Json, range: SourceRange): DataPath => {
    const path = ['nftables', entries.length];
    entries.push(entry);
    locator.set(path, range);
    locator.set([...path, Object.keys(entry)[0]!], range);
    return path;
  };
  /** Adds a named set of `table` located at `range`, and returns its JSON object. */
  const addSet = (inTable: { family: string; name: string }, name: string, range: SourceRange): Json => {
    const json: Json = { family: inTable.family, table: inTable.name, name };
    addEntry({ set: json }, range);
    return json;
  };
  // Depth of `{` in a named set, map or other object block that is being skipped.
  let skipDepth = 0;
  // The named set whose block is being read, and the text of its `elements = { ... }` so far.
  let set: { json: Json; elements?: string; range: SourceRange } | undefined;
  const addRule = (number: number, tokens: Token[], range: SourceRange): void => {
    const result = ruleStatements(tokens);
    if ('bad' in result) return notUnderstood(number, result.bad, 'statement');
    const { family, table: tableName, name } = chain!.json;
    const path = addEntry({ rule: { family, table: tableName, chain: name, expr: result.statements } }, range);
    result.spans.forEach((span, index) => locator.set([...path, 'rule', 'expr', index], lineRange(number, span.column, span.endColumn)));
  };
  const lines = splitLines(text);
  // Values of `define NAME = VALUE`, by name.
  const variables = new Map<string, string>();
  lines.forEach((raw, at) => {
    const number = at + 1;
    const substituted = substituteVariables(withoutComment(raw).trimEnd(), variables);
    const code = substituted.text;
    const undefinedVariable = substituted.undefinedVariable;
    if (undefinedVariable) {
      findings.push(
        loadFinding(
          context.file,
          lineRange(number, undefinedVariable.column, tokenEnd(undefinedVariable)),
          `undefined variable \`${undefinedVariable.text}\`, so nft rejects the whole file`,
          `Add \`define ${undefinedVariable.text.slice(1)} = VALUE\` above this line, or correct the name.`,
        ),
      );
      return;
    }
    /** Reads one line, or one piece of a line that holds several blocks or statements. */
    const readPiece = (code: string): void => {
      const line = code.trim();
      const definition = /^(define|redefine|undefine)\s+([A-Za-z_]\w*)(?:\s*=\s*(.*?))?\s*;?$/.exec(line);
      if (definition && !set && skipDepth === 0) {
        if (definition[1] === 'undefine') variables.delete(definition[2]!);
        else if (definition[3]) variables.set(definition[2]!, definition[3]);
        else notUnderstood(number, { text: definition[1]!, column: raw.indexOf(definition[1]!) + 1 }, 'definition');
        return;
      }
      if (skipDepth > 0) {
        skipDepth += braceDepth(code);
        return;
      }
      if (set) {
        const open = set;
        // nft reports an element it rejects at the `elements` line.
        if (/^elements\b/.test(code.trim())) open.range = lineRange(number, code.length - code.trimStart().length + 1, code.length + 1);
        set = readSetLine(open, code.trim());
        if (!set) checkIntervalFlag(open.json, open.range);
        return;
      }
      if (line === '' || line === 'flush ruleset') return;
      const tokens = tokenize(code).map(substituted.locate);
      const first = tokens[0]!;
      const last = tokens[tokens.length - 1]!;
      const wholeLine = lineRange(number, first.column, tokenEnd(last));
      if (first.text === 'table' && tokens.length === 4 && FAMILIES.has(tokens[1]!.text) && tokens[3]!.text === '{') {
        keywordName(number, tokens[2], 'table');
        table = { family: tokens[1]!.text, name: tokens[2]!.text };
        addEntry({ table: { family: table.family, name: table.name } }, wholeLine);
      } else if (first.text === 'chain' && table && tokens.length === 3 && tokens[2]!.text === '{') {
        keywordName(number, tokens[1], 'chain');
        const json: Json = { family: table.family, table: table.name, name: tokens[1]!.text };
        chain = { json, path: addEntry({ chain: json }, wholeLine) };
      } else if (chain && (first.text === 'type' || first.text === 'policy' || /^comment\s+"[^"]*"\s*;?$/.test(line))) {
        // A chain block's own `comment "text"` is a chain comment, not a rule.
        const declaration = readChainDeclaration(code, chain.json.family as string);
        const range = (start: number, end: number) => {
          const token = substituted.locate({ text: code.slice(start, end), column: start + 1 });
          return lineRange(number, token.column, tokenEnd(token));
        };
        if ('problem' in declaration) {
          const { start, end, finding } = declaration.problem;
          if (finding) findings.push(loadFinding(context.file, range(start, end), finding.message, finding.fix));
          else notUnderstood(number, substituted.locate({ text: code.slice(start, end), column: start + 1 }), 'chain declaration');
          return;
        }
        for (const field of declaration.fields) {
          if (field.key === 'policy' && chain.policy) {
            // nft 1.0.6 rejects a second policy in one chain block with "you cannot set chain
            // policy twice", but a later block of the same chain may set it again.
            findings.push(
              loadFinding(
                context.file,
                range(field.start, field.end),
                `chain \`${String(chain.json.name)}\` sets its policy twice in one block, so nft rejects the whole file`,
                `Keep one \`policy\` statement in the block; the first one is on line ${chain.policy.line}.`,
              ),
            );
            return;
          }
          if (field.key === 'policy') chain.policy = range(field.start, field.end);
          chain.json[field.key] = field.value;
          // Each field of the declaration is located at its own words, such as `policy accept`.
          locator.set([...chain.path, 'chain', field.key], range(field.start, field.end));
        }
      } else if (first.text === '}') {
        if (chain) chain = undefined;
        else table = undefined;
      } else if (table && !chain && first.text === 'set' && tokens.length === 3 && tokens[2]!.text === '{') {
        // A named set block: the JSON reader models the members of address sets.
        keywordName(number, tokens[1], 'set');
        set = { json: addSet(table, tokens[1]!.text, wholeLine), range: wholeLine };
      } else if (table && !chain && first.text === 'set' && tokens.length >= 3 && tokens[2]!.text.startsWith('{') && braceDepth(code) === 0) {
        // A set on one line, `set NAME { type T; flags F; elements = { ... } }`, reads like its block.
        keywordName(number, tokens[1], 'set');
        const json = addSet(table, tokens[1]!.text, wholeLine);
        const oneLine: { json: Json; elements?: string } = { json };
        const body = line.slice(line.indexOf('{') + 1, line.lastIndexOf('}'));
        for (const statement of splitOutsideQuotes(body, ';')) if (statement.trim() !== '') readSetLine(oneLine, statement.trim());
        checkIntervalFlag(json, wholeLine);
      } else if (table && !chain && NAMED_OBJECTS.has(first.text) && tokens.length >= 3 && tokens[2]!.text.startsWith('{')) {
        // A named set, map or stateful object: its elements are not modelled, and rules that
        // refer to it by `@name` match an unknown subset of packets.
        keywordName(number, tokens[1], first.text);
        skipDepth = braceDepth(code);
        findings.push(
          loadFinding(
            context.file,
            wholeLine,
            `named ${first.text} \`${tokens[1]!.text}\` is not modelled; rules that use it are treated as matching an unknown subset of packets`,
            'Nothing to fix in the ruleset; rules that need the contents of this object cannot check them.',
            NATIVE_CHECKS.notUnderstood,
            'warning',
          ),
        );
      } else if (chain) {
        // A jump to a chain named by a keyword fails as its declaration does.
        const jumps = tokens.filter((token, index) => index > 0 && (tokens[index - 1]!.text === 'jump' || tokens[index - 1]!.text === 'goto'));
        if (jumps.some((target) => keywordName(number, target, 'chain'))) return;
        // `ct state vmap { established : accept, invalid : drop }` decides like one rule per entry.
        const vmap = tokens.findIndex((token, index) => token.text === 'ct' && tokens[index + 1]?.text === 'state' && tokens[index + 2]?.text === 'vmap');
        const entries = vmap === -1 ? undefined : tokens[vmap + 3]?.text;
        if (vmap === -1 || !entries?.startsWith('{')) return addRule(number, tokens, wholeLine);
        // Entries are put in the order the JSON reader uses, which decides alike because no two
        // entries of a map share a key.
        const pairs = entries.slice(1, -1).split(',').map((entry) => entry.split(':').map((part) => part.trim()));
        pairs.sort(([first], [second]) => stateOrder.indexOf(first ?? '') - stateOrder.indexOf(second ?? ''));
        for (const [state, verdict] of pairs) {
          const column = tokens[vmap]!.column;
          if (!state || !verdict) return notUnderstood(number, tokens[vmap + 3]!, 'verdict map');
          addRule(number, [...tokens.slice(0, vmap), { text: 'ct', column }, { text: 'state', column }, { text: state, column }, { text: verdict, column }, ...tokens.slice(vmap + 4)], wholeLine);
        }
      } else {
        notUnderstood(number, first, 'line');
      }
    };
    // Each piece is padded with spaces to its place in the line, so columns stay those of the line.
    const scope = (): PieceScope => {
      if (set || skipDepth > 0) return 'other';
      if (chain) return 'chain';
      return table ? 'table' : 'other';
    };
    let piece = nextPiece(code, 0, scope());
    if (!piece || piece.end >= code.trimEnd().length) return readPiece(code);
    // nft 1.0.6 takes a `}` that closes a table or chain block only after a newline, a `;` or
    // the block's `{`, and rejects `policy accept }` and `} }`.
    let separated = true;
    while (piece) {
      const pieceText = code.slice(piece.start, piece.end);
      if (pieceText === '}' && !separated && scope() !== 'other') {
        const brace = substituted.locate({ text: '}', column: piece.start + 1 });
        findings.push(
          loadFinding(
            context.file,
            lineRange(number, brace.column, tokenEnd(brace)),
            'a `}` that closes a block on the line of another statement needs a `;` before it, so nft rejects the whole file',
            'Write `; }` in place of ` }`, or put the `}` on a line of its own.',
          ),
        );
      }
      readPiece(' '.repeat(piece.start) + pieceText);
      separated = /[{;]\s*$/.test(code.slice(piece.start, piece.next));
      piece = nextPiece(code, piece.next, scope());
    }
  });
  const unclosed = set ? `set \`${String(set.json.name)}\`` : chain ? `chain \`${String(chain.json.name)}\`` : table ? `table \`${table.family} ${table.name}\`` : skipDepth > 0 ? 'a named object' : undefined;
  if (unclosed) {
    // nft reports the end of the file, at the line after the last newline.
    const last = lines.length;
    findings.push(
      loadFinding(
        context.file,
        lineRange(last, 1, lines[last - 1]!.length + 1),
        `unexpected end of file: ${unclosed} is not closed, so nft rejects the whole file`,
        'Add the missing `}` lines; the file may have been cut off.',
      ),
    );
  }
  if (findings.some((finding) => finding.severity === 'error')) return { documents: [], findings };
  const output = parseNftJson(JSON.stringify({ nftables: entries }), context, locator);
  for (const document of output.documents) document.format = 'nft-text';
  return { documents: output.documents, findings: [...findings, ...output.findings] };
}

/** `nft list ruleset` text and nftables.conf files. */
export const nftTextFormat: SourceFormat = {
  name: 'nft-text',
  // nftables.conf is the file nftables.service loads on Debian, Fedora and Arch.
  claimsName: (path) => /\.nft$/i.test(path) || /(^|\/)nftables\.conf$/i.test(path),
  claimsContent: (head) => /^\s*table\s+(ip|ip6|inet|arp|bridge|netdev)\s+\S+\s*\{/m.test(head),
  parse: parseNftText,
};
