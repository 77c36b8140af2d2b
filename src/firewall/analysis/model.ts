/**
 * The normalised rule model: a rule's match is a union of boxes over packet header fields,
 * each field an integer interval set. Addresses of both families share one axis: IPv4 at
 * 0 to 2^32-1, IPv6 at 2^32 + its 128-bit value.
 */
import type { DataPath } from '../../model.js';

/** Header fields of the model, in the order the BDD tests them. */
export const FIELDS = [
  'protocol',
  'destinationPort',
  'state',
  'inInterface',
  'outInterface',
  'icmpType',
  'sourcePort',
  'destination',
  'source',
] as const;

/** One header field. */
export type Field = (typeof FIELDS)[number];

/** Inclusive integer interval. */
export type Interval = readonly [bigint, bigint];

/** Connection-tracking states, by their value on the `state` axis. */
export const STATES = ['new', 'established', 'related', 'invalid', 'untracked'] as const;

/** Start of IPv6 on the address axis. */
export const IPV6_OFFSET = 1n << 32n;
/** Last value of the address axis. */
export const ADDRESS_MAX = IPV6_OFFSET + (1n << 128n) - 1n;

/** Range of each numeric field; interfaces are handled by name, see `InterfacePattern`. */
export const FIELD_MAX: Record<Exclude<Field, 'inInterface' | 'outInterface'>, bigint> = {
  protocol: 255n,
  destinationPort: 65535n,
  state: BigInt(STATES.length - 1),
  icmpType: 255n,
  sourcePort: 65535n,
  destination: ADDRESS_MAX,
  source: ADDRESS_MAX,
};

/** An interface name, or a prefix when it ends in `+` (iptables and nftables `*` spelling). */
export type InterfacePattern = string;

/**
 * A box: every packet whose fields all lie in the listed sets. An absent field matches any
 * value.
 */
export interface Box {
  protocol?: Interval[];
  destinationPort?: Interval[];
  state?: Interval[];
  icmpType?: Interval[];
  sourcePort?: Interval[];
  destination?: Interval[];
  source?: Interval[];
  inInterface?: InterfacePattern;
  outInterface?: InterfacePattern;
  /** Flag for a box that takes every input interface except those `inInterface` matches. */
  inInterfaceNot?: true;
  /** Flag for a box that takes every output interface except those `outInterface` matches. */
  outInterfaceNot?: true;
}

/**
 * Final verdict for a packet. `reject` sends ICMP or ICMPv6 port unreachable, and a reject that
 * sends something else names it, such as `reject with tcp reset` (see reject.ts).
 */
export type Verdict = 'accept' | 'drop' | 'reject' | `reject with ${string}`;

/** A rule, normalised: its match as boxes, what it does, and where it was written. */
export interface ModelRule {
  /** The match as a union of boxes; empty means the rule matches nothing. */
  boxes: Box[];
  action: 'accept' | 'drop' | 'reject' | 'jump' | 'goto' | 'return' | 'log';
  target?: string;
  /** Reply of a `reject` rule other than port unreachable, such as `tcp reset`. */
  rejectWith?: string;
  /**
   * Matches the model cannot evaluate (rate limits, marks, unknown objects). The rule then
   * matches an unknown subset of `boxes`.
   */
  unmodeled: string[];
  /** Name for messages: the rule's `id`, else `chain[index]`. */
  label: string;
  chain: string;
  index: number;
  /** Path of the rule in its source document. */
  path: DataPath;
}

/** Returns the verdict of an `accept`, `drop` or `reject` rule, or undefined for other actions. */
export function ruleVerdict(rule: ModelRule): Verdict | undefined {
  if (rule.action === 'reject' && rule.rejectWith !== undefined) return `reject with ${rule.rejectWith}`;
  return rule.action === 'accept' || rule.action === 'drop' || rule.action === 'reject' ? rule.action : undefined;
}

/** A chain of the model. */
export interface ModelChain {
  name: string;
  /** Netfilter hook for base chains; undefined for user chains. */
  hook?: string;
  table: string;
  /**
   * The one address family whose packets reach the chain, when the ruleset filters both: its
   * rules match that family only. The policy of such a base chain applies to that family only.
   */
  family?: 4 | 6;
  /** Priority of a base chain on its hook (nftables numbering), when the source gives one. */
  priority?: number;
  /**
   * Base chains on the same hook that run after this one, in priority order. A packet this chain
   * accepts goes on through each of them, so the hook accepts it only if every chain accepts it,
   * as in nftables. Drop or reject in any of them is final.
   */
  laterBaseChains?: ModelChain[];
  /** Verdict for packets no rule decides; base chains only (accept when not written). */
  policy: Verdict;
  rules: ModelRule[];
}

/** A firewall policy in the normalised model. */
export interface FirewallModel {
  /** Address families the ruleset filters. */
  families: (4 | 6)[];
  chains: Map<string, ModelChain>;
  /** Management networks as address-axis intervals. */
  management: Interval[];
}

/** Orders bigints for `Array.prototype.sort`. */
export function compareBigInts(left: bigint, right: bigint): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

const ESTABLISHED_STATE = BigInt(STATES.indexOf('established'));
const INVALID_STATE = BigInt(STATES.indexOf('invalid'));

/** Loopback sources: 127.0.0.0/8 and ::1 on the address axis. */
const LOOPBACK_SOURCES: Interval[] = [
  [0x7f000000n, 0x7fffffffn],
  [IPV6_OFFSET + 1n, IPV6_OFFSET + 1n],
];

/**
 * Returns true for rules that only match established, related or invalid traffic, only the
 * loopback interface, or loopback sources that arrive on another interface. These are the usual
 * first rules of a chain (accept replies and loopback, drop invalid and spoofed loopback
 * packets), which every later rule overlaps.
 */
export function isReturnTrafficOrLoopback(rule: ModelRule | undefined): boolean {
  if (!rule || rule.boxes.length === 0) return false;
  return rule.boxes.every(
    (box) =>
      (box.inInterface === 'lo' && !box.inInterfaceNot) ||
      (box.inInterface === 'lo' && box.inInterfaceNot && box.source !== undefined && box.source.every(([first, last]) => LOOPBACK_SOURCES.some(([low, high]) => first >= low && last <= high))) ||
      (box.state !== undefined && box.state.every(([first, last]) => first >= ESTABLISHED_STATE && last <= INVALID_STATE)),
  );
}
