/**
 * `nft -j list ruleset` output as canonical firewall documents. The JSON shape follows
 * libnftables-json(5) of nftables 1.0.6, and the variants newer versions print are mapped to
 * the same model: a single flag as a string instead of an array, `{"|": [...]}` instead of a
 * plain list, named counters as strings. Counter values are metadata and never compared.
 */
import type { DataPath, Finding, LoadedDocument, Locator } from '../model.js';
import { parseJson } from '../load/source.js';
import type { Chain, FirewallPolicy, Rule, Service } from '../types/firewall.js';
import type { ParseContext, ParseOutput, SourceFormat } from './format.js';
import { jsonSyntaxRange, loadFinding, lookupTable, NATIVE_CHECKS, setOwn, TranslatedLocator } from './located.js';
import { ipVersionNamed, type IpVersion } from '../util/ip.js';
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

/**
 * Returns the address family a match limits packets to: payload matches of the `ip`, `icmp`,
 * `ip6` and `icmpv6` headers (nft adds a `meta nfproto` dependency for them in tables of both
 * families), and `meta nfproto` itself.
 */
function familyOfMatch(left: unknown, right: unknown, op: string): IpVersion | undefined {
  if (!isObject(left)) return undefined;
  const payload = left.payload;
  if (isObject(payload)) return headerFamily(payload.protocol);
  const meta = left.meta;
  if (!isObject(meta) || meta.key !== 'nfproto' || (op !== '==' && op !== '!=')) return undefined;
  const named = ipVersionNamed(right);
  if (named === undefined || op === '==') return named;
  return named === 4 ? 6 : 4;
}

/** Returns the family of packets that carry a header: `ip` and `icmp` IPv4, `ip6` and `icmpv6` IPv6. */
function headerFamily(header: unknown): IpVersion | undefined {
  if (header === 'ip' || header === 'icmp') return 4;
  if (header === 'ip6' || header === 'icmpv6') return 6;
  return undefined;
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
 * The contents of a named set that the model reads: the addresses of an `ipv4_addr` or
 * `ipv6_addr` set, or the ports of an `inet_service` set (numbers and `low-high` ranges).
 */
export type SetContents = { kind: 'addresses'; members: string[] } | { kind: 'ports'; ports: (number | string)[] };

/**
 * Named sets of a ruleset by `family/table/name`, each with the contents the model reads. A set
 * it cannot read maps to undefined: other element types, sets that rules fill at run time,
 * elements in forms it does not know.
 */
export type NamedSets = ReadonlyMap<string, SetContents | undefined>;

/**
 * Returns the name of the object that stands for a named set in the model: an address object
 * for an address set, a service object for a port set.
 */
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
  /** Negated port matches, such as `tcp dport !=`, which the model cannot express. */
  readonly negatedPorts: { index: number; protocol: string; field: string }[] = [];
  private readonly unmodeled: { text: string; index: number }[] = [];
  private readonly targetOptions: { text: string; index: number }[] = [];
  /** Address family a match limits the rule to (`ip …`, `ip6 …`, `meta nfproto`), and its statement. */
  private family?: { version: IpVersion; index: number };

  add(statement: unknown, index: number): void {
    if (!isObject(statement)) return;
    const [key] = Object.keys(statement);
    if (key === undefined) return;
    const body = statement[key];
    if (key === 'match' && isObject(body)) return this.match(body, index);
    if (key in verdicts) {
      this.rule.action = verdicts[key] as Rule['action'];
      if (key === 'reject' && isObject(body)) {
        if (!this.isDefaultReject(body)) this.targetOption(`reject ${JSON.stringify(normaliseExpression(body))}`, index);
        this.rejectDependency(body, index);
      }
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
   * Adds the match nft puts in front of a reject with a reply of one kind, which its listings
   * do not show (`nft --debug=netlink` of nftables 1.0.6): `meta l4proto tcp` for `tcp reset`,
   * and `meta nfproto ipv4` or `ipv6` for an `icmp` or `icmpv6` reply. Packets the match leaves
   * out go on to the next rule.
   */
  private rejectDependency(body: JsonObject, index: number): void {
    if (body.type === 'tcp reset' && this.rule.protocol === undefined) {
      this.rule.protocol = 'tcp';
      this.field('protocol', index);
    }
    const family = headerFamily(body.type);
    if (family !== undefined) this.limitFamily(family, index);
  }

  /**
   * Limits the rule to one address family. Matches of two families match no packet, so the
   * rule then stays unmodelled.
   */
  private limitFamily(version: IpVersion, index: number): void {
    if (this.family === undefined) this.family = { version, index };
    else if (this.family.version !== version) this.unmodeled.push({ text: 'match of both address families', index });
  }

  /**
   * Returns true for the options `nft -j` prints for a plain `reject`: port-unreachable, as an
   * icmpx code in inet tables, icmp in ip tables and icmpv6 in ip6 tables (nftables 1.0.6). In
   * an inet table nft prints icmp or icmpv6 for a plain `reject` of a rule that matches one
   * family, such as `ip saddr @blocked reject`. The reject limits the rule to that family
   * either way, and the reply is the one a plain `reject` sends to that family.
   */
  private isDefaultReject(body: JsonObject): boolean {
    const family = this.chainPrefix.split('/')[0];
    const types: Record<string, string[]> = lookupTable({ inet: ['icmpx', 'icmp', 'icmpv6'], ip: ['icmp'], ip6: ['icmpv6'] });
    return body.expr === 'port-unreachable' && family !== undefined && typeof body.type === 'string' && (types[family] ?? []).includes(body.type);
  }

  private match(body: JsonObject, index: number): void {
    const field = matchField(body.left);
    const op = typeof body.op === 'string' ? body.op : '==';
    const family = familyOfMatch(body.left, body.right, op);
    if (family !== undefined) {
      this.limitFamily(family, index);
      if (isObject(body.left) && isObject(body.left.meta)) return;
    }
    const values = field === 'ports' || field === 'sourcePorts' ? this.servicePorts(valueList(body.right), index) : valueList(body.right);
    const negated = op === '!=';
    const plain = op === '==' || op === 'in' || negated;
    if ((field === 'ports' || field === 'sourcePorts') && negated) return this.negatedPortMatch(body, index);
    if (field && values && plain && this.setMatch(field, values, negated)) {
      this.field(field, index);
      this.impliedProtocol(body.left, index);
      return;
    }
    // A named set is kept by name: an address set as an address object, a port set as a
    // service object. A set the ruleset declares with contents the model reads decides the
    // match, and any other set leaves it unmodelled. A set the table does not declare stays a
    // reference, which fw-undefined-object reports.
    const named = typeof body.right === 'string' && body.right.startsWith('@') ? `${this.chainPrefix}${body.right.slice(1)}` : undefined;
    const declared = named !== undefined && this.sets.has(named);
    const contents = named === undefined ? undefined : this.sets.get(named);
    const readable = (kind: SetContents['kind']) => (declared ? contents?.kind === kind : true);
    if ((field === 'source' || field === 'destination') && named && plain && readable('addresses') && this.setMatch(field, [setObjectName(named)], negated)) {
      this.field(field, index);
      if (contents) return;
    }
    if (field === 'ports' && named && plain && !negated && readable('ports') && this.portSetMatch(setObjectName(named), body.left, index)) {
      if (contents) return;
    }
    // The ports of a service object are destination ports, so a port set in a `sport` match
    // becomes the rule's own source ports.
    if (field === 'sourcePorts' && contents?.kind === 'ports' && plain && this.setMatch(field, contents.ports, false)) {
      this.field(field, index);
      this.impliedProtocol(body.left, index);
      return;
    }
    this.unmodeled.push({ text: `match ${JSON.stringify(normaliseExpression(body))}`, index });
  }

  /**
   * Keeps a negated port match, such as `tcp dport != { 22, 80 }` or `udp sport != @NAME`,
   * unmodelled, because the model has no negated ports. nft still adds the protocol dependency
   * of the match, so the rule matches an unknown subset of that protocol's packets.
   */
  private negatedPortMatch(body: JsonObject, index: number): void {
    const payload = isObject(body.left) && isObject(body.left.payload) ? body.left.payload : {};
    this.impliedProtocol(body.left, index);
    this.unmodeled.push({ text: `match ${JSON.stringify(normaliseExpression(body))}`, index });
    this.negatedPorts.push({ index, protocol: String(payload.protocol), field: String(payload.field) });
  }

  /**
   * Reads `tcp dport @NAME` as the service object of the port set, narrowed to the protocol of
   * the match. Returns false when the rule has destination ports already.
   */
  private portSetMatch(objectName: string, left: unknown, index: number): boolean {
    if (this.rule.ports !== undefined || this.rule.service !== undefined) return false;
    this.rule.service = objectName;
    this.field('service', index);
    this.impliedProtocol(left, index);
    return true;
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
        if (values.length !== 1 || typeof values[0] !== 'string') return false;
        // nft writes an interface wildcard as `eth*`, iptables as `eth+`.
        rule[field] = values[0].replace(/\*$/, '+');
        if (negated) rule[`${field}Not`] = true;
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
    // In a table of both families (inet, bridge, netdev), `ip protocol tcp` or `meta nfproto
    // ipv4` limits the rule to IPv4 packets. The model writes that as the whole family's
    // addresses, unless an address match already limits the rule. `ip` and `ip6` tables see
    // one family anyway.
    const tableFamily = this.chainPrefix.split('/')[0];
    if (this.family && tableFamily !== 'ip' && tableFamily !== 'ip6' && this.rule.source === undefined && this.rule.destination === undefined) {
      this.rule.source = this.family.version === 4 ? '0.0.0.0/0' : '::/0';
      this.field('source', this.family.index);
    }
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
): Pick<RuleBuilder, 'fieldSources' | 'notUnderstood' | 'unknownServices' | 'negatedPorts'> & { rule: Rule } {
  const builder = new RuleBuilder(chainPrefix, sets);
  statements.forEach((statement, index) => builder.add(statement, index));
  const { fieldSources, notUnderstood, unknownServices, negatedPorts } = builder;
  return { rule: builder.finish(), fieldSources, notUnderstood, unknownServices, negatedPorts };
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
  const family = familyName(families);
  if (family === 'inet') {
    // In a ruleset with tables of both families, an `ip` or `ip6` table's chains see one family.
    for (const [key, chain] of Object.entries(chains)) {
      const tableFamily = key.split('/')[0];
      if (tableFamily === 'ip') chain.family = 'ipv4';
      else if (tableFamily === 'ip6') chain.family = 'ipv6';
    }
  }
  const data: FirewallPolicy = { kind: 'firewall', family, ...setObjects(sets), chains };
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

/**
 * Returns the model objects of the named sets it reads: an address object per address set, and
 * a service object per port set. A port set has no protocol of its own, so its service object
 * has protocol `any`, and each rule narrows it to the protocol of its match, such as tcp.
 */
function setObjects(sets: NamedSets): Pick<FirewallPolicy, 'objects'> {
  const addresses: Record<string, string[]> = {};
  const services: Record<string, Service> = {};
  for (const [key, contents] of sets) {
    if (contents?.kind === 'addresses') setOwn(addresses, setObjectName(key), contents.members);
    if (contents?.kind === 'ports') setOwn(services, setObjectName(key), { protocol: 'any', ports: contents.ports });
  }
  const objects = {
    ...(Object.keys(addresses).length > 0 ? { addresses } : {}),
    ...(Object.keys(services).length > 0 ? { services } : {}),
  };
  return Object.keys(objects).length > 0 ? { objects } : {};
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
function readSets(objects: unknown[], origins: Map<string, DataPath>, findings: Finding[], context: ParseContext, locate: Locate): Map<string, SetContents | undefined> {
  const sets = new Map<string, SetContents | undefined>();
  objects.forEach((entry, index) => {
    if (!isObject(entry) || !isObject(entry.set)) return;
    const set = entry.set;
    const key = chainKeyOf(set, 'name');
    const path = ['nftables', index, 'set'];
    const contents = setContents(set);
    sets.set(key, contents);
    if (contents) {
      origins.set(`objects/${contents.kind === 'addresses' ? 'addresses' : 'services'}/${setObjectName(key)}`, path);
      return;
    }
    findings.push(
      loadFinding(
        context.file,
        locate(path),
        `named set \`${String(set.name)}\` is not modelled: only address and port sets whose members are listed are; rules that use it are treated as matching an unknown subset of packets`,
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
 * Returns the contents of an address set as model address text, or of a port set (type
 * `inet_service`) as port numbers and `low-high` ranges, with service names replaced by their
 * numbers. Returns undefined when the set has another type, is filled by rules at run time
 * (`dynamic` flag or a timeout) or has an element in another form.
 */
function setContents(set: JsonObject): SetContents | undefined {
  const ports = set.type === 'inet_service';
  if (!ports && (typeof set.type !== 'string' || !ADDRESS_SET_TYPES.has(set.type))) return undefined;
  const flags = normaliseExpression(set.flags, 'flags');
  if ((Array.isArray(flags) && flags.includes('dynamic')) || set.timeout !== undefined) return undefined;
  const members: (string | number)[] = [];
  for (const element of Array.isArray(set.elem) ? set.elem : []) {
    // An element that expires was added at run time.
    const { value, options } = elementValue(element);
    if (options && (options.timeout !== undefined || options.expires !== undefined)) return undefined;
    const member = ports ? portMember(value) : valueText(value);
    if (member === undefined || (!ports && typeof member !== 'string')) return undefined;
    members.push(member);
  }
  if (ports) return { kind: 'ports', ports: sortValues(members) as (string | number)[] };
  return { kind: 'addresses', members: members as string[] };
}

/**
 * Returns one element of a port set as a model port: a number, or `low-high` for a range.
 * Numbers may be written as text and ports by service name, as nft text does.
 */
function portMember(value: unknown): string | number | undefined {
  const port = (item: unknown): number | undefined => {
    if (typeof item === 'number') return item;
    if (typeof item !== 'string') return undefined;
    if (/^\d+$/.test(item)) return Number(item);
    return Object.hasOwn(SERVICE_PORTS, item) ? SERVICE_PORTS[item] : undefined;
  };
  const range = isObject(value) ? value.range : undefined;
  if (Array.isArray(range) && range.length === 2) {
    const [low, high] = range.map(port);
    return low === undefined || high === undefined ? undefined : `${low}-${high}`;
  }
  return port(value);
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
    const { rule, fieldSources, notUnderstood, unknownServices, negatedPorts } = ruleFromStatements(expanded.statements, `${String(object.family)}/${String(object.table)}/`, sets);
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
    for (const { index: exprIndex, protocol, field } of negatedPorts) {
      findings.push(
        loadFinding(
          context.file,
          locate(exprPath(exprIndex)),
          `negated port match \`${protocol} ${field} !=\` is not modelled; the rule is treated as matching an unknown subset of ${protocol} packets`,
          'To have the rule checked, list the ports it matches instead, such as `tcp dport { 0-21, 23-65535 }` for `tcp dport != 22`.',
          NATIVE_CHECKS.notUnderstood,
          'warning',
        ),
      );
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
