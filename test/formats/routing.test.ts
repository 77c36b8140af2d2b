import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { formatFor } from '../../src/formats/index.js';
import { iprouteFormat, iprouteTextFormat } from '../../src/formats/iproute.js';
import { netplanFormat } from '../../src/formats/netplan.js';
import { packageRoot } from '../../src/paths.js';
import type { Routing } from '../../src/types/routing.js';
import { describeFindings, parseText } from '../helpers/formats.js';

const fixture = (folder: string, name: string): string => readFileSync(join(packageRoot, 'test', 'fixtures', folder, name), 'utf8');

describe('netplan', () => {
  const output = parseText(netplanFormat, fixture('netplan', 'edge-router.yaml'), 'edge-router.yaml');
  const document = output.documents[0];
  const data = document?.data as Routing;

  it('parses without findings', () => {
    expect(describeFindings(output)).toEqual([]);
  });

  it('maps interfaces of every device type', () => {
    expect(data.interfaces).toEqual([
      { name: 'eth0', addresses: ['203.0.113.237/32', '2001:db8:ff::2/64'], mtu: 9000 },
      { name: 'eth1', addresses: ['192.0.2.10/24'] },
      { name: 'vlan100', addresses: ['198.51.100.10/24'] },
    ]);
  });

  it('maps routes, on-link, metrics, tables and gateway4', () => {
    expect(data.routes).toEqual([
      { destination: '0.0.0.0/0', dev: 'eth0', via: '203.0.113.232', onLink: true, metric: 50 },
      { destination: '::/0', dev: 'eth0', via: 'fe80::1' },
      { destination: '0.0.0.0/0', dev: 'eth1', via: '192.0.2.1' },
      { destination: '198.18.0.0/15', dev: 'vlan100', via: '198.51.100.1', metric: 10, table: 100 },
      { destination: '198.51.100.128/25', dev: 'vlan100', type: 'blackhole' },
    ]);
  });

  it.each([
    [['routes', 0, 'onLink'], 14],
    [['routes', 0, 'via'], 13],
    [['routes', 2], 22],
    [['routes', 3, 'table'], 31],
    [['interfaces', 2, 'addresses', 0], 27],
    [['interfaces', 0, 'mtu'], 10],
  ] as const)('locates %j at line %i', (path, line) => {
    expect(document?.locator.locate(path).line).toBe(line);
  });

  it.each([
    ['address without length', 'network:\n  version: 2\n  ethernets:\n    eth0:\n      addresses: [192.0.2.10]\n', 5, 'prefix length'],
    ['route without to', 'network:\n  version: 2\n  ethernets:\n    eth0:\n      routes:\n        - via: 192.0.2.1\n', 6, 'no `to`'],
    ['bad gateway', 'network:\n  version: 2\n  ethernets:\n    eth0:\n      routes:\n        - to: default\n          via: 192.0.2.300\n', 7, 'invalid gateway'],
    ['YAML syntax', 'network:\n  version: 2\n  ethernets:\n    eth0: [\n', 5, 'invalid YAML'],
    ['unknown route key', 'network:\n  version: 2\n  ethernets:\n    eth0:\n      routes:\n        - to: default\n          via: 192.0.2.1\n          metrics: 50\n', 8, 'unknown route key `metrics`'],
  ])('reports %s', (_name, text, line, fragment) => {
    const result = parseText(netplanFormat, text, 'netplan.yaml');
    const errors = result.findings.filter((finding) => finding.severity === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]?.line).toBe(line);
    expect(errors[0]?.message).toContain(fragment);
  });
});

describe('ip -j route and ip -j addr', () => {
  it('maps routes of every table and leaves broadcast routes out', () => {
    const output = parseText(iprouteFormat, fixture('iproute', 'ip-j-route-show-table-all.json'), 'ip-j-route-show-table-all.json');
    expect(output.findings.map((finding) => [finding.ruleId, finding.message])).toEqual([['not-understood', '1 route(s) of type `broadcast` are not modelled and were left out']]);
    expect((output.documents[0]?.data as Routing).routes).toEqual([
      { destination: '0.0.0.0/0', via: '192.0.2.1', dev: 'eth0', metric: 100 },
      { destination: '192.0.2.0/24', dev: 'eth0', source: '192.0.2.10' },
      { destination: '198.18.0.0/15', via: '192.0.2.254', dev: 'eth0', onLink: true, table: 100 },
      { destination: '198.51.100.128/25', type: 'blackhole' },
      { destination: '192.0.2.10/32', type: 'local', dev: 'eth0', table: 'local', source: '192.0.2.10' },
    ]);
    expect(output.documents[0]?.locator.locate(['routes', 4, 'source'])).toMatchObject({ line: 1 });
  });

  it('maps interfaces and addresses', () => {
    const output = parseText(iprouteFormat, fixture('iproute', 'ip-j-addr.json'), 'ip-j-addr.json');
    expect((output.documents[0]?.data as Routing).interfaces).toEqual([
      { name: 'lo', addresses: ['127.0.0.1/8', '::1/128'] },
      { name: 'eth0', addresses: ['192.0.2.10/24', '2001:db8:1::10/64'], mtu: 1500 },
    ]);
  });

  it('reports invalid JSON at its line', () => {
    const output = parseText(iprouteFormat, '[{"dst":"default",\n"gateway" x}]', 'ip-j-route.json');
    expect(output.findings[0]).toMatchObject({ ruleId: 'syntax-error', line: 2 });
  });

  it('reports cut-off JSON', () => {
    const output = parseText(iprouteFormat, '[{"dst":"default",\n"gateway":', 'ip-j-route.json');
    expect(output.findings.map((finding) => finding.ruleId)).toEqual(['syntax-error']);
    expect(output.documents).toEqual([]);
  });

  it('recognises files by content', () => {
    expect(formatFor('live/routes.json', '[{"dst":"default","gateway":"192.0.2.1"}]')?.name).toBe('ip-json');
    expect(formatFor('live/addr.json', '[{"ifindex":1,"ifname":"lo"}]')?.name).toBe('ip-json');
    expect(formatFor('desired/fw.json', '{"kind":"firewall","chains":{}}')?.name).toBe('json');
    expect(formatFor('etc/netplan/01-netcfg.yaml', 'network:\n  version: 2\n')?.name).toBe('netplan');
  });
});

describe('ip route text', () => {
  const output = parseText(iprouteTextFormat, fixture('iproute-text', 'ip-route-show-table-all.txt'), 'ip-route-show-table-all.txt');

  it('maps routes like the JSON form', () => {
    expect(describeFindings(output)).toEqual([]);
    expect((output.documents[0]?.data as Routing).routes).toEqual([
      { destination: '0.0.0.0/0', via: '192.0.2.1', dev: 'eth0', metric: 100 },
      { destination: '192.0.2.0/24', dev: 'eth0', source: '192.0.2.10' },
      { destination: '198.18.0.0/15', via: '192.0.2.254', dev: 'eth0', onLink: true, table: 100 },
      { destination: '198.51.100.0/24', metric: 30, nexthops: [{ via: '192.0.2.1', dev: 'eth0', weight: 1 }, { via: '192.0.2.2', dev: 'eth0', weight: 2 }] },
      { destination: '198.51.100.128/25', type: 'blackhole' },
    ]);
  });

  it('locates a route at its line', () => {
    expect(output.documents[0]?.locator.locate(['routes', 4, 'type']).line).toBe(7);
  });

  it('reports a word it cannot read', () => {
    const result = parseText(iprouteTextFormat, 'default via 192.0.2.1 dev eth0\n192.0.2.0/24 dev eth0 bogus\n', 'ip-route.txt');
    expect(result.findings.map((finding) => [finding.line, finding.severity])).toEqual([[2, 'error']]);
    expect(result.findings[0]?.message).toContain('`bogus`');
  });

  it('recognises files by name and content', () => {
    expect(formatFor('live/ip-route-show.txt', 'default via 192.0.2.1 dev eth0\n')?.name).toBe('ip-route-text');
    expect(formatFor('live/ip-6-route.txt', 'unreachable 2001:db8::/32 dev lo metric 1024\n')?.name).toBe('ip-route-text');
  });
});

describe('netplan unknown keys', () => {
  it('suggests the known route key', () => {
    const text = 'network:\n  version: 2\n  ethernets:\n    eth0:\n      routes:\n        - to: default\n          via: 192.0.2.1\n          metrics: 50\n';
    const [finding] = parseText(netplanFormat, text, 'netplan.yaml').findings;
    expect(finding?.fix).toContain('Did you mean `metric`?');
  });
});
