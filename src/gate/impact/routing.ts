/** Change impact of routing documents: routes added, removed, or given a new next hop. */
import type { Route, Routing } from '../../types/routing.js';
import { formatPrefix, parsePrefix } from '../../util/ip.js';
import type { ImpactFunction, ImpactItem } from './types.js';
import { lineOf } from './types.js';

/** Writes `default` as the prefix it means, from the family of the gateway (IPv4 when unknown). */
function destinationPrefix(route: Route): string {
  if (route.destination.toLowerCase() !== 'default') return route.destination;
  const gateway = route.via ?? route.nexthops?.find((hop) => hop.via)?.via;
  return gateway?.includes(':') ? '::/0' : '0.0.0.0/0';
}

function routeKey(route: Route): string {
  const prefix = parsePrefix(destinationPrefix(route));
  const destination = prefix ? formatPrefix(prefix) : route.destination.toLowerCase();
  return `${route.table ?? 'main'} ${destination} ${route.metric ?? 0}`;
}

function describeDestination(route: Route): string {
  const table = route.table === undefined || route.table === 'main' ? '' : ` (table ${route.table})`;
  return `${route.destination}${table}`;
}

/** Describes where a route sends traffic: its type, gateway and device, or its multipath next hops. */
export function nextHopText(route: Route): string {
  if (route.type && route.type !== 'unicast') return route.type;
  if (route.nexthops && route.nexthops.length > 0) {
    return route.nexthops.map((hop) => [hop.via && `via ${hop.via}`, hop.dev && `dev ${hop.dev}`, hop.weight && `weight ${hop.weight}`].filter(Boolean).join(' ')).join(' + ');
  }
  return [route.via && `via ${route.via}`, route.dev && `dev ${route.dev}`].filter(Boolean).join(' ') || 'direct';
}

/** Reports routes added, removed, and routes whose next hop changed. */
export const routingImpact: ImpactFunction = (base, head) => {
  const items: ImpactItem[] = [];
  const before = ((base?.data as Routing | undefined)?.routes ?? []).map((route) => ({ route, key: routeKey(route) }));
  const after = (head?.data as Routing | undefined)?.routes ?? [];
  const remaining = new Map<string, Route[]>();
  for (const { route, key } of before) remaining.set(key, [...(remaining.get(key) ?? []), route]);

  after.forEach((route, index) => {
    const key = routeKey(route);
    const candidates = remaining.get(key) ?? [];
    const old = candidates.shift();
    const line = head ? lineOf(head, ['routes', index]) : 1;
    if (!old) {
      items.push({ domain: 'routing', file: head!.file, line, change: 'added', text: `route ${describeDestination(route)} ${nextHopText(route)} added` });
    } else if (nextHopText(old) !== nextHopText(route)) {
      items.push({ domain: 'routing', file: head!.file, line, change: 'changed', text: `route ${describeDestination(route)} next hop changed from ${nextHopText(old)} to ${nextHopText(route)}` });
    }
  });
  for (const routes of remaining.values()) {
    for (const route of routes) {
      const file = (head ?? base)!.file;
      items.push({ domain: 'routing', file, line: 1, change: 'removed', text: `route ${describeDestination(route)} ${nextHopText(route)} removed` });
    }
  }
  return items;
};
