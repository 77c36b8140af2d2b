import { describe, expect, it } from 'vitest';

import { canTakeTraffic, isActive, isEnabled } from '../../src/loadbalancer/servers.js';
import type { Server } from '../../src/types/loadbalancer.js';

describe('server state', () => {
  const server: Server = { name: 'web1', address: '192.0.2.21' };

  it('counts a plain server as enabled and active', () => {
    expect(isEnabled(server)).toBe(true);
    expect(isActive(server)).toBe(true);
  });

  it.each([
    ['disabled', { ...server, disabled: true }],
    ['backup', { ...server, backup: true }],
    ['weight 0', { ...server, weight: 0 }],
  ])('does not count a %s server as active', (_name, candidate) => {
    expect(isActive(candidate)).toBe(false);
  });

  it('counts a backup server as able to take traffic', () => {
    expect(canTakeTraffic({ ...server, backup: true })).toBe(true);
  });

  it.each([
    ['disabled backup', { ...server, backup: true, disabled: true }],
    ['weight 0 backup', { ...server, backup: true, weight: 0 }],
  ])('does not count a %s server as able to take traffic', (_name, candidate) => {
    expect(canTakeTraffic(candidate)).toBe(false);
  });

  it('counts backup and weight 0 servers as enabled', () => {
    expect(isEnabled({ ...server, backup: true, weight: 0 })).toBe(true);
  });
});
