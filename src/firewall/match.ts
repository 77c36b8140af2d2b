/** Predicates on rules and chains: what a rule narrows, which chains filter inbound traffic. */
import type { Chain, FirewallPolicy, Rule } from '../types/firewall.js';
import { protocolName } from './ports.js';
import { coversEveryAddress, resolveAddresses } from './resolve.js';

/** Hooks whose chains filter traffic that arrives from the network. */
export const INBOUND_HOOKS: ReadonlySet<string> = new Set(['input', 'forward']);

/**
 * iptables tables other than `filter`. Their built-in chains keep policy accept by design,
 * so the filtering rules ignore them. nftables table names are free text.
 */
const nonFilterTables: ReadonlySet<string> = new Set(['nat', 'mangle', 'raw', 'security']);

/** Returns true when the chain is a base chain on the input or forward hook of a filter table. */
export function isInboundFilterChain(chain: Chain): boolean {
  if (chain.hook === undefined || !INBOUND_HOOKS.has(chain.hook)) return false;
  return !nonFilterTables.has((chain.table ?? 'filter').toLowerCase());
}

/** Returns true when an address field matches every address: absent, `any`, 0.0.0.0/0 or ::/0. */
export function matchesEveryAddress(
  policy: FirewallPolicy,
  list: Rule['source'],
  negated: boolean | undefined,
): boolean {
  if (list === undefined) return true;
  return !negated && coversEveryAddress(resolveAddresses(policy, list));
}

/**
 * Returns true when a rule matches every packet: no address, protocol, port, service, ICMP
 * type, interface, state or unmodeled match narrows it. `protocol: any` narrows nothing.
 */
export function matchesEveryPacket(policy: FirewallPolicy, rule: Rule): boolean {
  const narrowingFields = [
    rule.ports,
    rule.sourcePorts,
    rule.service,
    rule.icmpType,
    rule.inInterface,
    rule.outInterface,
    rule.state,
    rule.unmodeled,
  ];
  if (narrowingFields.some((value) => value !== undefined)) return false;
  if (protocolName(rule.protocol) !== 'any') return false;
  return (
    matchesEveryAddress(policy, rule.source, rule.sourceNot) &&
    matchesEveryAddress(policy, rule.destination, rule.destinationNot)
  );
}

/** Returns true when a rule has no state match, or one that includes `new` or `untracked`. */
export function admitsNewConnections(rule: Rule): boolean {
  return (
    rule.state === undefined || rule.state.some((state) => state === 'new' || state === 'untracked')
  );
}

/** Returns true when a rule matches only packets that arrive on the loopback interface. */
export function isLoopbackOnly(rule: Rule): boolean {
  return rule.inInterface === 'lo' && !rule.inInterfaceNot;
}
