import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';
import { formatFor } from '../../src/formats/index.js';
import { nftTextFormat } from '../../src/formats/nft-text.js';
import { nftJsonFormat, normaliseExpression, ruleFromStatements } from '../../src/formats/nftables.js';
import { packageRoot } from '../../src/paths.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';
import { describeFindings, parseText } from '../helpers/formats.js';

const text = readFileSync(join(packageRoot, 'test', 'fixtures', 'nftables', 'edge.nft.json'), 'utf8');

describe('nft -j list ruleset', () => {
  const output = parseText(nftJsonFormat, text, 'edge.nft.json');
  const document = output.documents[0];
  const data = document?.data as FirewallPolicy;

  it('maps chains with hooks and policies', () => {
    expect(data.family).toBe('inet');
    expect(data.chains['inet/edge/input']).toMatchObject({ table: 'edge', hook: 'input', policy: 'drop' });
    expect(data.chains['inet/edge/web']?.hook).toBeUndefined();
  });

  it('maps matches, verdicts, sets and logs', () => {
    expect(data.chains['inet/edge/input']?.rules).toEqual([
      { action: 'accept', inInterface: 'lo' },
      { action: 'accept', state: ['established', 'related'], counters: { packets: 12, bytes: 3400 } },
      { action: 'jump', target: 'inet/edge/web', protocol: 'tcp', ports: [80, 443, '8000-8099'] },
      { action: 'accept', source: 'nftset:inet/edge/mgmt', protocol: 'tcp', ports: 22, logPrefix: 'ssh: ' },
      { action: 'continue' },
    ]);
  });

  it('reads a named address set', () => {
    expect(data.objects?.addresses).toEqual({ 'nftset:inet/edge/mgmt': ['198.51.100.0/24'] });
  });

  it('keeps limits as unmodeled and reports unknown statements', () => {
    expect(data.chains['inet/edge/web']?.rules?.[0]).toEqual({ action: 'accept', inInterface: 'eth+', unmodeled: ['limit {"per":"second","rate":100}'] });
    expect(output.findings.map((finding) => [finding.ruleId, finding.severity, finding.line])).toEqual([['not-understood', 'warning', 1]]);
    expect(output.findings[0]?.message).toContain('`xt`');
  });

  it('locates a rule field at its expression', () => {
    const range = document?.locator.locate(['chains', 'inet/edge/input', 'rules', 2, 'target']);
    expect(text.slice((range?.column ?? 1) - 1, (range?.column ?? 1) + 6)).toBe('{"jump"');
  });

  it('normalises single flags, n-ary or and set order', () => {
    expect(normaliseExpression({ fib: { result: 'type', flags: 'daddr' } })).toEqual(normaliseExpression({ fib: { result: 'type', flags: ['daddr'] } }));
    expect(normaliseExpression({ '&': [{ payload: { protocol: 'tcp', field: 'flags' } }, { '|': ['fin', 'syn', 'rst', 'ack'] }] })).toEqual(
      normaliseExpression({ '&': [{ payload: { protocol: 'tcp', field: 'flags' } }, ['fin', 'syn', 'rst', 'ack']] }),
    );
    expect(ruleFromStatements([{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: { set: [443, 22, 80] } } }]).rule.ports).toEqual([22, 80, 443]);
  });

  it('reports a JSON syntax error at its line', () => {
    const result = parseText(nftJsonFormat, '{"nftables": [\n{"chain": {"name": "a"]}]}', 'ruleset.json');
    expect(result.findings[0]).toMatchObject({ ruleId: 'syntax-error', line: 2 });
  });

  it('recognises files by content', () => {
    expect(formatFor('live/ruleset.json', text)?.name).toBe('nft-json');
  });
});

describe('nft list ruleset text', () => {
  const ruleset = [
    'table inet filter { # host firewall',
    '\tchain input { # note',
    '\t\ttype filter hook input priority filter; policy accept; # for now',
    '\t\tct state established,related accept',
    '\t\ttcp dport 22 accept # ssh',
    '\t}',
    '}',
    '',
  ].join('\n');
  const output = parseText(nftTextFormat, ruleset, 'ruleset.nft');
  const document = output.documents[0];
  const lines = ruleset.split('\n');
  const slice = (range: { line: number; column: number; endColumn: number } | undefined) =>
    range ? lines[range.line - 1]!.slice(range.column - 1, range.endColumn - 1) : undefined;

  it('reads lines after a comment after a brace', () => {
    expect(output.findings).toEqual([]);
    const data = document?.data as FirewallPolicy;
    expect(data.chains['inet/filter/input']).toMatchObject({ hook: 'input', policy: 'accept' });
    expect(data.chains['inet/filter/input']?.rules).toHaveLength(2);
  });

  it('locates the policy at its statement', () => {
    const range = document?.locator.locate(['chains', 'inet/filter/input', 'policy']);
    expect(range?.line).toBe(3);
    expect(slice(range)).toBe('policy accept');
  });

  it('locates a rule field at its statement', () => {
    const range = document?.locator.locate(['chains', 'inet/filter/input', 'rules', 1, 'ports']);
    expect(range?.line).toBe(5);
    expect(slice(range)).toBe('tcp dport 22');
  });

  it('locates a chain at its line', () => {
    const range = document?.locator.locate(['chains', 'inet/filter/input']);
    expect(range?.line).toBe(2);
    expect(slice(range)).toBe('chain input {');
  });

  it('keeps finding columns inside their lines', async () => {
    const folder = join(packageRoot, 'test', 'fixtures', 'native-rules');
    const fixtureLines = readFileSync(join(folder, 'ruleset.nft'), 'utf8').split('\n');
    const result = await validatePaths(['ruleset.nft'], { cwd: folder });
    expect(result.findings.length).toBeGreaterThan(0);
    for (const finding of result.findings) {
      const length = fixtureLines[finding.line - 1]!.length;
      expect(finding.column, `${finding.ruleId} ${finding.line}:${finding.column}`).toBeLessThanOrEqual(length);
      expect(finding.endColumn, `${finding.ruleId} ${finding.line}:${finding.endColumn}`).toBeLessThanOrEqual(length + 1);
    }
  });
});

describe('nftables.conf constructs outside the subset', () => {
  const conf = [
    'table inet filter {',
    '\tset blocked {',
    '\t\ttype ipv4_addr',
    '\t\telements = { 192.0.2.66, 198.51.100.7 }',
    '\t}',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tct state vmap { established : accept, related : accept, invalid : drop }',
    '\t\ttcp dport 22 limit rate 10/minute accept',
    '\t\ttcp dport 80 log prefix "web: " accept',
    '\t}',
    '}',
    '',
  ].join('\n');
  const output = parseText(nftTextFormat, conf, 'nftables.conf');
  const rules = (output.documents[0]?.data as FirewallPolicy | undefined)?.chains['inet/filter/input']?.rules ?? [];

  it('reads a named set block', () => {
    expect(output.findings).toEqual([]);
    expect((output.documents[0]?.data as FirewallPolicy).objects?.addresses).toEqual({ 'nftset:inet/filter/blocked': ['192.0.2.66', '198.51.100.7'] });
  });

  it('expands a verdict map into one rule per entry', () => {
    expect(rules.slice(0, 3).map((rule) => [rule.state, rule.action])).toEqual([
      [['established'], 'accept'],
      [['related'], 'accept'],
      [['invalid'], 'drop'],
    ]);
  });

  it('keeps a rate limit as an unmodelled match', () => {
    expect(rules[3]).toMatchObject({ action: 'accept', ports: 22 });
    expect(rules[3]?.unmodeled?.[0]).toContain('limit');
  });

  it('reads a log prefix', () => {
    expect(rules[4]).toMatchObject({ action: 'accept', ports: 80, logPrefix: 'web: ' });
  });

  it('still rejects an unknown word', () => {
    const typo = parseText(nftTextFormat, conf.replace('tcp dport 80 log prefix "web: " accept', 'tcp dport 80 acept'), 'nftables.conf');
    expect(typo.documents).toEqual([]);
    expect(typo.findings.some((finding) => finding.severity === 'error' && finding.message.includes('`acept`'))).toBe(true);
  });
});

describe('nft iif and oif', () => {
  it('reads the interface name as iifname does', () => {
    const text = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tiif "lo" accept\n\t\toif "eth0" drop\n\t}\n}\n';
    const output = parseText(nftTextFormat, text, 'ruleset.nft');
    const rules = (output.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules;
    expect(rules?.map((rule) => [rule.inInterface, rule.outInterface, rule.unmodeled])).toEqual([
      ['lo', undefined, undefined],
      [undefined, 'eth0', undefined],
    ]);
  });
});

describe('nft named sets', () => {
  const ruleset = [
    'table inet filter {',
    '\tset admins {',
    '\t\ttype ipv4_addr',
    '\t\tflags interval',
    '\t\telements = { 10.0.0.0/8, 192.0.2.10-192.0.2.20,',
    '\t\t\t     198.51.100.7 comment "old host" }',
    '\t}',
    '\tset ports {',
    '\t\ttype inet_service',
    '\t\telements = { 22, 443 }',
    '\t}',
    '\tset recent {',
    '\t\ttype ipv4_addr',
    '\t\tflags dynamic,timeout',
    '\t\ttimeout 1h',
    '\t}',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tip saddr @admins tcp dport 22 accept',
    '\t\ttcp dport @ports accept',
    '\t\tip saddr @recent drop',
    '\t}',
    '}',
    '',
  ].join('\n');
  const output = parseText(nftTextFormat, ruleset, 'ruleset.nft');
  const data = output.documents[0]?.data as FirewallPolicy;
  const rules = data.chains['inet/filter/input']?.rules ?? [];

  it('reads the members of an address set', () => {
    expect(data.objects?.addresses).toEqual({ 'nftset:inet/filter/admins': ['10.0.0.0/8', '192.0.2.10-192.0.2.20', '198.51.100.7'] });
    expect(rules[0]).toEqual({ action: 'accept', source: 'nftset:inet/filter/admins', protocol: 'tcp', ports: 22 });
  });

  it('reads the ports of a port set as a service object', () => {
    expect(data.objects?.services).toEqual({ 'nftset:inet/filter/ports': { protocol: 'any', ports: [22, 443] } });
    expect(rules[1]).toEqual({ action: 'accept', protocol: 'tcp', service: 'nftset:inet/filter/ports' });
  });

  it('leaves a dynamic set unmodelled with a warning', () => {
    expect(output.findings.map((finding) => [finding.line, finding.severity, finding.ruleId])).toEqual([[12, 'warning', 'not-understood']]);
    // The set stays unmodelled; only the family of `ip saddr` is known.
    expect(rules[2]?.source).toBe('0.0.0.0/0');
    expect(rules[2]?.unmodeled).toHaveLength(1);
  });

  it('reads port sets of nft -j output as the text does', () => {
    const text = [
      'table inet filter {',
      '\tset web {',
      '\t\ttype inet_service',
      '\t\tflags interval',
      '\t\telements = { http, 443, 8000-8080 }',
      '\t}',
      '\tchain input {',
      '\t\ttype filter hook input priority filter; policy drop;',
      '\t\tudp dport @web accept',
      '\t}',
      '}',
    ].join('\n');
    const json = {
      nftables: [
        { table: { family: 'inet', name: 'filter' } },
        { set: { family: 'inet', table: 'filter', name: 'web', type: 'inet_service', flags: ['interval'], elem: [80, 443, { range: [8000, 8080] }] } },
        { chain: { family: 'inet', table: 'filter', name: 'input', type: 'filter', hook: 'input', prio: 0, policy: 'drop' } },
        {
          rule: {
            family: 'inet',
            table: 'filter',
            chain: 'input',
            expr: [{ match: { op: '==', left: { payload: { protocol: 'udp', field: 'dport' } }, right: '@web' } }, { accept: null }],
          },
        },
      ],
    };
    const fromText = parseText(nftTextFormat, text, 'ruleset.nft');
    const fromJson = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
    expect(fromText.findings).toEqual([]);
    expect(fromJson.findings).toEqual([]);
    const textData = fromText.documents[0]?.data as FirewallPolicy;
    expect(textData.objects?.services).toEqual({ 'nftset:inet/filter/web': { protocol: 'any', ports: [80, 443, '8000-8080'] } });
    expect(textData.chains['inet/filter/input']?.rules).toEqual([{ action: 'accept', protocol: 'udp', service: 'nftset:inet/filter/web' }]);
    expect(fromJson.documents[0]?.data).toEqual(textData);
  });

  it('leaves a port set with an expiring element unmodelled', () => {
    const json = {
      nftables: [
        { table: { family: 'inet', name: 'filter' } },
        { set: { family: 'inet', table: 'filter', name: 'knock', type: 'inet_service', elem: [{ elem: { val: 22, timeout: 60, expires: 30 } }] } },
      ],
    };
    const output = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
    expect(output.findings.map((finding) => finding.message)).toEqual([expect.stringContaining('named set `knock` is not modelled')]);
    expect((output.documents[0]?.data as FirewallPolicy).objects).toBeUndefined();
  });

  it('reads the sets of nft -j output alike', () => {
    const json = {
      nftables: [
        { table: { family: 'inet', name: 'filter' } },
        {
          set: {
            family: 'inet',
            table: 'filter',
            name: 'admins',
            type: 'ipv4_addr',
            flags: 'interval',
            elem: [{ prefix: { addr: '10.0.0.0', len: 8 } }, { range: ['192.0.2.10', '192.0.2.20'] }, { elem: { val: '198.51.100.7', comment: 'old host' } }],
          },
        },
        { set: { family: 'inet', table: 'filter', name: 'seen', type: 'ipv4_addr', elem: [{ elem: { val: '192.0.2.1', timeout: 3600, expires: 3000 } }] } },
      ],
    };
    const fromJson = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
    const objects = (fromJson.documents[0]?.data as FirewallPolicy).objects;
    expect(objects?.addresses).toEqual(data.objects?.addresses);
    // Elements that expire were added at run time, so their set is not modelled.
    expect(fromJson.findings.map((finding) => finding.message)).toEqual([expect.stringContaining('named set `seen` is not modelled')]);
  });

  it('keeps an element comment with a comma whole', () => {
    const commented = ruleset.replace('198.51.100.7 comment "old host" }', '198.51.100.7 comment "old host, rack 4", 198.51.100.9 }');
    const parsed = parseText(nftTextFormat, commented, 'ruleset.nft');
    const members = (parsed.documents[0]?.data as FirewallPolicy).objects?.addresses?.['nftset:inet/filter/admins'];
    expect(members).toEqual(['10.0.0.0/8', '192.0.2.10-192.0.2.20', '198.51.100.7', '198.51.100.9']);
    expect(parsed.findings.map((finding) => finding.line)).toEqual([12]);
  });

  it('keeps a one-line set comment with a comma and semicolon whole', () => {
    const oneLine = 'table inet filter {\n\tset hosts { type ipv4_addr; elements = { 192.0.2.1 comment "a, b; c", 192.0.2.2 } }\n}\n';
    const parsed = parseText(nftTextFormat, oneLine, 'ruleset.nft');
    expect(parsed.findings).toEqual([]);
    expect((parsed.documents[0]?.data as FirewallPolicy).objects?.addresses).toEqual({ 'nftset:inet/filter/hosts': ['192.0.2.1', '192.0.2.2'] });
  });

  it('keeps a set the table does not declare as a reference', () => {
    const undeclared = ruleset.replace('ip saddr @admins', 'ip saddr @admin');
    const documents = parseText(nftTextFormat, undeclared, 'ruleset.nft').documents;
    expect((documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules?.[0]?.source).toBe('nftset:inet/filter/admin');
  });
});

describe('nft statements of valid host rulesets', () => {
  const chain = (lines: string[]) =>
    ['table inet filter {', '\tchain input {', '\t\ttype filter hook input priority filter; policy drop;', ...lines.map((line) => `\t\t${line}`), '\t}', '}', ''].join('\n');
  const rulesOf = (lines: string[]) => {
    const output = parseText(nftTextFormat, chain(lines), 'ruleset.nft');
    return { findings: output.findings, rules: (output.documents[0]?.data as FirewallPolicy | undefined)?.chains['inet/filter/input']?.rules ?? [] };
  };

  it('reads a trailing comment', () => {
    const { findings, rules } = rulesOf(['udp dport 51820 accept comment "wireguard"']);
    expect(findings).toEqual([]);
    expect(rules[0]).toEqual({ action: 'accept', protocol: 'udp', ports: 51820, comment: 'wireguard' });
  });

  it('reads the comment nft -j prints on the rule', () => {
    const rule = { family: 'inet', table: 'filter', chain: 'input', comment: 'wireguard', expr: [{ accept: null }] };
    const json = { nftables: [{ chain: { family: 'inet', table: 'filter', name: 'input' } }, { rule }] };
    const output = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
    expect((output.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules?.[0]?.comment).toBe('wireguard');
  });

  it('reads reject options as nft -j prints them', () => {
    const { findings, rules } = rulesOf([
      'tcp dport 25 reject with tcp reset',
      'reject with icmpx type admin-prohibited',
      'reject with icmp type host-unreachable',
      'reject with icmpv6 admin-prohibited',
      'reject',
    ]);
    expect(findings).toEqual([]);
    expect(rules.map((rule) => rule.action)).toEqual(['reject', 'reject', 'reject', 'reject', 'reject']);
    expect(rules.map((rule) => rule.targetOptions)).toEqual([
      ['reject {"type":"tcp reset"}'],
      ['reject {"expr":"admin-prohibited","type":"icmpx"}'],
      ['reject {"expr":"host-unreachable","type":"icmp"}'],
      ['reject {"expr":"admin-prohibited","type":"icmpv6"}'],
      undefined,
    ]);
  });

  it('reads a plain reject in nft -j output as the text does', () => {
    const expr = [{ reject: { type: 'icmpx', expr: 'port-unreachable' } }];
    const json = { nftables: [{ chain: { family: 'inet', table: 'filter', name: 'input' } }, { rule: { family: 'inet', table: 'filter', chain: 'input', expr } }] };
    const output = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
    expect((output.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules?.[0]).toEqual({ action: 'reject' });
  });

  // nft 1.0.6 lists `ip saddr 192.0.2.1 reject` of an inet table with an icmp reply.
  it('reads a one-family reject in nft -j output as the text does', () => {
    const { rules } = rulesOf(['ip saddr 192.0.2.1 reject', 'meta nfproto ipv6 reject']);
    const saddr = { match: { op: '==', left: { payload: { protocol: 'ip', field: 'saddr' } }, right: '192.0.2.1' } };
    const exprs = [
      [saddr, { reject: { type: 'icmp', expr: 'port-unreachable' } }],
      [{ reject: { type: 'icmpv6', expr: 'port-unreachable' } }],
    ];
    const json = { nftables: [{ chain: { family: 'inet', table: 'filter', name: 'input' } }, ...exprs.map((expr) => ({ rule: { family: 'inet', table: 'filter', chain: 'input', expr } }))] };
    const output = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
    expect((output.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules).toEqual(rules);
    expect(rules).toEqual([
      { action: 'reject', source: '192.0.2.1' },
      { action: 'reject', source: '::/0' },
    ]);
  });

  it('keeps a tcp option assignment unmodelled', () => {
    const { findings, rules } = rulesOf(['tcp flags syn tcp option maxseg size set rt mtu', 'tcp flags == syn accept']);
    expect(findings).toEqual([]);
    expect(rules[0]?.unmodeled).toEqual(['match {"left":{"payload":{"field":"flags","protocol":"tcp"}},"op":"in","right":"syn"}']);
    expect(rules[0]?.targetOptions).toEqual(['mangle "tcp option maxseg size set rt mtu"']);
    expect(rules[1]?.unmodeled).toEqual(['match {"left":{"payload":{"field":"flags","protocol":"tcp"}},"op":"==","right":"syn"}']);
  });

  it('maps service names to port numbers', () => {
    const { findings, rules } = rulesOf(['tcp dport ssh accept', 'tcp dport { https, http } accept', 'udp dport domain accept', 'udp dport dhcpv6-client accept']);
    expect(findings).toEqual([]);
    expect(rules.map((rule) => rule.ports)).toEqual([22, [80, 443], 53, 546]);
  });

  it('rejects an unknown service name by name', () => {
    const { findings } = rulesOf(['tcp dport sshh accept']);
    expect(findings.map((finding) => [finding.severity, finding.line])).toEqual([['error', 4]]);
    expect(findings[0]?.message).toContain('`sshh`');
  });

  it('maps service names in nft -j input', () => {
    const match = { match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: { set: ['https', 'ssh'] } } };
    expect(ruleFromStatements([match, { accept: null }]).rule.ports).toEqual([22, 443]);
  });
});

describe('nft -j verdict maps', () => {
  const vmap = {
    vmap: {
      key: { ct: { key: 'state' } },
      data: { set: [['invalid', { drop: null }], ['established', { accept: null }], ['related', { accept: null }]] },
    },
  };
  const json = {
    nftables: [
      { chain: { family: 'inet', table: 'filter', name: 'input', hook: 'input', prio: 0, policy: 'drop' } },
      { rule: { family: 'inet', table: 'filter', chain: 'input', expr: [vmap] } },
      { rule: { family: 'inet', table: 'filter', chain: 'input', expr: [{ accept: null }] } },
    ],
  };
  const output = parseText(nftJsonFormat, JSON.stringify(json), 'ruleset.json');
  const rules = (output.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules ?? [];

  it('expands into one rule per entry', () => {
    expect(output.findings).toEqual([]);
    expect(rules).toEqual([
      { action: 'accept', state: ['established'] },
      { action: 'accept', state: ['related'] },
      { action: 'drop', state: ['invalid'] },
      { action: 'accept' },
    ]);
  });

  it('gives the document of the text form', () => {
    const text = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\tct state vmap { invalid : drop, established : accept, related : accept }\n\t\taccept\n\t}\n}\n';
    const fromText = parseText(nftTextFormat, text, 'ruleset.nft');
    expect((fromText.documents[0]?.data as FirewallPolicy).chains).toEqual((output.documents[0]?.data as FirewallPolicy).chains);
  });

  it('locates each rule at the map', () => {
    const range = output.documents[0]?.locator.locate(['chains', 'inet/filter/input', 'rules', 2, 'action']);
    const source = JSON.stringify(json);
    expect(source.slice((range?.column ?? 1) - 1)).toMatch(/^\{"vmap"/);
  });
});

describe('nft keywords as names', () => {
  const cases: [string, string, number, number][] = [
    ['chain', 'table inet filter {\n\tchain fwd {\n\t}\n}\n', 2, 8],
    ['jump target', 'table inet filter {\n\tchain x {\n\t\tjump log\n\t}\n}\n', 3, 8],
    ['set', 'table inet filter {\n\tset counter {\n\t\ttype ipv4_addr\n\t}\n}\n', 2, 6],
    ['one-line set', 'table inet filter {\n\tset mark { type ipv4_addr; }\n}\n', 2, 6],
    ['table', 'table inet filter {\n}\ntable ip nat {\n}\ntable ip meta {\n}\n', 5, 10],
  ];

  it.each(cases)('rejects a keyword as %s name', (_kind, ruleset, line, column) => {
    const output = parseText(nftTextFormat, ruleset, 'ruleset.nft');
    expect(output.findings.map((finding) => [finding.severity, finding.line, finding.column])).toEqual([['error', line, column]]);
    expect(output.findings[0]?.message).toContain('is an nft keyword');
  });

  it('accepts hook and service words as names', () => {
    const ruleset = 'table inet filter {\n\tchain forward {\n\t}\n\tchain input {\n\t\tjump forward\n\t}\n\tset ssh {\n\t\ttype inet_service\n\t}\n}\n';
    expect(parseText(nftTextFormat, ruleset, 'ruleset.nft').findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  });
});

describe('nft text cut off inside a block', () => {
  it('reports the unclosed chain at the end', () => {
    const text = 'table inet filter {\n\tchain input {\n\t\ttype filter hook input priority filter; policy drop;\n\t\ttcp dport 22 accept\n';
    const output = parseText(nftTextFormat, text, 'nftables.conf');
    expect(output.documents).toEqual([]);
    expect(output.findings.map((finding) => [finding.severity, finding.line])).toEqual([['error', 5]]);
    expect(output.findings[0]?.message).toContain('chain `input`');
  });

  it('reports the unclosed table', () => {
    const output = parseText(nftTextFormat, 'table ip nat {\n\tchain postrouting {\n\t\ttype nat hook postrouting priority srcnat;\n\t}', 'nftables.conf');
    expect(output.findings.map((finding) => [finding.severity, finding.line])).toEqual([['error', 4]]);
    expect(output.findings[0]?.message).toContain('table `ip nat`');
  });
});

describe('nft variables and one-line sets', () => {
  const ruleset = [
    'define wan = "eth0"',
    'define admin_ports = { ssh, 8443 }',
    'table inet filter {',
    '\tset trusted { type ipv4_addr; flags interval; elements = { 10.0.0.0/8, 192.0.2.0/24 } }',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tiifname $wan ip saddr @trusted tcp dport $admin_ports accept',
    '\t}',
    '}',
    '',
  ].join('\n');
  const output = parseText(nftTextFormat, ruleset, 'nftables.conf');
  const data = output.documents[0]?.data as FirewallPolicy | undefined;

  it('substitutes defined variables', () => {
    expect(output.findings).toEqual([]);
    expect(data?.chains['inet/filter/input']?.rules?.[0]).toEqual({
      action: 'accept',
      inInterface: 'eth0',
      source: 'nftset:inet/filter/trusted',
      protocol: 'tcp',
      ports: [22, 8443],
    });
  });

  it('locates a substituted value at its variable', () => {
    const range = output.documents[0]?.locator.locate(['chains', 'inet/filter/input', 'rules', 0, 'ports']);
    expect(range?.line).toBe(7);
    expect(ruleset.split('\n')[6]!.slice((range?.column ?? 1) - 1, (range?.endColumn ?? 1) - 1)).toBe('tcp dport $admin_ports');
  });

  it('reads a set declared on one line', () => {
    expect(data?.objects?.addresses).toEqual({ 'nftset:inet/filter/trusted': ['10.0.0.0/8', '192.0.2.0/24'] });
  });

  it('rejects an undefined variable', () => {
    const typo = parseText(nftTextFormat, ruleset.replace('iifname $wan', 'iifname $lan'), 'nftables.conf');
    expect(typo.findings.map((finding) => [finding.severity, finding.line, finding.column])).toEqual([['error', 7, 11]]);
    expect(typo.findings[0]?.message).toContain('`$lan`');
  });

  it('leaves a dollar sign in a quoted string', () => {
    const quoted = parseText(nftTextFormat, ruleset.replace('accept\n', 'accept comment "costs $HOME"\n'), 'nftables.conf');
    expect(quoted.findings).toEqual([]);
    expect((quoted.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules?.[0]?.comment).toBe('costs $HOME');
  });

  it('rejects a one-line prefix set without interval', () => {
    const noInterval = parseText(nftTextFormat, ruleset.replace('flags interval; ', ''), 'nftables.conf');
    expect(noInterval.findings.map((finding) => [finding.severity, finding.line])).toEqual([['error', 4]]);
  });
});

describe('nft base chains on one hook', () => {
  const read = (...parts: string[]) => readFileSync(join(packageRoot, 'test', 'fixtures', ...parts), 'utf8');
  const fromJson = parseText(nftJsonFormat, read('nftables', 'two-input-chains.nft.json'), 'two-input-chains.nft.json');
  const fromText = parseText(nftTextFormat, read('nft', 'two-input-chains.nft'), 'two-input-chains.nft');
  const chains = (fromJson.documents[0]?.data as FirewallPolicy).chains;

  it('keeps each chain with its priority', () => {
    expect(fromJson.findings).toEqual([]);
    expect(chains['inet/filter/input']?.priority).toBe(0);
    expect(chains['inet/extra/input']?.priority).toBe(10);
    expect(chains['inet/extra/input']?.rules).toEqual([{ action: 'drop', protocol: 'icmp', source: '0.0.0.0/0' }]);
  });

  it('reads the text form alike', () => {
    expect(fromText.findings).toEqual([]);
    expect((fromText.documents[0]?.data as FirewallPolicy).chains).toEqual(chains);
  });

  it('locates the priority', () => {
    const range = fromText.documents[0]?.locator.locate(['chains', 'inet/extra/input', 'priority']);
    expect(range?.line).toBe(14);
  });
});

describe('nft chain priorities', () => {
  /** Parses one base chain of `family` on `hook` with the priority `expression`. */
  const parseChain = (family: string, hook: string, expression: string) =>
    parseText(nftTextFormat, [`table ${family} t {`, '\tchain c {', `\t\ttype filter hook ${hook} priority ${expression}; policy accept;`, '\t}', '}', ''].join('\n'), 'ruleset.nft');
  const priorityOf = (family: string, hook: string, expression: string) =>
    (parseChain(family, hook, expression).documents[0]?.data as FirewallPolicy | undefined)?.chains[`${family}/t/c`]?.priority;

  // The values `nft -j list ruleset` of nftables 1.0.6 printed for these chains.
  it.each([
    ['inet', 'input', 'filter - 1', -1],
    ['inet', 'input', 'filter + 10', 10],
    ['inet', 'input', 'filter+10', 10],
    ['inet', 'input', 'filter -1', -1],
    ['inet', 'input', '-5', -5],
    ['inet', 'input', '- 5', -5],
    ['inet', 'forward', '-0x10', -16],
    ['inet', 'prerouting', 'raw', -300],
    ['inet', 'input', 'raw + 7', -293],
    ['ip', 'output', 'mangle', -150],
    ['ip6', 'input', 'security', 50],
    ['ip', 'prerouting', 'dstnat', -100],
    ['inet', 'postrouting', 'srcnat', 100],
    ['bridge', 'input', 'filter', -200],
    ['bridge', 'forward', 'filter - 2', -202],
    ['bridge', 'prerouting', 'dstnat', -300],
    ['bridge', 'output', 'out', 100],
    ['bridge', 'postrouting', 'srcnat', 300],
    ['arp', 'input', 'filter + 3', 3],
  ])('reads %s %s priority %s', (family, hook, expression, expected) => {
    expect(priorityOf(family, hook, expression)).toBe(expected);
  });

  it('reads a priority from a variable', () => {
    const output = parseText(nftTextFormat, ['define early = -20', 'table inet t {', '\tchain c {', '\t\ttype filter hook input priority $early;', '\t}', '}', ''].join('\n'), 'ruleset.nft');
    expect(describeFindings(output)).toEqual([]);
    expect((output.documents[0]?.data as FirewallPolicy).chains['inet/t/c']?.priority).toBe(-20);
  });

  // nft -c -f of nftables 1.0.6 rejects each with "invalid priority expression value in this context".
  it.each([
    ['inet', 'input', 'dstnat'],
    ['inet', 'forward', 'srcnat'],
    ['arp', 'input', 'raw'],
    ['bridge', 'input', 'mangle'],
    ['bridge', 'input', 'out'],
    ['inet', 'input', 'filter-1'],
    ['inet', 'input', 'FILTER'],
  ])('rejects %s %s priority %s', (family, hook, expression) => {
    const output = parseChain(family, hook, expression);
    expect(output.documents).toEqual([]);
    expect(output.findings).toHaveLength(1);
    // The finding covers `priority EXPRESSION`, as nft's does.
    const column = `\t\ttype filter hook ${hook} `.length + 1;
    expect(output.findings[0]).toMatchObject({ severity: 'error', line: 3, column, endColumn: column + `priority ${expression}`.length });
    expect(output.findings[0]?.message).toContain(`priority \`${expression}\` is not a standard priority name of the ${family} ${hook} hook`);
  });

  it('rejects a priority that is no expression', () => {
    const output = parseChain('inet', 'input', 'filter * 2');
    expect(output.documents).toEqual([]);
    expect(output.findings[0]?.message).toContain('priority `filter * 2` is not a valid priority expression');
  });

  it('locates the priority expression', () => {
    const output = parseChain('inet', 'input', 'filter - 1');
    const range = output.documents[0]?.locator.locate(['chains', 'inet/t/c', 'priority']);
    expect(range).toMatchObject({ line: 3, column: 26, endColumn: 45 });
  });
});

describe('nft quoted strings with #', () => {
  const ruleset = [
    'table inet filter {',
    '\tset hosts {',
    '\t\ttype ipv4_addr',
    '\t\telements = { 192.0.2.1 comment "rack #4" }',
    '\t}',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\ttcp dport 22 accept comment "allow #1" # the ssh rule',
    '\t\ttcp dport 80 log prefix "web #2: " accept',
    '\t}',
    '}',
    '',
  ].join('\n');
  const output = parseText(nftTextFormat, ruleset, 'ruleset.nft');
  const data = output.documents[0]?.data as FirewallPolicy | undefined;
  const rules = data?.chains['inet/filter/input']?.rules ?? [];

  it('keeps a # inside a rule comment', () => {
    expect(describeFindings(output)).toEqual([]);
    expect(rules[0]).toEqual({ action: 'accept', protocol: 'tcp', ports: 22, comment: 'allow #1' });
  });

  it('keeps a # inside a log prefix', () => {
    expect(rules[1]).toEqual({ action: 'accept', protocol: 'tcp', ports: 80, logPrefix: 'web #2: ' });
  });

  it('keeps a # inside a set element comment', () => {
    expect(data?.objects?.addresses).toEqual({ 'nftset:inet/filter/hosts': ['192.0.2.1'] });
  });
});

describe('nft chain policy and comment', () => {
  const parseBody = (...body: string[]) => parseText(nftTextFormat, ['table inet filter {', '\tchain input {', ...body.map((line) => `\t\t${line}`), '\t}', '}', ''].join('\n'), 'ruleset.nft');
  const policyOf = (output: ReturnType<typeof parseText>) => (output.documents[0]?.data as FirewallPolicy | undefined)?.chains['inet/filter/input']?.policy;

  // nft 1.0.6 reports "you cannot set chain policy twice" at the second policy statement.
  it('rejects a second policy on its own line', () => {
    const output = parseBody('type filter hook input priority filter; policy drop;', 'ct state established accept', 'policy accept;');
    expect(output.documents).toEqual([]);
    expect(output.findings).toHaveLength(1);
    expect(output.findings[0]).toMatchObject({ severity: 'error', line: 5, column: 3, endColumn: 16 });
    expect(output.findings[0]?.message).toBe('chain `input` sets its policy twice in one block, so nft rejects the whole file');
    expect(output.findings[0]?.fix).toContain('line 3');
  });

  it('rejects a second policy on the declaration line', () => {
    const output = parseBody('type filter hook input priority 0; policy drop; policy accept;');
    expect(output.documents).toEqual([]);
    expect(output.findings[0]).toMatchObject({ severity: 'error', line: 3, column: 51, endColumn: 64 });
  });

  it('reads a policy on its own line', () => {
    const output = parseBody('policy drop;', 'type filter hook input priority filter;');
    expect(describeFindings(output)).toEqual([]);
    expect(policyOf(output)).toBe('drop');
  });

  it('reads a chain comment as no rule', () => {
    const output = parseBody('type filter hook input priority filter;', 'comment "host input #1";', 'tcp dport 22 accept');
    expect(describeFindings(output)).toEqual([]);
    expect((output.documents[0]?.data as FirewallPolicy).chains['inet/filter/input']?.rules).toEqual([{ action: 'accept', protocol: 'tcp', ports: 22 }]);
  });

  it('takes the policy of a later block', () => {
    const output = parseText(
      nftTextFormat,
      ['table inet filter {', '\tchain input {', '\t\ttype filter hook input priority filter; policy drop;', '\t}', '}', 'table inet filter {', '\tchain input {', '\t\tpolicy accept;', '\t}', '}', ''].join('\n'),
      'ruleset.nft',
    );
    expect(describeFindings(output)).toEqual([]);
    expect(policyOf(output)).toBe('accept');
  });
});

describe('nft port matches', () => {
  const ruleset = [
    'table inet filter {',
    '\tset dns-ports {',
    '\t\ttype inet_service',
    '\t\telements = { 53, 853 }',
    '\t}',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tudp sport { 53, 123 } accept',
    '\t\ttcp sport @dns-ports accept',
    '\t\ttcp dport != { 22, 80 } drop',
    '\t\tudp sport != 53 drop',
    '\t}',
    '}',
    '',
  ].join('\n');
  const output = parseText(nftTextFormat, ruleset, 'ruleset.nft');
  const rules = (output.documents[0]?.data as FirewallPolicy | undefined)?.chains['inet/filter/input']?.rules ?? [];

  it('reads a source port set', () => {
    expect(rules[0]).toEqual({ action: 'accept', protocol: 'udp', sourcePorts: [53, 123] });
  });

  it('reads a named source port set as its ports', () => {
    expect(rules[1]).toEqual({ action: 'accept', protocol: 'tcp', sourcePorts: [53, 853] });
  });

  it('keeps negated ports unmodelled with their protocol', () => {
    expect(rules[2]).toMatchObject({ action: 'drop', protocol: 'tcp' });
    expect(rules[2]?.ports).toBeUndefined();
    expect(rules[2]?.unmodeled).toHaveLength(1);
    expect(rules[3]).toMatchObject({ action: 'drop', protocol: 'udp' });
    expect(rules[3]?.sourcePorts).toBeUndefined();
    expect(rules[3]?.unmodeled).toHaveLength(1);
  });

  it('warns at each negated port match', () => {
    expect(describeFindings(output)).toEqual([
      '10:3 not-understood negated port match `tcp dport !=` is not modelled; the rule is treated as matching an unknown subset of tcp packets',
      '11:3 not-understood negated port match `udp sport !=` is not modelled; the rule is treated as matching an unknown subset of udp packets',
    ]);
    expect(output.findings.every((finding) => finding.severity === 'warning')).toBe(true);
  });
});
