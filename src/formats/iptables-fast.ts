/**
 * A fast path for the rule specifications that iptables-save writes most often. It handles
 * IPv4 addresses, protocols, interfaces, the port, state, comment and ICMP matches, options of
 * other matches (kept as `unmodeled`), the ACCEPT, DROP, RETURN, LOG and REJECT targets and
 * jumps to user chains.
 *
 * It gives exactly the rule, field columns and family that RuleParser gives for such a rule,
 * with fewer objects and lookups per word, because these rules make up almost all of a large
 * dump. For anything else (negated options but `! -s` and `! -d`, long option names, host
 * names, service names, implicit matches, any problem) it gives up and leaves no trace, and
 * RuleParser parses the rule and reports the problems.
 */
import type { Rule } from '../types/firewall.js';
import type { IpVersion } from '../util/ip.js';
import type { ExtensionSpec, TargetSpec } from './iptables-extensions.js';
import { ICMPV6_TYPES, ICMP_TYPES, MATCH_EXTENSIONS, MULTIPORT_MAX_SLOTS, TARGET_EXTENSIONS, VERDICT_TARGETS } from './iptables-extensions.js';
import {
  ipv4Prefix,
  isDigits,
  logLevels,
  looksLikeOption,
  matchProtocols,
  newRule,
  noProblems,
  protocolName,
  quoteValue,
  stateList,
} from './iptables-rule.js';
import type { ParsedRule, RuleContext, Token } from './iptables-rule.js';

/** A `-m` match of the rule, with the option words it keeps for `unmodeled`. */
interface Match {
  name: string;
  options: Record<string, number>;
  words: string[];
  column: number;
  endColumn: number;
}

/** Text and columns of an `unmodeled` or `targetOptions` entry. */
interface Entry {
  text: string;
  column: number;
  endColumn: number;
}

/** Maximum number of strings one parser shares between rules (see CommonRuleParser.intern). */
const internLimit = 4096;

const icmpNumber = /^\d{1,3}(\/\d{1,3})?$/;
const logLevel = /^[0-7]$/;

/** Result of a parsing step that gives up on the rule. */
const giveUp = false;

/**
 * Parser of common rule specifications, one per table of a file like RuleParser. `parse`
 * returns undefined for a rule it does not handle.
 */
export class CommonRuleParser {
  private rule: Rule = { action: 'continue' };
  private tokens: readonly Token[] = [];
  private index = 0;
  private family?: IpVersion;
  private protocol?: string;
  /** Name of the rule's `-j` target, and its extension when it is one. */
  private targetName?: string;
  private targetSpec?: TargetSpec;
  private matches: Match[] = [];
  private unmodeled: Entry[] = [];
  private targetWords: Entry[] = [];
  private readonly strings = new Map<string, string>();

  constructor(private readonly context: RuleContext) {}

  /** Parses `tokens[from..]` like RuleParser.parse, or returns undefined and records nothing. */
  parse(tokens: readonly Token[], from: number): ParsedRule | undefined {
    const context = this.context;
    const before = context.spans.length;
    const offset = context.spans.beginRule(context.line, context.ruleColumn, context.ruleEndColumn);
    this.rule = newRule();
    this.tokens = tokens;
    this.index = from;
    this.family = context.family;
    this.protocol = undefined;
    this.targetName = undefined;
    this.targetSpec = undefined;
    // New lists cost less than emptying the old ones, which V8 does in its runtime.
    if (this.matches.length > 0) this.matches = [];
    if (this.unmodeled.length > 0) this.unmodeled = [];
    if (this.targetWords.length > 0) this.targetWords = [];
    if (!this.words() || !this.finish()) {
      context.spans.truncate(before);
      return undefined;
    }
    return { rule: this.rule, line: context.line, offset, problems: noProblems, family: this.family, column: context.ruleColumn, endColumn: context.ruleEndColumn };
  }

  private words(): boolean {
    while (this.index < this.tokens.length) {
      let token = this.tokens[this.index] as Token;
      this.index += 1;
      let negated = false;
      if (token.text === '!' && !token.quoted) {
        const next = this.tokens[this.index];
        if (!next || (next.text !== '-s' && next.text !== '-d')) return giveUp;
        negated = true;
        token = next;
        this.index += 1;
      }
      if (token.quoted || !this.option(token, negated)) return giveUp;
    }
    return true;
  }

  private option(token: Token, negated: boolean): boolean {
    switch (token.text) {
      case '-s':
        return this.address(token, negated, 'source');
      case '-d':
        return this.address(token, negated, 'destination');
      case '-p':
        return this.protocolOption(token);
      case '-i':
        return this.interfaceOption(token, 'inInterface');
      case '-o':
        return this.interfaceOption(token, 'outInterface');
      case '-m':
        return this.matchOption();
      case '-j':
        return this.targetOption(token);
      default:
        // Long names of the options above, and -f, -g, -c, -4 and -6, are left to RuleParser.
        return token.text.startsWith('--') && !coreLongOptions.has(token.text) && this.extensionOption(token);
    }
  }

  /** Returns the value word of an option, or undefined at the end of the line. */
  private value(): Token | undefined {
    const value = this.tokens[this.index];
    if (value) this.index += 1;
    return value;
  }

  private address(option: Token, negated: boolean, field: 'source' | 'destination'): boolean {
    const value = this.value();
    if (!value || this.rule[field] !== undefined || value.text.includes(',')) return giveUp;
    const address = ipv4Prefix(value.text);
    if (address === undefined || address === 'any' || this.family === 6) return giveUp;
    this.family = 4;
    this.rule[field] = address;
    this.mark(field, option, value);
    if (negated) {
      const not = field === 'source' ? 'sourceNot' : 'destinationNot';
      this.rule[not] = true;
      this.mark(not, option, value);
    }
    return true;
  }

  private protocolOption(option: Token): boolean {
    const value = this.value();
    if (!value || this.protocol !== undefined) return giveUp;
    const named = protocolName(value.text);
    if (named === undefined) return giveUp;
    this.protocol = named;
    if (named !== 'any') {
      this.rule.protocol = isDigits(named) ? Number(named) : named;
      this.mark('protocol', option, value);
    }
    return true;
  }

  private interfaceOption(option: Token, field: 'inInterface' | 'outInterface'): boolean {
    const value = this.value();
    // Linux interface names are at most 15 bytes (IFNAMSIZ - 1).
    if (!value || value.text.length === 0 || value.text.length > 15 || this.rule[field] !== undefined) return giveUp;
    this.rule[field] = this.intern(value.text);
    this.mark(field, option, value);
    return true;
  }

  private matchOption(): boolean {
    const value = this.value();
    const options = value ? (MATCH_EXTENSIONS[value.text] as ExtensionSpec | undefined)?.options : undefined;
    // A match without an option list takes any option, which RuleParser resolves.
    if (!value || !options) return giveUp;
    this.matches.push({ name: value.text, options, words: [], column: this.tokens[this.index - 2]?.column ?? value.column, endColumn: value.endColumn });
    return true;
  }

  private targetOption(option: Token): boolean {
    const value = this.value();
    if (!value || this.targetName !== undefined) return giveUp;
    const name = value.text;
    this.mark('action', option, value);

    if (this.context.isUserChain(name)) {
      this.targetName = name;
      this.rule.action = 'jump';
      // The target is the chain's key in `chains`, which carries the table prefix outside filter.
      this.rule.target = this.intern(this.context.table === 'filter' ? name : `${this.context.table}/${name}`);
      this.mark('target', value, value);
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
      this.mark('target', value, value);
    }
    return true;
  }

  /** Parses an option of the target or of a `-m` match, found the way RuleParser.ownerOf finds it. */
  private extensionOption(option: Token): boolean {
    const name = option.text;
    const targetArity = this.targetSpec?.options?.[name];
    let match: Match | undefined;
    if (targetArity === undefined) {
      for (let index = this.matches.length - 1; index >= 0 && !match; index -= 1) {
        const candidate = this.matches[index] as Match;
        if (candidate.options[name] !== undefined) match = candidate;
      }
      // An implicit match (`-p tcp --dport 22`) or an option of no loaded match.
      if (!match) return giveUp;
    }
    const arity = targetArity ?? (match as Match).options[name] as number;
    const first = this.index;
    for (let count = 0; count < arity; count += 1) {
      const value = this.tokens[this.index];
      if (!value || (!value.quoted && looksLikeOption(value.text))) return giveUp;
      this.index += 1;
    }
    const last = (this.tokens[this.index - 1] as Token);
    if (!match) return this.targetValue(option, first, last);
    match.endColumn = last.endColumn;
    const modelled = arity === 0 ? false : this.modelled(option, this.tokens[first] as Token);
    if (modelled === undefined) return giveUp;
    if (!modelled) {
      match.words.push(name);
      for (let index = first; index < this.index; index += 1) match.words.push(quoteValue((this.tokens[index] as Token).text));
    }
    return true;
  }

  /** Maps a match option to rule fields: true when it did, false for `unmodeled`, undefined to give up. */
  private modelled(option: Token, value: Token): boolean | undefined {
    switch (option.text) {
      case '--sport':
      case '--source-port':
        return this.ports(value, 'sourcePorts', false);
      case '--dport':
      case '--destination-port':
        return this.ports(value, 'ports', false);
      case '--sports':
      case '--source-ports':
        return this.ports(value, 'sourcePorts', true);
      case '--dports':
      case '--destination-ports':
        return this.ports(value, 'ports', true);
      case '--icmp-type':
      case '--icmpv6-type':
        return this.icmp(option, value);
      case '--state':
      case '--ctstate':
        return this.state(option, value);
      case '--comment':
        if (this.rule.comment !== undefined) return undefined;
        this.rule.comment = value.text;
        this.mark('comment', value, value);
        return true;
      case '--ports':
      case '--match-set':
      case '--src-range':
      case '--dst-range':
        return undefined;
      default:
        return false;
    }
  }

  private ports(value: Token, field: 'ports' | 'sourcePorts', list: boolean): boolean | undefined {
    if (this.rule[field] !== undefined) return undefined;
    let ports: number | string | (number | string)[] | undefined;
    if (list) {
      // Made by `new Array` for the reason newRule gives.
      const entries = new Array<number | string>();
      let slots = 0;
      for (const part of value.text.split(',')) {
        const port = portSpec(part);
        if (port === undefined) return undefined;
        entries.push(port);
        slots += typeof port === 'string' ? 2 : 1;
      }
      if (slots > MULTIPORT_MAX_SLOTS) return undefined;
      ports = entries.length === 1 ? entries[0] : entries;
    } else {
      ports = portSpec(value.text);
    }
    if (ports === undefined) return undefined;
    this.rule[field] = ports;
    this.mark(field, value, value);
    return true;
  }

  private icmp(option: Token, value: Token): boolean | undefined {
    const text = value.text;
    let type: string | undefined = (option.text === '--icmp-type' ? ICMP_TYPES : ICMPV6_TYPES)[text];
    if (text === 'any' || icmpNumber.test(text)) type = text;
    if (type === undefined || this.rule.icmpType !== undefined) return undefined;
    if (type === 'any') return true;
    this.rule.icmpType = isDigits(type) ? Number(type) : type;
    this.mark('icmpType', value, value);
    return true;
  }

  private state(option: Token, value: Token): boolean | undefined {
    const states = stateList(value.text, option.text === '--ctstate');
    if (states === null || typeof states === 'string' || this.rule.state !== undefined) return undefined;
    // Each rule gets its own copy, so that a change to one rule's list leaves the others alone.
    this.rule.state = states.slice();
    this.mark('state', value, value);
    return true;
  }

  private targetValue(option: Token, first: number, last: Token): boolean {
    const name = this.targetName;
    const count = this.index - first;
    const text = count === 1 ? (this.tokens[first] as Token).text : this.tokens.slice(first, this.index).map((value) => value.text).join(' ');
    if ((name === 'LOG' && option.text === '--log-prefix') || (name === 'NFLOG' && option.text === '--nflog-prefix')) {
      this.rule.logPrefix = text;
      this.mark('logPrefix', last, last);
      return true;
    }
    if (name === 'LOG' && option.text === '--log-level') {
      const level = logLevels[text.toLowerCase()] ?? text;
      if (!logLevel.test(level)) return giveUp;
      // Level 4 (warning) is the default, and iptables-save leaves it out.
      if (level !== '4') this.targetWord(`--log-level ${level}`, option, last);
      return true;
    }
    if (name === 'REJECT' && option.text === '--reject-with') {
      const reason = text === 'tcp-rst' ? 'tcp-reset' : text;
      // The default reason is dropped so that `-j REJECT` equals what iptables-save prints for it.
      if (reason !== 'icmp-port-unreachable' && reason !== 'icmp6-port-unreachable') this.targetWord(`--reject-with ${reason}`, option, last);
      return true;
    }
    const values = this.tokens.slice(first, this.index);
    this.targetWord([option.text, ...values.map((value) => quoteValue(value.text))].join(' '), option, last);
    return true;
  }

  private targetWord(text: string, first: Token, last: Token): void {
    this.targetWords.push({ text: this.intern(text), column: first.column, endColumn: last.endColumn });
  }

  /** Checks the protocol of each match and records the lists, as RuleParser.finish does. */
  private finish(): boolean {
    for (const match of this.matches) {
      const needed = matchProtocols[match.name];
      if (needed && !needed.includes(this.protocol ?? '')) return giveUp;
      if (match.words.length > 0) {
        this.unmodeled.push({ text: this.intern(`-m ${match.name} ${match.words.join(' ')}`), column: match.column, endColumn: match.endColumn });
      }
    }
    if (this.unmodeled.length > 0) this.rule.unmodeled = this.list('unmodeled', this.unmodeled);
    if (this.targetWords.length > 0) this.rule.targetOptions = this.list('targetOptions', this.targetWords);
    return true;
  }

  private list(field: string, entries: readonly Entry[]): string[] {
    const texts = new Array<string>();
    for (let index = 0; index < entries.length; index += 1) {
      const entry = entries[index] as Entry;
      texts.push(entry.text);
      this.context.spans.push(field, index, entry.column, entry.endColumn);
    }
    return texts;
  }

  private mark(field: string, first: Token, last: Token): void {
    this.context.spans.push(field, -1, first.column, last.endColumn);
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

/** Parses `N`, `N:M`, `N:` or `:M` with port numbers. Returns undefined for service names and errors. */
function portSpec(text: string): number | string | undefined {
  const colon = text.indexOf(':');
  if (colon === -1) return port(text);
  const low = colon === 0 ? 0 : port(text.slice(0, colon));
  const high = colon === text.length - 1 ? 65535 : port(text.slice(colon + 1));
  if (low === undefined || high === undefined || low > high) return undefined;
  return low === high ? low : `${low}-${high}`;
}

function port(text: string): number | undefined {
  if (!isDigits(text)) return undefined;
  const value = Number(text);
  return value > 65535 ? undefined : value;
}
