import { describe, expect, it } from 'vitest';

import { blockContains, formatAddress, parseAddress, parseBlock, parsePrefix } from '../../src/util/ip.js';

describe('parseAddress', () => {
  it.each([
    ['192.0.2.1', 4, 0xc0000201n],
    ['2001:db8::1', 6, 0x20010db8000000000000000000000001n],
    ['::', 6, 0n],
    ['::ffff:192.0.2.1', 6, 0xffffc0000201n],
    ['fe80::1%eth0', 6, 0xfe800000000000000000000000000001n],
  ])('parses %s', (text, version, value) => {
    expect(parseAddress(text)).toEqual({ version, value });
  });

  it.each(['192.0.2.256', '192.0.2', 'example', '2001:db8:::1', ''])('rejects %s', (text) => {
    expect(parseAddress(text)).toBeUndefined();
  });
});

describe('parsePrefix', () => {
  it('flags host bits set', () => {
    expect(parsePrefix('198.51.100.1/24')?.hostBitsSet).toBe(true);
    expect(parsePrefix('198.51.100.0/24')?.hostBitsSet).toBe(false);
  });

  it('rejects lengths beyond the family width', () => {
    expect(parsePrefix('198.51.100.0/33')).toBeUndefined();
    expect(parsePrefix('2001:db8::/129')).toBeUndefined();
  });
});

describe('parseBlock', () => {
  it('parses ranges and rejects inverted ones', () => {
    expect(parseBlock('192.0.2.10-192.0.2.20')).toEqual({ version: 4, first: 0xc000020an, last: 0xc0000214n });
    expect(parseBlock('192.0.2.20-192.0.2.10')).toBeUndefined();
  });

  it('checks containment within one family only', () => {
    expect(blockContains(parseBlock('10.0.0.0/8')!, parseBlock('10.1.2.0/24')!)).toBe(true);
    expect(blockContains(parseBlock('10.1.2.0/24')!, parseBlock('10.0.0.0/8')!)).toBe(false);
    expect(blockContains(parseBlock('::/0')!, parseBlock('10.0.0.0/8')!)).toBe(false);
  });
});

describe('formatAddress', () => {
  it('shortens the longest zero run', () => {
    expect(formatAddress(6, parseAddress('2001:db8:0:0:1:0:0:1')!.value)).toBe('2001:db8::1:0:0:1');
    expect(formatAddress(4, 0xc0000201n)).toBe('192.0.2.1');
  });
});
