/** "What does this chain do with packet P": direct evaluation of the model, rule by rule. */
import { parseAddress } from '../../util/ip.js';
import { IPV6_OFFSET, STATES, ruleVerdict, type Box, type FirewallModel, type Interval, type ModelChain, type ModelRule, type Verdict } from './model.js';
import type { Packet } from './space.js';

/** The verdict a chain gives a packet, the rule that decides it, and the rules on the way. */
export interface QueryResult {
  verdict: Verdict;
  /** The deciding rule, or undefined when the base chain's policy decides. */
  rule?: ModelRule;
  /** Jumps, gotos and returns that the packet took, in order. */
  path: ModelRule[];
  /** Rules with unmodeled matches that the packet may match; they were taken as not matching. */
  uncertain: ModelRule[];
}

/**
 * Evaluates a base chain on one packet, following jumps, gotos and returns. A packet the chain
 * accepts goes on through its `laterBaseChains`, and the first of them that drops or rejects it
 * decides.
 */
export function queryChain(model: FirewallModel, chainName: string, packet: Packet): QueryResult {
  const chain = model.chains.get(chainName);
  if (!chain) throw new Error(`chain "${chainName}" not found`);
  const path: ModelRule[] = [];
  const uncertain: ModelRule[] = [];
  const values = packetValues(packet);
  let result: QueryResult = { verdict: 'accept', path, uncertain };
  for (const base of [chain, ...(chain.laterBaseChains ?? [])]) {
    const outcome = queryOneChain(model, base, values, path, uncertain);
    // As in `flattenChain`, an accept by a later chain's policy keeps the earlier accepting rule.
    if (outcome.verdict === 'accept' && outcome.rule === undefined) continue;
    result = { ...outcome, path, uncertain };
    if (outcome.verdict !== 'accept') break;
  }
  return result;
}

/** Evaluates one base chain on a packet and adds the rules it takes and its uncertain rules to the lists. */
function queryOneChain(model: FirewallModel, chain: ModelChain, values: PacketValues, path: ModelRule[], uncertain: ModelRule[]): { verdict: Verdict; rule?: ModelRule } {
  // Result of a chain: a terminal verdict with its rule, 'return' to continue in the caller.
  type Outcome = { verdict: Verdict; rule: ModelRule } | 'return';
  const run = (current: ModelChain | undefined, stack: string[]): Outcome => {
    for (const rule of current?.rules ?? []) {
      if (!rule.boxes.some((box) => boxContains(box, values))) continue;
      if (rule.unmodeled.length > 0) {
        uncertain.push(rule);
        continue;
      }
      const verdict = ruleVerdict(rule);
      if (verdict) return { verdict, rule };
      if (rule.action === 'log') continue;
      path.push(rule);
      if (rule.action === 'return') return 'return';
      const target = rule.target === undefined ? undefined : model.chains.get(rule.target);
      if (!target || target.hook !== undefined || stack.includes(target.name)) continue;
      const outcome = run(target, [...stack, target.name]);
      if (outcome !== 'return') return outcome;
      if (rule.action === 'goto') return 'return';
    }
    return 'return';
  };
  const outcome = run(chain, [chain.name]);
  return outcome === 'return' ? { verdict: chain.policy } : outcome;
}

/** A packet as numbers on the model's axes. */
interface PacketValues {
  numbers: Record<string, bigint>;
  inInterface: string;
  outInterface: string;
}

function packetValues(packet: Packet): PacketValues {
  const address = (text: string): bigint => {
    const parsed = parseAddress(text);
    if (!parsed) throw new Error(`"${text}" is not a valid IPv4 or IPv6 address`);
    return parsed.version === 6 ? parsed.value + IPV6_OFFSET : parsed.value;
  };
  return {
    numbers: {
      protocol: BigInt(packet.protocol),
      source: address(packet.source),
      destination: address(packet.destination),
      sourcePort: BigInt(packet.sourcePort),
      destinationPort: BigInt(packet.destinationPort),
      icmpType: BigInt(packet.icmpType),
      state: BigInt(STATES.indexOf(packet.state)),
    },
    inInterface: packet.inInterface,
    outInterface: packet.outInterface,
  };
}

/** Returns true when the box contains the packet. */
function boxContains(box: Box, values: PacketValues): boolean {
  for (const [field, value] of Object.entries(values.numbers)) {
    const intervals = box[field as keyof Box] as Interval[] | undefined;
    if (intervals && !intervals.some(([first, last]) => first <= value && value <= last)) return false;
  }
  return (
    interfaceMatches(box.inInterface, values.inInterface) !== (box.inInterfaceNot === true) &&
    interfaceMatches(box.outInterface, values.outInterface) !== (box.outInterfaceNot === true)
  );
}

function interfaceMatches(pattern: string | undefined, name: string): boolean {
  if (pattern === undefined) return true;
  return pattern.endsWith('+') ? name.startsWith(pattern.slice(0, -1)) : name === pattern;
}
