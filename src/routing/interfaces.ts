/** Interfaces of a routing document and the subnets their addresses put on link. */
import type { Routing } from '../types/routing.js';
import { type Prefix, parseAddress, parsePrefix } from '../util/ip.js';

/** Interface names that exist on every Linux host without being declared. */
export const BUILTIN_INTERFACES = new Set(['lo']);

/**
 * Returns the subnets of each declared interface by name, leaving out addresses that do not
 * parse. Interfaces without an `addresses` list, such as ones configured by DHCP, are left
 * out too, because their subnets are unknown.
 */
export function interfaceSubnets(data: Routing): Map<string, Prefix[]> {
  const subnets = new Map<string, Prefix[]>();
  for (const declared of data.interfaces ?? []) {
    if (declared.addresses === undefined) continue;
    const prefixes = declared.addresses
      .map((text) => parsePrefix(text.trim()))
      .filter((prefix): prefix is Prefix => prefix !== undefined);
    subnets.set(declared.name, [...(subnets.get(declared.name) ?? []), ...prefixes]);
  }
  return subnets;
}

/** Returns true for an IPv6 link-local address (fe80::/10, RFC 4291 section 2.5.6). */
export function isLinkLocal(address: string): boolean {
  const parsed = parseAddress(address.trim());
  return parsed?.version === 6 && parsed.value >> 118n === 0x3fan;
}

/** Returns true when `address` lies inside one of `subnets`. */
export function inSubnets(address: string, subnets: readonly Prefix[]): boolean {
  const parsed = parseAddress(address.trim());
  if (!parsed) return false;
  return subnets.some(
    (subnet) =>
      subnet.version === parsed.version &&
      subnet.first <= parsed.value &&
      parsed.value <= subnet.last,
  );
}
