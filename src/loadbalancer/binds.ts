/** Listening sockets of frontends, and when two of them compete for the same connections. */
import type { DataPath, LoadedDocument } from '../model.js';
import type { Bind, LoadBalancer } from '../types/loadbalancer.js';
import { parseAddress } from '../util/ip.js';

/** Bind addresses that mean every local address, as the schema defines them. */
const WILDCARD_ADDRESSES = new Set(['', '*', '0.0.0.0', '::']);

/** A frontend's bind with its place in the run. */
export interface BindAt {
  document: LoadedDocument<LoadBalancer>;
  frontend: string;
  bind: Bind;
  path: DataPath;
}

/** Lists every bind of every frontend of a document, in order. */
export function bindsOf(document: LoadedDocument<LoadBalancer>): BindAt[] {
  const result: BindAt[] = [];
  (document.data.frontends ?? []).forEach((frontend, frontendIndex) => {
    (frontend.binds ?? []).forEach((bind, bindIndex) => {
      result.push({
        document,
        frontend: frontend.name,
        bind,
        path: ['frontends', frontendIndex, 'binds', bindIndex],
      });
    });
  });
  return result;
}

/** Parses a bind port, `443` or `8000-8010`, as an inclusive range, or returns undefined when invalid. */
export function portRange(port: Bind['port']): [number, number] | undefined {
  if (typeof port === 'number') return [port, port];
  const match = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(port);
  if (!match) return undefined;
  const low = Number(match[1]);
  const high = match[2] === undefined ? low : Number(match[2]);
  return low <= high ? [low, high] : undefined;
}

/** Returns true when the bind listens on every local address. */
export function isWildcardBind(bind: Bind): boolean {
  return WILDCARD_ADDRESSES.has((bind.address ?? '').trim().toLowerCase());
}

function sameAddress(left: string, right: string): boolean {
  const leftAddress = parseAddress(left);
  const rightAddress = parseAddress(right);
  if (leftAddress && rightAddress) {
    return leftAddress.version === rightAddress.version && leftAddress.value === rightAddress.value;
  }
  // Host names are compared as written: resolving them is no job for an offline check.
  return left.trim().toLowerCase() === right.trim().toLowerCase();
}

/**
 * Returns true when two binds would accept the same connections: their port ranges meet,
 * their addresses are equal or one of them is a wildcard, and they are not pinned to two
 * different interfaces. A wildcard counts for both families because the schema defines
 * `*`, `0.0.0.0` and `::` alike as every address.
 */
export function bindsOverlap(left: Bind, right: Bind): boolean {
  const leftPorts = portRange(left.port);
  const rightPorts = portRange(right.port);
  if (!leftPorts || !rightPorts || leftPorts[1] < rightPorts[0] || rightPorts[1] < leftPorts[0]) {
    return false;
  }
  if (
    left.interface !== undefined &&
    right.interface !== undefined &&
    left.interface !== right.interface
  ) {
    return false;
  }
  if (isWildcardBind(left) || isWildcardBind(right)) return true;
  return sameAddress(left.address ?? '', right.address ?? '');
}

/** Formats a bind as `address:port` for messages, with IPv6 addresses in brackets. */
export function formatBind(bind: Bind): string {
  const address = bind.address === undefined || bind.address === '' ? '*' : bind.address;
  return address.includes(':') ? `[${address}]:${bind.port}` : `${address}:${bind.port}`;
}
