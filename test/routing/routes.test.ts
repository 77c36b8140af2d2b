import { describe, expect, it } from 'vitest';

import {
  findRepeatedRoutes,
  isDefaultDestination,
  nextHopsOf,
  routeFamily,
  routeKey,
  routeMetric,
  routeTable,
} from '../../src/routing/routes.js';
import type { Route, Routing } from '../../src/types/routing.js';

describe('isDefaultDestination', () => {
  it.each(['default', 'DEFAULT', '0.0.0.0/0', '::/0'])('accepts %s', (text) => {
    expect(isDefaultDestination(text)).toBe(true);
  });

  it.each(['0.0.0.0/1', '::/1', '198.51.100.0/24'])('rejects %s', (text) => {
    expect(isDefaultDestination(text)).toBe(false);
  });
});

describe('route normalization', () => {
  it('takes the family of default from the gateway', () => {
    expect(routeFamily({ destination: 'default', via: '2001:db8::1' })).toBe(6);
    expect(
      routeFamily({ destination: 'default', nexthops: [{ dev: 'eth0' }, { via: '2001:db8::1' }] }),
    ).toBe(6);
    expect(routeFamily({ destination: 'default', dev: 'eth0' })).toBe(4);
  });

  it.each([
    [{ destination: '192.0.2.0/24' }, 'main'],
    [{ destination: '192.0.2.0/24', table: 254 }, 'main'],
    [{ destination: '192.0.2.0/24', table: '255' }, 'local'],
    [{ destination: '192.0.2.1', type: 'local' }, 'local'],
    [{ destination: '192.0.2.0/24', table: 'isp2' }, 'isp2'],
  ] as [Route, string][])('puts %j in table %s', (route, table) => {
    expect(routeTable(route)).toBe(table);
  });

  it('uses the kernel default metrics', () => {
    expect(routeMetric({ destination: '192.0.2.0/24' })).toBe(0);
    expect(routeMetric({ destination: '2001:db8::/32' })).toBe(1024);
    expect(routeMetric({ destination: '2001:db8::/32', metric: 5 })).toBe(5);
  });

  it('keys equal routes alike', () => {
    expect(routeKey({ destination: 'default', via: '192.0.2.1' })).toBe(
      '0.0.0.0/0 table main metric 0',
    );
    expect(routeKey({ destination: '2001:DB8:0::/32', table: 'main', metric: 1024 })).toBe(
      '2001:db8::/32 table main metric 1024',
    );
    expect(routeKey({ destination: 'internal' })).toBeUndefined();
  });
});

describe('nextHopsOf', () => {
  it('lists the route gateway and each multipath hop', () => {
    const route: Route = {
      destination: 'default',
      via: '192.0.2.1',
      onLink: true,
      nexthops: [{ via: '192.0.2.2', dev: 'eth1' }],
    };
    expect(nextHopsOf({ route, path: ['routes', 0] })).toEqual([
      { nextHop: { via: '192.0.2.1', dev: undefined, onLink: true }, path: ['routes', 0] },
      {
        nextHop: { via: '192.0.2.2', dev: 'eth1', onLink: true },
        path: ['routes', 0, 'nexthops', 0],
      },
    ]);
  });

  it('lists nothing for a blackhole route', () => {
    expect(
      nextHopsOf({ route: { destination: '10.0.0.0/8', type: 'blackhole' }, path: ['routes', 0] }),
    ).toEqual([]);
  });
});

describe('findRepeatedRoutes', () => {
  it('pairs each repeat with the first route of its key', () => {
    const data: Routing = {
      kind: 'routing',
      routes: [
        { destination: '198.51.100.0/24', via: '192.0.2.1' },
        { destination: '203.0.113.0/24', via: '192.0.2.1' },
        { destination: '198.51.100.0/24', via: '192.0.2.2' },
        { destination: '198.51.100.0/24', via: '192.0.2.3', metric: 10 },
      ],
    };
    const repeated = findRepeatedRoutes(data, () => true);
    expect(repeated.map(({ at, earlier }) => [at.path, earlier.path])).toEqual([
      [
        ['routes', 2],
        ['routes', 0],
      ],
    ]);
  });
});
