import { describe, expect, it } from 'vitest';

import { MAX_TTL, formatTtl, parseTtl } from '../../src/dns/ttl.js';

describe('parseTtl', () => {
  it.each([
    [3600, 3600],
    ['3600', 3600],
    ['1h30m', 5400],
    ['2w', 1209600],
    ['1D', 86400],
    ['1h1h', 7200],
    ['0', 0],
  ] as const)('parses %s', (input, seconds) => {
    expect(parseTtl(input)).toEqual({ ok: true, seconds });
  });

  it.each(['1x', '', 'h', '1.5h', '-1'])('rejects %j', (input) => {
    expect(parseTtl(input).ok).toBe(false);
  });

  it('rejects values above 2^31-1', () => {
    expect(parseTtl(MAX_TTL).ok).toBe(true);
    expect(parseTtl(MAX_TTL + 1).ok).toBe(false);
    expect(parseTtl('4000w').ok).toBe(false);
  });

  it('rejects a fractional number', () => {
    expect(parseTtl(1.5).ok).toBe(false);
  });
});

describe('formatTtl', () => {
  it('uses the largest units', () => {
    expect(formatTtl(5400)).toBe('1h30m');
    expect(formatTtl(604800)).toBe('1w');
    expect(formatTtl(0)).toBe('0');
    expect(formatTtl(61)).toBe('1m1s');
  });
});
