/** Routes of a routing document, normalized the way the Linux kernel keys its routing tables. */
import type { DataPath } from '../model.js';
import type { NextHop, Route, Routing } from '../types/routing.js';
import {
  type IpVersion,
  type Prefix,
  formatPrefix,
  parseAddress,
  parsePrefix,
} from '../util/ip.js';

/** A route with its place in the document. */
export interface RouteAt {
  route: Route;
  path: DataPath;
}

/** A next hop of a route, the route's own `via`/`dev` or one of its `nexthops`, with its place. */
export interface NextHopAt {
  nextHop: NextHop;
  path: DataPath;
}

/** Lists the routes of a document with their paths. */
export function routesOf(data: Routing): RouteAt[] {
  return (data.routes ?? []).map((route, index) => ({ route, path: ['routes', index] }));
}

/** Lists a route's next hops: the route itself when it has `via` or `dev`, then each of `nexthops`. */
export function nextHopsOf({ route, path }: RouteAt): NextHopAt[] {
  const result: NextHopAt[] = [];
  if (route.via !== undefined || route.dev !== undefined) {
    result.push({ nextHop: { via: route.via, dev: route.dev, onLink: route.onLink }, path });
  }
  (route.nexthops ?? []).forEach((nextHop, index) => {
    result.push({
      nextHop: { ...nextHop, onLink: nextHop.onLink ?? route.onLink },
      path: [...path, 'nexthops', index],
    });
  });
  return result;
}

/** Returns true for the destinations that mean the default route. */
export function isDefaultDestination(destination: string): boolean {
  const text = destination.trim().toLowerCase();
  return text === 'default' || text === '0.0.0.0/0' || text === '::/0';
}

/** Returns the address family of a route: from its destination, else from its first gateway, else IPv4. */
export function routeFamily(route: Route): IpVersion {
  if (route.destination.trim().toLowerCase() !== 'default') {
    const prefix = parsePrefix(route.destination.trim());
    if (prefix) return prefix.version;
  }
  const gateway = route.via ?? route.nexthops?.find((nextHop) => nextHop.via !== undefined)?.via;
  return (gateway === undefined ? undefined : parseAddress(gateway)?.version) ?? 4;
}

/** Parses a destination, `default` included, and returns undefined when it is not a valid prefix. */
export function parseDestination(route: Route): Prefix | undefined {
  const text = route.destination.trim();
  if (text.toLowerCase() === 'default') {
    return parsePrefix(routeFamily(route) === 4 ? '0.0.0.0/0' : '::/0');
  }
  return parsePrefix(text);
}

/** Reserved table numbers and their names in /etc/iproute2/rt_tables. */
const TABLE_NAMES: Record<string, string> = { '253': 'default', '254': 'main', '255': 'local' };

/** Returns the table a route goes into. Routes of type `local` default to table local, others to main. */
export function routeTable(route: Route): string {
  if (route.table === undefined) return route.type === 'local' ? 'local' : 'main';
  const text = String(route.table).trim();
  return TABLE_NAMES[text] ?? text;
}

/**
 * Returns the metric the kernel stores for a route: the written one, else 0 for IPv4 and
 * 1024 for IPv6, the values `ip route add` leaves (checked with Linux 6.18, iproute2 6.1).
 */
export function routeMetric(route: Route): number {
  return route.metric ?? (routeFamily(route) === 6 ? 1024 : 0);
}

/**
 * Returns the key under which the kernel stores a route: destination, table and metric.
 * `ip route add` of a second route with the same key fails with "File exists".
 * An IPv6 link-local destination (inside fe80::/10) also keys on the device, because each
 * link has its own link-local space: the kernel installs fe80::/64 once per interface.
 * Undefined when the destination does not parse.
 */
export function routeKey(route: Route): string | undefined {
  const destination = parseDestination(route);
  if (!destination) return undefined;
  const key = `${formatPrefix(destination)} table ${routeTable(route)} metric ${routeMetric(route)}`;
  return isLinkLocal6(destination) && route.dev !== undefined ? `${key} dev ${route.dev}` : key;
}

/** Returns true for an IPv6 prefix inside fe80::/10 (RFC 4291 section 2.5.6). */
function isLinkLocal6(prefix: Prefix): boolean {
  return prefix.version === 6 && prefix.length >= 10 && prefix.first >> 118n === 0x3fan;
}

/** A route whose kernel key an earlier route of the document already has. */
export interface RepeatedRoute {
  at: RouteAt;
  earlier: RouteAt;
}

/**
 * Finds routes that repeat the kernel key (destination, table, metric) of an earlier route,
 * among the routes `include` accepts. Routes whose destination does not parse are skipped.
 */
export function findRepeatedRoutes(
  data: Routing,
  include: (route: Route) => boolean,
): RepeatedRoute[] {
  const first = new Map<string, RouteAt>();
  const repeated: RepeatedRoute[] = [];
  for (const at of routesOf(data)) {
    const key = include(at.route) ? routeKey(at.route) : undefined;
    if (key === undefined) continue;
    const earlier = first.get(key);
    if (earlier) repeated.push({ at, earlier });
    else first.set(key, at);
  }
  return repeated;
}
