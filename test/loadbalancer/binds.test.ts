import { describe, expect, it } from 'vitest';

import {
  bindsOverlap,
  formatBind,
  isWildcardBind,
  portRange,
} from '../../src/loadbalancer/binds.js';
import type { Bind } from '../../src/types/loadbalancer.js';

describe('portRange', () => {
  it.each([
    [443, [443, 443]],
    ['8080', [8080, 8080]],
    ['8000-8010', [8000, 8010]],
    [' 80 - 81 ', [80, 81]],
  ] as const)('parses %j', (port, expected) => {
    expect(portRange(port)).toEqual(expected);
  });

  it.each(['9000-8000', 'https', ''])('rejects %j', (port) => {
    expect(portRange(port)).toBeUndefined();
  });
});

describe('isWildcardBind', () => {
  it.each([undefined, '*', '0.0.0.0', '::'])('treats %j as every address', (address) => {
    expect(isWildcardBind({ address, port: 443 })).toBe(true);
  });

  it('treats a specific address as specific', () => {
    expect(isWildcardBind({ address: '203.0.113.10', port: 443 })).toBe(false);
  });
});

describe('bindsOverlap', () => {
  const cases: [string, Bind, Bind, boolean][] = [
    [
      'same address and port',
      { address: '203.0.113.10', port: 443 },
      { address: '203.0.113.10', port: 443 },
      true,
    ],
    [
      'different ports',
      { address: '203.0.113.10', port: 443 },
      { address: '203.0.113.10', port: 80 },
      false,
    ],
    [
      'different addresses',
      { address: '203.0.113.10', port: 443 },
      { address: '203.0.113.11', port: 443 },
      false,
    ],
    [
      'wildcard and specific',
      { address: '*', port: 443 },
      { address: '203.0.113.10', port: 443 },
      true,
    ],
    ['absent and IPv6', { port: 443 }, { address: '2001:db8::10', port: 443 }, true],
    [
      'IPv6 written two ways',
      { address: '2001:db8:0::10', port: 443 },
      { address: '2001:DB8::10', port: 443 },
      true,
    ],
    [
      'port range covers port',
      { address: '*', port: '8000-8100' },
      { address: '*', port: 8080 },
      true,
    ],
    ['port ranges apart', { port: '8000-8079' }, { port: '8080-8100' }, false],
    ['two interfaces', { port: 443, interface: 'eth0' }, { port: 443, interface: 'eth1' }, false],
    ['one interface', { port: 443, interface: 'eth0' }, { port: 443 }, true],
    [
      'same host name',
      { address: 'lb.example.net', port: 443 },
      { address: 'LB.example.net', port: 443 },
      true,
    ],
  ];

  it.each(cases)('%s', (_name, left, right, expected) => {
    expect(bindsOverlap(left, right)).toBe(expected);
    expect(bindsOverlap(right, left)).toBe(expected);
  });
});

describe('formatBind', () => {
  it('brackets IPv6 and shows wildcards as *', () => {
    expect(formatBind({ address: '2001:db8::10', port: 443 })).toBe('[2001:db8::10]:443');
    expect(formatBind({ port: 80 })).toBe('*:80');
    expect(formatBind({ address: '203.0.113.10', port: '8000-8010' })).toBe(
      '203.0.113.10:8000-8010',
    );
  });
});
