/**
 * A fast path for the rule specifications that iptables-save writes most often. It handles
 * IPv4 addresses, protocols, interfaces, the port, state, comment and ICMP matches, options of
 * other matches (kept as `unmodeled`), the ACCEPT, DROP, RETURN, LOG and REJECT targets and
 * jumps to user chains.
 *
 * It gives exactly the rule, field columns and family that RuleParser gives for such a rule,
 * with fewer objects and lookups per word, because these rules make up almost all of a large
 * dump. It reads the words of a line by their offsets in the file text (see Words) instead of
 * as Token objects. A word becomes a string only when the rule keeps it or a table is looked
 * up by it. For anything else it gives up and leaves no trace, and RuleParser parses the rule
 * and reports the problems. That covers negated options but `! -s` and `! -d`, long option
 * names, host names, service names, implicit matches, escapes outside values and any problem.
 */
import type { Rule } from '../types/firewall.js';
import type { IpVersion } from '../util/ip.js';
import type { ExtensionSpec, TargetSpec } from './iptables-extensions.js';
import { ICMPV6_TYPES, ICMP_TYPES, MATCH_EXTENSIONS, MULTIPORT_MAX_SLOTS, TARGET_EXTENSIONS, VERDICT_TARGETS } from './iptables-extensions.js';
import { ipv4Prefix, isDigits, logLevels, looksLikeOption, matchProtocols, newRule, noProblems, protocolName, quoteValue, readEscapedWord, sharedList, SPAN_CODES, stateList } from './iptables-rule.js';
import type { EscapedWord, ParsedRule, RuleContext } from './iptables-rule.js';
import { lookupTable } from './located.js';

const space = 32;
const tab = 9;
const quote = 34;
const backslash = 92;
const dash = 0x2d;
const colon = 0x3a;
const comma = 0x2c;
const zero = 0x30;
const nine = 0x39;

/** Size of the table of shared words, less one, and the most words it keeps (half full). */
const sharedMask = 4095;
const sharedLimit = 2048;

/** Kinds of word: plain text of the line, or text with quotes or escapes removed. */
const plain = 0;
const escaped = 1;
const quoted = 2;

/**
 * The words of one line, split the way Tokenizer splits them, kept as offsets into the text of
 * the file. A word with quotes or backslashes also keeps its unescaped text, as Tokenizer gives
 * it. The next `split` overwrites the words.
 */
export class Words {
  source = '';
  /** Offset of the line in `source`, from which columns count. */
  lineStart = 0;
  count = 0;
  starts = new Int32Array(64);
  ends = new Int32Array(64);
  kinds = new Uint8Array(64);
  /** Unescaped text of the words that are not plain, by word number. */
  texts: string[] = [];
  /** Open-addressing table of the strings `shared` returns, with their hashes. */
  private readonly sharedTexts = new Array<string | undefined>(sharedMask + 1).fill(undefined);
  private readonly sharedHashes = new Int32Array(sharedMask + 1);
  private sharedCount = 0;
  /** Positions of the next space, tab, quote and backslash in `source`, as `split` last found them. */
  private nextSpace = -1;
  private nextTab = -1;
  private nextQuote = -1;
  private nextBackslash = -1;
  /** End of the part that `split` last read. */
  private splitEnd = 0;
  private readonly escapedWord: EscapedWord = { text: '', end: 0, quoted: false, open: false };

  /**
   * Splits `source[start..end)`, part of the line that starts at `lineStart`. Returns false for
   * an unterminated quoted string, which Tokenizer reports.
   *
   * Words without tabs, quotes or backslashes, which are nearly all, are found with `indexOf`
   * instead of a loop over their characters. The next position of each of those characters is
   * kept from call to call, so each search reads a part of the text once. That also keeps the
   * work small while V8 still runs this function in its interpreter.
   */
  split(source: string, lineStart: number, start: number, end: number): boolean {
    // The kept positions hold only for parts of the same text after those split before.
    if (source !== this.source || start < this.splitEnd) {
      this.source = source;
      this.nextSpace = -1;
      this.nextTab = -1;
      this.nextQuote = -1;
      this.nextBackslash = -1;
    }
    this.lineStart = lineStart;
    this.splitEnd = end;
    let count = 0;
    let index = start;
    let special = -1;
    while (index < end) {
      let code = source.charCodeAt(index);
      if (code === space) {
        index += 1;
        continue;
      }
      if (count === this.starts.length) this.grow();
      if (special < index) special = this.nextSpecial(index);
      if (special > index) {
        if (this.nextSpace < index) this.nextSpace = found(source, source.indexOf(' ', index));
        const wordEnd = this.nextSpace < end ? this.nextSpace : end;
        if (special >= wordEnd) {
          this.starts[count] = index;
          this.ends[count] = wordEnd;
          this.kinds[count] = plain;
          count += 1;
          index = wordEnd;
          continue;
        }
      }
      // A tab, quote or backslash ends or is in this word: the steps of Tokenizer.tokenize.
      if (code === tab) {
        index += 1;
        continue;
      }
      const wordStart = index;
      while (code !== space && code !== tab && code !== quote && code !== backslash && code !== -1) {
        index += 1;
        code = index < end ? source.charCodeAt(index) : -1;
      }
      this.starts[count] = wordStart;
      if (code !== quote && code !== backslash) {
        this.ends[count] = index;
        this.kinds[count] = plain;
        count += 1;
        continue;
      }
      const escapedWord = readEscapedWord(source, wordStart, index, end, this.escapedWord);
      if (escapedWord.open) return false;
      index = escapedWord.end;
      this.ends[count] = index;
      this.kinds[count] = escapedWord.quoted ? quoted : escaped;
      this.texts[count] = escapedWord.text;
      count += 1;
    }
    this.count = count;
    return true;
  }

  /** Returns the position of the first tab, quote or backslash from `from` on, or the text length. */
  private nextSpecial(from: number): number {
    const source = this.source;
    if (this.nextTab < from) this.nextTab = found(source, source.indexOf('\t', from));
    if (this.nextQuote < from) this.nextQuote = found(source, source.indexOf('"', from));
    if (this.nextBackslash < from) this.nextBackslash = found(source, source.indexOf('\\', from));
    return Math.min(this.nextTab, this.nextQuote, this.nextBackslash);
  }

  private grow(): void {
    const size = this.starts.length * 2;
    const starts = new Int32Array(size);
    const ends = new Int32Array(size);
    const kinds = new Uint8Array(size);
    starts.set(this.starts);
    ends.set(this.ends);
    kinds.set(this.kinds);
    this.starts = starts;
    this.ends = ends;
    this.kinds = kinds;
  }

  /** Returns the text of a word, unescaped. */
  text(word: number): string {
    return this.kinds[word] === plain ? this.source.slice(this.starts[word], this.ends[word]) : (this.texts[word] as string);
  }

  /**
   * Returns the text of a word like `text`, but the same string for every plain word of equal
   * text, for the words that name options, matches, targets, chains and protocols. A dump
   * repeats a few dozen such words, and a string that was a lookup key once keeps its hash, so
   * lookups by it skip hashing a new slice and finding it in V8's string table.
   */
  shared(word: number): string {
    if (this.kinds[word] !== plain) return this.texts[word] as string;
    const source = this.source;
    const start = this.starts[word] as number;
    const end = this.ends[word] as number;
    // FNV-1a over the UTF-16 code units.
    let hash = 0x811c9dc5 | 0;
    for (let index = start; index < end; index += 1) hash = Math.imul(hash ^ source.charCodeAt(index), 0x01000193);
    let slot = hash & sharedMask;
    for (let known = this.sharedTexts[slot]; known !== undefined; known = this.sharedTexts[slot]) {
      if (this.sharedHashes[slot] === hash && known.length === end - start && source.startsWith(known, start)) return known;
      slot = (slot + 1) & sharedMask;
    }
    return this.addShared(word, slot, hash);
  }

  /** Returns a new string for a word that `shared` has not seen, kept in the free `slot`. */
  private addShared(word: number, slot: number, hash: number): string {
    const text = this.source.slice(this.starts[word], this.ends[word]);
    if (this.sharedCount < sharedLimit) {
      this.sharedTexts[slot] = text;
      this.sharedHashes[slot] = hash;
      this.sharedCount += 1;
    }
    return text;
  }

  isPlain(word: number): boolean {
    return this.kinds[word] === plain;
  }

  isQuoted(word: number): boolean {
    return this.kinds[word] === quoted;
  }

  /** Returns true when a plain word is the two characters `-` and `letter`. */
  isShort(word: number, letter: number): boolean {
    const start = this.starts[word] as number;
    return this.kinds[word] === plain && this.ends[word] === start + 2 && this.source.charCodeAt(start) === dash && this.source.charCodeAt(start + 1) === letter;
  }

  /** Returns true when a plain word equals text. */
  equals(word: number, text: string): boolean {
    const start = this.starts[word] as number;
    if (this.kinds[word] !== plain || (this.ends[word] as number) - start !== text.length) return false;
    for (let index = 0; index < text.length; index += 1) {
      if (this.source.charCodeAt(start + index) !== text.charCodeAt(index)) return false;
    }
    return true;
  }

  column(word: number): number {
    return (this.starts[word] as number) - this.lineStart + 1;
  }

  endColumn(word: number): number {
    return (this.ends[word] as number) - this.lineStart + 1;
  }
}

/** Returns a position `indexOf` found, or the length of the text for none. */
function found(source: string, position: number): number {
  return position === -1 ? source.length : position;
}

/** A `-m` match of the rule, with the option words it keeps for `unmodeled`. */
interface Match {
  name: string;
  options: Record<string, number>;
  /** The option words, each after a space, or '' for none. */
  words: string;
  column: number;
  endColumn: number;
}

/** Text and columns of an `unmodeled` or `targetOptions` entry. */
interface Entry {
  text: string;
  column: number;
  endColumn: number;
}

/**
 * Parses a short option and its value word. `text` is the shared text of the value for the
 * options whose value names a protocol, interface, match or target, and '' for the others.
 * Returns false to give up on the rule.
 */
type OptionHandler = (this: CommonRuleParser, option: number, value: number, text: string, negated: boolean) => boolean;

/** Maps the value of a match option to rule fields (see CommonRuleParser.valueHandlers). */
type ValueHandler = (this: CommonRuleParser, name: string, value: number) => boolean | undefined;

/** Maximum number of strings one parser shares between rules (see CommonRuleParser.intern). */
const internLimit = 4096;

/** `--log-level N` for each level, so that LOG rules share these strings. */
const logLevelWords = ['--log-level 0', '--log-level 1', '--log-level 2', '--log-level 3', '--log-level 4', '--log-level 5', '--log-level 6', '--log-level 7'];

/** Result of a parsing step that gives up on the rule. */
const giveUp = false;

/**
 * Parser of common rule specifications, one per table of a file like RuleParser. `parse`
 * returns undefined for a rule it does not handle.
 */
export class CommonRuleParser {
  private rule: Rule = newRule();
  private words: Words = new Words();
  private index = 0;
  private family?: IpVersion;
  private protocol?: string;
  /** Name of the rule's `-j` target, and its extension when it is one. */
  private targetName?: string;
  private targetSpec?: TargetSpec;
  /** Matches of the rule: the first `matchCount` entries, reused from rule to rule. */
  private readonly matches: Match[] = [];
  private matchCount = 0;
  private unmodeled: Entry[] = [];
  private targetWords: Entry[] = [];
  /** Scratch list for multiport values. */
  private portEntries: (number | string)[] = [];
  private readonly strings = new Map<string, string>();
  /** One-entry lists shared between rules (see sharedList). */
  private readonly lists = new Map<string, string[]>();
  /** The result that `parse` returns, filled again for each rule. */
  private readonly result: ParsedRule = { rule: newRule(), line: 0, offset: 0, problems: noProblems, family: undefined, column: 1, endColumn: 1 };

  constructor(private readonly context: RuleContext) {}

  /**
   * Handlers of `-s`, `-d`, `-p`, `-i`, `-o`, `-m` and `-j` by the code of their letter.
   *
   * `parse` calls the handlers through this table, and `extensionOption` the handlers of match
   * values through `valueHandlers`, instead of from a switch, so that V8 compiles each handler
   * once instead of inlining it into each caller (see `parse`).
   */
  private static readonly shortOptions: (OptionHandler | undefined)[] = CommonRuleParser.shortOptionTable();

  private static shortOptionTable(): (OptionHandler | undefined)[] {
    const parser = CommonRuleParser.prototype;
    const table = new Array<OptionHandler | undefined>(128).fill(undefined);
    table[0x73] = parser.address; // -s
    table[0x64] = parser.address; // -d
    table[0x70] = parser.protocolOption; // -p
    table[0x69] = parser.interfaceOption; // -i
    table[0x6f] = parser.interfaceOption; // -o
    table[0x6d] = parser.matchOption; // -m
    table[0x6a] = parser.targetOption; // -j
    return table;
  }

  /** Handlers of the match options whose values go into rule fields (see shortOptions). */
  private static readonly valueHandlers: Record<string, ValueHandler> = CommonRuleParser.valueHandlerTable();

  private static valueHandlerTable(): Record<string, ValueHandler> {
    const parser = CommonRuleParser.prototype;
    const unsupported: ValueHandler = () => undefined;
    return lookupTable<ValueHandler>({
      '--sport': parser.sourcePort,
      '--source-port': parser.sourcePort,
      '--dport': parser.destinationPort,
      '--destination-port': parser.destinationPort,
      '--sports': parser.sourcePortList,
      '--source-ports': parser.sourcePortList,
      '--dports': parser.destinationPortList,
      '--destination-ports': parser.destinationPortList,
      '--icmp-type': parser.icmp,
      '--icmpv6-type': parser.icmp,
      '--state': parser.state,
      '--ctstate': parser.state,
      '--comment': parser.comment,
      '--ports': unsupported,
      '--match-set': unsupported,
      '--src-range': unsupported,
      '--dst-range': unsupported,
    });
  }

  /**
   * Parses the words `from` on, like RuleParser.parse on the same words, or returns undefined
   * and records nothing. The result object is reused by the next call, so read it before then.
   *
   * NOTE: this function reads the options, dispatches them and finishes the rule in one body,
   * and calls the option handlers through tables. V8 (Node 20) inlines functions of up to 460
   * bytes of bytecode into their callers, so the same steps were compiled again inside each
   * caller. Its optimising compiler then took a quarter of the CPU time of parsing the
   * 50,000-rule bench dump (`perf record`). A function this long is compiled once and never
   * inlined. Splitting it back into small methods brings that cost back.
   */
  parse(words: Words, from: number): ParsedRule | undefined {
    const context = this.context;
    const spans = context.spans;
    const before = spans.length;
    const offset = spans.beginRule(context.line, context.ruleColumn, context.ruleEndColumn);
    this.rule = newRule();
    this.words = words;
    this.index = from;
    this.family = context.family;
    this.protocol = undefined;
    this.targetName = undefined;
    this.targetSpec = undefined;
    this.matchCount = 0;
    // New lists cost less than emptying the old ones, which V8 does in its runtime.
    if (this.unmodeled.length > 0) this.unmodeled = [];
    if (this.targetWords.length > 0) this.targetWords = [];
    const source = words.source;
    let accepted = true;
    while (accepted && this.index < words.count) {
      let word = this.index;
      this.index += 1;
      let negated = false;
      if (words.equals(word, '!')) {
        const next = this.index;
        if (next >= words.count || !(words.isShort(next, 0x73) || words.isShort(next, 0x64))) {
          accepted = false;
          break;
        }
        negated = true;
        word = next;
        this.index += 1;
      }
      const start = words.starts[word] as number;
      const length = (words.ends[word] as number) - start;
      const long = length > 2;
      if (!words.isPlain(word) || length < 2 || source.charCodeAt(start) !== dash || (long && source.charCodeAt(start + 1) !== dash)) {
        accepted = false;
        break;
      }
      // Each short option the fast path takes has one value word.
      const letter = long ? 0 : source.charCodeAt(start + 1);
      const value = long ? -1 : this.index;
      if (!long && value >= words.count) {
        accepted = false;
        break;
      }
      if (!long) this.index += 1;
      // This one call looks up the shared text of a long option's name, or of the value of -p,
      // -i, -o, -m and -j, for every handler. V8 inlines Words.shared, a large function, into
      // each caller, and compiling those copies cost more CPU time than the lookup. The
      // addresses of -s and -d are not looked up, because they would only fill the table.
      let textWord = value;
      if (long) textWord = word;
      else if (letter === 0x73 || letter === 0x64) textWord = -1;
      const text = textWord < 0 ? '' : words.shared(textWord);
      if (long) {
        // Long names of the options above are left to RuleParser.
        accepted = !coreLongOptions.has(text) && this.extensionOption(word, text);
      } else {
        // -f, -g, -c, -4 and -6 have no handler and are left to RuleParser.
        const handler = CommonRuleParser.shortOptions[letter];
        accepted = handler !== undefined && handler.call(this, word, value, text, negated);
      }
    }
    // Checks the protocol of each match and records the lists, as RuleParser.finish does.
    for (let index = 0; accepted && index < this.matchCount; index += 1) {
      const match = this.matches[index] as Match;
      const needed = matchProtocols[match.name];
      if (needed && !needed.includes(this.protocol ?? '')) accepted = false;
      else if (match.words.length > 0) {
        this.unmodeled.push({ text: this.intern(`-m ${match.name}${match.words}`), column: match.column, endColumn: match.endColumn });
      }
    }
    if (!accepted) {
      spans.truncate(before);
      return undefined;
    }
    if (this.unmodeled.length > 0) this.rule.unmodeled = this.list(SPAN_CODES.unmodeled, this.unmodeled);
    if (this.targetWords.length > 0) this.rule.targetOptions = this.list(SPAN_CODES.targetOptions, this.targetWords);
    const result = this.result;
    result.rule = this.rule;
    result.line = context.line;
    result.offset = offset;
    result.family = this.family;
    result.column = context.ruleColumn;
    result.endColumn = context.ruleEndColumn;
    return result;
  }

  /** Parses `-s` and `-d`. */
  private address(option: number, value: number, _text: string, negated: boolean): boolean {
    const field = this.words.source.charCodeAt((this.words.starts[option] as number) + 1) === 0x73 ? 'source' : 'destination';
    if (this.rule[field] !== undefined) return giveUp;
    // ipv4Prefix takes no lists: a comma makes it return undefined.
    const address = ipv4Prefix(this.words.text(value));
    if (address === undefined || address === 'any' || this.family === 6) return giveUp;
    this.family = 4;
    this.rule[field] = address;
    this.mark(SPAN_CODES[field], option, value);
    if (negated) {
      const not = field === 'source' ? 'sourceNot' : 'destinationNot';
      this.rule[not] = true;
      this.mark(SPAN_CODES[not], option, value);
    }
    return true;
  }

  private protocolOption(option: number, value: number, text: string): boolean {
    if (this.protocol !== undefined) return giveUp;
    const named = protocolName(text);
    if (named === undefined) return giveUp;
    this.protocol = named;
    if (named !== 'any') {
      this.rule.protocol = isDigits(named) ? Number(named) : named;
      this.mark(SPAN_CODES.protocol, option, value);
    }
    return true;
  }

  /** Parses `-i` and `-o`. */
  private interfaceOption(option: number, value: number, text: string): boolean {
    const field = this.words.source.charCodeAt((this.words.starts[option] as number) + 1) === 0x69 ? 'inInterface' : 'outInterface';
    // Linux interface names are at most 15 bytes (IFNAMSIZ - 1).
    if (text.length === 0 || text.length > 15 || this.rule[field] !== undefined) return giveUp;
    this.rule[field] = this.intern(text);
    this.mark(SPAN_CODES[field], option, value);
    return true;
  }

  private matchOption(option: number, value: number, name: string): boolean {
    const options = (MATCH_EXTENSIONS[name] as ExtensionSpec | undefined)?.options;
    // A match without an option list takes any option, which RuleParser resolves.
    if (!options) return giveUp;
    let match = this.matches[this.matchCount];
    if (match) {
      match.name = name;
      match.options = options;
      match.words = '';
      match.column = this.words.column(option);
      match.endColumn = this.words.endColumn(value);
    } else {
      match = { name, options, words: '', column: this.words.column(option), endColumn: this.words.endColumn(value) };
      this.matches.push(match);
    }
    this.matchCount += 1;
    return true;
  }

  private targetOption(option: number, value: number, name: string): boolean {
    if (this.targetName !== undefined) return giveUp;
    this.mark(SPAN_CODES.action, option, value);

    if (this.context.isUserChain(name)) {
      this.targetName = name;
      this.rule.action = 'jump';
      // The target is the chain's key in `chains`, which carries the table prefix outside filter.
      this.rule.target = this.intern(this.context.table === 'filter' ? name : `${this.context.table}/${name}`);
      this.mark(SPAN_CODES.target, value, value);
      return true;
    }

    // RuleParser checks built-in chains first, but no verdict is the name of a built-in chain.
    const verdict = VERDICT_TARGETS[name];
    if (verdict) {
      this.targetName = name;
      this.rule.action = verdict;
      return true;
    }
    if (this.context.isBuiltinChain(name)) return giveUp;

    const spec = TARGET_EXTENSIONS[name];
    if (!spec || (spec.tables && !spec.tables.includes(this.context.table))) return giveUp;
    this.targetName = name;
    this.targetSpec = spec;
    this.rule.action = spec.kind;
    if (name !== 'LOG' && spec.kind !== 'reject') {
      this.rule.target = this.intern(name);
      this.mark(SPAN_CODES.target, value, value);
    }
    return true;
  }

  /** Parses an option of the target or of a `-m` match, found the way RuleParser.ownerOf finds it. */
  private extensionOption(option: number, name: string): boolean {
    const words = this.words;
    const targetArity = this.targetSpec?.options?.[name];
    let match: Match | undefined;
    if (targetArity === undefined) {
      for (let index = this.matchCount - 1; index >= 0 && !match; index -= 1) {
        const candidate = this.matches[index] as Match;
        if (candidate.options[name] !== undefined) match = candidate;
      }
      // An implicit match (`-p tcp --dport 22`) or an option of no loaded match.
      if (!match) return giveUp;
    }
    const arity = targetArity ?? ((match as Match).options[name] as number);
    const first = this.index;
    const source = words.source;
    for (let count = 0; count < arity; count += 1) {
      const value = this.index;
      if (value >= words.count) return giveUp;
      // A value that looks like an option (`-x` or `--x` with a letter x) and has no quotes
      // is missing, as looksLikeOption decides on the text.
      if (words.isPlain(value)) {
        const start = words.starts[value] as number;
        const end = words.ends[value] as number;
        const at = start + 1 < end && source.charCodeAt(start + 1) === dash ? start + 2 : start + 1;
        const letter = at < end && source.charCodeAt(start) === dash ? source.charCodeAt(at) | 0x20 : 0;
        if (letter >= 0x61 && letter <= 0x7a) return giveUp;
      } else if (!words.isQuoted(value) && looksLikeOption(words.text(value))) {
        return giveUp;
      }
      this.index += 1;
    }
    const last = this.index - 1;
    if (!match) return this.targetValue(name, option, first, last);
    match.endColumn = words.endColumn(last);
    // Maps the option to rule fields: true when it did, false for `unmodeled`, undefined to
    // give up. The handlers are called through a table for the reason `parse` gives.
    const handler = arity === 0 ? undefined : CommonRuleParser.valueHandlers[name];
    const modelled = handler === undefined ? false : handler.call(this, name, first);
    if (modelled === undefined) return giveUp;
    if (!modelled) {
      let text = `${match.words} ${name}`;
      for (let index = first; index < this.index; index += 1) text += ` ${quoteValue(words.text(index))}`;
      match.words = text;
    }
    return true;
  }

  private sourcePort(_name: string, value: number): boolean | undefined {
    return this.ports(value, 'sourcePorts', false);
  }

  private destinationPort(_name: string, value: number): boolean | undefined {
    return this.ports(value, 'ports', false);
  }

  private sourcePortList(_name: string, value: number): boolean | undefined {
    return this.ports(value, 'sourcePorts', true);
  }

  private destinationPortList(_name: string, value: number): boolean | undefined {
    return this.ports(value, 'ports', true);
  }

  private comment(_name: string, value: number): boolean | undefined {
    if (this.rule.comment !== undefined) return undefined;
    this.rule.comment = this.words.text(value);
    this.mark(SPAN_CODES.comment, value, value);
    return true;
  }

  private ports(value: number, field: 'ports' | 'sourcePorts', list: boolean): boolean | undefined {
    if (this.rule[field] !== undefined) return undefined;
    const words = this.words;
    let source = words.source;
    let start = words.starts[value] as number;
    let end = words.ends[value] as number;
    if (!words.isPlain(value)) {
      source = words.text(value);
      start = 0;
      end = source.length;
    }
    // A single port is one part. Its commas make portSpec fail, as they do in RuleParser.
    const entries = this.portEntries;
    let count = 0;
    let slots = 0;
    for (let partStart = start; ; ) {
      let partEnd = list ? partStart : end;
      while (partEnd < end && source.charCodeAt(partEnd) !== comma) partEnd += 1;
      const port = portSpec(source, partStart, partEnd);
      if (port === undefined) return undefined;
      entries[count] = port;
      count += 1;
      slots += typeof port === 'string' ? 2 : 1;
      if (partEnd >= end) break;
      partStart = partEnd + 1;
    }
    if (slots > MULTIPORT_MAX_SLOTS) return undefined;
    // A copy of the exact length, where pushing would leave room for 17 entries.
    const ports = count === 1 ? entries[0] : entries.slice(0, count);
    if (ports === undefined) return undefined;
    this.rule[field] = ports;
    this.mark(SPAN_CODES[field], value, value);
    return true;
  }

  private icmp(option: string, value: number): boolean | undefined {
    const text = this.words.text(value);
    let type: string | undefined = (option === '--icmp-type' ? ICMP_TYPES : ICMPV6_TYPES)[text];
    if (text === 'any' || isIcmpNumber(text)) type = text;
    if (type === undefined || this.rule.icmpType !== undefined) return undefined;
    if (type === 'any') return true;
    this.rule.icmpType = isDigits(type) ? Number(type) : type;
    this.mark(SPAN_CODES.icmpType, value, value);
    return true;
  }

  private state(option: string, value: number): boolean | undefined {
    const states = stateList(this.words.text(value), option === '--ctstate');
    if (states === null || typeof states === 'string' || this.rule.state !== undefined) return undefined;
    // Rules with the same states share the frozen list that stateList caches.
    this.rule.state = states;
    this.mark(SPAN_CODES.state, value, value);
    return true;
  }

  private targetValue(option: string, optionWord: number, first: number, last: number): boolean {
    const words = this.words;
    const name = this.targetName;
    let text = '';
    for (let index = first; index <= last; index += 1) text = index === first ? words.text(index) : `${text} ${words.text(index)}`;
    if ((name === 'LOG' && option === '--log-prefix') || (name === 'NFLOG' && option === '--nflog-prefix')) {
      this.rule.logPrefix = text;
      this.mark(SPAN_CODES.logPrefix, last, last);
      return true;
    }
    if (name === 'LOG' && option === '--log-level') {
      const level = logLevels[text.toLowerCase()] ?? text;
      const code = level.length === 1 ? level.charCodeAt(0) : -1;
      if (code < zero || code > zero + 7) return giveUp;
      // Level 4 (warning) is the default, and iptables-save leaves it out.
      if (level !== '4') this.targetWord(logLevelWords[code - zero] as string, optionWord, last);
      return true;
    }
    if (name === 'REJECT' && option === '--reject-with') {
      const reason = text === 'tcp-rst' ? 'tcp-reset' : text;
      // The default reason is dropped so that `-j REJECT` equals what iptables-save prints for it.
      if (reason !== 'icmp-port-unreachable' && reason !== 'icmp6-port-unreachable') this.targetWord(`--reject-with ${reason}`, optionWord, last);
      return true;
    }
    let word = option;
    for (let index = first; index <= last; index += 1) word += ` ${quoteValue(words.text(index))}`;
    this.targetWord(word, optionWord, last);
    return true;
  }

  private targetWord(text: string, first: number, last: number): void {
    this.targetWords.push({ text: this.intern(text), column: this.words.column(first), endColumn: this.words.endColumn(last) });
  }

  private list(code: number, entries: readonly Entry[]): string[] {
    for (let index = 0; index < entries.length; index += 1) {
      const entry = entries[index] as Entry;
      this.context.spans.add(code, index, entry.column, entry.endColumn);
    }
    if (entries.length === 1) return sharedList(this.lists, (entries[0] as Entry).text);
    // Made by `new Array` for the reason newRule gives, at its final length.
    const texts = new Array<string>(entries.length);
    for (let index = 0; index < entries.length; index += 1) texts[index] = (entries[index] as Entry).text;
    return texts;
  }

  private mark(code: number, first: number, last: number): void {
    this.context.spans.add(code, -1, this.words.column(first), this.words.endColumn(last));
  }

  /** Returns the first equal string kept by this parser, so rules share repeated strings. */
  private intern(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) return known;
    if (this.strings.size < internLimit) this.strings.set(text, text);
    return text;
  }
}

/** Long spellings of the options that `option` handles by their short names, or leaves alone. */
const coreLongOptions = new Set(['--protocol', '--source', '--src', '--destination', '--dst', '--in-interface', '--out-interface', '--fragment', '--match', '--jump', '--goto', '--set-counters', '--ipv4', '--ipv6']);

/**
 * Parses `N`, `N:M`, `N:` or `:M` with port numbers in `text[start..end)`. Returns undefined for
 * service names and errors.
 */
function portSpec(text: string, start: number, end: number): number | string | undefined {
  let split = start;
  while (split < end && text.charCodeAt(split) !== colon) split += 1;
  if (split === end) return port(text, start, end);
  const low = split === start ? 0 : port(text, start, split);
  const high = split === end - 1 ? 65535 : port(text, split + 1, end);
  if (low === undefined || high === undefined || low > high) return undefined;
  return low === high ? low : `${low}-${high}`;
}

/** Reads a port number of ASCII digits in `text[start..end)`, or returns undefined. */
function port(text: string, start: number, end: number): number | undefined {
  if (start >= end) return undefined;
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < zero || code > nine) return undefined;
    value = value * 10 + (code - zero);
  }
  return value > 65535 ? undefined : value;
}

/** Returns true for an ICMP type written as numbers, `T` or `T/C` of 1 to 3 digits each. */
function isIcmpNumber(text: string): boolean {
  const slash = text.indexOf('/');
  if (slash === -1) return text.length <= 3 && isDigits(text);
  return slash <= 3 && text.length - slash - 1 <= 3 && isDigits(text, 0, slash) && isDigits(text, slash + 1);
}
