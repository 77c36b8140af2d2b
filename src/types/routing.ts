/* Generated from schemas/ by `npm run gen:types`. Do not edit: change the schema instead. */

/**
 * `blackhole` drops silently, `unreachable` and `prohibit` answer with ICMP errors.
 */
export type RouteType = 'unicast' | 'blackhole' | 'unreachable' | 'prohibit' | 'local';

/**
 * Interfaces with their addresses and the static routes of one host or role.
 */
export interface Routing {
  /**
   * Path or URL of this schema, for editor completion.
   */
  $schema?: string;
  /**
   * Document kind.
   */
  kind: 'routing';
  /**
   * Host this routing applies to.
   */
  host?: string;
  /**
   * Role this routing applies to, when it covers several hosts.
   */
  role?: string;
  description?: string;
  /**
   * Interfaces and their addresses in CIDR notation.
   */
  interfaces?: Interface[];
  /**
   * Static routes.
   */
  routes?: Route[];
}
/**
 * This interface was referenced by `Routing`'s JSON-Schema
 * via the `definition` "interface".
 */
export interface Interface {
  /**
   * Interface name, such as `eth0` or `bond0.100`.
   */
  name: string;
  /**
   * Addresses with prefix length, such as `198.51.100.2/24`.
   */
  addresses?: string[];
  mtu?: number;
  description?: string;
}
/**
 * This interface was referenced by `Routing`'s JSON-Schema
 * via the `definition` "route".
 */
export interface Route {
  /**
   * Destination prefix in CIDR notation, or `default`.
   */
  destination: string;
  type?: RouteType;
  /**
   * Gateway address.
   */
  via?: string;
  /**
   * Output interface.
   */
  dev?: string;
  /**
   * Treat the gateway as directly reachable even outside the interface's subnets.
   */
  onLink?: boolean;
  /**
   * Preference; lower wins.
   */
  metric?: number;
  /**
   * Routing table by name or number (`main` by default).
   */
  table?: string | number;
  /**
   * Preferred source address.
   */
  source?: string;
  /**
   * Multipath next hops.
   */
  nexthops?: NextHop[];
  comment?: string;
}
/**
 * This interface was referenced by `Routing`'s JSON-Schema
 * via the `definition` "nexthop".
 */
export interface NextHop {
  /**
   * Gateway address.
   */
  via?: string;
  /**
   * Output interface.
   */
  dev?: string;
  weight?: number;
  /**
   * Treat the gateway as directly reachable even outside the interface's subnets.
   */
  onLink?: boolean;
}
