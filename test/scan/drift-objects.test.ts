import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { packageRoot } from '../../src/paths.js';
import { describeLoadBalancer, parseLoadBalancer } from '../../src/scan/compare/loadbalancer.js';
import { compareZoneData, parseZone } from '../../src/scan/compare/zones.js';
import type { ZoneIndex } from '../../src/dns/zone-index.js';
import { HAPROXY_CFG, LOADBALANCER_YAML } from '../helpers/drift-fixtures.js';

function objectsOf(text: string, file: string): Map<string, string> {
  const parsed = parseLoadBalancer(text, file);
  if ('error' in parsed) throw new Error(parsed.error);
  return describeLoadBalancer(parsed.data);
}

describe('load-balancer objects', () => {
  it('match across haproxy.cfg and YAML', () => {
    expect(objectsOf(HAPROXY_CFG, 'haproxy.cfg')).toEqual(objectsOf(LOADBALANCER_YAML, 'lb/site.yaml'));
  });

  it('name a changed server', () => {
    const actual = objectsOf(HAPROXY_CFG.replace('192.0.2.23:8080 check backup', '192.0.2.99:8080 check'), 'haproxy.cfg');
    expect(actual.get('backend web server web3')).toBe('192.0.2.99:8080 weight 1 check');
    expect(objectsOf(LOADBALANCER_YAML, 'lb.yaml').get('backend web server web3')).toBe('192.0.2.23:8080 weight 1 check backup');
  });

  it('inherit timeouts from defaults', () => {
    const objects = objectsOf(HAPROXY_CFG, 'haproxy.cfg');
    expect(objects.get('backend web timeout server')).toBe('30000 ms');
    expect(objects.get('frontend http-in timeout client')).toBe('30000 ms');
  });

  it('inherit the last defaults above them', () => {
    const text = readFileSync(join(packageRoot, 'test', 'fixtures', 'haproxy', 'defaults-later-tcp-tunnel.cfg'), 'utf8');
    const objects = objectsOf(text, 'haproxy.cfg');
    expect(objects.get('backend app')).toBe('mode http, balance roundrobin');
    expect(objects.get('backend ldap_servers')).toBe('mode tcp, balance roundrobin');
    expect(objects.get('backend ldap_servers timeout tunnel')).toBe('3600000 ms');
    expect(objects.has('backend ldap_servers timeout server')).toBe(false);
  });

  it('report an unparsable config', () => {
    const parsed = parseLoadBalancer('frontend x\n    bind :notaport\n', 'haproxy.cfg');
    expect('error' in parsed).toBe(true);
  });
});

const ZONE = `$TTL 1h
@ IN SOA ns1 hostmaster 2026120401 3h 30m 2w 5m
  IN NS ns1
ns1 IN A 192.0.2.53
www 300 IN A 192.0.2.80
`;

function zoneOf(text: string): ZoneIndex {
  const zone = parseZone(text, 'db.example.net', 'example.net', true);
  if (typeof zone === 'string') throw new Error(zone);
  return zone;
}

function differences(expected: string, actual: string) {
  const found: { kind: string; object: string; expected: string; actual: string }[] = [];
  compareZoneData('example.net', zoneOf(expected), zoneOf(actual), (kind, object, want, have) => found.push({ kind, object, expected: want, actual: have }));
  return found;
}

describe('zone comparison', () => {
  it('ignores spelling of the same records', () => {
    const respelled = ZONE.replace('www 300 IN A', 'WWW.example.net. 300 A').replace('ns1 IN A', 'ns1.example.net. IN A');
    expect(differences(ZONE, respelled)).toEqual([]);
  });

  it('reports a changed record by owner and type', () => {
    const found = differences(ZONE, ZONE.replace('192.0.2.80', '192.0.2.81'));
    expect(found).toEqual([{ kind: 'zone-record', object: 'www.example.net. A', expected: '192.0.2.80', actual: '192.0.2.81' }]);
  });

  it('reports the serial separately', () => {
    const found = differences(ZONE, ZONE.replace('2026120401', '2026120402'));
    expect(found).toEqual([{ kind: 'zone-serial', object: 'example.net. SOA', expected: 'serial 2026120401', actual: 'serial 2026120402' }]);
  });

  it('reports a TTL change on its own', () => {
    const found = differences(ZONE, ZONE.replace('www 300', 'www 600'));
    expect(found).toEqual([{ kind: 'zone-ttl', object: 'www.example.net. A 192.0.2.80', expected: 'TTL 300', actual: 'TTL 600' }]);
  });

  it('reports an added record', () => {
    const found = differences(ZONE, `${ZONE}mail IN A 192.0.2.25\n`);
    expect(found).toEqual([{ kind: 'zone-record', object: 'mail.example.net. A', expected: 'absent', actual: '192.0.2.25' }]);
  });
});
