import { describe, expect, it } from 'vitest';

import { inSubnets, interfaceSubnets, isLinkLocal } from '../../src/routing/interfaces.js';

describe('interfaceSubnets', () => {
  it('collects valid prefixes per interface', () => {
    const subnets = interfaceSubnets({
      kind: 'routing',
      interfaces: [
        { name: 'eth0', addresses: ['203.0.113.2/29', 'not-an-address', '2001:db8:100::2/64'] },
        { name: 'eth1' },
      ],
    });
    expect(subnets.get('eth0')?.length).toBe(2);
    expect(subnets.has('eth1')).toBe(false);
  });
});

describe('inSubnets', () => {
  const subnets = [
    ...interfaceSubnets({
      kind: 'routing',
      interfaces: [{ name: 'eth0', addresses: ['203.0.113.2/29', '2001:db8:100::2/64'] }],
    }).values(),
  ].flat();

  it.each([
    ['203.0.113.1', true],
    ['203.0.113.7', true],
    ['203.0.113.8', false],
    ['2001:db8:100::1', true],
    ['2001:db8:101::1', false],
    ['garbage', false],
  ])('%s', (address, expected) => {
    expect(inSubnets(address, subnets)).toBe(expected);
  });
});

describe('isLinkLocal', () => {
  it.each([
    ['fe80::1', true],
    ['febf:ffff::1', true],
    ['fec0::1', false],
    ['2001:db8::1', false],
    ['169.254.0.1', false],
  ])('%s', (address, expected) => {
    expect(isLinkLocal(address)).toBe(expected);
  });
});
