/** Change impact of load-balancer documents: servers per backend, capacity, frontend binds. */
import type { LoadedDocument } from '../../model.js';
import { isActive } from '../../loadbalancer/servers.js';
import type { Backend, LoadBalancer } from '../../types/loadbalancer.js';
import type { ImpactFunction, ImpactItem } from './types.js';
import { lineOf } from './types.js';

/** Capacity of a backend: the summed weight of servers that take traffic in normal operation. */
export function backendCapacity(backend: Backend): number {
  return (backend.servers ?? []).filter(isActive).reduce((total, server) => total + (server.weight ?? 1), 0);
}

function bindText(bind: { address?: string; port: number | string }): string {
  const address = bind.address ?? '*';
  return address.includes(':') ? `[${address}]:${bind.port}` : `${address}:${bind.port}`;
}

/** Reports servers added and removed, capacity drops of half or more, and rebound frontends. */
export const loadBalancerImpact: ImpactFunction = (base, head) => {
  const items: ImpactItem[] = [];
  const before = (base?.data as LoadBalancer | undefined) ?? { kind: 'loadbalancer' };
  const after = (head?.data as LoadBalancer | undefined) ?? { kind: 'loadbalancer' };
  const where = (head ?? base)!;
  const at = (document: LoadedDocument, path: (string | number)[]) => ({ file: document.file, line: lineOf(document, path) });

  const baseBackends = new Map((before.backends ?? []).map((backend, index) => [backend.name, { backend, index }]));
  (after.backends ?? []).forEach((backend, index) => {
    const old = baseBackends.get(backend.name);
    baseBackends.delete(backend.name);
    const oldServers = new Map((old?.backend.servers ?? []).map((server) => [server.name, server]));
    (backend.servers ?? []).forEach((server, serverIndex) => {
      if (!oldServers.delete(server.name) && old) {
        items.push({ domain: 'loadbalancer', ...at(where, ['backends', index, 'servers', serverIndex]), change: 'added', text: `server ${server.name} (${server.address}${server.port ? `:${server.port}` : ''}) added to backend ${backend.name}` });
      }
    });
    for (const server of oldServers.values()) {
      items.push({ domain: 'loadbalancer', ...at(where, ['backends', index]), change: 'removed', text: `server ${server.name} (${server.address}${server.port ? `:${server.port}` : ''}) removed from backend ${backend.name}` });
    }
    if (!old) {
      items.push({ domain: 'loadbalancer', ...at(where, ['backends', index]), change: 'added', text: `backend ${backend.name} added with ${(backend.servers ?? []).length} servers` });
      return;
    }
    const capacityBefore = backendCapacity(old.backend);
    const capacityAfter = backendCapacity(backend);
    if (capacityBefore > 0 && capacityAfter <= capacityBefore / 2) {
      items.push({ domain: 'loadbalancer', ...at(where, ['backends', index]), change: 'capacity', text: `backend ${backend.name} capacity drops from ${capacityBefore} to ${capacityAfter} (active server weight)` });
    }
  });
  for (const { backend } of baseBackends.values()) {
    items.push({ domain: 'loadbalancer', file: where.file, line: 1, change: 'removed', text: `backend ${backend.name} removed` });
  }

  const baseFrontends = new Map((before.frontends ?? []).map((frontend) => [frontend.name, frontend]));
  (after.frontends ?? []).forEach((frontend, index) => {
    const old = baseFrontends.get(frontend.name);
    baseFrontends.delete(frontend.name);
    const binds = frontend.binds.map(bindText).sort().join(', ');
    if (!old) {
      items.push({ domain: 'loadbalancer', ...at(where, ['frontends', index]), change: 'added', text: `frontend ${frontend.name} added on ${binds}` });
      return;
    }
    const oldBinds = old.binds.map(bindText).sort().join(', ');
    if (oldBinds !== binds) {
      items.push({ domain: 'loadbalancer', ...at(where, ['frontends', index, 'binds']), change: 'rebound', text: `frontend ${frontend.name} rebound from ${oldBinds} to ${binds}` });
    }
  });
  for (const frontend of baseFrontends.values()) {
    items.push({ domain: 'loadbalancer', file: where.file, line: 1, change: 'removed', text: `frontend ${frontend.name} removed` });
  }
  return items;
};
