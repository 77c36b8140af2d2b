/**
 * Real cases read in place: each case's verdict about parsing (parsed values, equal models for
 * equivalent spellings, errors at lines) must hold. The rule verdicts of the same cases are in
 * cases-verdicts.test.ts; the tests here assert the parsed model those rules read.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { haproxyFormat } from '../../src/formats/haproxy.js';
import { formatFor } from '../../src/formats/index.js';
import { iprouteFormat, iprouteTextFormat } from '../../src/formats/iproute.js';
import { iptablesFormat } from '../../src/formats/iptables.js';
import { netplanFormat } from '../../src/formats/netplan.js';
import { nftJsonFormat, normaliseExpression, ruleFromStatements } from '../../src/formats/nftables.js';
import type { FirewallPolicy, Rule } from '../../src/types/firewall.js';
import type { LoadBalancer } from '../../src/types/loadbalancer.js';
import type { Routing } from '../../src/types/routing.js';
import { describeFindings, parseCaseFile, parseText, withoutCounters } from '../helpers/formats.js';
import { caseFile } from '../helpers/shared.js';

function cleanDocument<T>(format: Parameters<typeof parseCaseFile>[0], caseName: string, file: string): T {
  const path = caseFile(caseName, file);
  expect(existsSync(path), `${path} is missing`).toBe(true);
  const output = parseCaseFile(format, path);
  expect(describeFindings(output)).toEqual([]);
  return output.documents[0]?.data as T;
}

describe('counter-prefixed rules', () => {
  const name = '024-fw-counter-prefixed-rules';
  const files = ['iptables-S-legacy.txt', 'iptables-S-nft-1.8.0.txt', 'iptables-save-c-1.8.9.txt'];

  it('yields the same foo1 rule from all three files', () => {
    const rules = files.map((file) => cleanDocument<FirewallPolicy>(iptablesFormat, name, file).chains.foo1?.rules);
    for (const rule of rules) {
      expect(withoutCounters(rule)).toEqual([{ action: 'accept', protocol: 'tcp', ports: 1337 }]);
    }
  });

  it('reads the counters of the counted forms', () => {
    expect(cleanDocument<FirewallPolicy>(iptablesFormat, name, files[1] as string).chains.foo1?.rules?.[0]?.counters).toEqual({ packets: 0, bytes: 0 });
    const saved = cleanDocument<FirewallPolicy>(iptablesFormat, name, files[2] as string);
    expect(saved.chains.foo1?.rules?.[0]?.counters).toEqual({ packets: 0, bytes: 0 });
    expect(saved.chains.INPUT?.counters).toEqual({ packets: 0, bytes: 0 });
  });
});

describe('comment quoting and escapes', () => {
  const path = caseFile('025-fw-comment-quoting-escapes', 'iptables-save.txt');
  const output = parseCaseFile(iptablesFormat, path);
  const document = output.documents[0];
  const policy = document?.data as FirewallPolicy;

  it('parses without findings', () => {
    expect(describeFindings(output)).toEqual([]);
  });

  it.each([
    [0, 6, '000 parse escaped "s, "s, \'s, \'s, \\s and \\s'],
    [1, 7, "don't"],
    [2, 8, '!'],
    [3, 9, 'has space'],
    [4, 10, 'plain_comment-1'],
  ])('rule %i on line %i has comment %j', (index, line, comment) => {
    expect(policy.chains.INPUT?.rules?.[index]?.comment).toBe(comment);
    expect(document?.locator.locate(['chains', 'INPUT', 'rules', index, 'comment']).line).toBe(line);
  });

  it('reads the log prefix and level of line 11', () => {
    expect(policy.chains.FORWARD?.rules?.[0]).toEqual({ action: 'log', logPrefix: '!#*~%&/()=?', targetOptions: ['--log-level 6'] });
    expect(document?.locator.locate(['chains', 'FORWARD', 'rules', 0]).line).toBe(11);
  });
});

describe('NAS rule set with shadowed rules', () => {
  const policy = cleanDocument<FirewallPolicy>(iptablesFormat, '028-fw-synology-shadowed-rules', 'iptables-save.txt');

  it('parses the nine DEFAULT_INPUT rules in order', () => {
    const rules = policy.chains.DEFAULT_INPUT?.rules as Rule[];
    expect(rules.map((rule) => rule.action)).toEqual(['accept', 'accept', 'accept', 'drop', 'drop', 'drop', 'accept', 'drop', 'drop']);
    expect(rules[2]).toEqual({ action: 'accept', protocol: 'tcp', ports: 22 });
    expect(rules[4]).toEqual({ action: 'drop', protocol: 'tcp', ports: [22, 23] });
    expect(rules[7]).toEqual({ action: 'drop' });
    expect(rules[8]).toEqual({ action: 'drop', inInterface: 'eth0' });
  });

  it('accepts exactly 15 multiport slots and rejects 16', () => {
    expect((policy.chains.DEFAULT_INPUT?.rules?.[3]?.ports as unknown[]).length).toBe(14);
    const sixteen = '*filter\n-A INPUT -p tcp -m multiport --dports 873,3260,3261,3262,3240:3259,21,548,111,892,2049,443,80,3493,3306,8080 -j DROP\nCOMMIT\n';
    const errors = parseText(iptablesFormat, sixteen).findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => finding.line)).toEqual([2]);
    expect(errors[0]?.message).toContain('too many ports');
  });
});

describe('nft JSON shape variants', () => {
  const name = '031-fw-nft-json-shape-variants';
  const capture = cleanDocument<FirewallPolicy>(nftJsonFormat, name, 'nft-j-list-ruleset-1.0.6.json');
  const fragments = JSON.parse(readFileSync(caseFile(name, 'newer-nft-fragments.json'), 'utf8')) as Record<string, unknown>;
  const input = capture.chains['ip/filter/INPUT']?.rules as Rule[];

  it('skips metainfo and reads both tables', () => {
    expect(Object.keys(capture.chains)).toEqual(['ip/filter/INPUT', 'ip/nat/guest_nat']);
  });

  it('maps a single fib flag string like the one-element array', () => {
    const newer = (fragments.from_nftables_rs_issue_183_fib_single_flag_as_string as { rule: { expr: unknown[] } }).rule.expr;
    expect(ruleFromStatements(newer).rule.unmodeled).toEqual(input[2]?.unmodeled);
  });

  it('maps the n-ary or of tcp flags like the plain list', () => {
    const newer = fragments.from_nftables_rs_issue_165_tcp_flags_nary_or;
    expect(`match ${JSON.stringify(normaliseExpression((newer as { match: unknown }).match))}`).toBe(input[1]?.unmodeled?.[0]);
  });

  it('maps masquerade with a port range', () => {
    const newer = fragments.from_nftables_rs_issue_111_masquerade_port_range as unknown[];
    const nat = capture.chains['ip/nat/guest_nat']?.rules?.[0];
    expect(ruleFromStatements(newer).rule.targetOptions).toEqual(nat?.targetOptions);
    expect(nat).toMatchObject({ action: 'extension', target: 'masquerade', protocol: 'tcp', source: '198.51.100.0/24', destination: '198.51.100.0/24', destinationNot: true });
  });

  it('tells a named counter from an anonymous one and ignores counter values', () => {
    const newer = (fragments.from_nftables_rs_issue_45_named_counter_reference as { rule: { expr: unknown[] } }).rule.expr;
    expect(ruleFromStatements(newer).rule.targetOptions).toContain('counter name connection_limit_v4_counter');
    expect(withoutCounters(ruleFromStatements([{ counter: { packets: 268, bytes: 238736 } }, { accept: null }]).rule)).toEqual({ action: 'accept' });
  });
});

describe('HAProxy models the rules read', () => {
  it('keeps duplicate binds with their lines', () => {
    const output = parseCaseFile(haproxyFormat, caseFile('033-lb-duplicate-bind', 'haproxy.cfg'));
    const data = output.documents[0]?.data as LoadBalancer;
    expect(data.frontends?.map((frontend) => frontend.binds)).toEqual([[{ port: 8080 }], [{ port: 8080 }]]);
    expect(output.documents[0]?.locator.locate(['frontends', 0, 'binds', 0]).line).toBe(8);
    expect(output.documents[0]?.locator.locate(['frontends', 1, 'binds', 0]).line).toBe(13);
  });

  it('leaves missing timeouts absent', () => {
    const data = cleanDocument<LoadBalancer>(haproxyFormat, '034-lb-missing-timeouts', 'haproxy.cfg');
    expect(data.frontends?.[0]).toEqual({ name: 'stats', binds: [{ port: 8404 }], mode: 'http' });
    expect(data.backends?.[0]).toMatchObject({ name: 'ldap_servers', mode: 'tcp' });
    expect(data.backends?.[0]?.timeouts).toBeUndefined();
    expect(data.backends?.[1]).toEqual({ name: 'empty_be', mode: 'http' });
  });

  it('keeps stale and dynamic use_backend targets', () => {
    const output = parseCaseFile(haproxyFormat, caseFile('036-lb-use-backend-undefined', 'haproxy.cfg'));
    expect(describeFindings(output)).toEqual([]);
    const frontend = (output.documents[0]?.data as LoadBalancer).frontends?.[0];
    expect(frontend?.useBackends?.map((rule) => rule.backend)).toEqual(['backend1_ipvANY', 'be_%[req.hdr(host),lower,word(1,.)]']);
    expect(output.documents[0]?.locator.locate(['frontends', 0, 'useBackends', 0, 'backend']).line).toBe(10);
    const dynamicOnly = cleanDocument<LoadBalancer>(haproxyFormat, '036-lb-use-backend-undefined', 'haproxy-dynamic-only.cfg');
    expect(dynamicOnly.frontends?.[0]?.useBackends).toHaveLength(1);
  });

  it('keeps duplicate server names with lines', () => {
    const output = parseCaseFile(haproxyFormat, caseFile('038-lb-duplicate-server-names', 'haproxy.cfg'));
    const servers = (output.documents[0]?.data as LoadBalancer).backends?.[0]?.servers;
    expect(servers?.map((server) => server.name)).toEqual(['web1', 'web1']);
    expect(output.documents[0]?.locator.locate(['backends', 0, 'servers', 1]).line).toBe(9);
  });
});

describe('ip -j route shapes', () => {
  const name = '043-rt-iproute2-json-variants';

  it('maps the IPv4 main table', () => {
    const data = cleanDocument<Routing>(iprouteFormat, name, 'ip-j-route-show.json');
    expect(data.routes).toEqual([
      { destination: '0.0.0.0/0', via: '203.0.113.232', dev: 'tun0', onLink: true, metric: 50 },
      { destination: '192.0.2.0/24', dev: 'eth0', source: '192.0.2.10' },
      { destination: '192.0.2.128/25', type: 'blackhole' },
      { destination: '198.51.100.0/24', dev: 'eth1', source: '198.51.100.10' },
      { destination: '198.51.100.128/25', type: 'unreachable' },
      { destination: '203.0.113.0/24', metric: 30, nexthops: [{ via: '192.0.2.1', dev: 'eth0', weight: 1 }, { via: '198.51.100.1', dev: 'eth1', weight: 2 }] },
      { destination: '203.0.113.128/25', type: 'prohibit' },
    ]);
  });

  it('records the table named in the file name', () => {
    const data = cleanDocument<Routing>(iprouteFormat, name, 'ip-j-route-show-table-100.json');
    expect(data.routes).toEqual([{ destination: '198.18.0.0/15', via: '192.0.2.1', dev: 'eth0', table: 100 }]);
  });

  it('reads the same routes from ip route text', () => {
    for (const [json, text] of [['ip-j-route-show.json', 'ip-route-show.txt'], ['ip-j-6-route-show.json', 'ip-6-route-show.txt']] as const) {
      expect(cleanDocument<Routing>(iprouteTextFormat, name, text)).toEqual(cleanDocument<Routing>(iprouteFormat, name, json));
    }
  });

  it('maps IPv6 routes, multipath and the lo quirk', () => {
    const data = cleanDocument<Routing>(iprouteFormat, name, 'ip-j-6-route-show.json');
    expect(data.routes?.[2]).toEqual({ destination: '2001:db8:3::/48', metric: 1024, nexthops: [{ via: '2001:db8:1::1', dev: 'eth0', weight: 1 }, { via: '2001:db8:1::2', dev: 'eth0', weight: 1 }] });
    expect(data.routes?.[3]).toEqual({ destination: '2001:db8:dead::/48', type: 'unreachable', metric: 1024 });
    expect(data.routes?.filter((route) => route.destination === 'fe80::/64').map((route) => route.dev)).toEqual(['eth0', 'eth1', 'tun0']);
  });
});

describe('netplan models the rules read', () => {
  it('tells missing on-link from present', () => {
    const broken = cleanDocument<Routing>(netplanFormat, '044-rt-gateway-not-on-link', 'netplan-broken.yaml');
    const fixed = cleanDocument<Routing>(netplanFormat, '044-rt-gateway-not-on-link', 'netplan-fixed.yaml');
    expect(broken.interfaces).toEqual([{ name: 'eth0', addresses: ['203.0.113.237/32'] }]);
    expect(broken.routes).toEqual([{ destination: '0.0.0.0/0', dev: 'eth0', via: '203.0.113.232', metric: 0 }]);
    expect(fixed.routes).toEqual([{ destination: '0.0.0.0/0', dev: 'eth0', via: '203.0.113.232', onLink: true, metric: 0 }]);
  });

  it('maps the live onlink flag', () => {
    const live = cleanDocument<Routing>(iprouteFormat, '043-rt-iproute2-json-variants', 'ip-j-route-show.json');
    expect(live.routes?.[0]).toMatchObject({ destination: '0.0.0.0/0', via: '203.0.113.232', onLink: true });
  });

  it('keeps two default routes of metric 0', () => {
    const path = caseFile('046-rt-netplan-conflicting-default-routes', 'netplan-two-nics.yaml');
    const output = parseCaseFile(netplanFormat, path);
    const routes = (output.documents[0]?.data as Routing).routes;
    expect(routes?.map((route) => [route.destination, route.dev, route.metric])).toEqual([
      ['0.0.0.0/0', 'eth0', 0],
      ['0.0.0.0/0', 'eth1', 0],
    ]);
    expect(output.documents[0]?.locator.locate(['routes', 1]).line).toBe(17);
  });
});

describe('live routes with equal default metrics', () => {
  it('reads six routes and three defaults', () => {
    const data = cleanDocument<Routing>(iprouteTextFormat, '046-rt-netplan-conflicting-default-routes', 'ip-route-after.txt');
    expect(data.routes).toHaveLength(6);
    expect(data.routes?.filter((route) => route.destination === '0.0.0.0/0')).toEqual([
      { destination: '0.0.0.0/0', via: '10.10.10.1', dev: 'ens3', onLink: true },
      { destination: '0.0.0.0/0', via: '192.168.1.1', dev: 'ens4' },
      { destination: '0.0.0.0/0', via: '10.10.10.1', dev: 'ens3', metric: 100, source: '10.10.10.10' },
    ]);
  });
});

describe('equivalent iptables spellings', () => {
  it('masks host bits and dotted masks', () => {
    const live = cleanDocument<FirewallPolicy>(iptablesFormat, '048-drift-cidr-host-bits-normalized', 'live-iptables-save-1.8.9.txt');
    const desired = parseText(iptablesFormat, '*filter\n:RH-Firewall-1-INPUT - [0:0]\n-A RH-Firewall-1-INPUT -d 198.51.100.9/24 -p tcp --sport 666 -m comment --comment "999 OUTPUT drop invalid" -j ACCEPT\n-A RH-Firewall-1-INPUT -d 198.51.100.9/255.255.255.0 -p tcp -m tcp --sport 667 -m comment --comment "998 OUTPUT drop invalid" -j ACCEPT\nCOMMIT\n');
    const desiredChain = (desired.documents[0]?.data as FirewallPolicy).chains['RH-Firewall-1-INPUT'];
    expect(withoutCounters(live.chains['RH-Firewall-1-INPUT']?.rules)).toEqual(desiredChain?.rules);
  });

  it('equals desired file and live dump', () => {
    const desired = cleanDocument<FirewallPolicy>(iptablesFormat, '050-drift-implicit-match-and-reordering', 'desired-etc-sysconfig-iptables');
    const live = cleanDocument<FirewallPolicy>(iptablesFormat, '050-drift-implicit-match-and-reordering', 'live-iptables-save-1.8.9.txt');
    expect(withoutCounters(desired)).toEqual(withoutCounters(live));
  });

  it('equals Ansible rule and saved line', () => {
    const spec = readFileSync(caseFile('050-drift-implicit-match-and-reordering', 'desired-ansible-rendered.txt'), 'utf8')
      .split('\n')
      .find((line) => line.startsWith('-p')) as string;
    const desired = parseText(iptablesFormat, `-A INPUT ${spec}\n`);
    const live = parseCaseFile(iptablesFormat, caseFile('050-drift-implicit-match-and-reordering', 'live-from-pr.txt'));
    expect(describeFindings(desired)).toEqual([]);
    const liveRule = (live.documents[0]?.data as FirewallPolicy).chains.INPUT?.rules?.find((rule) => rule.ports === 80);
    expect((desired.documents[0]?.data as FirewallPolicy).chains.INPUT?.rules?.[0]).toEqual(liveRule);
  });
});

describe('nft list ruleset text', () => {
  // The drift verdict of these files is checked through `driftgate diff` in test/scan.
  it('is recognised as nft text', () => {
    for (const file of ['desired-nftables.conf', 'live-nft-list-ruleset-1.0.6.txt']) {
      const text = readFileSync(caseFile('057-drift-nft-text-rerendering', file), 'utf8');
      expect(formatFor(file, text)?.name).toBe('nft-text');
    }
  });
});
