/**
 * Compiles the canonical `FirewallPolicy` into the normalised model, resolving address and
 * service objects. Every source format that produces a `FirewallPolicy` gets analysis from here.
 */
import type { FirewallPolicy, Rule as PolicyRule, Service } from '../../types/firewall.js';
import { ipVersionNamed, parseBlock } from '../../util/ip.js';
import { ANY_ADDRESS, asList } from '../objects.js';
import {
  ADDRESS_MAX,
  IPV6_OFFSET,
  STATES,
  compareBigInts,
  type Box,
  type FirewallModel,
  type Interval,
  type ModelChain,
  type ModelRule,
} from './model.js';
import { rejectKind } from './reject.js';

/** IP protocol numbers by name (IANA "Assigned Internet Protocol Numbers"). */
export const PROTOCOL_NUMBERS: Record<string, number> = {
  icmp: 1,
  igmp: 2,
  ipip: 4,
  tcp: 6,
  udp: 17,
  dccp: 33,
  gre: 47,
  esp: 50,
  ah: 51,
  icmpv6: 58,
  'ipv6-icmp': 58,
  ospf: 89,
  vrrp: 112,
  sctp: 132,
  udplite: 136,
};

/** Protocols that carry ports: tcp, udp, dccp, sctp, udplite. */
export const PORT_PROTOCOLS = [6, 17, 33, 132, 136];

/** ICMP (RFC 792) and ICMPv6 (RFC 4443, 4861) type numbers by the names iptables and nft use. */
const ICMP_TYPES: Record<string, number> = {
  'echo-reply': 0,
  'destination-unreachable': 3,
  'source-quench': 4,
  redirect: 5,
  'echo-request': 8,
  'router-advertisement': 9,
  'router-solicitation': 10,
  'time-exceeded': 11,
  'parameter-problem': 12,
  'timestamp-request': 13,
  'timestamp-reply': 14,
};
const ICMPV6_TYPES: Record<string, number> = {
  'destination-unreachable': 1,
  'packet-too-big': 2,
  'time-exceeded': 3,
  'parameter-problem': 4,
  'echo-request': 128,
  'echo-reply': 129,
  'nd-router-solicit': 133,
  'nd-router-advert': 134,
  'nd-neighbor-solicit': 135,
  'nd-neighbor-advert': 136,
};

/** Field constraints of one service alternative. */
interface ServiceMatch {
  protocol?: Interval[];
  destinationPort?: Interval[];
  sourcePort?: Interval[];
  icmpType?: Interval[];
}

/** Compiles a canonical firewall policy into the model. */
export function compilePolicy(policy: FirewallPolicy): FirewallModel {
  const resolver = new ObjectResolver(policy);
  let families: (4 | 6)[] = [4, 6];
  if (policy.family === 'ipv4') families = [4];
  else if (policy.family === 'ipv6') families = [6];
  const chains = new Map<string, ModelChain>();
  for (const [name, chain] of Object.entries(policy.chains ?? {})) {
    const family = ipVersionNamed(chain.family);
    const rules = (chain.rules ?? []).map((rule, index) => {
      const compiled = compileRule(rule, { chain: name, index, path: ['chains', name, 'rules', index] }, resolver);
      return family === undefined ? compiled : { ...compiled, boxes: withinFamily(compiled.boxes, family) };
    });
    chains.set(name, {
      name,
      ...(chain.hook ? { hook: chain.hook } : {}),
      ...(family !== undefined ? { family } : {}),
      table: chain.table ?? 'filter',
      ...(chain.priority !== undefined ? { priority: chain.priority } : {}),
      policy: chain.policy ?? 'accept',
      rules,
    });
  }
  const management = policy.management === undefined ? [] : resolver.addresses(asList(policy.management), []);
  return { families, chains, management };
}

/** Limits boxes to the source addresses of one family, so that they match its packets only. */
function withinFamily(boxes: Box[], family: 4 | 6): Box[] {
  const range: Interval[] = [family === 4 ? [0n, IPV6_OFFSET - 1n] : [IPV6_OFFSET, ADDRESS_MAX]];
  const limited: Box[] = [];
  for (const box of boxes) {
    const source = box.source === undefined ? range : intersectIntervals(box.source, range);
    if (source.length > 0) limited.push({ ...box, source });
  }
  return limited;
}

/** Position of a rule in its document. */
interface RulePlace {
  chain: string;
  index: number;
  path: (string | number)[];
}

function compileRule(rule: PolicyRule, place: RulePlace, resolver: ObjectResolver): ModelRule {
  const unmodeled = [...(rule.unmodeled ?? [])];
  const base: Box = {};
  if (rule.source !== undefined) {
    const source = resolver.addresses(asList(rule.source), unmodeled);
    base.source = rule.sourceNot ? complementWithinFamilies(source) : source;
  }
  if (rule.destination !== undefined) {
    const destination = resolver.addresses(asList(rule.destination), unmodeled);
    base.destination = rule.destinationNot ? complementWithinFamilies(destination) : destination;
  }
  if (rule.inInterface !== undefined) {
    base.inInterface = normaliseInterface(rule.inInterface);
    if (rule.inInterfaceNot) base.inInterfaceNot = true;
  }
  if (rule.outInterface !== undefined) {
    base.outInterface = normaliseInterface(rule.outInterface);
    if (rule.outInterfaceNot) base.outInterfaceNot = true;
  }
  if (rule.state !== undefined) {
    base.state = mergeIntervals(rule.state.map((state) => point(STATES.indexOf(state))));
  }

  const own = serviceMatch(rule, unmodeled);
  const alternatives =
    rule.service === undefined ? [own] : asList(rule.service).map((name) => intersectService(own, resolver.service(name, unmodeled)));
  const boxes: Box[] = [];
  for (const alternative of alternatives) {
    if (alternative === undefined) continue;
    const box: Box = { ...base, ...alternative };
    if (Object.values(box).every((value) => !Array.isArray(value) || value.length > 0)) boxes.push(box);
  }

  const rejectWith = rule.action === 'reject' ? rejectKind(rule.targetOptions) : undefined;
  return {
    boxes,
    action: modelAction(rule.action),
    ...(rule.target !== undefined ? { target: rule.target } : {}),
    ...(rejectWith !== undefined ? { rejectWith } : {}),
    unmodeled,
    label: rule.id ?? `${place.chain}[${place.index}]`,
    ...place,
  };
}

/**
 * Maps the actions the analysis has no verdict for onto `log`, which goes on with the next
 * rule: exactly right for `continue` (no target, or MARK and the like).
 * NOTE: an `extension` target (DNAT, NFQUEUE...) ends evaluation, so rules after it in the
 * same chain may be judged as if it let packets through.
 */
function modelAction(action: PolicyRule['action']): ModelRule['action'] {
  return action === 'continue' || action === 'extension' ? 'log' : action;
}

/** Turns protocol, ports and ICMP type of a rule or a service object into field constraints. */
function serviceMatch(source: PolicyRule | Service, unmodeled: string[]): ServiceMatch {
  const match: ServiceMatch = {};
  const protocol = source.protocol === undefined ? undefined : protocolNumber(source.protocol);
  if (protocol === null) unmodeled.push(`protocol ${String(source.protocol)}`);
  else if (protocol !== undefined) match.protocol = [point(protocol)];
  if (source.ports !== undefined) match.destinationPort = portIntervals(source.ports, unmodeled);
  if (source.sourcePorts !== undefined) match.sourcePort = portIntervals(source.sourcePorts, unmodeled);
  if ((match.destinationPort || match.sourcePort) && !match.protocol) {
    // A port match implies a protocol with ports (iptables needs `-p`, nft `th dport`).
    match.protocol = PORT_PROTOCOLS.map(point);
  }
  if (source.icmpType !== undefined) {
    const isV6 = protocol === 58;
    const type = icmpTypeNumber(source.icmpType, isV6);
    if (type === undefined) unmodeled.push(`icmp type ${String(source.icmpType)}`);
    else match.icmpType = [point(type)];
    match.protocol ??= [point(isV6 ? 58 : 1)];
  }
  return match;
}

function intersectService(own: ServiceMatch, service: ServiceMatch | undefined): ServiceMatch | undefined {
  if (service === undefined) return own;
  const result: ServiceMatch = { ...service };
  for (const key of ['protocol', 'destinationPort', 'sourcePort', 'icmpType'] as const) {
    const left = own[key];
    const right = service[key];
    if (left && right) result[key] = intersectIntervals(left, right);
    else if (left) result[key] = left;
  }
  return result;
}

/** Returns the protocol number, undefined for `any`, or null when the name is unknown. */
export function protocolNumber(value: string | number): number | undefined | null {
  if (typeof value === 'number') return value;
  const text = value.toLowerCase();
  if (text === 'any' || text === 'all') return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  return PROTOCOL_NUMBERS[text] ?? null;
}

function icmpTypeNumber(value: string | number, isV6: boolean): number | undefined {
  if (typeof value === 'number') return value;
  if (/^\d+$/.test(value)) return Number(value);
  return (isV6 ? ICMPV6_TYPES : ICMP_TYPES)[value.toLowerCase()];
}

function portIntervals(list: number | string | (number | string)[], unmodeled: string[]): Interval[] {
  const intervals: Interval[] = [];
  for (const item of asList(list)) {
    const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(String(item));
    const low = match ? Number(match[1]) : NaN;
    const high = match?.[2] !== undefined ? Number(match[2]) : low;
    if (!(low <= high && high <= 65535)) {
      unmodeled.push(`port ${String(item)}`);
      return [[0n, 65535n]];
    }
    intervals.push([BigInt(low), BigInt(high)]);
  }
  return mergeIntervals(intervals);
}

/** nftables writes interface wildcards as `eth*`, iptables as `eth+`; the model uses `+`. */
function normaliseInterface(name: string): string {
  return name.endsWith('*') ? `${name.slice(0, -1)}+` : name;
}

/** Resolves address and service objects, following nested address objects. */
class ObjectResolver {
  private readonly addressObjects: Record<string, string | string[]>;
  private readonly serviceObjects: Record<string, Service>;

  constructor(policy: FirewallPolicy) {
    this.addressObjects = policy.objects?.addresses ?? {};
    this.serviceObjects = policy.objects?.services ?? {};
  }

  /** Returns the address-axis intervals of an address list; unknown names go to `unmodeled`. */
  addresses(list: string[], unmodeled: string[], seen: Set<string> = new Set()): Interval[] {
    const intervals: Interval[] = [];
    for (const text of list) {
      if (ANY_ADDRESS.has(text.toLowerCase())) return [[0n, ADDRESS_MAX]];
      const block = parseBlock(text);
      if (block) {
        const offset = block.version === 6 ? IPV6_OFFSET : 0n;
        intervals.push([block.first + offset, block.last + offset]);
        continue;
      }
      const object = this.addressObjects[text];
      if (object === undefined || seen.has(text)) {
        // Unknown: the rule matches some unknown addresses, so its match is an upper bound.
        unmodeled.push(`address ${text}`);
        return [[0n, ADDRESS_MAX]];
      }
      intervals.push(...this.addresses(asList(object), unmodeled, new Set([...seen, text])));
    }
    return mergeIntervals(intervals);
  }

  /** Returns the constraints of a service object, or undefined (and an unmodeled note) if unknown. */
  service(name: string, unmodeled: string[]): ServiceMatch | undefined {
    const service = this.serviceObjects[name];
    if (service === undefined) {
      unmodeled.push(`service ${name}`);
      return undefined;
    }
    return serviceMatch(service, unmodeled);
  }
}

/**
 * Complements an address set within the families it names: `! -s 192.0.2.0/24` matches the other
 * IPv4 sources only, as nftables `ip saddr != 192.0.2.0/24` does.
 */
function complementWithinFamilies(set: Interval[]): Interval[] {
  const families: Interval[] = [];
  if (set.some(([first]) => first < IPV6_OFFSET)) families.push([0n, IPV6_OFFSET - 1n]);
  if (set.some(([, last]) => last >= IPV6_OFFSET)) families.push([IPV6_OFFSET, ADDRESS_MAX]);
  const result: Interval[] = [];
  for (const [low, high] of families) {
    let next = low;
    for (const [first, last] of set) {
      if (last < low || first > high) continue;
      if (first > next) result.push([next, first - 1n]);
      next = last + 1n > next ? last + 1n : next;
    }
    if (next <= high) result.push([next, high]);
  }
  return result;
}

function point(value: number): Interval {
  return [BigInt(value), BigInt(value)];
}

/** Sorts intervals and merges those that overlap or touch. */
export function mergeIntervals(intervals: Interval[]): Interval[] {
  const sorted = [...intervals].sort((left, right) => compareBigInts(left[0], right[0]));
  const result: [bigint, bigint][] = [];
  for (const [first, last] of sorted) {
    const previous = result[result.length - 1];
    if (previous && first <= previous[1] + 1n) {
      if (last > previous[1]) previous[1] = last;
    } else {
      result.push([first, last]);
    }
  }
  return result;
}

function intersectIntervals(left: Interval[], right: Interval[]): Interval[] {
  const result: Interval[] = [];
  for (const [a, b] of left) {
    for (const [c, d] of right) {
      const first = a > c ? a : c;
      const last = b < d ? b : d;
      if (first <= last) result.push([first, last]);
    }
  }
  return mergeIntervals(result);
}
