import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkChange } from '../../src/gate/check.js';
import { TestRepository } from '../helpers/git-repo.js';

const loadBalancer = (servers: string, frontendPort = 443): string => `kind: loadbalancer
defaults:
  timeouts: { client: 30s, connect: 5s, server: 30s }
frontends:
  - name: www
    binds: [{ address: 203.0.113.10, port: ${frontendPort}, ssl: true }]
    defaultBackend: web
backends:
  - name: web
    healthCheck: { type: http, path: /health }
    servers:
${servers}`;

const webServers = (names: string[]): string =>
  names.map((name, index) => `      - { name: ${name}, address: 192.0.2.${11 + index}, port: 8080, check: true }\n`).join('');

const routing = (routes: string): string => `kind: routing
host: edge-r1
interfaces:
  - { name: eth0, addresses: [198.51.100.2/24] }
  - { name: eth1, addresses: [192.0.2.1/24] }
routes:
${routes}`;

const zone = (records: string): string => `kind: dns
zones:
  - origin: example.com.
    ttl: 3600
    records:
      - { name: "@", type: SOA, value: "ns1.example.com. hostmaster.example.com. 2026120401 7200 3600 1209600 300" }
      - { name: "@", type: NS, value: ns1.example.com. }
      - { name: ns1, type: A, value: 192.0.2.53 }
${records}`;

describe('change impact', () => {
  let repo: TestRepository;

  beforeEach(() => {
    repo = new TestRepository();
    repo.write('lb/www.yaml', loadBalancer(webServers(['web1', 'web2', 'web3', 'web4'])));
    repo.write('routing/edge-r1.yaml', routing(`  - { destination: default, via: 198.51.100.1, dev: eth0 }
  - { destination: 203.0.113.0/24, via: 192.0.2.254, dev: eth1 }
`));
    repo.write('dns/example.com.yaml', zone(`      - { name: www, type: A, value: 192.0.2.80 }
      - { name: mail, type: A, value: 192.0.2.25 }
`));
    repo.commit('base');
    repo.git('branch', 'base');
  });

  afterEach(() => repo.remove());

  it('lists servers removed, capacity drop and rebound frontends', async () => {
    repo.write('lb/www.yaml', loadBalancer(webServers(['web1', 'web5']), 8443));
    repo.commit('shrink the web pool');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact.map((item) => item.text)).toEqual([
      'server web5 (192.0.2.12:8080) added to backend web',
      'server web2 (192.0.2.12:8080) removed from backend web',
      'server web3 (192.0.2.13:8080) removed from backend web',
      'server web4 (192.0.2.14:8080) removed from backend web',
      'backend web capacity drops from 4 to 2 (active server weight)',
      'frontend www rebound from 203.0.113.10:443 to 203.0.113.10:8443',
    ]);
    expect(impact.every((item) => item.file === 'lb/www.yaml')).toBe(true);
  });

  it('lists routes added, removed and with a new next hop', async () => {
    repo.write('routing/edge-r1.yaml', routing(`  - { destination: 0.0.0.0/0, via: 198.51.100.254, dev: eth0 }
  - { destination: 198.18.0.0/15, type: blackhole }
`));
    repo.commit('move the default route and drop the partner route');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact.map((item) => [item.change, item.text])).toEqual([
      ['changed', 'route 0.0.0.0/0 next hop changed from via 198.51.100.1 dev eth0 to via 198.51.100.254 dev eth0'],
      ['added', 'route 198.18.0.0/15 blackhole added'],
      ['removed', 'route 203.0.113.0/24 via 192.0.2.254 dev eth1 removed'],
    ]);
    expect(impact[0]!.line).toBe(7);
  });

  it('lists records added, removed and changed per zone', async () => {
    repo.write('dns/example.com.yaml', zone(`      - { name: www, type: A, value: 192.0.2.81 }
      - { name: www, type: AAAA, value: "2001:db8::80" }
`));
    repo.commit('move www, add IPv6, drop mail');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact.map((item) => [item.change, item.text])).toEqual([
      ['changed', 'example.com.: www.example.com. A changed from 192.0.2.80 to 192.0.2.81'],
      ['added', 'example.com.: www.example.com. AAAA 2001:db8::80 added'],
      ['removed', 'example.com.: mail.example.com. A 192.0.2.25 removed'],
    ]);
  });

  it('reports nothing for documents the change does not touch', async () => {
    repo.write('README.md', 'notes\n');
    repo.commit('docs only');
    const { impact } = await checkChange({ cwd: repo.root, base: 'base' });
    expect(impact).toEqual([]);
  });
});
