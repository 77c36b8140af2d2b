/**
 * `nft -j list ruleset` output as canonical firewall documents. The JSON shape follows
 * libnftables-json(5) of nftables 1.0.6, and the variants newer versions print are mapped to
 * the same model: a single flag as a string instead of an array, `{"|": [...]}` instead of a
 * plain list, named counters as strings. Counter values are metadata and never compared.
 */
import type { DataPath, Finding, LoadedDocument, Locator } from '../model.js';
import { parseJson } from '../load/source.js';
import type { Chain, FirewallPolicy, Rule } from '../types/firewall.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { jsonSyntaxRange, loadFinding, lookupTable, NATIVE_CHECKS, setOwn, TranslatedLocator } from './located.js';
import { compareCodeUnits } from '../util/text.js';
import { SERVICE_PORTS } from './iptables-extensions.js';

type JsonObject = Record<string, unknown>;

const hooks = new Set(['input', 'forward', 'output', 'prerouting', 'postrouting']);
const verdicts: Record<string, Rule['action']> = lookupTable({ accept: 'accept', drop: 'drop', return: 'return', continue: 'continue', reject: 'reject' });
const natStatements = new Set(['masquerade', 'snat', 'dnat', 'redirect', 'tproxy', 'queue', 'synproxy']);
const ctStates = new Set(['new', 'established', 'related', 'invalid', 'untracked']);
export const stateOrder = ['new', 'established', 'related', 'invalid', 'untracked'];
const protocolAliases: Record<string, string> = lookupTable({ 'ipv6-icmp': 'icmpv6', '58': 'icmpv6', '6': 'tcp', '17': 'udp', '1': 'icmp' });

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Rewrites an expression into one shape whatever nft version printed it: flag lists and
 * `|` expressions become sorted arrays, set literals are sorted, object keys are sorted.
 */
export function normaliseExpression(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) {
    const items = value.map((item) => normaliseExpression(item));
    return key === 'flags' || key === 'set' || items.every((item) => typeof item === 'string') ? sortValues(items) : items;
  }
  if (!isObject(value)) {
    return key === 'flags' && typeof value === 'string' ? [value] : value;
  }
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === '|' && Array.isArray(value['|'])) {
    return sortValues(value['|'].map((item) => normaliseExpression(item)));
  }
  const result: JsonObject = {};
  for (const name of keys.sort()) result[name] = normaliseExpression(value[name], name);
  return result;
}

function sortValues(items: unknown[]): unknown[] {
  return [...items].sort((left, right) =>
    typeof left === 'number' && typeof right === 'number'
      ? left - right
      : typeof left === 'number' || typeof right === 'number'
        ? typeof left === 'number' ? -1 : 1
        : compareCodeUnits(JSON.stringify(left), JSON.stringify(right)),
  );
}

/** Returns a match value as model text: addresses, prefixes `a/n`, ranges `a-b`; undefined otherwise. */
function valueText(value: unknown): string | number | undefined {
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (!isObject(value)) return undefined;
  const prefix = value.prefix;
  if (isObject(prefix) && typeof prefix.addr === 'string' && typeof prefix.len === 'number') return `${prefix.addr}/${prefix.len}`;
  const range = value.range;
  if (Array.isArray(range) && range.length === 2 && range.every((item) => typeof item === 'string' || typeof item === 'number')) return `${range[0]}-${range[1]}`;
  return undefined;
}

/** Returns the values of a match's right side: one value, a list, or a set literal. */
function valueList(value: unknown): (string | number)[] | undefined {
  const items = isObject(value) && Array.isArray(value.set) ? value.set : Array.isArray(value) ? value : [value];
  const result: (string | number)[] = [];
  for (const item of items) {
    const text = valueText(item);
    // `@name` refers to a named set, which is not a literal value.
    if (text === undefined || (typeof text === 'string' && text.startsWith('@'))) return undefined;
    result.push(text);
  }
  return sortValues(result) as (string | number)[];
}

/** Model field a match sets, from its left side. */
function matchField(left: unknown): string | undefined {
  if (!isObject(left)) return undefined;
  const payload = left.payload;
  if (isObject(payload)) {
    const name = `${String(payload.protocol)} ${String(payload.field)}`;
    const fields: Record<string, string> = lookupTable({
      'ip saddr': 'source',
      'ip6 saddr': 'source',
      'ip daddr': 'destination',
      'ip6 daddr': 'destination',
      'tcp dport': 'ports',
      'udp dport': 'ports',
      'sctp dport': 'ports',
      'tcp sport': 'sourcePorts',
      'udp sport': 'sourcePorts',
      'sctp sport': 'sourcePorts',
      'ip protocol': 'protocol',
      'ip6 nexthdr': 'protocol',
      'icmp type': 'icmpType',
      'icmpv6 type': 'icmpType',
    });
    return fields[name];
  }
  const meta = left.meta;
  if (isObject(meta)) {
    // `iif` and `oif` match the interface's index at load time. The model keys interfaces by
    // name, so they read as the name they were given, as `iifname` and `oifname` do.
    const fields: Record<string, string> = lookupTable({ l4proto: 'protocol', iifname: 'inInterface', oifname: 'outInterface', iif: 'inInterface', oif: 'outInterface' });
    return typeof meta.key === 'string' ? fields[meta.key] : undefined;
  }
  const ct = left.ct;
  if (isObject(ct) && ct.key === 'state' && ct.dir === undefined) return 'state';
  return undefined;
}

/**
 * Named sets of a ruleset by `family/table/name`, each with the members of an address set the
 * model reads. A set it cannot read maps to undefined: other element types, sets that rules fill
 * at run time, elements in forms it does not know.
 */
export type NamedSets = ReadonlyMap<string, string[] | undefined>;

/** Returns the name of the address object that stands for a named set in the model. */
export function setObjectName(key: string): string {
  return `nftset:${key}`;
}

class RuleBuilder {
  readonly rule: Rule = { action: 'continue' };

  /**
   * @param chainPrefix `family/table/` of the rule, so jump targets name keys of `chains`.
   * @param sets the named sets the ruleset declares.
   */
  constructor(
    private readonly chainPrefix: string,
    private readonly sets: NamedSets,
  ) {}

  readonly fieldSources = new Map<string, number>();
  readonly notUnderstood: { index: number; key: string }[] = [];
  /** Port matches that name a service the table of service names does not contain. */
  readonly unknownServices: { index: number; name: string }[] = [];
  private readonly unmodeled: { text: string; index: number }[] = [];
  private readonly targetOptions: { text: string; index: number }[] = [];

  add(statement: unknown, index: number): void {
    if (!isObject(statement)) return;
    const [key] = Object.keys(statement);
    if (key === undefined) return;
    const body = statement[key];
    if (key === 'match' && isObject(body)) return this.match(body, index);
    if (key in verdicts) {
      this.rule.action = verdicts[key] as Rule['action'];
      if (key === 'reject' && isObject(body) && !this.isDefaultReject(body)) this.targetOption(`reject ${JSON.stringify(normaliseExpression(body))}`, index);
      return this.field('action', index);
    }
    if ((key === 'jump' || key === 'goto') && isObject(body) && typeof body.target === 'string') {
      this.rule.action = key;
      this.rule.target = this.chainPrefix + body.target;
      this.field('action', index);
      return this.field('target', index);
    }
    if (key === 'counter') {
      // Anonymous counters carry live values (metadata); a string names a counter object.
      if (typeof body === 'string') this.targetOption(`counter name ${body}`, index);
      else if (isObject(body) && typeof body.packets === 'number' && typeof body.bytes === 'number') this.rule.counters = { packets: body.packets, bytes: body.bytes };
      return;
    }
    if (key === 'log') {
      if (isObject(body) && typeof body.prefix === 'string') {
        this.rule.logPrefix = body.prefix;
        this.field('logPrefix', index);
      }
      if (this.rule.action === 'continue') this.rule.action = 'log';
      return;
    }
    if (key === 'comment' && typeof body === 'string') {
      this.rule.comment = body;
      return this.field('comment', index);
    }
    if (natStatements.has(key)) {
      this.rule.action = 'extension';
      this.rule.target = key;
      this.field('action', index);
      if (body !== null) this.targetOption(`${key} ${JSON.stringify(normaliseExpression(body))}`, index);
      return;
    }
    if (key === 'limit' || key === 'xt') {
      this.unmodeled.push({ text: `${key} ${JSON.stringify(normaliseExpression(body))}`, index });
      if (key === 'xt') this.notUnderstood.push({ index, key });
      return;
    }
    if (['set', 'mangle', 'ct helper', 'notrack', 'meter', 'quota', 'dup', 'fwd', 'flow', 'secmark', 'ct count', 'tcp option'].includes(key) || key.startsWith('ct ')) {
      this.targetOption(`${key} ${JSON.stringify(normaliseExpression(body))}`, index);
      return;
    }
    this.notUnderstood.push({ index, key });
    this.unmodeled.push({ text: `${key} ${JSON.stringify(normaliseExpression(body))}`, index });
  }

  /**
   * Replaces service names such as `ssh` in port values with their numbers, as nft does when it
   * loads a ruleset (`nft -j` prints numbers, hand-written JSON and nft text may not). An
   * unknown name is recorded, and the match stays unmodelled.
   */
  private servicePorts(values: (string | number)[] | undefined, index: number): (string | number)[] | undefined {
    if (!values) return undefined;
    const ports: (string | number)[] = [];
    for (const value of values) {
      if (typeof value !== 'string' || !/^[a-z]/i.test(value)) {
        ports.push(value);
        continue;
      }
      const port = Object.hasOwn(SERVICE_PORTS, value) ? SERVICE_PORTS[value] : undefined;
      if (port === undefined) {
        this.unknownServices.push({ index, name: value });
        return undefined;
      }
      ports.push(port);
    }
    return sortValues(ports) as (string | number)[];
  }

  /**
   * Returns true for the options `nft -j` prints for a plain `reject`: port-unreachable, as an
   * icmpx code in inet tables, icmp in ip tables and icmpv6 in ip6 tables (nftables 1.0.6).
   */
  private isDefaultReject(body: JsonObject): boolean {
    const family = this.chainPrefix.split('/')[0];
    const types: Record<string, string> = lookupTable({ inet: 'icmpx', ip: 'icmp', ip6: 'icmpv6' });
    return body.expr === 'port-unreachable' && family !== undefined && body.type === types[family];
  }

  private match(body: JsonObject, index: number): void {
    const field = matchField(body.left);
    const op = typeof body.op === 'string' ? body.op : '==';
    const values = field === 'ports' || field === 'sourcePorts' ? this.servicePorts(valueList(body.right), index) : valueList(body.right);
    const negated = op === '!=';
    const plain = op === '==' || op === 'in' || negated;
    if (field && values && plain && this.setMatch(field, values, negated)) {
      this.field(field, index);
      this.impliedProtocol(body.left, index);
      return;
    }
    // A named set is kept by name, as an address object. A set the ruleset declares with
    // addresses the model reads decides the match, and any other set leaves it unmodelled. A
    // set the table does not declare stays a reference, which fw-undefined-object reports.
    const named = typeof body.right === 'string' && body.right.startsWith('@') ? `${this.chainPrefix}${body.right.slice(1)}` : undefined;
    const declared = named !== undefined && this.sets.has(named);
    const members = named === undefined ? undefined : this.sets.get(named);
    if ((field === 'source' || field === 'destination') && named && plain && (members || !declared) && this.setMatch(field, [setObjectName(named)], negated)) {
      this.field(field, index);
      if (members) return;
    }
    this.unmodeled.push({ text: `match ${JSON.stringify(normaliseExpression(body))}`, index });
  }

  /**
   * Sets the protocol a port or ICMP type match depends on. nft adds a protocol dependency
   * before every payload match except raw payloads (nft(8) of nftables 1.0.6), so `tcp dport 22`
   * never matches udp or sctp packets, and `icmpv6 type` matches ICMPv6 packets only.
   */
  private impliedProtocol(left: unknown, index: number): void {
    const payload = isObject(left) ? left.payload : undefined;
    if (!isObject(payload) || this.rule.protocol !== undefined) return;
    const protocol = String(payload.protocol);
    const ports = ['tcp', 'udp', 'sctp'].includes(protocol) && (payload.field === 'dport' || payload.field === 'sport');
    const icmp = (protocol === 'icmp' || protocol === 'icmpv6') && payload.field === 'type';
    if (ports || icmp) {
      this.rule.protocol = protocol;
      this.field('protocol', index);
    }
  }

  /** Sets a model field from a match; returns false when the match must stay unmodeled. */
  private setMatch(field: string, values: (string | number)[], negated: boolean): boolean {
    const rule = this.rule as unknown as Record<string, unknown>;
    // A port match may have set the protocol already, and `meta l4proto tcp` after it agrees.
    if (field === 'protocol' && values.length === 1 && rule.protocol !== undefined && rule.protocol === (protocolAliases[String(values[0])] ?? values[0])) return !negated;
    if (rule[field] !== undefined) return false;
    const single = values.length === 1 ? values[0] : values;
    switch (field) {
      case 'source':
      case 'destination':
        rule[field] = single;
        if (negated) rule[`${field}Not`] = true;
        return true;
      case 'ports':
      case 'sourcePorts':
        if (negated) return false;
        rule[field] = values.length === 1 ? single : values;
        return true;
      case 'protocol': {
        if (negated || values.length !== 1) return false;
        const text = String(values[0]);
        rule.protocol = protocolAliases[text] ?? text;
        return true;
      }
      case 'inInterface':
      case 'outInterface': {
        if (negated || values.length !== 1 || typeof values[0] !== 'string') return false;
        // nft writes an interface wildcard as `eth*`, iptables as `eth+`.
        rule[field] = values[0].replace(/\*$/, '+');
        return true;
      }
      case 'state': {
        if (negated || !values.every((value) => typeof value === 'string' && ctStates.has(value))) return false;
        rule.state = [...new Set(values as string[])].sort((left, right) => stateOrder.indexOf(left) - stateOrder.indexOf(right));
        return true;
      }
      case 'icmpType':
        if (negated || values.length !== 1) return false;
        rule.icmpType = values[0];
        return true;
      default:
        return false;
    }
  }

  private targetOption(text: string, index: number): void {
    this.targetOptions.push({ text, index });
  }

  private field(name: string, index: number): void {
    this.fieldSources.set(name, index);
  }

  finish(): Rule {
    if (this.unmodeled.length > 0) {
      this.rule.unmodeled = this.unmodeled.map((entry) => entry.text);
      this.unmodeled.forEach((entry, at) => this.fieldSources.set(`unmodeled/${at}`, entry.index));
    }
    if (this.targetOptions.length > 0) {
      this.rule.targetOptions = this.targetOptions.map((entry) => entry.text);
      this.targetOptions.forEach((entry, at) => this.fieldSources.set(`targetOptions/${at}`, entry.index));
    }
    return this.rule;
  }
}

/** Maps the statements of one `rule` object to a model rule and where each field came from. */
export function ruleFromStatements(
  statements: readonly unknown[],
  chainPrefix = '',
  sets: NamedSets = new Map(),
): { rule: Rule; fieldSources: Map<string, number>; notUnderstood: { index: number; key: string }[]; unknownServices: { index: number; name: string }[] } {
  const builder = new RuleBuilder(chainPrefix, sets);
  statements.forEach((statement, index) => builder.add(statement, index));
  return { rule: builder.finish(), fieldSources: builder.fieldSources, notUnderstood: builder.notUnderstood, unknownServices: builder.unknownServices };
}

function familyName(families: Set<string>): FirewallPolicy['family'] {
  if (families.size === 1 && families.has('ip')) return 'ipv4';
  if (families.size === 1 && families.has('ip6')) return 'ipv6';
  return 'inet';
}

/**
 * Parses `nft -j list ruleset` output into one firewall document. `textLocator`, when given,
 * locates the JSON paths in the text the JSON was translated from, such as `nft list ruleset`.
 */
export function parseNftJson(text: string, context: ParseContext, textLocator?: Locator): ParseOutput {
  const parsed = parseJson(text);
  const findings: Finding[] = parsed.problems.map((problem) =>
    loadFinding(context.file, jsonSyntaxRange(text) ?? problem.range, `invalid JSON: ${problem.message}`, 'Collect the output again with `nft -j list ruleset`; the file looks cut off or edited.'),
  );
  const source = parsed.documents[0];
  if (!source) return { documents: [], findings };
  const sourceLocator = textLocator ?? source.locator;
  const objects = isObject(source.data) && Array.isArray(source.data.nftables) ? source.data.nftables : undefined;
  if (!objects) {
    findings.push(loadFinding(context.file, sourceLocator.locate([]), 'expected an object with an `nftables` array, as `nft -j list ruleset` prints', 'Give the unchanged output of `nft -j list ruleset`.'));
    return { documents: [], findings };
  }
  const chains: Record<string, Chain> = {};
  const origins = new Map<string, DataPath>();
  const families = new Set<string>();
  const locate = sourceLocator.locate.bind(sourceLocator);
  const sets = readSets(objects, origins, findings, context, locate);
  objects.forEach((entry, index) => {
    if (!isObject(entry)) return;
    if (isObject(entry.chain)) addChain(entry.chain, index, chains, origins, families);
    if (isObject(entry.rule)) addRule(entry.rule, index, chains, origins, findings, context, locate, sets);
  });
  const addresses: Record<string, string[]> = {};
  for (const [key, members] of sets) if (members) setOwn(addresses, setObjectName(key), members);
  const data: FirewallPolicy = { kind: 'firewall', family: familyName(families), ...(Object.keys(addresses).length > 0 ? { objects: { addresses } } : {}), chains };
  const locator = new TranslatedLocator(sourceLocator, (path) => {
    for (let length = path.length; length > 0; length -= 1) {
      const found = origins.get(path.slice(0, length).join('/'));
      if (found) return found;
    }
    return [];
  });
  const document: LoadedDocument = { kind: 'firewall', file: context.file, format: 'nft-json', index: 0, data, locator };
  return { documents: [document], findings };
}

function chainKeyOf(object: JsonObject, nameKey: 'name' | 'chain'): string {
  return `${String(object.family)}/${String(object.table)}/${String(object[nameKey])}`;
}

function addChain(object: JsonObject, index: number, chains: Record<string, Chain>, origins: Map<string, DataPath>, families: Set<string>): void {
  const key = chainKeyOf(object, 'name');
  const chain: Chain = (Object.hasOwn(chains, key) ? chains[key] : undefined) ?? { table: String(object.table) };
  if (typeof object.hook === 'string' && hooks.has(object.hook)) chain.hook = object.hook as Chain['hook'];
  if (object.policy === 'accept' || object.policy === 'drop') chain.policy = object.policy;
  if (chain.hook !== undefined && typeof object.prio === 'number' && Number.isInteger(object.prio)) chain.priority = object.prio;
  setOwn(chains, key, chain);
  families.add(String(object.family));
  origins.set(`chains/${key}`, ['nftables', index, 'chain']);
  origins.set(`chains/${key}/policy`, ['nftables', index, 'chain', 'policy']);
  origins.set(`chains/${key}/hook`, ['nftables', index, 'chain', 'hook']);
  origins.set(`chains/${key}/priority`, ['nftables', index, 'chain', 'prio']);
}

/** Element types of the named sets whose members the model reads as addresses. */
const ADDRESS_SET_TYPES = new Set(['ipv4_addr', 'ipv6_addr']);

/**
 * Reads the named sets of the ruleset (`set` objects), each by `family/table/name`, and
 * reports the sets whose members the model cannot read.
 */
function readSets(objects: unknown[], origins: Map<string, DataPath>, findings: Finding[], context: ParseContext, locate: Locate): Map<string, string[] | undefined> {
  const sets = new Map<string, string[] | undefined>();
  objects.forEach((entry, index) => {
    if (!isObject(entry) || !isObject(entry.set)) return;
    const set = entry.set;
    const key = chainKeyOf(set, 'name');
    const path = ['nftables', index, 'set'];
    const members = addressMembers(set);
    sets.set(key, members);
    if (members) {
      origins.set(`objects/addresses/${setObjectName(key)}`, path);
      return;
    }
    findings.push(
      loadFinding(
        context.file,
        locate(path),
        `named set \`${String(set.name)}\` is not modelled: only address sets whose members are listed are; rules that use it are treated as matching an unknown subset of packets`,
        'Nothing to fix in the ruleset; rules that need the contents of this set cannot check them.',
        NATIVE_CHECKS.notUnderstood,
        'warning',
      ),
    );
  });
  return sets;
}

/**
 * Returns the value of a set element. An element with options (a timeout, a comment) is
 * wrapped as `{"elem": {"val": ...}}`, and its options are returned beside the value.
 */
export function elementValue(element: unknown): { value: unknown; options?: JsonObject } {
  return isObject(element) && isObject(element.elem) ? { value: element.elem.val, options: element.elem } : { value: element };
}

/**
 * Returns the members of an address set as model address text. Returns undefined when the set
 * contains other elements, is filled by rules at run time (`dynamic` flag or a timeout) or has
 * an element in another form.
 */
function addressMembers(set: JsonObject): string[] | undefined {
  if (typeof set.type !== 'string' || !ADDRESS_SET_TYPES.has(set.type)) return undefined;
  const flags = normaliseExpression(set.flags, 'flags');
  if ((Array.isArray(flags) && flags.includes('dynamic')) || set.timeout !== undefined) return undefined;
  const members: string[] = [];
  for (const element of Array.isArray(set.elem) ? set.elem : []) {
    // An element that expires was added at run time.
    const { value, options } = elementValue(element);
    if (options && (options.timeout !== undefined || options.expires !== undefined)) return undefined;
    const text = valueText(value);
    if (typeof text !== 'string') return undefined;
    members.push(text);
  }
  return members;
}

type Locate = (path: DataPath) => ReturnType<LoadedDocument['locator']['locate']>;

function addRule(object: JsonObject, index: number, chains: Record<string, Chain>, origins: Map<string, DataPath>, findings: Finding[], context: ParseContext, locate: Locate, sets: NamedSets): void {
  const key = chainKeyOf(object, 'chain');
  const chain = Object.hasOwn(chains, key) ? chains[key] : undefined;
  const path = ['nftables', index, 'rule'];
  if (!chain) {
    findings.push(loadFinding(context.file, locate(path), `rule of chain \`${key}\` comes before the chain or without it`, 'Give the unchanged output of `nft -j list ruleset`, which lists each chain before its rules.'));
    return;
  }
  // A rule without `expr` (printed by some nft versions for empty rules) decides nothing.
  const statements = Array.isArray(object.expr) ? object.expr : [];
  origins.set(`chains/${key}/rules`, ['nftables', index, 'rule']);
  for (const expanded of expandVerdictMap(statements)) {
    const { rule, fieldSources, notUnderstood, unknownServices } = ruleFromStatements(expanded.statements, `${String(object.family)}/${String(object.table)}/`, sets);
    const exprPath = (exprIndex: number) => [...path, 'expr', expanded.sourceIndex[exprIndex] ?? exprIndex];
    const rules = (chain.rules ??= []);
    const base = `chains/${key}/rules/${rules.length}`;
    // `nft -j` prints a rule's comment as a field of the rule, and nft text as a statement.
    if (typeof object.comment === 'string' && rule.comment === undefined) {
      rule.comment = object.comment;
      origins.set(`${base}/comment`, [...path, 'comment']);
    }
    rules.push(rule);
    origins.set(base, path);
    for (const [field, exprIndex] of fieldSources) origins.set(`${base}/${field}`, exprPath(exprIndex));
    for (const { index: exprIndex, key: statement } of notUnderstood) {
      findings.push(loadFinding(context.file, locate(exprPath(exprIndex)), `statement \`${statement}\` is not understood; the rule is treated as matching an unknown subset of packets`, 'Nothing to fix in the ruleset; rules that need this statement cannot check it.', NATIVE_CHECKS.notUnderstood, 'warning'));
    }
    for (const { index: exprIndex, name } of unknownServices) {
      findings.push(loadFinding(context.file, locate(exprPath(exprIndex)), `unknown service name \`${name}\` in a port match`, 'Write the port number instead, such as `tcp dport 22`; driftgate knows the common names of /etc/services only.'));
    }
  }
}

/**
 * Splits a rule with a verdict map, such as `ct state vmap { established : accept, invalid :
 * drop }`, into one rule per entry, each matching the entry's key with the entry's verdict. The
 * keys of a map never overlap, so the rules decide alike in any order, and `ct state` entries are
 * put in one fixed order so that the text and JSON forms compare alike. `sourceIndex` gives the
 * index in the original `expr` of each statement.
 */
function expandVerdictMap(statements: unknown[]): { statements: unknown[]; sourceIndex: number[] }[] {
  const identity = { statements, sourceIndex: statements.map((_, index) => index) };
  const at = statements.findIndex((statement) => isObject(statement) && isObject(statement.vmap));
  if (at === -1) return [identity];
  const vmap = (statements[at] as JsonObject).vmap as JsonObject;
  const data = isObject(vmap.data) && Array.isArray(vmap.data.set) ? vmap.data.set : undefined;
  if (!data || !data.every((entry) => Array.isArray(entry) && entry.length === 2 && isObject(entry[1]))) return [identity];
  const entries = [...(data as [unknown, JsonObject][])];
  const left = vmap.key;
  if (matchField(left) === 'state') entries.sort(([first], [second]) => stateOrder.indexOf(String(first)) - stateOrder.indexOf(String(second)));
  const sourceIndex = [...statements.map((_, index) => index).slice(0, at + 1), ...statements.map((_, index) => index).slice(at)];
  return entries.map(([value, verdict]) => ({
    statements: [...statements.slice(0, at), { match: { op: '==', left, right: value } }, verdict, ...statements.slice(at + 1)],
    sourceIndex,
  }));
}

/** `nft -j list ruleset` output, recognised by its top-level `nftables` array. */
export const nftJsonFormat: SourceFormat = {
  name: 'nft-json',
  claimsName: (path) => /\.json$/i.test(path),
  claimsContent: (head) => /^\s*\{\s*"nftables"\s*:/.test(head),
  parse: parseNftJson,
};
