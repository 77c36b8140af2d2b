import { describe, expect, it } from 'vitest';

import { durationToMilliseconds } from '../../src/loadbalancer/duration.js';

describe('durationToMilliseconds', () => {
  it.each([
    [5000, 5000],
    ['5000', 5000],
    ['500ms', 500],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1d', 86_400_000],
    ['1500us', 1.5],
    ['0', 0],
  ] as const)('converts %s', (value, expected) => {
    expect(durationToMilliseconds(value)).toBe(expected);
  });

  it.each(['30 sec', '1.5s', '-1s', '', 's'])('rejects %j', (value) => {
    expect(durationToMilliseconds(value)).toBeUndefined();
  });

  it('rejects a negative number', () => {
    expect(durationToMilliseconds(-1)).toBeUndefined();
  });
});
