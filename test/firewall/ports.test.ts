import { describe, expect, it } from 'vitest';

import {
  formatPortRange,
  hasPorts,
  parsePort,
  portSlots,
  protocolName,
  rangesOverlap,
} from '../../src/firewall/ports.js';

describe('parsePort', () => {
  it.each([
    [22, { first: 22, last: 22 }, false],
    ['443', { first: 443, last: 443 }, false],
    [' 1024 - 65535 ', { first: 1024, last: 65535 }, true],
    ['0-0', { first: 0, last: 0 }, true],
  ] as const)('parses %j', (value, range, isRange) => {
    expect(parsePort(value)).toEqual({ ok: true, range, isRange });
  });

  it.each([
    ['ssh', 'syntax'],
    ['22,23', 'syntax'],
    ['1024:65535', 'syntax'],
    [-1, 'syntax'],
    [22.5, 'syntax'],
    [65536, 'tooLarge'],
    ['70000', 'tooLarge'],
    ['1-65536', 'tooLarge'],
    ['2000-1000', 'inverted'],
  ] as const)('rejects %j as %s', (value, problem) => {
    expect(parsePort(value)).toEqual({ ok: false, problem });
  });
});

describe('portSlots', () => {
  it('counts a port as one slot', () => {
    expect(portSlots(80)).toBe(1);
  });

  it('counts a range as two slots', () => {
    expect(portSlots('3240-3259')).toBe(2);
  });

  it('counts an invalid item as one slot', () => {
    expect(portSlots('9-1')).toBe(1);
  });
});

describe('protocolName', () => {
  it.each([
    [undefined, 'any'],
    ['all', 'any'],
    [0, 'any'],
    [6, 'tcp'],
    ['17', 'udp'],
    ['TCP', 'tcp'],
    ['ipv6-icmp', 'icmpv6'],
    [58, 'icmpv6'],
    [253, '253'],
  ] as const)('names %j as %s', (protocol, name) => {
    expect(protocolName(protocol)).toBe(name);
  });

  it('knows which protocols carry ports', () => {
    expect(hasPorts('tcp')).toBe(true);
    expect(hasPorts(132)).toBe(true);
    expect(hasPorts('icmp')).toBe(false);
    expect(hasPorts('any')).toBe(false);
    expect(hasPorts(undefined)).toBe(false);
  });
});

describe('port ranges', () => {
  it('detects overlap at the edges', () => {
    expect(rangesOverlap({ first: 2379, last: 2380 }, { first: 2380, last: 2400 })).toBe(true);
    expect(rangesOverlap({ first: 22, last: 22 }, { first: 23, last: 30 })).toBe(false);
  });

  it('formats single ports and ranges', () => {
    expect(formatPortRange({ first: 22, last: 22 })).toBe('22');
    expect(formatPortRange({ first: 2379, last: 2380 })).toBe('2379-2380');
  });
});
