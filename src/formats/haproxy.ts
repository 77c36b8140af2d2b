/**
 * HAProxy configuration files as canonical load-balancer documents.
 *
 * Sections and keywords follow the HAProxy 2.6 configuration manual. `frontend`, `backend`
 * and `listen` sections become frontends and backends, and a `listen` section becomes both
 * under one name. Each proxy inherits the last `defaults` section above it, or the one named
 * with `from NAME`, and the settings of that section are copied into the proxy, with locations
 * that point at the `defaults` line. The document's own `defaults` is set only when every
 * proxy inherits the same section, because rules fall back to it. Keywords no rule looks at
 * are accepted and skipped. A keyword HAProxy does not accept, or one in the wrong section, is reported.
 */
import type { DataPath, Finding, LoadedDocument, SourceRange } from '../model.js';
import type { Backend, Bind, Frontend, HealthCheck, LoadBalancer, Server, Timeouts } from '../types/loadbalancer.js';
import { parseAddress } from '../util/ip.js';
import { closestMatch } from '../util/text.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import {
  BALANCE_ALGORITHMS,
  CHECK_OPTIONS,
  FATAL_WHEN_MISPLACED,
  GLOBAL_PROXY_KEYWORDS,
  GLOBAL_STATS_KEYWORDS,
  MODELLED_TIMEOUTS,
  OPTIONS,
  OTHER_TIMEOUTS,
  PREDEFINED_ACLS,
  PROXY_KEYWORDS,
  SECTION_KEYWORDS,
  SERVER_FLAG_OPTIONS,
  SERVER_VALUE_OPTIONS,
  SUBKEYWORD_PLACEMENTS,
} from './haproxy-keywords.js';
import type { Placement, ProxyType } from './haproxy-keywords.js';
import { MapLocator, NATIVE_CHECKS, lineRange, loadFinding, looksBinary, splitLines } from './located.js';

/** One word of a configuration line, unquoted, with its columns. */
interface Word {
  text: string;
  column: number;
  endColumn: number;
}

type Located<T> = { value: T; range: SourceRange };

/** Settings a `defaults` section passes on, each with where it was written. */
interface DefaultsState {
  name?: string;
  mode?: Located<'http' | 'tcp'>;
  balance?: Located<Backend['balance']>;
  timeouts: Map<keyof Timeouts, Located<number | string>>;
  healthCheck?: Located<HealthCheck>;
  defaultServer: Map<string, Located<string>>;
  defaultBackend?: Located<string>;
  /** First `stats` line that enables the stats page, which HAProxy serves only in HTTP mode. */
  stats?: SourceRange;
  /**
   * First `redirect` or `http-request` line that sends a response, which needs HTTP mode. In a
   * named defaults section, the line runs before the rules of each proxy that inherits it.
   */
  httpResponse?: SourceRange;
  /** Line of the section header. */
  line?: number;
  /** TCP and HTTP rules of a named defaults section, which limit the sections that inherit it. */
  rules?: DefaultsRules;
  /** Header lines of the first frontend and the first backend that inherit this section. */
  inheritedBy?: { frontend?: number; backend?: number };
}

/** The TCP and HTTP rules of a defaults section, as HAProxy 2.6 restricts its inheritance. */
interface DefaultsRules {
  /** First `tcp-request connection` or `tcp-request session` rule, which only a frontend can run. */
  frontendOnly?: string;
  /** First `tcp-response content` rule, which only a backend can run. */
  backendOnly?: string;
}

/** Keywords that add TCP or HTTP rules. */
const RULE_KEYWORDS = new Set(['http-after-response', 'http-request', 'http-response', 'tcp-request', 'tcp-response']);

interface ProxyState extends DefaultsState {
  type: ProxyType;
  line: number;
  range: SourceRange;
  nameRange?: SourceRange;
  acls: Set<string>;
  binds: Located<Bind>[];
  servers: { server: Server; range: SourceRange; fields: Map<string, SourceRange> }[];
  useBackends: { backend: string; condition?: string; range: SourceRange; backendRange: SourceRange }[];
  description?: Located<string>;
  /** First `tcp-request` line that hands every connection to a service, in either mode. */
  serviceResponse?: SourceRange;
  /** First `use-fcgi-app` line, which HAProxy 2.6 rejects unless a server uses `proto fcgi`. */
  fcgiApp?: SourceRange;
  /** Set when a server has `proto fcgi`, its own or from `default-server`. */
  fcgiServer?: boolean;
  inherited?: DefaultsState;
}

/** Most servers one `server-template` line may add to the model. */
const MAX_TEMPLATE_SERVERS = 1000;

const timePattern = /^(\d+)(us|ms|s|m|h|d)?$/;

/**
 * Splits a line into words as HAProxy 2.6 does: `#` starts a comment, `"..."` and `'...'`
 * quote (without the quotes), and a backslash escapes the next character outside single quotes.
 */
function splitWords(line: string): { words: Word[]; error?: number } {
  const words: Word[] = [];
  let index = 0;
  while (index < line.length) {
    while (index < line.length && (line[index] === ' ' || line[index] === '\t')) index += 1;
    if (index >= line.length || line[index] === '#') break;
    const start = index;
    let text = '';
    let quote: string | undefined;
    while (index < line.length && (quote || (line[index] !== ' ' && line[index] !== '\t' && line[index] !== '#'))) {
      const char = line[index] as string;
      if (char === '\\' && quote !== "'" && index + 1 < line.length) {
        text += line[index + 1];
        index += 2;
        continue;
      }
      if ((char === '"' || char === "'") && (quote === undefined || quote === char)) {
        quote = quote ? undefined : char;
      } else {
        text += char;
      }
      index += 1;
    }
    if (quote) return { words, error: start + 1 };
    words.push({ text, column: start + 1, endColumn: index + 1 });
  }
  return { words };
}

class HaproxyParser {
  private readonly findings: Finding[] = [];
  private readonly proxies: ProxyState[] = [];
  private readonly named = new Map<string, ProxyState>();
  private readonly namedDefaults = new Map<string, DefaultsState>();
  /** The last `defaults` section so far, which a proxy without `from` inherits. */
  private defaults?: DefaultsState;
  /** Header lines of the `defaults` sections, for the document's locations. */
  private readonly defaultsRanges = new Map<DefaultsState, SourceRange>();
  private section?: { type: string; proxy?: ProxyState; defaults?: DefaultsState };
  private lineNumber = 0;
  private rawLine = '';

  constructor(
    private readonly text: string,
    private readonly context: ParseContext,
  ) {}

  parse(): ParseOutput {
    if (looksBinary(this.text)) {
      this.error(lineRange(1, 1, 1), 'file is binary, not an HAProxy configuration', 'Name a text haproxy.cfg file.');
      return { documents: [], findings: this.findings };
    }
    splitLines(this.text).forEach((line, index) => {
      this.lineNumber = index + 1;
      this.rawLine = line;
      this.line(line);
    });
    this.checkFcgiServers();
    return { documents: [this.document()], findings: this.findings };
  }

  private line(line: string): void {
    const { words, error } = splitWords(line);
    if (error !== undefined) {
      this.error(lineRange(this.lineNumber, error, line.length + 1), 'unterminated quoted string', 'Close the quote, or escape a literal quote with a backslash.');
      return;
    }
    const keyword = words[0];
    if (!keyword) return;
    if (SECTION_KEYWORDS.has(keyword.text)) {
      this.openSection(keyword, words);
      return;
    }
    if (!this.section) {
      this.error(this.range(keyword), `\`${keyword.text}\` appears before any section`, 'Put the line inside a `global`, `defaults`, `frontend`, `backend` or `listen` section.');
      return;
    }
    const { type, proxy, defaults } = this.section;
    if (type === 'global') {
      this.globalKeyword(words);
    } else if (type === 'defaults' && defaults) {
      this.proxyKeyword('defaults', defaults, undefined, words);
    } else if (proxy) {
      this.proxyKeyword(proxy.type, proxy, proxy, words);
    }
    // Keywords of global and the other sections are kept out of the model on purpose.
  }

  /**
   * Reports a proxy keyword in the global section, which HAProxy 2.6 rejects unless the global
   * section has a keyword of the same name. Other keywords are not checked, because the global
   * keywords depend on how HAProxy was built.
   */
  private globalKeyword(words: Word[]): void {
    const keyword = words[0] as Word;
    const [first, second] = keyword.text === 'no' ? [words[1], words[2]] : [keyword, words[1]];
    if (!first) return;
    if (PROXY_KEYWORDS[first.text] && !GLOBAL_PROXY_KEYWORDS.has(first.text)) {
      this.error(this.range(first), `\`${first.text}\` is not allowed in the global section`, 'Move it to a defaults, frontend, backend or listen section.');
    } else if (first.text === 'log' && second?.text === 'global') {
      this.error(this.range(second), '`log global` is not allowed in the global section, which defines the global log servers', 'Give a log server address, such as `log 127.0.0.1:514 local0`.');
    } else if (first.text === 'stats' && second && !GLOBAL_STATS_KEYWORDS.has(second.text)) {
      this.error(this.range(second), `\`stats ${second.text}\` is not allowed in the global section, which only takes ${[...GLOBAL_STATS_KEYWORDS].map((name) => `\`stats ${name}\``).join(', ')}`, 'Move it to a defaults, frontend, backend or listen section.');
    } else if (first.text === 'external-check' && second) {
      this.error(this.range(second), `\`external-check\` takes no argument in the global section`, 'Write `external-check` alone in the global section, and `external-check command` in the backend.');
    }
  }

  private openSection(keyword: Word, words: Word[]): void {
    const type = keyword.text;
    const name = words[1];
    if (type === 'defaults') {
      const state = this.newDefaults(words);
      this.section = { type, defaults: state };
      return;
    }
    if (type !== 'frontend' && type !== 'backend' && type !== 'listen') {
      this.section = { type };
      return;
    }
    if (!name) {
      this.error(this.range(keyword), `\`${type}\` section has no name`, `Write \`${type} NAME\`.`);
      this.section = { type: 'invalid' };
      return;
    }
    if (!/^[A-Za-z0-9_.:-]+$/.test(name.text)) {
      this.error(this.range(name), `invalid ${type} name \`${name.text}\`: only letters, digits, \`-\`, \`_\`, \`.\` and \`:\` are allowed`, 'Rename the proxy.');
    }
    const inherited = this.inheritedDefaults(words);
    if (inherited) this.checkRuleInheritance(type, name.text, words, inherited);
    const proxy: ProxyState = {
      type,
      name: name.text,
      line: this.lineNumber,
      range: lineRange(this.lineNumber, keyword.column, this.rawLine.length + 1),
      nameRange: this.range(name),
      timeouts: new Map(),
      defaultServer: new Map(),
      acls: new Set(),
      binds: [],
      servers: [],
      useBackends: [],
      inherited,
    };
    this.checkDuplicateProxy(proxy, name);
    this.proxies.push(proxy);
    this.section = { type, proxy };
  }

  private newDefaults(words: Word[]): DefaultsState {
    const name = words[1] && words[1].text !== 'from' ? words[1].text : undefined;
    const explicit = words.some((word, index) => index > 0 && word.text === 'from');
    // HAProxy 2.6 starts a defaults section without `from` from its built-in settings, not from
    // the defaults section before it.
    const parent = explicit ? this.inheritedDefaults(words) : undefined;
    if (parent?.rules) {
      this.inheritanceError(words, `defaults section cannot inherit from the defaults section at line ${parent.line ?? 0}, because it defines TCP or HTTP rules`, 'Inherit from a defaults section without TCP or HTTP rules.');
    }
    const state: DefaultsState = {
      name,
      line: this.lineNumber,
      mode: parent?.mode,
      balance: parent?.balance,
      timeouts: new Map(parent?.timeouts ?? []),
      healthCheck: parent?.healthCheck,
      defaultServer: new Map(parent?.defaultServer ?? []),
      defaultBackend: parent?.defaultBackend,
      stats: parent?.stats,
    };
    if (name) this.namedDefaults.set(name, state);
    this.defaults = state;
    this.defaultsRanges.set(state, lineRange(this.lineNumber, 1, this.rawLine.length + 1));
    return state;
  }

  /** Returns the defaults a section inherits: `from NAME`, else the last `defaults` section. */
  private inheritedDefaults(words: Word[]): DefaultsState | undefined {
    const fromIndex = words.findIndex((word, index) => index > 0 && word.text === 'from');
    if (fromIndex === -1) return this.defaults;
    const target = words[fromIndex + 1];
    const found = target ? this.namedDefaults.get(target.text) : undefined;
    if (!found) {
      const at = target ?? (words[fromIndex] as Word);
      this.error(this.range(at), `defaults section \`${target?.text ?? ''}\` is not defined before this line`, 'Name a `defaults` section declared above, or remove `from`.');
    }
    return found ?? this.defaults;
  }

  /**
   * Reports an inheritance that HAProxy 2.6 rejects from a defaults section with TCP or HTTP
   * rules: by a listen section, by both a frontend and a backend, by a backend when the rules
   * include `tcp-request connection` or `session`, and by a frontend when they include
   * `tcp-response content`.
   */
  private checkRuleInheritance(type: ProxyType, name: string, words: Word[], parent: DefaultsState): void {
    const rules = parent.rules;
    const side = type === 'frontend' || type === 'backend' ? type : undefined;
    if (side) {
      parent.inheritedBy ??= {};
      parent.inheritedBy[side] ??= this.lineNumber;
    }
    if (!rules) return;
    const proxy = `${type} \`${name}\``;
    const source = `the defaults section at line ${parent.line ?? 0}`;
    if (type === 'listen') {
      this.inheritanceError(words, `${proxy} cannot inherit from ${source}, because it defines TCP or HTTP rules`, 'Inherit from a defaults section without TCP or HTTP rules, or move the rules into the listen section.');
    } else if (type === 'backend' && rules.frontendOnly) {
      this.inheritanceError(words, `${proxy} cannot inherit from ${source}, because it defines \`${rules.frontendOnly}\` rules, which only a frontend runs`, `Move the \`${rules.frontendOnly}\` rules to a defaults section that only frontends inherit.`);
    } else if (type === 'frontend' && rules.backendOnly) {
      this.inheritanceError(words, `${proxy} cannot inherit from ${source}, because it defines \`${rules.backendOnly}\` rules, which only a backend runs`, `Move the \`${rules.backendOnly}\` rules to a defaults section that only backends inherit.`);
    } else if (parent.inheritedBy?.frontend !== undefined && parent.inheritedBy.backend !== undefined) {
      const other = type === 'frontend' ? `the backend at line ${parent.inheritedBy.backend}` : `the frontend at line ${parent.inheritedBy.frontend}`;
      this.inheritanceError(words, `${proxy} and ${other} cannot both inherit from ${source}, because it defines TCP or HTTP rules`, 'Give frontends and backends separate named defaults sections.');
    }
  }

  /** Reports an inheritance error at the name after `from`, or at the section keyword without one. */
  private inheritanceError(words: Word[], message: string, fix: string): void {
    const fromIndex = words.findIndex((word, index) => index > 0 && word.text === 'from');
    const at = (fromIndex === -1 ? words[0] : (words[fromIndex + 1] ?? words[fromIndex])) as Word;
    this.error(this.range(at), message, fix);
  }

  private checkDuplicateProxy(proxy: ProxyState, name: Word): void {
    // HAProxy 2.6 accepts a frontend and a backend of one name, but no other pair.
    for (const kind of proxy.type === 'listen' ? ['frontend', 'backend'] : [proxy.type]) {
      const key = `${kind}:${proxy.name}`;
      const earlier = this.named.get(key);
      if (earlier) {
        this.error(this.range(name), `${proxy.type} \`${proxy.name}\` has the same name as the ${earlier.type} at line ${earlier.line}`, 'Give each proxy a distinct name.');
        return;
      }
    }
    for (const kind of proxy.type === 'listen' ? ['frontend', 'backend'] : [proxy.type]) {
      this.named.set(`${kind}:${proxy.name}`, proxy);
    }
  }

  private proxyKeyword(type: ProxyType, state: DefaultsState, proxy: ProxyState | undefined, words: Word[]): void {
    const keyword = words[0] as Word;
    if (!PROXY_KEYWORDS[keyword.text]) {
      const guess = closestMatch(keyword.text, Object.keys(PROXY_KEYWORDS));
      this.error(this.range(keyword), `unknown keyword \`${keyword.text}\` in ${type} section${guess ? `; did you mean \`${guess}\`?` : ''}`, 'Correct the keyword; see the HAProxy configuration manual, section 4.1.');
      return;
    }
    if (!this.checkOptionLine(words)) return;
    const placed = keywordPlacements(words);
    const named = type === 'defaults' && state.name !== undefined;
    if (!placed.placements.includes(type) && !(named && placed.placements.includes('named-defaults'))) {
      this.misplacedKeyword(type, keyword, placed);
      return;
    }
    if (type === 'defaults' && RULE_KEYWORDS.has(keyword.text)) this.recordRule(state, placed.name);
    if (keyword.text === 'bind-process') {
      this.findings.push(loadFinding(this.context.file, this.range(keyword), '`bind-process` has no effect since HAProxy 2.5 and is removed in 2.7', 'Remove the line.', undefined, 'warning'));
    }
    const args = words.slice(1);
    switch (keyword.text) {
      case 'mode':
        return this.modeKeyword(state, keyword, args);
      case 'balance':
        return this.balanceKeyword(state, keyword, args);
      case 'timeout':
        return this.timeoutKeyword(state, keyword, args);
      case 'option':
        return this.optionKeyword(state, args);
      case 'http-check':
        return this.httpCheckKeyword(state, args);
      case 'default-server':
        return this.defaultServerKeyword(state, args);
      case 'default_backend':
        if (!args[0]) return this.missing(keyword, 'a backend name');
        state.defaultBackend = { value: args[0].text, range: this.range(args[0]) };
        return;
      case 'stats':
        if (enablesStats(args)) state.stats ??= this.range(keyword);
        return;
      case 'http-request':
        if (sendsHttpResponses(keyword, args)) state.httpResponse ??= this.range(keyword);
        return;
      default:
        if (proxy) this.proxyOnlyKeyword(proxy, keyword, args);
    }
  }

  /**
   * Reports a keyword in a section that does not take it. HAProxy 2.6 rejects it in a defaults
   * section and for the keywords of FATAL_WHEN_MISPLACED, and ignores it with a warning otherwise.
   */
  private misplacedKeyword(type: ProxyType, keyword: Word, placed: { name: string; placements: readonly Placement[] }): void {
    const sections = placed.placements.map((placement) => (placement === 'named-defaults' ? 'named defaults' : placement));
    if (type === 'defaults' && placed.placements.includes('named-defaults')) {
      const proxies = sections.filter((section) => section !== 'named defaults').join(' or ');
      this.error(this.range(keyword), `\`${placed.name}\` is allowed only in a named defaults section, not in an anonymous one`, `Name the section, such as \`defaults web\`, and inherit it with \`from web\`, or move the line to a ${proxies} section.`);
      return;
    }
    const message = `\`${placed.name}\` is not allowed in a ${type} section`;
    const fix = `Move it to a ${sections.join(' or ')} section.`;
    const fatal = type === 'defaults' || FATAL_WHEN_MISPLACED.has(placed.name) || FATAL_WHEN_MISPLACED.has(keyword.text);
    if (fatal) {
      this.error(this.range(keyword), message, fix);
    } else {
      this.findings.push(loadFinding(this.context.file, this.range(keyword), `${message}, so HAProxy ignores it`, fix, undefined, 'warning'));
    }
  }

  /** Records a TCP or HTTP rule of a named defaults section, which limits the sections that may inherit it. */
  private recordRule(state: DefaultsState, name: string): void {
    state.rules ??= {};
    if (name === 'tcp-request connection' || name === 'tcp-request session') state.rules.frontendOnly ??= name;
    if (name === 'tcp-response content') state.rules.backendOnly ??= name;
  }

  /**
   * Checks `option NAME`, `no option NAME` and `default option NAME` against the options of
   * HAProxy 2.6. Returns false after an error.
   */
  private checkOptionLine(words: Word[]): boolean {
    const [keyword, second, third] = words as [Word, Word?, Word?];
    const prefixed = keyword.text === 'no' || keyword.text === 'default';
    if (keyword.text === 'default' && (second?.text !== 'option' || third?.text !== 'redispatch')) {
      // The manual allows `default` before every option that `no` negates, but HAProxy 2.6.12
      // then reads the option name as an extra argument, which only `option redispatch` takes.
      this.error(this.range(keyword), 'HAProxy 2.6 accepts `default` only before `option redispatch`', 'Remove `default`, or write `no option NAME` to turn an option off.');
      return false;
    }
    let optionIndex = -1;
    if (keyword.text === 'option') optionIndex = 1;
    if (prefixed && second?.text === 'option') optionIndex = 2;
    if (optionIndex === -1) return true;
    const optionWord = words[optionIndex];
    if (!optionWord) {
      this.missing(words[optionIndex - 1] as Word, 'an option name');
      return false;
    }
    const option = OPTIONS[optionWord.text];
    if (!option) {
      const guess = closestMatch(optionWord.text, Object.keys(OPTIONS));
      this.error(this.range(optionWord), `unknown option \`${optionWord.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, 'Correct the option; see the HAProxy configuration manual, section 4.2.');
      return false;
    }
    if (keyword.text === 'no' && !option.negatable) {
      this.error(this.range(keyword), `\`option ${optionWord.text}\` cannot be negated with \`no\``, 'Remove the line; the option is off unless a defaults section turns it on.');
      return false;
    }
    return true;
  }

  private proxyOnlyKeyword(proxy: ProxyState, keyword: Word, args: Word[]): void {
    switch (keyword.text) {
      case 'bind':
        return this.bindKeyword(proxy, keyword, args);
      case 'server':
        return this.serverKeyword(proxy, keyword, args);
      case 'server-template':
        return this.serverTemplateKeyword(proxy, keyword, args);
      case 'acl':
        if (args[0]) proxy.acls.add(args[0].text);
        return;
      case 'use_backend':
        return this.useBackendKeyword(proxy, keyword, args);
      case 'description':
        proxy.description = { value: args.map((word) => word.text).join(' '), range: this.range(keyword) };
        return;
      case 'redirect':
        if (sendsHttpResponses(keyword, args)) proxy.httpResponse ??= this.range(keyword);
        return;
      case 'tcp-request':
        if (handsToService(args)) proxy.serviceResponse ??= this.range(keyword);
        return;
      case 'use-fcgi-app':
        proxy.fcgiApp ??= this.range(keyword);
    }
  }

  private modeKeyword(state: DefaultsState, keyword: Word, args: Word[]): void {
    const value = args[0];
    if (!value) return this.missing(keyword, '`http` or `tcp`');
    if (value.text !== 'http' && value.text !== 'tcp') {
      this.error(this.range(value), `unknown mode \`${value.text}\``, 'Use `mode http` or `mode tcp`.');
      return;
    }
    state.mode = { value: value.text, range: this.range(value) };
  }

  private balanceKeyword(state: DefaultsState, keyword: Word, args: Word[]): void {
    const value = args[0];
    if (!value) return this.missing(keyword, 'an algorithm');
    const algorithm = value.text.replace(/\(.*$/, '');
    if (!BALANCE_ALGORITHMS.has(algorithm)) {
      const guess = closestMatch(algorithm, BALANCE_ALGORITHMS);
      this.error(this.range(value), `unknown balance algorithm \`${value.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, 'Use an algorithm from the HAProxy manual, such as `roundrobin` or `leastconn`.');
      return;
    }
    state.balance = { value: algorithm as Backend['balance'], range: this.range(value) };
  }

  private timeoutKeyword(state: DefaultsState, keyword: Word, args: Word[]): void {
    const [name, value] = args;
    if (!name || !value) return this.missing(keyword, 'a name and a time, such as `timeout client 30s`');
    const field = MODELLED_TIMEOUTS[name.text];
    if (!field && !OTHER_TIMEOUTS.has(name.text)) {
      const guess = closestMatch(name.text, [...Object.keys(MODELLED_TIMEOUTS), ...OTHER_TIMEOUTS]);
      this.error(this.range(name), `unknown timeout \`${name.text}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, 'Use a timeout name from the HAProxy manual, such as `client`, `server` or `connect`.');
      return;
    }
    const time = timePattern.exec(value.text);
    if (!time) {
      this.error(this.range(value), `invalid time \`${value.text}\``, 'Write a number with an optional unit: us, ms, s, m, h or d (no unit means milliseconds).');
      return;
    }
    if (field) {
      // A bare number is milliseconds in HAProxy, which is also what the schema's numbers mean.
      state.timeouts.set(field, { value: time[2] ? value.text : Number(time[1]), range: this.range(value) });
    }
  }

  private optionKeyword(state: DefaultsState, args: Word[]): void {
    const name = args[0]?.text;
    const type = name === undefined ? undefined : CHECK_OPTIONS[name];
    if (!type || !args[0]) return;
    const check: HealthCheck = { type };
    if (type === 'http') {
      // `option httpchk <uri>` or `option httpchk <method> <uri> [<version>]`.
      const rest = args.slice(1).map((word) => word.text);
      if (rest.length === 1) check.path = rest[0];
      if (rest.length >= 2) {
        check.method = rest[0];
        check.path = rest[1];
      }
    }
    const expect = state.healthCheck?.value.expect;
    if (expect) check.expect = expect;
    state.healthCheck = { value: check, range: this.range(args[0]) };
  }

  private httpCheckKeyword(state: DefaultsState, args: Word[]): void {
    const verb = args[0]?.text;
    const current = state.healthCheck?.value ?? { type: 'http' as const };
    if (verb === 'expect' && args.length > 1) {
      const range = state.healthCheck?.range ?? this.range(args[0] as Word);
      state.healthCheck = { value: { ...current, expect: args.slice(1).map((word) => word.text).join(' ') }, range };
    } else if (verb === 'send') {
      const next = { ...current };
      for (let index = 1; index + 1 < args.length; index += 2) {
        const option = (args[index] as Word).text;
        const value = (args[index + 1] as Word).text;
        if (option === 'meth') next.method = value;
        if (option === 'uri') next.path = value;
      }
      state.healthCheck = { value: next, range: state.healthCheck?.range ?? this.range(args[0] as Word) };
    }
  }

  private defaultServerKeyword(state: DefaultsState, args: Word[]): void {
    for (let index = 0; index < args.length; index += 1) {
      const option = args[index] as Word;
      if (SERVER_VALUE_OPTIONS.has(option.text)) {
        const value = args[index + 1];
        if (value) state.defaultServer.set(option.text, { value: value.text, range: this.range(value) });
        index += 1;
      } else if (!SERVER_FLAG_OPTIONS.has(option.text)) {
        this.unknownServerOption(option, 'default-server');
        return;
      } else {
        state.defaultServer.set(option.text, { value: 'true', range: this.range(option) });
      }
    }
  }

  private bindKeyword(proxy: ProxyState, keyword: Word, args: Word[]): void {
    const addressWord = args[0];
    if (!addressWord) return this.missing(keyword, 'an address and port, such as `:443`');
    const options = args.slice(1);
    const ssl = options.some((word) => word.text === 'ssl');
    const interfaceIndex = options.findIndex((word) => word.text === 'interface');
    const interfaceName = interfaceIndex === -1 ? undefined : options[interfaceIndex + 1]?.text;
    for (const part of addressWord.text.split(',')) {
      const parsed = this.parseBindAddress(part, addressWord);
      if (!parsed) continue;
      const bind: Bind = { ...parsed };
      if (ssl) bind.ssl = true;
      if (interfaceName) bind.interface = interfaceName;
      proxy.binds.push({ value: bind, range: this.range(addressWord) });
    }
  }

  /** Parses `[addr]:port[-port]` with optional `ipv4@`/`ipv6@` prefix; undefined after a finding. */
  private parseBindAddress(text: string, word: Word): { address?: string; port: number | string } | undefined {
    const family = /^([a-z0-9]+)@/.exec(text);
    if (family && family[1] !== 'ipv4' && family[1] !== 'ipv6') {
      this.findings.push(loadFinding(this.context.file, this.range(word), `\`${family[1]}@\` sockets are not modelled; the bind is left out of the document`, 'Nothing to fix; rules do not check this bind.', NATIVE_CHECKS.notUnderstood, 'info'));
      return undefined;
    }
    const rest = family ? text.slice(family[0].length) : text;
    if (rest.startsWith('/')) {
      this.findings.push(loadFinding(this.context.file, this.range(word), 'UNIX socket binds are not modelled; the bind is left out of the document', 'Nothing to fix; rules do not check this bind.', NATIVE_CHECKS.notUnderstood, 'info'));
      return undefined;
    }
    const colon = rest.lastIndexOf(':');
    if (colon === -1) {
      this.error(this.range(word), `bind address \`${text}\` has no port`, 'Write the port after a colon, such as `:443` or `192.0.2.10:443`.');
      return undefined;
    }
    const host = rest.slice(0, colon).replace(/^\[(.*)\]$/, '$1');
    const port = rest.slice(colon + 1);
    const range = /^(\d+)(?:-(\d+))?$/.exec(port);
    if (!range || Number(range[1]) > 65535 || Number(range[2] ?? 0) > 65535 || (range[2] !== undefined && Number(range[2]) < Number(range[1]))) {
      this.error(this.range(word), `invalid port \`${port}\` in bind address \`${text}\``, 'Write a port from 1 to 65535, or a range `low-high`.');
      return undefined;
    }
    if (host !== '' && host !== '*' && !parseAddress(host) && !/^[A-Za-z0-9.-]+$/.test(host)) {
      this.error(this.range(word), `invalid bind address \`${host}\``, 'Write an IPv4 or IPv6 address, `*`, or nothing before the colon for every address.');
      return undefined;
    }
    const result: { address?: string; port: number | string } = { port: range[2] ? `${range[1]}-${range[2]}` : Number(range[1]) };
    if (host !== '' && host !== '*') result.address = host;
    return result;
  }

  private serverKeyword(proxy: ProxyState, keyword: Word, args: Word[]): void {
    const [name, addressWord, ...options] = args;
    if (!name || !addressWord) return this.missing(keyword, 'a name and an address, such as `server web1 192.0.2.10:80`');
    const settings = this.serverSettings(proxy, options);
    if (settings) this.addServer(proxy, keyword, name, addressWord, settings);
  }

  /** Reads the options of a `server` line over the `default-server` ones. Returns undefined after a missing value. */
  private serverSettings(proxy: ProxyState, options: Word[]): Map<string, Located<string>> | undefined {
    const settings = new Map<string, Located<string>>(this.effectiveDefaults(proxy).defaultServer);
    for (let index = 0; index < options.length; index += 1) {
      const option = options[index] as Word;
      const bare = option.text.replace(/^no-/, '');
      if (SERVER_VALUE_OPTIONS.has(option.text)) {
        const value = options[index + 1];
        if (!value) {
          this.missing(option, 'a value');
          return undefined;
        }
        settings.set(option.text, { value: value.text, range: this.range(value) });
        index += 1;
      } else if (!SERVER_FLAG_OPTIONS.has(option.text)) {
        // The server stays in the document, so rules do not also report its backend as empty.
        this.unknownServerOption(option, 'server');
      } else if (option.text.startsWith('no-') && ['check', 'backup', 'ssl'].includes(bare)) {
        settings.delete(bare);
      } else {
        settings.set(option.text, { value: 'true', range: this.range(option) });
      }
    }
    return settings;
  }

  private addServer(proxy: ProxyState, keyword: Word, name: Word, addressWord: Word, settings: Map<string, Located<string>>): void {
    const fields = new Map<string, SourceRange>([['name', this.range(name)], ['address', this.range(addressWord)]]);
    const server: Server = { name: name.text, ...this.serverAddress(addressWord.text) };
    if (server.port !== undefined) fields.set('port', this.range(addressWord));
    this.applyServerSettings(server, settings, fields);
    if (settings.get('proto')?.value === 'fcgi') proxy.fcgiServer = true;
    proxy.servers.push({ server, range: lineRange(this.lineNumber, keyword.column, this.rawLine.length + 1), fields });
  }

  /** Reports an option HAProxy 2.6 does not accept on a `server` or `default-server` line, which is fatal for it. */
  private unknownServerOption(option: Word, lineKeyword: string): void {
    const guess = closestMatch(option.text, [...SERVER_FLAG_OPTIONS, ...SERVER_VALUE_OPTIONS]);
    this.error(this.range(option), `unknown keyword \`${option.text}\` on a ${lineKeyword} line${guess ? `; did you mean \`${guess}\`?` : ''}`, 'Correct the option; see the HAProxy configuration manual, section 5.2.');
  }

  /**
   * Adds the servers of `server-template PREFIX COUNT|FIRST-LAST ADDRESS [options]` as HAProxy
   * 2.x creates them: PREFIX followed by each number, all with the same address and options,
   * which service discovery (`resolvers`) fills in at run time.
   */
  private serverTemplateKeyword(proxy: ProxyState, keyword: Word, args: Word[]): void {
    const [prefix, count, ...rest] = args;
    if (!prefix || !count || rest.length === 0) {
      return this.missing(keyword, 'a name prefix, a count and an address, such as `server-template web 3 web.service.consul:80`');
    }
    // A single number N means 1 to N.
    const numbers = /^(\d+)(?:-(\d+))?$/.exec(count.text);
    let first = NaN;
    let last = NaN;
    if (numbers) {
      first = numbers[2] === undefined ? 1 : Number(numbers[1]);
      last = Number(numbers[2] ?? numbers[1]);
    }
    if (!(first >= 1 && last >= first && last - first < MAX_TEMPLATE_SERVERS)) {
      this.error(this.range(count), `invalid server count \`${count.text}\``, `Write a number such as \`3\` or a range such as \`1-3\`, for at most ${MAX_TEMPLATE_SERVERS} servers.`);
      return;
    }
    const [addressWord, ...options] = rest as [Word, ...Word[]];
    const settings = this.serverSettings(proxy, options);
    if (!settings) return;
    for (let id = first; id <= last; id += 1) this.addServer(proxy, keyword, { ...prefix, text: `${prefix.text}${id}` }, addressWord, settings);
  }

  private applyServerSettings(server: Server, settings: Map<string, Located<string>>, fields: Map<string, SourceRange>): void {
    const weight = settings.get('weight');
    if (weight) {
      const value = Number(weight.value);
      if (!/^\d+$/.test(weight.value) || value > 256) {
        this.error(weight.range, `invalid server weight \`${weight.value}\``, 'Use a weight from 0 to 256.');
      } else {
        server.weight = value;
        fields.set('weight', weight.range);
      }
    }
    for (const flag of ['check', 'backup', 'disabled'] as const) {
      const setting = settings.get(flag);
      if (setting) {
        server[flag] = true;
        fields.set(flag, setting.range);
      }
    }
    if (settings.has('enabled') && !settings.has('disabled')) delete server.disabled;
  }

  private serverAddress(text: string): { address: string; port?: number } {
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(text);
    if (bracketed) return { address: bracketed[1] as string, ...(bracketed[2] ? { port: Number(bracketed[2]) } : {}) };
    const stripped = text.replace(/^(ipv4|ipv6)@/, '');
    if (parseAddress(stripped)) return { address: stripped };
    const colon = stripped.lastIndexOf(':');
    const port = colon === -1 ? '' : stripped.slice(colon + 1);
    if (colon !== -1 && /^\d+$/.test(port) && Number(port) <= 65535) {
      return { address: stripped.slice(0, colon), port: Number(port) };
    }
    return { address: stripped };
  }

  private useBackendKeyword(proxy: ProxyState, keyword: Word, args: Word[]): void {
    const backend = args[0];
    if (!backend) return this.missing(keyword, 'a backend name');
    const conditionWord = args[1];
    let condition: string | undefined;
    if (conditionWord) {
      if (conditionWord.text !== 'if' && conditionWord.text !== 'unless') {
        this.error(this.range(conditionWord), `expected \`if\` or \`unless\` after the backend name, found \`${conditionWord.text}\``, 'Write `use_backend NAME if CONDITION`.');
        return;
      }
      const text = stripComment(this.rawLine.slice(conditionWord.endColumn - 1)).trim();
      if (text === '') return this.missing(conditionWord, 'a condition');
      if (!this.checkAcls(proxy, args.slice(2))) return;
      condition = conditionWord.text === 'unless' ? `unless ${text}` : text;
    }
    proxy.useBackends.push({ backend: backend.text, condition, range: lineRange(this.lineNumber, keyword.column, this.rawLine.length + 1), backendRange: this.range(backend) });
  }

  /** Reports ACL names in a condition that the proxy has not declared above it. */
  private checkAcls(proxy: ProxyState, words: Word[]): boolean {
    let depth = 0;
    for (const word of words) {
      if (word.text === '{') depth += 1;
      if (word.text === '}') depth -= 1;
      if (depth > 0 || ['{', '}', '!', '||', 'or'].includes(word.text)) continue;
      const name = word.text.replace(/^!/, '');
      if (name !== '' && !proxy.acls.has(name) && !PREDEFINED_ACLS.has(name)) {
        const guess = closestMatch(name, proxy.acls);
        this.error(this.range(word), `no ACL named \`${name}\` is declared above this line in ${proxy.type} \`${proxy.name}\`${guess ? `; did you mean \`${guess}\`?` : ''}`, `Declare it with \`acl ${name} ...\` before the rule that uses it.`);
        return false;
      }
    }
    return true;
  }

  private effectiveDefaults(proxy: ProxyState): DefaultsState {
    const inherited = proxy.inherited;
    return {
      mode: proxy.mode ?? inherited?.mode,
      balance: proxy.balance ?? inherited?.balance,
      timeouts: new Map([...(inherited?.timeouts ?? []), ...proxy.timeouts]),
      healthCheck: proxy.healthCheck ?? inherited?.healthCheck,
      defaultServer: new Map([...(inherited?.defaultServer ?? []), ...proxy.defaultServer]),
      defaultBackend: proxy.defaultBackend ?? inherited?.defaultBackend,
      stats: proxy.stats ?? inherited?.stats,
      // HAProxy runs the rules of the defaults section before the proxy's own.
      httpResponse: inherited?.httpResponse ?? proxy.httpResponse,
    };
  }

  private missing(word: Word, expected: string): void {
    this.error(this.range(word), `\`${word.text}\` needs ${expected}`, `Complete the \`${word.text}\` line.`);
  }

  private range(word: Word): SourceRange {
    return lineRange(this.lineNumber, word.column, word.endColumn);
  }

  private error(range: SourceRange, message: string, fix: string): void {
    this.findings.push(loadFinding(this.context.file, range, message, fix));
  }

  private checkFcgiServers(): void {
    for (const proxy of this.proxies) {
      if (proxy.fcgiApp && !proxy.fcgiServer) {
        this.error(proxy.fcgiApp, `${proxy.type} \`${proxy.name ?? ''}\` uses an FCGI application but none of its servers has \`proto fcgi\``, 'Add `proto fcgi` to the servers that run the application, or remove `use-fcgi-app`.');
      }
    }
  }

  /**
   * Returns the `defaults` section that every proxy inherits, or the last one when there is no
   * proxy. Returns undefined when proxies inherit different sections or none, because rules read
   * the document's `defaults` as the settings of every proxy.
   */
  private sharedDefaults(): { state: DefaultsState; range: SourceRange } | undefined {
    const first = this.proxies[0];
    const state = first ? first.inherited : this.defaults;
    if (!state || this.proxies.some((proxy) => proxy.inherited !== state)) return undefined;
    const range = this.defaultsRanges.get(state);
    return range ? { state, range } : undefined;
  }

  private document(): LoadedDocument {
    const shared = this.sharedDefaults();
    const locator = new MapLocator(shared?.range ?? this.proxies[0]?.range ?? lineRange(1, 1, 1));
    const data: LoadBalancer = { kind: 'loadbalancer' };
    if (shared) {
      data.defaults = defaultsData(shared.state, ['defaults'], locator);
      locator.set(['defaults'], shared.range);
    }
    const frontends: Frontend[] = [];
    const backends: Backend[] = [];
    for (const proxy of this.proxies) {
      const effective = this.effectiveDefaults(proxy);
      if (proxy.type !== 'backend') frontends.push(frontendData(proxy, effective, ['frontends', frontends.length], locator));
      if (proxy.type !== 'frontend') backends.push(backendData(proxy, effective, ['backends', backends.length], locator));
    }
    if (frontends.length > 0) data.frontends = frontends;
    if (backends.length > 0) data.backends = backends;
    return { kind: 'loadbalancer', file: this.context.file, format: 'haproxy', index: 0, data, locator };
  }
}

/**
 * Returns the name a placement check uses for a line, such as `option httplog` or
 * `tcp-request connection`, with the sections that accept it.
 */
function keywordPlacements(words: Word[]): { name: string; placements: readonly Placement[] } {
  const texts = words.map((word) => word.text);
  const [first, second, third] = texts as [string, string?, string?];
  let optionName: string | undefined;
  if (first === 'option') optionName = second;
  if ((first === 'no' || first === 'default') && second === 'option') optionName = third;
  const option = optionName === undefined ? undefined : OPTIONS[optionName];
  if (option) return { name: `option ${optionName}`, placements: option.placements };
  const narrowed = second === undefined ? undefined : SUBKEYWORD_PLACEMENTS[first]?.[second];
  if (narrowed) return { name: `${first} ${second}`, placements: narrowed };
  return { name: first, placements: PROXY_KEYWORDS[first] as readonly Placement[] };
}

/**
 * Returns true for `stats` arguments that enable the stats page: every `stats` keyword does but
 * `admin` and `http-request`, which only restrict a page enabled by another line.
 */
function enablesStats(args: Word[]): boolean {
  const action = args[0]?.text;
  return action !== undefined && action !== 'admin' && action !== 'http-request';
}

/**
 * Returns true for a `redirect` line, or an `http-request` line with the action `redirect`,
 * `return`, `deny`, `tarpit` or `use-service`, unless an `if` or `unless` condition leaves the
 * other requests to the servers.
 */
function sendsHttpResponses(keyword: Word, args: Word[]): boolean {
  if (args.some((word) => word.text === 'if' || word.text === 'unless')) return false;
  if (keyword.text === 'redirect') return true;
  const action = args[0]?.text;
  return action !== undefined && RESPONDING_ACTIONS.has(action);
}

/** Returns true for `tcp-request` arguments that hand every connection to a service. */
function handsToService(args: Word[]): boolean {
  return args.some((word) => word.text === 'use-service') && !args.some((word) => word.text === 'if' || word.text === 'unless');
}

const RESPONDING_ACTIONS = new Set(['redirect', 'return', 'deny', 'tarpit', 'use-service']);

function stripComment(text: string): string {
  const { words } = splitWords(text);
  const last = words[words.length - 1];
  return last ? text.slice(0, last.endColumn - 1) : '';
}

function defaultsData(state: DefaultsState, path: DataPath, locator: MapLocator): NonNullable<LoadBalancer['defaults']> {
  const result: NonNullable<LoadBalancer['defaults']> = {};
  if (state.mode) {
    result.mode = state.mode.value;
    locator.set([...path, 'mode'], state.mode.range);
  }
  if (state.balance) {
    result.balance = state.balance.value;
    locator.set([...path, 'balance'], state.balance.range);
  }
  const timeouts = timeoutsData(state.timeouts, [...path, 'timeouts'], locator);
  if (timeouts) result.timeouts = timeouts;
  return result;
}

function timeoutsData(timeouts: Map<keyof Timeouts, Located<number | string>>, path: DataPath, locator: MapLocator): Timeouts | undefined {
  if (timeouts.size === 0) return undefined;
  const result: Timeouts = {};
  for (const [name, entry] of timeouts) {
    result[name] = entry.value;
    locator.set([...path, name], entry.range);
  }
  return result;
}

function frontendData(proxy: ProxyState, effective: DefaultsState, path: DataPath, locator: MapLocator): Frontend {
  locator.set(path, proxy.range, proxy.nameRange);
  locator.set([...path, 'name'], proxy.nameRange ?? proxy.range);
  const frontend: Frontend = { name: proxy.name ?? '', binds: proxy.binds.map((bind) => bind.value) as Frontend['binds'] };
  proxy.binds.forEach((bind, index) => locator.set([...path, 'binds', index], bind.range));
  if (proxy.binds[0]) locator.set([...path, 'binds'], proxy.binds[0].range);
  if (effective.mode) {
    frontend.mode = effective.mode.value;
    locator.set([...path, 'mode'], effective.mode.range);
  }
  // A listen section without `default_backend`, its own or inherited, sends traffic to itself.
  const defaultBackend = effective.defaultBackend ?? (proxy.type === 'listen' ? { value: proxy.name ?? '', range: proxy.nameRange ?? proxy.range } : undefined);
  if (defaultBackend) {
    frontend.defaultBackend = defaultBackend.value;
    locator.set([...path, 'defaultBackend'], defaultBackend.range);
  }
  if (proxy.useBackends.length > 0) {
    frontend.useBackends = proxy.useBackends.map((rule) => (rule.condition === undefined ? { backend: rule.backend } : { backend: rule.backend, condition: rule.condition }));
    proxy.useBackends.forEach((rule, index) => {
      locator.set([...path, 'useBackends', index], rule.range);
      locator.set([...path, 'useBackends', index, 'backend'], rule.backendRange);
    });
  }
  const timeouts = timeoutsData(effective.timeouts, [...path, 'timeouts'], locator);
  if (timeouts) frontend.timeouts = timeouts;
  if (proxy.description) frontend.description = proxy.description.value;
  return frontend;
}

function backendData(proxy: ProxyState, effective: DefaultsState, path: DataPath, locator: MapLocator): Backend {
  locator.set(path, proxy.range, proxy.nameRange);
  locator.set([...path, 'name'], proxy.nameRange ?? proxy.range);
  const backend: Backend = { name: proxy.name ?? '' };
  if (effective.mode) {
    backend.mode = effective.mode.value;
    locator.set([...path, 'mode'], effective.mode.range);
  }
  if (effective.balance) {
    backend.balance = effective.balance.value;
    locator.set([...path, 'balance'], effective.balance.range);
  }
  const check = healthCheckData(effective);
  if (check) {
    backend.healthCheck = check.value;
    locator.set([...path, 'healthCheck'], check.range);
  }
  // HAProxy 2.6 ignores `stats`, `redirect` and `http-request` in a proxy in TCP mode, with a
  // warning, so they count only in HTTP mode. Stats and `http-request` lines may come from the
  // `defaults` section.
  const http = effective.mode?.value === 'http';
  const respondsItself = (http ? (effective.httpResponse ?? effective.stats) : undefined) ?? proxy.serviceResponse;
  if (respondsItself) {
    backend.respondsItself = true;
    locator.set([...path, 'respondsItself'], respondsItself);
  }
  if (proxy.servers.length > 0) {
    backend.servers = proxy.servers.map((entry) => entry.server);
    proxy.servers.forEach((entry, index) => {
      locator.set([...path, 'servers', index], entry.range);
      for (const [field, range] of entry.fields) locator.set([...path, 'servers', index, field], range);
    });
  }
  const timeouts = timeoutsData(effective.timeouts, [...path, 'timeouts'], locator);
  if (timeouts) backend.timeouts = timeouts;
  if (proxy.description) backend.description = proxy.description.value;
  return backend;
}

/** Builds the health check from the check option and the `default-server` check settings. */
function healthCheckData(effective: DefaultsState): Located<HealthCheck> | undefined {
  const base = effective.healthCheck;
  const inter = effective.defaultServer.get('inter');
  const rise = effective.defaultServer.get('rise');
  const fall = effective.defaultServer.get('fall');
  if (!base && !inter && !rise && !fall) return undefined;
  const check: HealthCheck = { ...(base?.value ?? {}) };
  if (inter && timePattern.test(inter.value)) {
    const time = timePattern.exec(inter.value) as RegExpExecArray;
    check.interval = time[2] ? inter.value : Number(time[1]);
  }
  if (rise && /^\d+$/.test(rise.value) && Number(rise.value) >= 1) check.rise = Number(rise.value);
  if (fall && /^\d+$/.test(fall.value) && Number(fall.value) >= 1) check.fall = Number(fall.value);
  return { value: check, range: (base ?? inter ?? rise ?? fall)?.range as SourceRange };
}

/** Parses an HAProxy configuration into one load-balancer document. */
export function parseHaproxy(text: string, context: ParseContext): ParseOutput {
  return new HaproxyParser(text, context).parse();
}

const sectionLine = /^(global|defaults|frontend|backend|listen)(\s|$)/m;

/** HAProxy configuration: `haproxy*.cfg`, or any `.cfg` file with a proxy section. */
export const haproxyFormat: SourceFormat = {
  name: 'haproxy',
  claimsName: (path) => /\.cfg$/i.test(path) || (/haproxy[^/]*$/i.test(path) && !/\.(ya?ml|json)$/i.test(path)),
  claimsContent: (head) => sectionLine.test(head),
  parse: parseHaproxy,
};
