import { describe, expect, it } from 'vitest';

import { effectiveLoadBalancer } from '../../src/loadbalancer/effective.js';
import type { LoadBalancer } from '../../src/types/loadbalancer.js';

describe('effectiveLoadBalancer', () => {
  it('folds defaults into each proxy', () => {
    const data: LoadBalancer = {
      kind: 'loadbalancer',
      defaults: { mode: 'http', balance: 'leastconn', timeouts: { client: '30s', connect: 5000, server: '30s' } },
      frontends: [{ name: 'www', binds: [{ port: 80 }], defaultBackend: 'web' }],
      backends: [{ name: 'web', timeouts: { server: '1m' } }],
    };
    const effective = effectiveLoadBalancer(data);
    expect(effective).not.toHaveProperty('defaults');
    expect(effective.frontends[0]?.mode).toBe('http');
    expect(effective.frontends[0]?.timeouts).toEqual({ client: '30000 ms' });
    expect(effective.backends[0]?.mode).toBe('http');
    expect(effective.backends[0]?.balance).toBe('leastconn');
    expect(effective.backends[0]?.timeouts).toEqual({ connect: '5000 ms', server: '60000 ms' });
  });

  it('fills in HAProxy defaults', () => {
    const data: LoadBalancer = {
      kind: 'loadbalancer',
      backends: [
        { name: 'plain', servers: [{ name: 'a', address: '192.0.2.1', port: '80' }] },
        { name: 'http', healthCheck: { type: 'http' } },
      ],
    };
    const [plain, http] = effectiveLoadBalancer(data).backends;
    expect(plain?.mode).toBe('tcp');
    expect(plain?.balance).toBe('roundrobin');
    expect(plain?.healthCheck).toEqual({ type: 'tcp', interval: '2000 ms', rise: 2, fall: 3 });
    expect(plain?.servers).toEqual([{ name: 'a', address: '192.0.2.1', port: 80, weight: 1 }]);
    expect(http?.healthCheck).toEqual({ type: 'http', interval: '2000 ms', rise: 2, fall: 3, method: 'OPTIONS', path: '/' });
  });

  it('equates spellings of one bind', () => {
    const binds = (address: string | undefined) =>
      effectiveLoadBalancer({ kind: 'loadbalancer', frontends: [{ name: 'f', binds: [{ ...(address === undefined ? {} : { address }), port: '443' }] }] })
        .frontends[0]?.binds;
    for (const address of [undefined, '*', '0.0.0.0']) expect(binds(address)).toEqual([{ port: 443 }]);
    expect(binds('::')).toEqual([{ address: '::', port: 443 }]);
    expect(binds('2001:DB8:0::1')).toEqual([{ address: '2001:db8::1', port: 443 }]);
  });

  it('keeps what the proxy sets', () => {
    const data: LoadBalancer = {
      kind: 'loadbalancer',
      defaults: { mode: 'http' },
      backends: [{ name: 'stats', mode: 'tcp', balance: 'first', respondsItself: true, servers: [{ name: 'b', address: 'db.example', weight: 0, backup: true, check: false }] }],
    };
    const backend = effectiveLoadBalancer(data).backends[0];
    expect(backend?.mode).toBe('tcp');
    expect(backend?.balance).toBe('first');
    expect(backend?.respondsItself).toBe(true);
    expect(backend?.servers).toEqual([{ name: 'b', address: 'db.example', weight: 0, backup: true }]);
  });
});
