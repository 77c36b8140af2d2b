import { describe, expect, it } from 'vitest';

import { parsePort } from '../../src/firewall/ports.js';
import {
  DEFAULT_SENSITIVE_PORTS,
  describeHits,
  parseAllowFrom,
  sensitiveHits,
  sourceReach,
} from '../../src/firewall/sensitive.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';

const policy: FirewallPolicy = {
  kind: 'firewall',
  objects: { addresses: { office: ['198.51.100.0/26'], internet: ['0.0.0.0/0', '::/0'] } },
  chains: {},
};

describe('default sensitive ports', () => {
  it('parses every port of the table', () => {
    for (const entry of DEFAULT_SENSITIVE_PORTS) {
      for (const port of Array.isArray(entry.ports) ? entry.ports : [entry.ports]) {
        expect(parsePort(port).ok, `${entry.name} ${port}`).toBe(true);
      }
    }
  });

  it.each([
    ['tcp', 22, 'SSH'],
    ['tcp', 2380, 'etcd'],
    ['tcp', 2375, 'Docker API'],
    ['tcp', 2376, 'Docker API (TLS)'],
    ['udp', 161, 'SNMP'],
    ['tcp', 9300, 'Elasticsearch'],
    ['tcp', 10250, 'kubelet'],
  ] as const)('lists %s/%i as %s', (protocol, port, name) => {
    const hits = sensitiveHits(DEFAULT_SENSITIVE_PORTS, protocol, { first: port, last: port });
    expect(hits.map((hit) => hit.name)).toEqual([name]);
  });

  it('does not list SNMP over tcp', () => {
    expect(sensitiveHits(DEFAULT_SENSITIVE_PORTS, 'tcp', { first: 161, last: 161 })).toEqual([]);
  });
});

describe('describeHits', () => {
  it('counts hits beyond the limit', () => {
    const hits = sensitiveHits(DEFAULT_SENSITIVE_PORTS, 'tcp', { first: 1, last: 1024 });
    expect(describeHits(hits, 2)).toBe(`SSH (22/tcp), Telnet (23/tcp) and ${hits.length - 2} more`);
  });
});

describe('sourceReach', () => {
  const allowFrom = parseAllowFrom(['198.51.100.0/24', 'not-a-prefix']);

  it('drops allowFrom items that do not parse', () => {
    expect(allowFrom).toHaveLength(1);
  });

  it.each([
    [{ action: 'accept' as const }, [], 'any'],
    [{ action: 'accept' as const, source: 'internet' }, [], 'any'],
    [{ action: 'accept' as const, source: 'office' }, [], undefined],
    [{ action: 'accept' as const, source: 'office', sourceNot: true }, [], 'any'],
    [{ action: 'accept' as const, source: 'any', sourceNot: true }, [], undefined],
    [{ action: 'accept' as const, source: 'office' }, allowFrom, undefined],
    [{ action: 'accept' as const, source: '203.0.113.0/24' }, allowFrom, 'outside'],
    [{ action: 'accept' as const, source: 'undefined-name' }, allowFrom, undefined],
  ])('classifies %j', (rule, allowed, reach) => {
    expect(sourceReach(policy, rule, allowed)).toBe(reach);
  });
});
