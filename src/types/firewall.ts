/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * Address family of the ruleset: `inet` (both), `ipv4` or `ipv6`.
 */
export type AddressFamily = 'inet' | 'ipv4' | 'ipv6';
/**
 * Management networks that must always reach SSH on this host.
 */
export type AddressList = string | Address[];
/**
 * An IPv4 or IPv6 address, a prefix in CIDR notation (198.51.100.0/24), a range (192.0.2.10-192.0.2.20), `any`, or the name of an address object.
 */
export type Address = string;
/**
 * One address or a list of addresses; an absent list matches any address.
 */
export type AddressList1 = string | Address[];
/**
 * IP protocol by name (`tcp`, `udp`, `icmp`, `icmpv6`, `sctp`, `gre`, `esp`, `ah`, `any`) or number.
 *
 * This interface was referenced by `FirewallPolicy`'s JSON-Schema
 * via the `definition` "protocol".
 */
export type Protocol = string | number;
/**
 * Destination ports.
 */
export type PortList = number | string | Port[];
/**
 * A port number (443) or an inclusive range written `low-high` (1024-65535).
 */
export type Port = number | string;
/**
 * Source ports.
 */
export type PortList1 = number | string | Port[];
/**
 * Netfilter hook the chain is attached to; absent for user chains.
 */
export type Hook = 'input' | 'forward' | 'output' | 'prerouting' | 'postrouting';
/**
 * Address family of the packets that reach the chain, when the ruleset has both: an nft chain of an `ip` or `ip6` table beside tables of the other family. Its rules match packets of this family only.
 */
export type ChainAddressFamily = 'ipv4' | 'ipv6';
/**
 * Verdict for packets that no rule decides. Base chains only.
 */
export type Policy = 'accept' | 'drop' | 'reject';
/**
 * What a matching packet gets. `jump` and `goto` need `target`; `log` and `continue` go on with the next rule. `continue` is a rule without a verdict (no target, or a non-terminating target such as MARK); `extension` is a terminating target driftgate does not model (DNAT, NFQUEUE...), named in `target`.
 */
export type Action =
  'accept' | 'drop' | 'reject' | 'jump' | 'goto' | 'return' | 'log' | 'continue' | 'extension';
/**
 * One address or a list of addresses; an absent list matches any address.
 */
export type AddressList2 = string | Address[];
/**
 * One address or a list of addresses; an absent list matches any address.
 */
export type AddressList3 = string | Address[];
/**
 * Source ports (tcp, udp, sctp).
 */
export type PortList2 = number | string | Port[];
/**
 * Destination ports (tcp, udp, sctp).
 */
export type PortList3 = number | string | Port[];

/**
 * A host or gateway packet filter: named objects, chains of ordered rules and default policies.
 */
export interface FirewallPolicy {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'firewall';
  /**
   * Name of the firewall or role this policy applies to.
   */
  name?: string;
  /**
   * Free text for people.
   */
  description?: string;
  family?: AddressFamily;
  management?: AddressList;
  objects?: Objects;
  chains: Chains;
}
/**
 * Named address and service objects that rules refer to.
 */
export interface Objects {
  /**
   * Address objects: a name mapped to addresses, prefixes, ranges or other address objects.
   */
  addresses?: {
    [k: string]: AddressList1;
  };
  /**
   * Service objects: a name mapped to a protocol and ports.
   */
  services?: {
    [k: string]: Service;
  };
}
/**
 * This interface was referenced by `FirewallPolicy`'s JSON-Schema
 * via the `definition` "service".
 */
export interface Service {
  protocol: Protocol;
  ports?: PortList;
  sourcePorts?: PortList1;
  /**
   * ICMP or ICMPv6 type, by name or number.
   */
  icmpType?: string | number;
  description?: string;
}
/**
 * Chains by name. A chain with a `hook` is a base chain that sees packets; one without is a user chain reached by `jump` or `goto`.
 */
export interface Chains {
  [k: string]: Chain;
}
/**
 * This interface was referenced by `FirewallPolicy`'s JSON-Schema
 * via the `definition` "chain".
 */
export interface Chain {
  hook?: Hook;
  /**
   * Table of the chain (`filter` by default).
   */
  table?: string;
  family?: ChainAddressFamily;
  /**
   * Priority of a base chain on its hook, as nftables numbers it (`filter` is 0); lower runs first. Every base chain of a hook receives the packet, and a packet passes the hook only if each of them accepts it. Absent: the iptables priority of the table.
   */
  priority?: number;
  policy?: Policy;
  description?: string;
  counters?: Counters;
  /**
   * Rules, evaluated in order; the first terminal match decides.
   */
  rules?: Rule[];
}
/**
 * Packet and byte counters read from live state, such as `iptables-save -c`. They are metadata: drift detection never compares them.
 *
 * This interface was referenced by `FirewallPolicy`'s JSON-Schema
 * via the `definition` "counters".
 */
export interface Counters {
  packets?: number;
  bytes?: number;
}
/**
 * This interface was referenced by `FirewallPolicy`'s JSON-Schema
 * via the `definition` "rule".
 */
export interface Rule {
  /**
   * Name of the rule, shown in findings.
   */
  id?: string;
  action: Action;
  /**
   * Chain to jump or go to, or the target extension of `continue` and `extension` rules (such as `MARK` or `DNAT`).
   */
  target?: string;
  /**
   * Options of the target that driftgate does not model, such as `--log-level 6` or `--to-destination 192.0.2.1`. They change what happens to a matching packet, not which packets match.
   */
  targetOptions?: string[];
  protocol?: Protocol;
  source?: AddressList2;
  /**
   * Match sources outside `source`.
   */
  sourceNot?: boolean;
  destination?: AddressList3;
  /**
   * Match destinations outside `destination`.
   */
  destinationNot?: boolean;
  sourcePorts?: PortList2;
  ports?: PortList3;
  /**
   * Service objects to match instead of `protocol` and `ports`.
   */
  service?: string | string[];
  /**
   * ICMP or ICMPv6 type, by name or number.
   */
  icmpType?: string | number;
  /**
   * Input interface; a trailing `+` matches every name with that prefix.
   */
  inInterface?: string;
  /**
   * Match input interfaces other than `inInterface` (iptables `! -i`, nft `iifname !=`).
   */
  inInterfaceNot?: boolean;
  /**
   * Output interface; a trailing `+` matches every name with that prefix.
   */
  outInterface?: string;
  /**
   * Match output interfaces other than `outInterface` (iptables `! -o`, nft `oifname !=`).
   */
  outInterfaceNot?: boolean;
  /**
   * Connection tracking states that match.
   */
  state?: ('new' | 'established' | 'related' | 'invalid' | 'untracked')[];
  /**
   * Matches driftgate cannot evaluate (rate limits, marks, strings); the rule is treated as matching some unknown subset of packets.
   */
  unmodeled?: string[];
  /**
   * Prefix of log lines for `log` rules.
   */
  logPrefix?: string;
  comment?: string;
  counters?: Counters;
}
