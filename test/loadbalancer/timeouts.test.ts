import { describe, expect, it } from 'vitest';

import {
  effectiveMode,
  effectiveTimeout,
  missingBackendTimeouts,
} from '../../src/loadbalancer/timeouts.js';
import type { LoadBalancer } from '../../src/types/loadbalancer.js';

const data: LoadBalancer = {
  kind: 'loadbalancer',
  defaults: { mode: 'http', timeouts: { client: '30s', connect: '5s', server: '1m' } },
};

describe('effectiveTimeout', () => {
  it('prefers the proxy value', () => {
    expect(effectiveTimeout(data, { client: '10s' }, ['frontends', 0], 'client')).toEqual({
      milliseconds: 10_000,
      path: ['frontends', 0, 'timeouts', 'client'],
    });
  });

  it('inherits from defaults', () => {
    expect(effectiveTimeout(data, undefined, ['backends', 1], 'server')).toEqual({
      milliseconds: 60_000,
      path: ['defaults', 'timeouts', 'server'],
    });
  });

  it('treats 0 as missing even over a default', () => {
    expect(effectiveTimeout(data, { connect: 0 }, ['backends', 0], 'connect')).toBeUndefined();
  });

  it('returns undefined when neither sets it', () => {
    expect(effectiveTimeout(data, {}, ['backends', 0], 'tunnel')).toBeUndefined();
  });
});

describe('effectiveMode', () => {
  it('falls back to defaults and then tcp', () => {
    expect(effectiveMode(data, undefined)).toBe('http');
    expect(effectiveMode(data, 'tcp')).toBe('tcp');
    expect(effectiveMode({ kind: 'loadbalancer' }, undefined)).toBe('tcp');
  });
});

describe('missingBackendTimeouts', () => {
  const bare: LoadBalancer = { kind: 'loadbalancer' };

  it('lists connect and server when nothing is set', () => {
    expect(missingBackendTimeouts(bare, undefined, 'http', ['backends', 0])).toEqual([
      'connect',
      'server',
    ]);
  });

  it('accepts tunnel for server in tcp mode', () => {
    expect(
      missingBackendTimeouts(bare, { connect: '5s', tunnel: '1h' }, 'tcp', ['backends', 0]),
    ).toEqual([]);
  });

  it('does not accept tunnel in http mode', () => {
    expect(
      missingBackendTimeouts(bare, { connect: '5s', tunnel: '1h' }, 'http', ['backends', 0]),
    ).toEqual(['server']);
  });
});
