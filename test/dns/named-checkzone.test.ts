/**
 * named-checkzone (BIND 9, package bind9-utils) as an oracle for the DNS rules. Each zone is
 * written both as a canonical document and as a master file. BIND's verdict and message must
 * match what the rule docs state, and driftgate must report exactly the listed rules.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { parse } from 'yaml';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { loadRules } from '../../src/engine/registry.js';
import { validateSources } from '../../src/engine/run.js';
import { packageRoot } from '../../src/paths.js';
import type { DNSZones } from '../../src/types/dns.js';

/** One zone: records as `[owner, type, value]`, BIND's expected verdict, and driftgate's rule ids. */
interface OracleCase {
  name: string;
  records: [string, string, string][];
  bind: 'loads' | 'rejects';
  /** Text that BIND's output must contain; empty when BIND prints nothing but the verdict. */
  bindMessage: string;
  rules: string[];
}

const apex: [string, string, string][] = [
  ['@', 'SOA', 'ns1 hostmaster 2026120401 7200 3600 1209600 3600'],
  ['@', 'NS', 'ns1'],
  ['ns1', 'A', '192.0.2.1'],
];

const label63 = 'a'.repeat(63);
const sha256 = 'FD03B2312C8F0FE72C1751EFA1007D743C94EC91594FF0047C23C37CE119BA0C';

const cases: OracleCase[] = [
  {
    name: 'clean zone with a delegation',
    records: [
      ...apex,
      ['@', 'MX', '10 mail'],
      ['mail', 'AAAA', '2001:db8::25'],
      ['_dmarc', 'TXT', '"v=DMARC1; p=reject"'],
      ['_sip._tcp', 'SRV', '0 1 5061 sip.example.net.'],
      ['@', 'CAA', '0 issue "ca.example.net"'],
      ['child', 'NS', 'ns1.child'],
      ['child', 'DS', `14364 13 2 ${sha256}`],
      ['ns1.child', 'A', '192.0.2.5'],
      [label63, 'TXT', 'x'],
      // 63 + 63 + 63 + 49-octet labels and example.com.: 64 * 3 + 50 + 13 = 255 octets.
      [`${label63}.${label63}.${label63}.${'c'.repeat(49)}`, 'TXT', 'x'],
    ],
    bind: 'loads',
    bindMessage: '',
    rules: [],
  },
  { name: 'CNAME and A', records: [...apex, ['bad', 'A', '192.0.2.2'], ['bad', 'CNAME', '@']], bind: 'rejects', bindMessage: 'CNAME and other data', rules: ['dns-cname-and-other-data'] },
  { name: 'two CNAME targets', records: [...apex, ['cdn', 'CNAME', 'a.example.net.'], ['cdn', 'CNAME', 'b.example.net.']], bind: 'rejects', bindMessage: 'multiple RRs of singleton type', rules: ['dns-cname-and-other-data'] },
  { name: 'CNAME at the apex', records: [...apex, ['@', 'CNAME', 'web.example.net.']], bind: 'rejects', bindMessage: 'CNAME and other data', rules: ['dns-cname-at-apex'] },
  { name: 'NS target is a CNAME', records: [...apex, ['@', 'NS', 'ns2'], ['ns2', 'CNAME', 'ns1']], bind: 'rejects', bindMessage: 'is a CNAME (illegal)', rules: ['dns-target-is-cname'] },
  { name: 'MX target is a CNAME', records: [...apex, ['@', 'MX', '10 mail'], ['mail', 'CNAME', 'ns1']], bind: 'loads', bindMessage: 'is a CNAME (illegal)', rules: ['dns-target-is-cname'] },
  { name: 'NS target without address', records: [...apex, ['@', 'NS', 'ns2'], ['ns2', 'TXT', 'none']], bind: 'rejects', bindMessage: 'has no address records', rules: ['dns-target-without-address'] },
  { name: 'delegation without glue', records: [...apex, ['child', 'NS', 'ns1.child']], bind: 'loads', bindMessage: 'has no REQUIRED GLUE', rules: ['dns-missing-glue'] },
  { name: 'label of 64 octets', records: [...apex, [`${label63}b`, 'TXT', 'x']], bind: 'rejects', bindMessage: 'label too long', rules: ['dns-name-too-long'] },
  { name: 'name of 256 octets', records: [...apex, [`${label63}.${label63}.${label63}.${'c'.repeat(50)}`, 'TXT', 'x']], bind: 'rejects', bindMessage: 'ran out of space', rules: ['dns-name-too-long'] },
  { name: 'out-of-zone owner', records: [...apex, ['www.example.org.', 'A', '192.0.2.2']], bind: 'loads', bindMessage: 'ignoring out-of-zone data', rules: ['dns-out-of-zone-data'] },
  { name: 'underscore in an A owner', records: [...apex, ['web_01', 'A', '192.0.2.2']], bind: 'rejects', bindMessage: 'bad owner name (check-names)', rules: ['dns-invalid-hostname'] },
  { name: 'underscore in an NS target', records: [...apex, ['sub', 'NS', '_name.example.net.']], bind: 'rejects', bindMessage: 'bad name (check-names)', rules: ['dns-invalid-hostname'] },
  { name: 'TXT string of 256 octets', records: [...apex, ['x', 'TXT', `"${'a'.repeat(256)}"`]], bind: 'rejects', bindMessage: 'syntax error', rules: ['dns-txt-string-too-long'] },
  { name: 'TXT string of 255 octets', records: [...apex, ['x', 'TXT', `"${'a'.repeat(255)}"`]], bind: 'loads', bindMessage: '', rules: [] },
  { name: 'second SOA', records: [...apex, ['@', 'SOA', 'ns1 hostmaster 2 7200 3600 1209600 3600']], bind: 'rejects', bindMessage: 'multiple RRs of singleton type', rules: ['dns-soa-problem'] },
  { name: 'SOA below the apex', records: [...apex, ['sub', 'SOA', 'ns1 hostmaster 1 7200 3600 1209600 3600']], bind: 'rejects', bindMessage: 'SOA record not at top of zone', rules: ['dns-soa-problem'] },
  { name: 'serial of 2^32', records: [['@', 'SOA', 'ns1 hostmaster 4294967296 7200 3600 1209600 3600'], ...apex.slice(1)], bind: 'rejects', bindMessage: 'out of range', rules: ['dns-soa-problem'] },
  { name: 'serial above 2^31', records: [['@', 'SOA', 'ns1 hostmaster 3003113544 7200 3600 1209600 3600'], ...apex.slice(1)], bind: 'loads', bindMessage: 'loaded serial 3003113544', rules: [] },
  { name: 'apex without NS', records: [apex[0]!, apex[2]!], bind: 'rejects', bindMessage: 'has no NS records', rules: ['dns-apex-without-ns'] },
  { name: 'DS at the apex', records: [...apex, ['@', 'DS', `14364 13 2 ${sha256}`]], bind: 'rejects', bindMessage: 'DS record at top of zone', rules: ['dns-ds-placement'] },
  { name: 'extra text after an address', records: [...apex, ['www', 'A', '192.0.2.80 extra']], bind: 'rejects', bindMessage: 'extra input text', rules: ['dns-malformed-rdata'] },
  { name: 'whole CAA RDATA quoted', records: [...apex, ['@', 'CAA', '"0 iodef mailto:root@example.com"']], bind: 'rejects', bindMessage: 'not a valid number', rules: ['dns-malformed-rdata'] },
  { name: 'NS target written as an address', records: [...apex, ['sub', 'NS', '192.0.2.9']], bind: 'loads', bindMessage: 'appears to be an address', rules: ['dns-ns-target-is-address', 'dns-target-without-address'] },
];

const origin = 'example.com.';
const folder = mkdtempSync(join(tmpdir(), 'driftgate-checkzone-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** Runs named-checkzone with check-names set to fail, as `named` does for primary zones. */
function checkZone(name: string, records: [string, string, string][], zoneOrigin = origin): { status: number | null; output: string } {
  const path = join(folder, `${name.replace(/\W+/g, '-')}.db`);
  const lines = ['$TTL 3600', ...records.map(([owner, type, value]) => `${owner} IN ${type} ${value}`)];
  writeFileSync(path, `${lines.join('\n')}\n`);
  const result = spawnSync('named-checkzone', ['-k', 'fail', '-i', 'local', zoneOrigin, path], { encoding: 'utf8' });
  if (result.error) throw new Error(`named-checkzone failed to run (install bind9-utils): ${result.error.message}`);
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** Returns the ids of the DNS rules that report something on the zone, all DNS rules enabled. */
async function driftgateRules(records: [string, string, string][]): Promise<string[]> {
  const rules = (await loadRules()).filter((rule) => rule.domain === 'dns');
  const config: ResolvedConfig = {
    root: '/virtual',
    data: { kind: 'config' },
    rules: new Map(rules.map((rule) => [rule.id, { rule, severity: rule.severity, options: rule.options?.defaults ?? {} }])),
    acceptances: [],
  };
  const text = JSON.stringify({ kind: 'dns', zones: [{ origin, ttl: 3600, records: records.map(([name, type, value]) => ({ name, type, value })) }] });
  const result = validateSources([{ file: 'zone.json', absolutePath: '/virtual/zone.json', text, explicit: true }], config, { cwd: '/virtual', today: '2026-12-01' });
  return [...new Set(result.findings.map((finding) => finding.ruleId))].sort();
}

describe('named-checkzone oracle', () => {
  it.each(cases.map((oracleCase) => [oracleCase.name, oracleCase] as const))('%s', async (_name, oracleCase) => {
    const bind = checkZone(oracleCase.name, oracleCase.records);
    expect(bind.status, bind.output).toBe(oracleCase.bind === 'loads' ? 0 : 1);
    expect(bind.output).toContain(oracleCase.bindMessage);
    expect(await driftgateRules(oracleCase.records)).toEqual([...oracleCase.rules].sort());
  });
});

describe('samples/repo zones under named-checkzone', () => {
  const document = parse(readFileSync(join(packageRoot, 'samples', 'repo', 'dns', 'zones.yaml'), 'utf8')) as DNSZones;

  it.each(document.zones.map((zone) => [zone.origin, zone] as const))('%s loads', (zoneOrigin, zone) => {
    const records = zone.records.map((record): [string, string, string] => {
      const ttl = record.ttl === undefined ? '' : ` ${record.ttl}`;
      return [`${record.name}${ttl}`, record.type, String(record.value)];
    });
    const bind = checkZone(zoneOrigin, records, zoneOrigin);
    expect(bind.status, bind.output).toBe(0);
    expect(bind.output).not.toContain('warning');
  });
});
