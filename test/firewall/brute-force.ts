/**
 * An independent reference for the analysis engine. It evaluates canonical policies packet by
 * packet over a small universe with one packet in every region the generated rules can tell
 * apart, so set results computed over it are exact.
 */
import type { Chain, FirewallPolicy, Rule } from '../../src/types/firewall.js';
import type { Packet } from '../../src/firewall/analysis/index.js';

/** Addresses of the small universe; 198.51.100.1 stands for every address outside 192.0.2.0/30. */
export const ADDRESSES = ['192.0.2.0', '192.0.2.1', '192.0.2.2', '192.0.2.3', '198.51.100.1'];
/** Ports of the small universe; 80 stands for every port outside 20-23. */
export const PORTS = [20, 21, 22, 23, 80];
/** tcp, udp, sctp for the other protocols with ports, and gre for every protocol without ports. */
export const PROTOCOLS = [6, 17, 132, 47];
export const STATES = ['new', 'established', 'invalid'] as const;
/** `eth7` stands for unlisted names that match `eth+`, `wan0` for names that match nothing. */
export const INTERFACES = ['eth0', 'eth1', 'eth7', 'wan0'];

/** Lists every packet of the small universe. */
export function allPackets(): Packet[] {
  const packets: Packet[] = [];
  for (const source of ADDRESSES)
    for (const destination of ADDRESSES)
      for (const protocol of PROTOCOLS)
        for (const destinationPort of PORTS)
          for (const state of STATES)
            for (const inInterface of INTERFACES)
              packets.push({ protocol, source, destination, sourcePort: 1000, destinationPort, icmpType: 0, state, inInterface, outInterface: 'wan0' });
  return packets;
}

const addressValues = new Map<string, number>();

function addressValue(text: string): number {
  let value = addressValues.get(text);
  if (value === undefined) {
    value = text.split('.').reduce((total, part) => total * 256 + Number(part), 0);
    addressValues.set(text, value);
  }
  return value;
}

function addressMatches(spec: string | string[] | undefined, negate: boolean | undefined, address: string): boolean {
  if (spec === undefined) return true;
  const value = addressValue(address);
  const hit = (Array.isArray(spec) ? spec : [spec]).some((item) => {
    if (item === 'any') return true;
    if (item.includes('-')) {
      const [first, last] = item.split('-').map(addressValue);
      return first! <= value && value <= last!;
    }
    const [base, length = '32'] = item.split('/');
    const size = 2 ** (32 - Number(length));
    const start = Math.floor(addressValue(base!) / size) * size;
    return start <= value && value < start + size;
  });
  return negate ? !hit : hit;
}

function portMatches(spec: Rule['ports'], port: number): boolean {
  if (spec === undefined) return true;
  return (Array.isArray(spec) ? spec : [spec]).some((item) => {
    const [low, high = low] = String(item).split('-').map(Number);
    return low! <= port && port <= high!;
  });
}

/** Returns true when the rule's match contains the packet. */
export function ruleMatches(rule: Rule, packet: Packet): boolean {
  if (rule.protocol !== undefined && packet.protocol !== { tcp: 6, udp: 17 }[rule.protocol as string]) return false;
  if (rule.ports !== undefined && rule.protocol === undefined && ![6, 17, 33, 132, 136].includes(packet.protocol)) return false;
  if (!portMatches(rule.ports, packet.destinationPort)) return false;
  if (!addressMatches(rule.source, rule.sourceNot, packet.source)) return false;
  if (!addressMatches(rule.destination, rule.destinationNot, packet.destination)) return false;
  if (rule.state !== undefined && !rule.state.includes(packet.state as 'new')) return false;
  if (rule.inInterface !== undefined) {
    const pattern = rule.inInterface;
    if (pattern.endsWith('+') ? !packet.inInterface.startsWith(pattern.slice(0, -1)) : packet.inInterface !== pattern) return false;
  }
  return true;
}

/** A verdict with the rule that gave it (`chain` and `index`), or no index for the policy. */
export interface Outcome {
  verdict: 'accept' | 'drop' | 'reject';
  chain: string;
  index?: number;
}

/** Evaluates a base chain on a packet, following jump, goto and return; `skip` leaves one rule out. */
export function evaluate(policy: FirewallPolicy, base: string, packet: Packet, skip?: number): Outcome {
  const chainOf = (name: string): Chain => policy.chains[name]!;
  const run = (name: string): Outcome | 'return' => {
    const rules = chainOf(name).rules ?? [];
    for (let index = 0; index < rules.length; index += 1) {
      const rule = rules[index]!;
      if (name === base && index === skip) continue;
      if (!ruleMatches(rule, packet)) continue;
      if (rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject') return { verdict: rule.action, chain: name, index };
      if (rule.action === 'return') return 'return';
      if (rule.action === 'jump' || rule.action === 'goto') {
        const outcome = run(rule.target!);
        if (outcome !== 'return') return outcome;
        if (rule.action === 'goto') {
          // In a base chain, a goto whose target falls through gets the policy at the goto.
          return name === base ? { verdict: chainOf(base).policy ?? 'accept', chain: base, index } : 'return';
        }
      }
    }
    return 'return';
  };
  const outcome = run(base);
  return outcome === 'return' ? { verdict: chainOf(base).policy ?? 'accept', chain: base } : outcome;
}

/**
 * Evaluates the base chains of one hook in the order given, as nftables runs them: the first
 * drop or reject is final, and a packet every chain accepts is accepted. The accepting rule named
 * is the one of the last chain that accepted by a rule, or none when every chain accepted by its
 * policy.
 */
export function evaluateHook(policy: FirewallPolicy, bases: string[], packet: Packet): Outcome {
  let accepted: Outcome = { verdict: 'accept', chain: bases[0]! };
  for (const base of bases) {
    const outcome = evaluate(policy, base, packet);
    if (outcome.verdict !== 'accept') return outcome;
    if (outcome.index !== undefined) accepted = outcome;
  }
  return accepted;
}
