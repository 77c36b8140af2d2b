/** Port numbers, port ranges and the protocols that carry ports, for the firewall rules. */
import type { Port, Protocol } from '../types/firewall.js';

/** Highest port number, because TCP, UDP, SCTP and DCCP headers carry ports in 16 bits. */
export const MAX_PORT = 65535;

/**
 * Maximum port slots in one `-m multiport` list, where a range takes two slots. The kernel
 * header linux/netfilter/xt_multiport.h sets XT_MULTI_PORTS to 15, and iptables-restore
 * v1.8.9 rejects a 16th slot with "too many ports specified".
 */
export const MAX_MULTIPORT_SLOTS = 15;

/** An inclusive range of port numbers; a single port has `first === last`. */
export interface PortRange {
  first: number;
  last: number;
}

/** The result of parsing one port item: a range, or why the item is not one. */
export type ParsedPort =
  | { ok: true; range: PortRange; isRange: boolean }
  | { ok: false; problem: 'syntax' | 'tooLarge' | 'inverted' };

const portPattern = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/;

/** Parses a port item: a number, `"443"` or an inclusive range `"1024-65535"`. */
export function parsePort(value: Port): ParsedPort {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return { ok: false, problem: 'syntax' };
    if (value > MAX_PORT) return { ok: false, problem: 'tooLarge' };
    return { ok: true, range: { first: value, last: value }, isRange: false };
  }
  const match = portPattern.exec(String(value));
  if (!match) return { ok: false, problem: 'syntax' };
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (first > MAX_PORT || last > MAX_PORT) return { ok: false, problem: 'tooLarge' };
  if (first > last) return { ok: false, problem: 'inverted' };
  return { ok: true, range: { first, last }, isRange: match[2] !== undefined };
}

/** Returns how many multiport slots an item takes: two for a range, one for a port. */
export function portSlots(value: Port): number {
  const parsed = parsePort(value);
  return parsed.ok && parsed.isRange ? 2 : 1;
}

/** Returns true when two port ranges share at least one port. */
export function rangesOverlap(left: PortRange, right: PortRange): boolean {
  return left.first <= right.last && right.first <= left.last;
}

/** Formats a range as `22` or `2379-2380`. */
export function formatPortRange(range: PortRange): string {
  return range.first === range.last ? String(range.first) : `${range.first}-${range.last}`;
}

// IANA protocol numbers of the protocols that the schema names.
const protocolNames: Record<number, string> = {
  0: 'any',
  1: 'icmp',
  2: 'igmp',
  4: 'ipip',
  6: 'tcp',
  17: 'udp',
  33: 'dccp',
  47: 'gre',
  50: 'esp',
  51: 'ah',
  58: 'icmpv6',
  89: 'ospf',
  112: 'vrrp',
  132: 'sctp',
  136: 'udplite',
};

/**
 * Returns the canonical lower-case name of a protocol. Numbers of protocols that the schema
 * names become those names. `all`, 0 and an absent protocol become `any`, because iptables
 * `-p all` and `-p 0` match every protocol. `ipv6-icmp` becomes `icmpv6`.
 */
export function protocolName(protocol: Protocol | undefined): string {
  if (protocol === undefined) return 'any';
  const text = String(protocol).trim().toLowerCase();
  if (/^\d+$/.test(text)) return protocolNames[Number(text)] ?? text;
  if (text === 'all') return 'any';
  if (text === 'ipv6-icmp') return 'icmpv6';
  return text;
}

/** Protocols with source and destination ports, which `--sport`/`--dport` can match. */
export const PORT_PROTOCOLS: ReadonlySet<string> = new Set([
  'tcp',
  'udp',
  'udplite',
  'sctp',
  'dccp',
]);

/** Returns true when the protocol carries port numbers. */
export function hasPorts(protocol: Protocol | undefined): boolean {
  return PORT_PROTOCOLS.has(protocolName(protocol));
}
