/**
 * Change impact of firewall documents: the traffic a change newly allows and newly denies,
 * computed by comparing the two rulesets with the analysis engine, so reordering or re-spelling
 * rules without a change in behaviour lists nothing.
 */
import {
  ADDRESS_MAX,
  compilePolicy,
  diffModels,
  formatAxisAddress,
  formatNumberSet,
  IPV6_OFFSET,
  protocolName,
  STATES,
  type ChainDiff,
  type DiffOptions,
  type FirewallModel,
  type FlowClass,
  type Interval,
} from '../../firewall/analysis/index.js';
import type { LoadedDocument } from '../../model.js';
import type { FirewallPolicy } from '../../types/firewall.js';
import type { ImpactFunction, ImpactItem } from './types.js';
import { lineOf } from './types.js';

/** Flow classes listed per document before the rest is summed up in one item. */
export const MAX_FLOW_ITEMS = 10;

/** Classes the engine describes per chain and direction. Beyond it, the rest is counted as "at least". */
const MAX_ENGINE_CLASSES = 200;

const EMPTY_POLICY: FirewallPolicy = { kind: 'firewall' } as FirewallPolicy;

/** Compares the two revisions of a document chain by chain; an absent side has no ruleset. */
export function diffDocuments(
  base: LoadedDocument | undefined,
  head: LoadedDocument | undefined,
  options: DiffOptions = { maxClasses: MAX_ENGINE_CLASSES },
): ChainDiff[] {
  const before = (base?.data as FirewallPolicy | undefined) ?? EMPTY_POLICY;
  const after = (head?.data as FirewallPolicy | undefined) ?? EMPTY_POLICY;
  return diffModels(compileCached(before), compileCached(after), options);
}

const compiled = new WeakMap<FirewallPolicy, FirewallModel>();

/** Compiles a policy once, however many diffs of it a rule asks for. */
function compileCached(policy: FirewallPolicy): FirewallModel {
  let model = compiled.get(policy);
  if (!model) {
    model = compilePolicy(policy);
    compiled.set(policy, model);
  }
  return model;
}

/** Lists newly allowed and newly denied flow classes, at most `MAX_FLOW_ITEMS` per document. */
export const firewallImpact: ImpactFunction = (base, head) => {
  const where = (head ?? base)!;
  const items: ImpactItem[] = [];
  let truncated = false;
  for (const chain of diffDocuments(base, head)) {
    truncated ||= chain.truncated;
    for (const flow of mergeClasses(chain.newlyAllowed)) items.push(flowItem(flow, 'allowed', base, head, chain.chain));
    for (const flow of mergeClasses(chain.newlyDenied)) items.push(flowItem(flow, 'denied', base, head, chain.chain));
  }
  if (items.length <= MAX_FLOW_ITEMS && !truncated) return items;
  const rest = items.length - MAX_FLOW_ITEMS;
  const listed = items.slice(0, MAX_FLOW_ITEMS);
  const count = truncated ? `at least ${Math.max(rest, 1)} more flow classes` : `${rest} more flow classes`;
  listed.push({ domain: 'firewall', file: where.file, line: listed.at(-1)?.line ?? 1, change: 'changed', text: `and ${count}` });
  return listed;
};

function flowItem(
  flow: FlowClass,
  change: 'allowed' | 'denied',
  base: LoadedDocument | undefined,
  head: LoadedDocument | undefined,
  chain: string,
): ImpactItem {
  const where = (head ?? base)!;
  const subject = `${flow.exact ? '' : 'part of '}${describeFlow(flow)}`;
  // The head rule that now decides the class is responsible. When the head's chain policy
  // decides it, the base rule that used to decide it was removed or no longer matches.
  if (flow.after.rule && head) {
    const line = lineOf(head, [...flow.after.rule.path]);
    return { domain: 'firewall', file: head.file, line, change, text: `${subject} is newly ${change} by rule \`${flow.after.rule.label}\` in ${head.file}:${line}` };
  }
  if (flow.before.rule && base) {
    const line = lineOf(base, [...flow.before.rule.path]);
    const text = `${subject} is newly ${change} because rule \`${flow.before.rule.label}\` (${base.file}:${line} in the base) no longer matches it`;
    return { domain: 'firewall', file: base.file, line, change, text };
  }
  const line = head ? policyLine(head, chain) : 1;
  return { domain: 'firewall', file: where.file, line, change, text: `${subject} is newly ${change} by the policy of chain ${chain} in ${where.file}:${line}` };
}

function policyLine(document: LoadedDocument, chain: string): number {
  return lineOf(document, ['chains', chain, 'policy']);
}

/**
 * Describes a flow class compactly: `tcp/22,80 from any to 198.51.100.0/24`. Connection states
 * appear only when the class holds no new connections, because rulesets accept established and
 * related packets first and every other class would otherwise list the remaining states.
 */
export function describeFlow(flow: FlowClass): string {
  const parts = [`${describeProtocols(flow)} from ${describeEnd(flow.source, flow.destination)} to ${describeEnd(flow.destination, flow.source)}`];
  const sourcePorts = formatNumberSet(flow.sourcePort);
  if (sourcePorts !== 'any') parts.push(`source port ${sourcePorts.replace(/, /g, ',')}`);
  const states = flow.state.flatMap(([first, last]) => STATES.slice(Number(first), Number(last) + 1));
  if (!states.includes('new')) parts.push(`state ${states.join(',')}`);
  if (isNamedOnly(flow.inInterface)) parts.push(`in ${flow.inInterface.join(',')}`);
  if (isNamedOnly(flow.outInterface)) parts.push(`out ${flow.outInterface.join(',')}`);
  return parts.join(' ');
}

/**
 * Returns true when a class is limited to interfaces that rules name. A class that also holds
 * interfaces no rule names reads as any interface: the few names it leaves out, such as `lo`
 * of a loopback rule, are not listed.
 */
function isNamedOnly(interfaces: string[] | 'any'): interfaces is string[] {
  return interfaces !== 'any' && !interfaces.some((name) => name.includes('(unlisted)'));
}

/**
 * Describes one address field of a class, `any` when it is whole in each family the other field
 * has, because both addresses of a packet share a family.
 */
function describeEnd(own: readonly Interval[], other: readonly Interval[]): string {
  const spaces = [IPV4_SPACE, IPV6_SPACE].filter((space) => clip(other, space).length > 0);
  const merged = mergeIntervals(own);
  const whole = spaces.length > 0 && spaces.every((space) => isFull(clip(merged, space), space)) && merged.every(([first]) => spaces.some((space) => first >= space[0] && first <= space[1]));
  return whole ? 'any' : describeAddresses(own);
}

const PORT_PROTOCOL_NUMBERS = new Set([6, 17, 33, 132, 136]);

function describeProtocols(flow: FlowClass): string {
  if (isWhole(flow.protocol, 255n)) return 'any protocol';
  const ports = formatNumberSet(flow.destinationPort).replace(/, /g, ',');
  const types = formatNumberSet(flow.icmpType, 255n).replace(/, /g, ',');
  const numbers = flow.protocol.flatMap(([first, last]) => (last - first > 8n ? [] : range(first, last)));
  if (numbers.length === 0) return `protocols ${formatNumberSet(flow.protocol, 255n)}`;
  return numbers
    .map((number) => {
      const name = protocolName(number);
      if (PORT_PROTOCOL_NUMBERS.has(number) && ports !== 'any') return `${name}/${ports}`;
      if ((number === 1 || number === 58) && types !== 'any') return `${name} type ${types}`;
      return name;
    })
    .join(' and ');
}

function range(first: bigint, last: bigint): number[] {
  const numbers: number[] = [];
  for (let value = first; value <= last; value += 1n) numbers.push(Number(value));
  return numbers;
}

function isWhole(intervals: readonly Interval[], max: bigint): boolean {
  return intervals.length === 1 && intervals[0]![0] === 0n && intervals[0]![1] === max;
}

const IPV4_SPACE: Interval = [0n, IPV6_OFFSET - 1n];
const IPV6_SPACE: Interval = [IPV6_OFFSET, ADDRESS_MAX];

/**
 * Describes an address set as prefixes, or as `any except ...` when the complement is shorter.
 * `any` is both families; a set within one family is measured against that family alone.
 */
export function describeAddresses(intervals: readonly Interval[]): string {
  const merged = mergeIntervals(intervals);
  const ipv4 = clip(merged, IPV4_SPACE);
  const ipv6 = clip(merged, IPV6_SPACE);
  const families = [
    { space: IPV4_SPACE, name: '0.0.0.0/0', set: ipv4 },
    { space: IPV6_SPACE, name: '::/0', set: ipv6 },
  ].filter((family) => family.set.length > 0);
  if (families.length === 2 && families.every((family) => isFull(family.set, family.space))) return 'any';
  return families.map((family) => describeFamily(family.set, family.space, family.name)).join(', ');
}

function describeFamily(set: Interval[], space: Interval, name: string): string {
  if (isFull(set, space)) return name;
  const listed = set.flatMap(([first, last]) => toPrefixes(first, last));
  const complement = complementOf(set, space).flatMap(([first, last]) => toPrefixes(first, last));
  if (complement.length < listed.length) return `${name} except ${complement.join(',')}`;
  return listed.join(',');
}

function isFull(set: Interval[], space: Interval): boolean {
  return set.length === 1 && set[0]![0] === space[0] && set[0]![1] === space[1];
}

function clip(set: readonly Interval[], space: Interval): Interval[] {
  return set
    .filter(([first, last]) => last >= space[0] && first <= space[1])
    .map(([first, last]): Interval => [first < space[0] ? space[0] : first, last > space[1] ? space[1] : last]);
}

function complementOf(set: readonly Interval[], space: Interval): Interval[] {
  const result: Interval[] = [];
  let next = space[0];
  for (const [first, last] of set) {
    if (first > next) result.push([next, first - 1n]);
    next = last + 1n;
  }
  if (next <= space[1]) result.push([next, space[1]]);
  return result;
}

/** Sorts intervals and joins those that overlap or touch. */
export function mergeIntervals(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((left, right) => (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0));
  const merged: Interval[] = [];
  for (const [first, last] of sorted) {
    const previous = merged.at(-1);
    if (previous && first <= previous[1] + 1n) {
      merged[merged.length - 1] = [previous[0], last > previous[1] ? last : previous[1]];
    } else {
      merged.push([first, last]);
    }
  }
  return merged;
}

/** Splits an address-axis range into the fewest CIDR prefixes that cover it exactly. */
function toPrefixes(first: bigint, last: bigint): string[] {
  const offset = first >= IPV6_OFFSET ? IPV6_OFFSET : 0n;
  const width = offset === 0n ? 32 : 128;
  const prefixes: string[] = [];
  let start = first;
  while (start <= last) {
    let size = 1n;
    // Grow the block while it stays aligned to its size and inside the range.
    while (((start - offset) & (size * 2n - 1n)) === 0n && start + size * 2n - 1n <= last && size * 2n <= 1n << BigInt(width)) size *= 2n;
    prefixes.push(`${formatAxisAddress(start)}/${width - (size.toString(2).length - 1)}`);
    start += size;
  }
  return prefixes;
}

/**
 * Joins classes that the engine split but an operator reads as one: same direction, same
 * responsible rules, and the same description except for one address field.
 */
function mergeClasses(flows: readonly FlowClass[]): FlowClass[] {
  const merged: FlowClass[] = [];
  for (const flow of flows) {
    const partner = merged.find((candidate) => mergeField(candidate, flow) !== undefined);
    if (!partner) {
      merged.push(flow);
      continue;
    }
    const field = mergeField(partner, flow)!;
    merged[merged.indexOf(partner)] = { ...partner, [field]: mergeIntervals([...partner[field], ...flow[field]]), exact: partner.exact && flow.exact };
  }
  return merged;
}

function mergeField(left: FlowClass, right: FlowClass): 'source' | 'destination' | undefined {
  if (left.before.rule !== right.before.rule || left.after.rule !== right.after.rule) return undefined;
  if (left.before.verdict !== right.before.verdict || left.after.verdict !== right.after.verdict) return undefined;
  const key = (flow: FlowClass, skip: 'source' | 'destination') =>
    describeFlow({ ...flow, [skip]: [] as Interval[] }) + (flow.exact ? '' : ' (in part)');
  if (key(left, 'source') === key(right, 'source')) return 'source';
  if (key(left, 'destination') === key(right, 'destination')) return 'destination';
  return undefined;
}
