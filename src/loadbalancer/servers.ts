/** Backend and server lookups shared by the load-balancer rules. */
import type { DataPath } from '../model.js';
import type { Backend, LoadBalancer, Server } from '../types/loadbalancer.js';

/** A backend with its place in the document. */
export interface BackendAt {
  backend: Backend;
  path: DataPath;
}

/** A server with its place in the document. */
export interface ServerAt {
  server: Server;
  path: DataPath;
}

/** Lists the backends of a document with their paths. */
export function backendsOf(data: LoadBalancer): BackendAt[] {
  return (data.backends ?? []).map((backend, index) => ({ backend, path: ['backends', index] }));
}

/** Lists the servers of a backend with their paths. */
export function serversOf({ backend, path }: BackendAt): ServerAt[] {
  return (backend.servers ?? []).map((server, index) => ({
    server,
    path: [...path, 'servers', index],
  }));
}

/** Returns true for a server that is configured to take traffic: not `disabled`. */
export function isEnabled(server: Server): boolean {
  return server.disabled !== true;
}

/**
 * Returns true for a server that takes a share of normal traffic: enabled, not a `backup`,
 * and with a weight above 0 (HAProxy sends no load-balanced traffic to weight 0).
 */
export function isActive(server: Server): boolean {
  return isEnabled(server) && server.backup !== true && (server.weight ?? 1) > 0;
}

/**
 * Returns true for a server that can carry traffic now or after a failover: enabled and with a
 * weight above 0. Unlike isActive, it counts `backup` servers, which HAProxy uses once every
 * active server is down.
 */
export function canTakeTraffic(server: Server): boolean {
  return isEnabled(server) && (server.weight ?? 1) > 0;
}
