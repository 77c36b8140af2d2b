/** IPv4 and IPv6 addresses, prefixes and ranges as integers, for exact containment checks. */
import { isIPv4, isIPv6 } from 'node:net';

export type IpVersion = 4 | 6;

/** Returns the version that `ipv4` or `ipv6` names, as schemas and `meta nfproto` spell it. */
export function ipVersionNamed(name: unknown): IpVersion | undefined {
  if (name === 'ipv4') return 4;
  if (name === 'ipv6') return 6;
  return undefined;
}

/** A contiguous block of addresses of one family, both ends inclusive. */
export interface AddressBlock {
  version: IpVersion;
  first: bigint;
  last: bigint;
}

/** A parsed prefix such as `198.51.100.0/24`. */
export interface Prefix extends AddressBlock {
  /** The address as written, before host bits are cleared. */
  address: bigint;
  length: number;
  /** True when the written address has bits set beyond the prefix length. */
  hostBitsSet: boolean;
}

const bits: Record<IpVersion, number> = { 4: 32, 6: 128 };

/** Returns the address as an integer, or undefined when it is not a valid IPv4 or IPv6 address. */
export function parseAddress(text: string): { version: IpVersion; value: bigint } | undefined {
  if (isIPv4(text)) {
    const value = text.split('.').reduce((total, part) => (total << 8n) | BigInt(Number(part)), 0n);
    return { version: 4, value };
  }
  if (isIPv6(text.replace(/%.*$/, ''))) {
    return { version: 6, value: ipv6ToBigInt(text.replace(/%.*$/, '')) };
  }
  return undefined;
}

function ipv6ToBigInt(text: string): bigint {
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes its two 16-bit words first.
  const expanded = text.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, a: string, b: string, c: string, d: string) =>
    `${((Number(a) << 8) | Number(b)).toString(16)}:${((Number(c) << 8) | Number(d)).toString(16)}`,
  );
  const [left = '', right] = expanded.split('::');
  const leftWords = left === '' ? [] : left.split(':');
  const rightWords = right === undefined || right === '' ? [] : right.split(':');
  const zeros = right === undefined ? [] : Array<string>(8 - leftWords.length - rightWords.length).fill('0');
  return [...leftWords, ...zeros, ...rightWords].reduce((total, word) => (total << 16n) | BigInt(parseInt(word, 16)), 0n);
}

/** Parses `address/length` (or a bare address as a host prefix); undefined when invalid. */
export function parsePrefix(text: string): Prefix | undefined {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  const address = parseAddress(addressText);
  if (!address) return undefined;
  const width = bits[address.version];
  const lengthText = slash === -1 ? String(width) : text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(lengthText) || Number(lengthText) > width) return undefined;
  const length = Number(lengthText);
  const hostMask = (1n << BigInt(width - length)) - 1n;
  const first = address.value & ~hostMask;
  return { version: address.version, address: address.value, length, first, last: first | hostMask, hostBitsSet: (address.value & hostMask) !== 0n };
}

/** Parses a prefix, a bare address or a range `first-last`; undefined when invalid or inverted. */
export function parseBlock(text: string): AddressBlock | undefined {
  const dash = text.indexOf('-');
  if (dash !== -1 && !text.includes('/')) {
    const first = parseAddress(text.slice(0, dash).trim());
    const last = parseAddress(text.slice(dash + 1).trim());
    if (!first || !last || first.version !== last.version || first.value > last.value) return undefined;
    return { version: first.version, first: first.value, last: last.value };
  }
  return parsePrefix(text);
}

/** Returns true when block `inner` lies wholly inside block `outer`. */
export function blockContains(outer: AddressBlock, inner: AddressBlock): boolean {
  return outer.version === inner.version && outer.first <= inner.first && inner.last <= outer.last;
}

/** Formats an integer address of a family as text (IPv6 in its shortest form). */
export function formatAddress(version: IpVersion, value: bigint): string {
  if (version === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const words = Array.from({ length: 8 }, (_, index) => Number((value >> BigInt(112 - index * 16)) & 0xffffn));
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < 8; start += 1) {
    let length = 0;
    while (start + length < 8 && words[start + length] === 0) length += 1;
    if (length > bestLength && length > 1) {
      bestStart = start;
      bestLength = length;
    }
  }
  const hex = words.map((word) => word.toString(16));
  if (bestStart === -1) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLength).join(':')}`;
}

/** Formats a prefix with its host bits cleared, such as `198.51.100.0/24`. */
export function formatPrefix(prefix: Prefix): string {
  return `${formatAddress(prefix.version, prefix.first)}/${prefix.length}`;
}
