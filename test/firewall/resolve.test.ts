import { describe, expect, it } from 'vitest';

import { matchesEveryPacket } from '../../src/firewall/match.js';
import { itemsAt, rulesOf } from '../../src/firewall/objects.js';
import { coversEveryAddress, resolveAddresses, ruleServices } from '../../src/firewall/resolve.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';

const policy: FirewallPolicy = {
  kind: 'firewall',
  objects: {
    addresses: {
      office: ['198.51.100.0/26'],
      admins: ['office', '203.0.113.50'],
      loop: ['loop', 'admins'],
      everyone: ['0.0.0.0/0'],
    },
    services: {
      web: { protocol: 'tcp', ports: [80, '8000-8080'] },
      dns: { protocol: 17, ports: 53 },
      ping: { protocol: 'icmp', icmpType: 'echo-request' },
    },
  },
  chains: {
    input: {
      hook: 'input',
      rules: [
        { action: 'accept', service: ['web', 'missing', 'ping'] },
        { action: 'accept', protocol: 'tcp', ports: 22 },
        { action: 'accept', service: 'dns' },
        { action: 'drop', protocol: 'tcp' },
      ],
    },
  },
};

describe('resolveAddresses', () => {
  it('follows nested objects', () => {
    const resolved = resolveAddresses(policy, 'admins');
    expect(resolved.any).toBe(false);
    expect(resolved.blocks.map((block) => [block.first, block.last])).toEqual([
      [0xc6336400n, 0xc633643fn],
      [0xcb007132n, 0xcb007132n],
    ]);
  });

  it('stops at cycles', () => {
    expect(resolveAddresses(policy, 'loop').blocks).toHaveLength(2);
  });

  it('collects undefined names', () => {
    expect(resolveAddresses(policy, ['offcie', '192.0.2.1']).undefinedNames).toEqual(['offcie']);
  });

  it('treats an absent list and any as every address', () => {
    expect(coversEveryAddress(resolveAddresses(policy, undefined))).toBe(true);
    expect(coversEveryAddress(resolveAddresses(policy, ['any']))).toBe(true);
    expect(coversEveryAddress(resolveAddresses(policy, 'everyone'))).toBe(true);
    expect(coversEveryAddress(resolveAddresses(policy, '::/0'))).toBe(true);
    expect(coversEveryAddress(resolveAddresses(policy, '0.0.0.0/1'))).toBe(false);
  });
});

describe('ruleServices', () => {
  const [webRule, sshRule, dnsRule, tcpDrop] = rulesOf(policy);

  it('expands service objects and skips undefined ones', () => {
    const matches = ruleServices(policy, webRule!);
    expect(matches.map((match) => [match.protocol, match.serviceName, match.path])).toEqual([
      ['tcp', 'web', ['chains', 'input', 'rules', 0, 'service', 0]],
      ['icmp', 'ping', ['chains', 'input', 'rules', 0, 'service', 2]],
    ]);
    expect(matches[0]!.ports?.map((port) => [port.range, port.objectPath])).toEqual([
      [{ first: 80, last: 80 }, ['objects', 'services', 'web', 'ports', 0]],
      [{ first: 8000, last: 8080 }, ['objects', 'services', 'web', 'ports', 1]],
    ]);
    expect(matches[1]!.ports).toBeUndefined();
  });

  it('uses the rule protocol and ports', () => {
    const [match] = ruleServices(policy, sshRule!);
    expect(match?.protocol).toBe('tcp');
    expect(match?.ports).toEqual([
      { range: { first: 22, last: 22 }, path: ['chains', 'input', 'rules', 1, 'ports'] },
    ]);
  });

  it('names numeric protocols of service objects', () => {
    expect(ruleServices(policy, dnsRule!)[0]?.protocol).toBe('udp');
  });

  it('leaves ports undefined for a protocol-wide rule', () => {
    expect(ruleServices(policy, tcpDrop!)[0]?.ports).toBeUndefined();
  });
});

describe('itemsAt', () => {
  it('keeps the field path for a single value', () => {
    expect(itemsAt('a', ['x'])).toEqual([{ value: 'a', path: ['x'] }]);
  });

  it('adds the index for list items', () => {
    expect(itemsAt(['a', 'b'], ['x'])).toEqual([
      { value: 'a', path: ['x', 0] },
      { value: 'b', path: ['x', 1] },
    ]);
  });
});

describe('matchesEveryPacket', () => {
  it('treats any protocol and any source as no restriction', () => {
    expect(
      matchesEveryPacket(policy, { action: 'accept', protocol: 'all', source: 'everyone' }),
    ).toBe(true);
  });

  it('treats a negated source as a restriction', () => {
    expect(matchesEveryPacket(policy, { action: 'accept', source: 'any', sourceNot: true })).toBe(
      false,
    );
  });

  it('treats an empty state list as a restriction', () => {
    expect(matchesEveryPacket(policy, { action: 'accept', state: [] })).toBe(false);
  });
});
