/**
 * iptables-save and ip6tables-save output (legacy and nf_tables back ends), and the
 * `iptables -S` listing, as canonical firewall documents.
 *
 * The file grammar follows iptables-restore(8) of iptables 1.8.9. `*table` opens a table,
 * `:CHAIN POLICY [packets:bytes]` declares a chain, `-A CHAIN spec` appends a rule and `COMMIT`
 * closes the table. Any line may start with `[packets:bytes]` counters. Errors are the ones
 * `iptables-legacy-restore --test` reports, plus target and protocol checks that only a real
 * commit would make.
 */
import type { DataPath, Finding, LoadedDocument, Locator, SourceRange } from '../model.js';
import type { Chain, FirewallPolicy, Policy, Rule } from '../types/firewall.js';
import type { IpVersion } from '../util/ip.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { MAX_CHAIN_NAME, TABLE_CHAINS } from './iptables-extensions.js';
import { CommonRuleParser, Words } from './iptables-fast.js';
import { RuleParser, SpanStore, tokenRange, Tokenizer } from './iptables-rule.js';
import type { RuleContext, RuleProblem, Token } from './iptables-rule.js';
import { lineRange, loadFinding, looksBinary, NATIVE_CHECKS, setOwn } from './located.js';

interface ChainState {
  key: string;
  name: string;
  table: string;
  chain: Chain;
  range: SourceRange;
  nameRange: SourceRange;
  policyRange?: SourceRange;
  rules: Rule[];
  /** Offset in the file's SpanStore of each rule, in the order of `rules`. */
  offsets: number[];
  /** Line of the `:CHAIN` or `-N` declaration; built-in chains that were never declared have none. */
  declaredAt?: number;
}

interface TableState {
  name: string;
  line: number;
  committed: boolean;
  /** Set for a table name iptables does not have; its lines are skipped after one error. */
  unknown?: boolean;
  /** The rule parsers of the table, once a rule line needed them. */
  parsers?: TableParsers;
}

const carriageReturn = 0x0d;
const dash = 0x2d;
const bracket = 0x5b;
const closingBracket = 0x5d;
const capitalA = 0x41;
const colonCode = 0x3a;
const zeroCode = 0x30;
const nineCode = 0x39;

const counterPrefix = /^\[(\d+):(\d+)\]\s*/;

/**
 * Warnings that iptables tools print: stderr lines mixed into the output, and the two `#`
 * comments iptables-nft-save writes when rules exist that the dump does not show. Other `#`
 * comments are the user's, so they are not matched.
 */
const warningLine = /^(?:warning\b|(?:ip6?tables)(?:-legacy|-nft)?(?:-save|-restore)?(?: v[\d.]+)?(?: \([^)]*\))?:)|^#\s*(?:warning: ip6?tables-legacy tables present|table `[^']*' is incompatible)/i;

/** The parsers of one table's rules, and the context they share. */
interface TableParsers {
  context: RuleContext;
  common: CommonRuleParser;
  parser: RuleParser;
}

class IptablesParser {
  private readonly findings: Finding[] = [];
  private readonly chains = new Map<string, ChainState>();
  private table?: TableState;
  private readonly tablesSeen = new Set<string>();
  private family?: IpVersion;
  private readonly listing: boolean;
  private readonly parsers = new Map<string, TableParsers>();
  private readonly tokenizer = new Tokenizer();
  private readonly words = new Words();
  private readonly spans: SpanStore;

  constructor(
    private readonly text: string,
    private readonly context: ParseContext,
  ) {
    this.spans = new SpanStore(text.length);
    this.family = familyFromName(context.file) ?? familyFromHeader(text);
    // `iptables -S` prints no `*table` lines: its rules are those of one table, filter by default.
    this.listing = !/^(\[\d+:\d+\]\s*)?\*/m.test(text);
    if (this.listing) {
      this.table = { name: 'filter', line: 1, committed: false };
    }
  }

  parse(): ParseOutput {
    if (looksBinary(this.text)) {
      this.error(lineRange(1, 1, 1), 'file is binary, not iptables-save output', 'Give the text output of `iptables-save` or `ip6tables-save`.');
      return { documents: [], findings: this.findings };
    }
    // Slicing each line from the text, instead of splitting it into an array, lets the lines die
    // young: rules keep only the few words they need.
    let number = 0;
    for (let start = 0; start <= this.text.length; ) {
      let end = this.text.indexOf('\n', start);
      if (end === -1) end = this.text.length;
      const next = end + 1;
      if (end > start && this.text.charCodeAt(end - 1) === carriageReturn) end -= 1;
      number += 1;
      const first = this.text.charCodeAt(start);
      if (!((first === dash || first === bracket) && this.commonRuleLine(start, end, number))) {
        this.line(this.text.slice(start, end), number);
      }
      start = next;
    }
    if (this.table && !this.table.committed && !this.listing) {
      const last = number;
      this.error(lineRange(last, 1, 1), `table \`${this.table.name}\` (line ${this.table.line}) has no COMMIT, so iptables-restore rejects the file`, 'End every table with a `COMMIT` line.');
    }
    return { documents: [this.document()], findings: this.findings };
  }

  private line(raw: string, number: number): void {
    // Rule lines start with `-` or `[`, and only lines of other starts can be tool warnings, so
    // the trim and the warning pattern run on the few lines that are not rules.
    const start = raw.charCodeAt(0);
    if (start !== dash && start !== bracket && this.toolWarning(raw, number)) return;
    const { tokens, problem } = this.tokenizer.tokenize(raw, number);
    if (problem) {
      this.problem(problem);
      return;
    }
    let first = 0;
    let counters: { packets: number; bytes: number } | undefined;
    if (tokens[0]?.text.charCodeAt(0) === bracket) {
      counters = parseCounters(tokens[0].text);
      if (counters) first = 1;
    }
    const head = tokens[first];
    if (!head) return;
    if (head.text.startsWith('*') && first === 0) return this.tableLine(head, tokens, number);
    if (head.text.startsWith(':') && first === 0) return this.chainLine(tokens, number);
    if (head.text === 'COMMIT' && !head.quoted) return this.commitLine(head, number);
    switch (head.text) {
      case '-A':
      case '--append':
      case '-I':
      case '--insert':
        return this.ruleLine(tokens, first, number, counters, raw.length);
      case '-N':
      case '--new-chain':
        return this.newChainLine(tokens, first, number);
      case '-P':
      case '--policy':
        return this.policyLine(tokens, first, number);
      default:
        this.error(tokenRange(number, head), `line not understood: \`${head.text}\``, 'Expected `*table`, `:CHAIN POLICY [0:0]`, `-A CHAIN ...`, `COMMIT` or a `#` comment; check that the file is iptables-save output.');
    }
  }

  /** Reports a warning line of an iptables tool; returns true for it, blank lines and comments. */
  private toolWarning(raw: string, number: number): boolean {
    const trimmed = raw.trim();
    if (trimmed === '') return true;
    if (warningLine.test(trimmed)) {
      this.findings.push(loadFinding(this.context.file, lineRange(number, 1, raw.length + 1), `the tool that wrote this file warned: ${trimmed.replace(/^#\s*/, '')}`, 'Read the warning: rules in another back end (legacy or nf_tables) are not in this output.', NATIVE_CHECKS.toolWarning, 'warning'));
      return true;
    }
    return trimmed.startsWith('#');
  }

  private tableLine(head: Token, tokens: Token[], number: number): void {
    const name = head.text.slice(1);
    if (this.table && !this.table.committed) {
      this.error(tokenRange(number, head), `table \`${this.table.name}\` (line ${this.table.line}) is not closed with COMMIT before \`${head.text}\``, 'Add a `COMMIT` line at the end of each table.');
    }
    if (!TABLE_CHAINS[name] || tokens.length > 1) {
      this.error(tokenRange(number, head), `unknown table \`${name}\``, 'Use one of the tables filter, nat, mangle, raw or security.');
      this.table = { name, line: number, committed: false, unknown: true };
      return;
    }
    if (this.tablesSeen.has(name)) {
      this.findings.push(loadFinding(this.context.file, tokenRange(number, head), `table \`${name}\` appears twice; iptables-restore flushes the table again, so only the last block takes effect`, 'Merge the two blocks into one.', NATIVE_CHECKS.notUnderstood, 'warning'));
      for (const [key, state] of this.chains) {
        if (state.table === name) this.chains.delete(key);
      }
    }
    this.tablesSeen.add(name);
    this.table = { name, line: number, committed: false };
  }

  private commitLine(head: Token, number: number): void {
    if (!this.table || this.table.committed) {
      this.error(tokenRange(number, head), '`COMMIT` outside a table', 'Remove the line, or open the table with `*filter` (or its name) before its chains.');
      return;
    }
    this.table.committed = true;
  }

  /** Returns the open table, reporting a line that sits outside every table. */
  private openTable(token: Token, number: number): TableState | undefined {
    if (this.table?.unknown && !this.table.committed) return undefined;
    if (this.table && !this.table.committed) return this.table;
    this.error(tokenRange(number, token), 'line outside a table', 'Open the table with `*filter` (or its name) before its chains and rules.');
    return undefined;
  }

  private chainLine(tokens: Token[], number: number): void {
    const head = tokens[0] as Token;
    const table = this.openTable(head, number);
    if (!table) return;
    const name = head.text.slice(1);
    const policyToken = tokens[1];
    if (!this.validChainName(name, head, number)) return;
    const builtin = TABLE_CHAINS[table.name]?.[name] !== undefined;
    if (!policyToken) {
      this.error(tokenRange(number, head), `chain \`${name}\` has no policy`, builtin ? `Write \`:${name} ACCEPT [0:0]\` or \`:${name} DROP [0:0]\`.` : `Write \`:${name} - [0:0]\` for a user-defined chain.`);
      return;
    }
    const countersToken = tokens[2];
    const counters = countersToken ? counterPrefix.exec(`${countersToken.text} `) : undefined;
    if ((countersToken && !counters) || tokens.length > 3) {
      this.error(tokenRange(number, countersToken ?? head), `unexpected \`${(tokens[3] ?? countersToken)?.text}\` after the policy of chain \`${name}\``, 'Write the chain line as `:CHAIN POLICY [packets:bytes]`.');
      return;
    }
    const policy = this.chainPolicy(name, builtin, policyToken, number);
    if (policy === null) return;
    const state = this.declare(table.name, name, lineRange(number, 1, (tokens[tokens.length - 1] as Token).endColumn), tokenRange(number, head), number);
    if (!state) return;
    if (policy) {
      state.chain.policy = policy;
      state.policyRange = tokenRange(number, policyToken);
    }
    if (counters) {
      state.chain.counters = { packets: Number(counters[1]), bytes: Number(counters[2]) };
    }
  }

  /** Returns the policy of a chain line, undefined for `-`, or null after reporting an error. */
  private chainPolicy(name: string, builtin: boolean, token: Token, number: number): Policy | undefined | null {
    if (token.text === '-') return undefined;
    if (!builtin) {
      this.error(tokenRange(number, token), `user-defined chain \`${name}\` cannot have a policy`, `Write \`:${name} - [0:0]\`; only built-in chains have policies.`);
      return null;
    }
    if (token.text !== 'ACCEPT' && token.text !== 'DROP') {
      this.error(tokenRange(number, token), `invalid policy \`${token.text}\` for chain \`${name}\``, 'A built-in chain policy is ACCEPT or DROP; put a final `-j REJECT` rule in the chain to reject.');
      return null;
    }
    return token.text === 'ACCEPT' ? 'accept' : 'drop';
  }

  private validChainName(name: string, token: Token, number: number): boolean {
    if (name.length === 0 || name.length > MAX_CHAIN_NAME || name.startsWith('-') || name.startsWith('!')) {
      this.error(tokenRange(number, token), `invalid chain name \`${name}\` (1 to ${MAX_CHAIN_NAME} characters, not starting with \`-\` or \`!\`)`, 'Shorten or rename the chain.');
      return false;
    }
    return true;
  }

  private declare(table: string, name: string, range: SourceRange, nameRange: SourceRange, number: number): ChainState | undefined {
    const key = chainKey(table, name);
    const existing = this.chains.get(key);
    if (existing?.declaredAt !== undefined) {
      const builtin = TABLE_CHAINS[table]?.[name] !== undefined;
      if (!builtin) {
        this.error(nameRange, `chain \`${name}\` is declared twice (first at line ${existing.declaredAt})`, 'Remove the second declaration.');
        return undefined;
      }
    }
    const state = existing ?? this.newChain(table, name, range, nameRange);
    state.declaredAt = number;
    state.range = range;
    state.nameRange = nameRange;
    return state;
  }

  private newChain(table: string, name: string, range: SourceRange, nameRange: SourceRange): ChainState {
    const hook = TABLE_CHAINS[table]?.[name];
    const chain: Chain = hook ? { hook, table } : { table };
    const state: ChainState = { key: chainKey(table, name), name, table, chain, range, nameRange, rules: [], offsets: [] };
    this.chains.set(state.key, state);
    return state;
  }

  private newChainLine(tokens: Token[], first: number, number: number): void {
    const head = tokens[first] as Token;
    const table = this.openTable(head, number);
    const nameToken = tokens[first + 1];
    if (!table) return;
    if (!nameToken || tokens.length > first + 2) {
      this.error(tokenRange(number, head), '`-N` takes exactly one chain name', 'Write `-N CHAIN`.');
      return;
    }
    if (!this.validChainName(nameToken.text, nameToken, number)) return;
    if (TABLE_CHAINS[table.name]?.[nameToken.text] !== undefined) {
      this.error(tokenRange(number, nameToken), `chain \`${nameToken.text}\` is a built-in chain of table \`${table.name}\``, 'Pick another name for the user-defined chain.');
      return;
    }
    this.declare(table.name, nameToken.text, lineRange(number, head.column, nameToken.endColumn), tokenRange(number, nameToken), number);
  }

  private policyLine(tokens: Token[], first: number, number: number): void {
    const head = tokens[first] as Token;
    const table = this.openTable(head, number);
    const nameToken = tokens[first + 1];
    const policyToken = tokens[first + 2];
    if (!table) return;
    if (!nameToken || !policyToken) {
      this.error(tokenRange(number, head), '`-P` takes a chain and a policy', 'Write `-P CHAIN ACCEPT` or `-P CHAIN DROP`.');
      return;
    }
    const builtin = TABLE_CHAINS[table.name]?.[nameToken.text] !== undefined;
    if (!builtin) {
      this.error(tokenRange(number, nameToken), `\`${nameToken.text}\` is not a built-in chain of table \`${table.name}\`, so it has no policy`, 'Set policies only on built-in chains.');
      return;
    }
    const policy = this.chainPolicy(nameToken.text, true, policyToken, number);
    if (policy === null) return;
    const state = this.chains.get(chainKey(table.name, nameToken.text)) ?? this.newChain(table.name, nameToken.text, lineRange(number, head.column, policyToken.endColumn), tokenRange(number, nameToken));
    if (policy) {
      state.chain.policy = policy;
      state.policyRange = tokenRange(number, policyToken);
    }
  }

  /**
   * Takes a line of the common form `[packets:bytes] -A CHAIN rule` whose chain is declared and
   * whose rule the fast path takes, reading its words from the file text. Returns false, having
   * changed nothing, for every other line, which `line` then parses and checks in full.
   */
  private commonRuleLine(start: number, end: number, number: number): boolean {
    const table = this.table;
    if (!table || table.committed || table.unknown) return false;
    const words = this.words;
    if (!words.split(this.text, start, start, end)) return false;
    let head = 0;
    let counters: { packets: number; bytes: number } | undefined;
    if (words.count > 0 && this.text.charCodeAt(start) === bracket) {
      if (!words.isPlain(0)) return false;
      counters = readCounters(this.text, start, words.ends[0] as number);
      if (!counters) return false;
      head = 1;
    }
    if (head + 1 >= words.count || !words.isShort(head, capitalA) || !words.isPlain(head + 1)) return false;
    const state = this.chains.get(chainKey(table.name, words.shared(head + 1)));
    if (!state) return false;
    table.parsers ??= this.ruleParser(table.name);
    const { context, common } = table.parsers;
    context.line = number;
    context.family = this.family;
    context.ruleColumn = words.column(head);
    context.ruleEndColumn = end - start + 1;
    const parsed = common.parse(words, head + 2);
    if (!parsed) return false;
    this.family ??= parsed.family;
    if (counters) parsed.rule.counters = counters;
    state.rules.push(parsed.rule);
    state.offsets.push(parsed.offset);
    return true;
  }

  private ruleLine(tokens: Token[], first: number, number: number, counters: { packets: number; bytes: number } | undefined, length: number): void {
    const head = tokens[first] as Token;
    const table = this.openTable(head, number);
    const nameToken = tokens[first + 1];
    if (!table) return;
    if (!nameToken) {
      this.error(tokenRange(number, head), `\`${head.text}\` needs a chain name`, `Write \`${head.text} CHAIN\` followed by the rule.`);
      return;
    }
    const key = chainKey(table.name, nameToken.text);
    let state = this.chains.get(key);
    if (!state && TABLE_CHAINS[table.name]?.[nameToken.text] !== undefined) {
      state = this.newChain(table.name, nameToken.text, tokenRange(number, nameToken), tokenRange(number, nameToken));
    }
    if (!state) {
      this.error(tokenRange(number, nameToken), `chain \`${nameToken.text}\` is not defined in table \`${table.name}\``, `Declare it with \`:${nameToken.text} - [0:0]\` before its rules.`);
      return;
    }
    let from = first + 2;
    let position = state.rules.length;
    const insert = head.text === '-I' || head.text === '--insert';
    if (insert && /^\d+$/.test(tokens[from]?.text ?? '')) {
      position = Math.min(Math.max(Number((tokens[from] as Token).text) - 1, 0), state.rules.length);
      from += 1;
    } else if (insert) {
      position = 0;
    }
    const { context, parser } = this.ruleParser(table.name);
    context.line = number;
    context.family = this.family;
    context.ruleColumn = head.column;
    context.ruleEndColumn = length + 1;
    // commonRuleLine took the common rules, so RuleParser takes the rest and reports problems.
    const parsed = parser.parse(tokens, from);
    if (parsed.problems.length > 0) {
      parsed.problems.forEach((problem) => this.problem(problem));
      if (parsed.problems.some((problem) => problem.kind === 'error')) return;
    }
    this.family ??= parsed.family;
    if (counters) parsed.rule.counters = counters;
    // Appending is the common case, and a push is much cheaper than a splice into a long chain.
    if (position === state.rules.length) {
      state.rules.push(parsed.rule);
      state.offsets.push(parsed.offset);
    } else {
      state.rules.splice(position, 0, parsed.rule);
      state.offsets.splice(position, 0, parsed.offset);
    }
  }

  /** Returns the parser of a table's rules and the context it reads, made once per table. */
  private ruleParser(table: string): TableParsers {
    let entry = this.parsers.get(table);
    if (!entry) {
      const context: RuleContext = {
        line: 0,
        ruleColumn: 1,
        ruleEndColumn: 1,
        table,
        isUserChain: (name) => {
          const target = this.chains.get(chainKey(table, name));
          return target !== undefined && target.chain.hook === undefined;
        },
        isBuiltinChain: (name) => TABLE_CHAINS[table]?.[name] !== undefined,
        spans: this.spans,
      };
      entry = { context, common: new CommonRuleParser(context), parser: new RuleParser(context) };
      this.parsers.set(table, entry);
    }
    return entry;
  }

  private problem(problem: RuleProblem): void {
    if (problem.kind === 'error') {
      this.error(problem.range, problem.message, problem.fix);
    } else {
      this.findings.push(loadFinding(this.context.file, problem.range, problem.message, problem.fix, NATIVE_CHECKS.notUnderstood, 'warning'));
    }
  }

  private error(range: SourceRange, message: string, fix: string): void {
    this.findings.push(loadFinding(this.context.file, range, message, fix));
  }

  private document(): LoadedDocument {
    const chains: Record<string, Chain> = {};
    for (const state of this.chains.values()) {
      setOwn(chains, state.key, state.chain);
      if (state.rules.length > 0) state.chain.rules = state.rules;
    }
    const data: FirewallPolicy = { kind: 'firewall', family: this.family === 6 ? 'ipv6' : 'ipv4', chains };
    const format = this.family === 6 ? 'ip6tables-save' : 'iptables-save';
    return { kind: 'firewall', file: this.context.file, format, index: 0, data, locator: new IptablesLocator(this.chains, this.spans) };
  }
}

/**
 * Locates paths through the parsed chains and rules instead of a map of every field, because
 * a dump of 50,000 rules would otherwise keep hundreds of thousands of keys alive.
 */
class IptablesLocator implements Locator {
  constructor(
    private readonly chains: Map<string, ChainState>,
    private readonly spans: SpanStore,
  ) {}

  locate(path: DataPath, target: 'value' | 'key' = 'value'): SourceRange {
    const first = this.chains.values().next().value as ChainState | undefined;
    const fallback = first?.range ?? lineRange(1, 1, 1);
    if (path[0] !== 'chains' || path.length === 1) return fallback;
    const state = this.chains.get(String(path[1]));
    if (!state) return fallback;
    if (path.length === 2) return target === 'key' ? state.nameRange : state.range;
    if (path[2] === 'policy' && state.policyRange) return state.policyRange;
    if (path[2] !== 'rules' || state.rules.length === 0) return state.range;
    // The `rules` list itself, and an index past its end, resolve to the first rule.
    const offset = state.offsets[typeof path[3] === 'number' ? path[3] : 0];
    if (offset === undefined) {
      const [line, column, endColumn] = this.spans.rule(state.offsets[0] as number);
      return lineRange(line, column, endColumn);
    }
    const [line, column, endColumn] = this.spans.rule(offset);
    const columns = this.spans.find(offset, path[4], path[5]);
    return columns ? lineRange(line, columns[0], columns[1]) : lineRange(line, column, endColumn);
  }
}

/**
 * Reads a `[packets:bytes]` counter word, as iptables-save -c writes before a rule. Returns
 * undefined for any other word. Scans the characters, because a regular expression per rule
 * line was a measurable share of parsing large dumps.
 */
function parseCounters(text: string): { packets: number; bytes: number } | undefined {
  return readCounters(text, 0, text.length);
}

/**
 * `[0:0]` counters, frozen and shared by every rule that has them, because dumps
 * written with `-c` give most rules zero counters.
 */
const zeroCounters: { packets: number; bytes: number } = Object.freeze({ packets: 0, bytes: 0 });

/** Reads a counter word at `text[start..end)` like parseCounters, without slicing it first. */
function readCounters(text: string, start: number, end: number): { packets: number; bytes: number } | undefined {
  const last = end - 1;
  if (end - start < 5 || text.charCodeAt(start) !== bracket || text.charCodeAt(last) !== closingBracket) return undefined;
  let colon = start + 1;
  while (colon < last && text.charCodeAt(colon) !== colonCode) colon += 1;
  if (colon < start + 2 || colon > last - 1) return undefined;
  const packets = readCount(text, start + 1, colon);
  const bytes = readCount(text, colon + 1, last);
  if (packets < 0 || bytes < 0) return undefined;
  if (packets === 0 && bytes === 0) return zeroCounters;
  // Made by Object.create for the reason newRule gives: every rule of a dump keeps one.
  const counters = Object.create(Object.prototype) as { packets: number; bytes: number };
  counters.packets = packets;
  counters.bytes = bytes;
  return counters;
}

/** Reads the ASCII digits of `text[start..end)` as a number, or returns -1 if any is not a digit. */
function readCount(text: string, start: number, end: number): number {
  if (start >= end) return -1;
  let value = 0;
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code < zeroCode || code > nineCode) return -1;
    value = value * 10 + (code - zeroCode);
  }
  // Up to 15 digits the sum is exact; longer counts are rounded the way Number rounds them.
  return end - start <= 15 ? value : Number(text.slice(start, end));
}

/** Returns the key of a chain in the canonical `chains` map: its name, prefixed by any table but filter. */
export function chainKey(table: string, name: string): string {
  return table === 'filter' ? name : `${table}/${name}`;
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function familyFromName(path: string): IpVersion | undefined {
  const name = baseName(path).toLowerCase();
  if (/ip6tables|\.v6$|\bipv6\b/.test(name)) return 6;
  if (/iptables|\.v4$/.test(name)) return 4;
  return undefined;
}

function familyFromHeader(text: string): IpVersion | undefined {
  const header = /^# Generated by (ip6?)tables-save/m.exec(text.slice(0, 4096));
  if (!header) return undefined;
  return header[1] === 'ip6' ? 6 : 4;
}

/** Parses iptables-save, ip6tables-save or `iptables -S` text into one firewall document. */
export function parseIptables(text: string, context: ParseContext): ParseOutput {
  return new IptablesParser(text, context).parse();
}

// `rules.v4` is the iptables-persistent name, and any `NAME.v4` or `NAME.v6` follows it.
const nameClaim = /(^|[^a-z])ip6?tables|\.v[46]$/i;
const contentClaim = /^(\[\d+:\d+\]\s*)?(\*(filter|nat|mangle|raw|security)\s*$|:\S+ (ACCEPT|DROP|-)( \[\d+:\d+\])?\s*$|-[ANP] \S+)/m;
/**
 * Lines that only iptables-save or `iptables -S` output has (a table header, a chain line or a
 * built-in chain's policy), which a file whose name does not say iptables must contain. A `-A`
 * line is not enough, because auditd rules files (auditctl(8)) also start lines with `-A`.
 */
const contentOnlyClaim = /^(\*(filter|nat|mangle|raw|security)\s*$|:\S+ (ACCEPT|DROP|-)( \[\d+:\d+\])?\s*$|-P \S+ (ACCEPT|DROP)\s*$)/m;
const generatedHeader = /^# Generated by ip6?tables-save/m;

/** iptables-save and `iptables -S` output, recognised by a name containing `iptables` or ending in `.v4` or `.v6`. */
export const iptablesFormat: SourceFormat = {
  name: 'iptables-save',
  claimsName: (path) => nameClaim.test(baseName(path)),
  claimsContent: (head, path) => {
    const claim = nameClaim.test(baseName(path)) ? contentClaim : contentOnlyClaim;
    return claim.test(head) || generatedHeader.test(head);
  },
  parse: parseIptables,
};
