/**
 * Every DNS case folder of the real cases, validated in place through `validatePaths` (the
 * pipeline the CLI runs) with the origin each case names. Each test asserts the verdict its
 * case documents: which rule fires at which line with which severity, or the parsed value.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { displayName, parseName } from '../../src/dns/names.js';
import { parseRdata } from '../../src/dns/rdata.js';
import { validatePaths } from '../../src/engine/run.js';
import type { Finding } from '../../src/model.js';
import { sharedDir } from '../helpers/shared.js';

const cases = join(sharedDir, 'cases');

/** Finding names that the cases use, and the driftgate rule that reports each. */
const RULE_FOR_CASE_FINDING: Record<string, string> = {
  'cname-and-other-data': 'dns-cname-and-other-data',
  'cname-at-apex': 'dns-cname-at-apex',
  'cname-self-loop': 'dns-cname-loop',
  'ns-target-is-cname': 'dns-target-is-cname',
  'mx-target-is-cname': 'dns-target-is-cname',
  'srv-target-is-cname': 'dns-target-is-cname',
  'ns-target-no-address': 'dns-target-without-address',
  'missing-required-glue': 'dns-missing-glue',
  'ns-rdata-looks-like-address': 'dns-ns-target-is-address',
  'inherited-owner-after-origin': 'syntax-error',
  'txt-string-too-long': 'dns-txt-string-too-long',
  'extra-rdata-tokens': 'syntax-error',
  'directive-missing-argument': 'syntax-error',
  'check-names': 'dns-invalid-hostname',
  'ds-at-apex': 'dns-ds-placement',
  'ds-not-at-delegation': 'dns-ds-placement',
  'caa-flags-not-numeric': 'dns-malformed-rdata',
  'spf-rrtype-without-txt': 'dns-spf-without-txt',
};

/** Returns the driftgate rule id of a case finding name, failing the test for an unmapped name. */
function rule(caseFinding: string): string {
  const id = RULE_FOR_CASE_FINDING[caseFinding];
  if (!id) throw new Error(`no driftgate rule is mapped to the case finding ${caseFinding}`);
  return id;
}

interface CaseRun {
  findings: Finding[];
  records: { name: string; ttl: number; class: string; type: string; value: string }[];
}

/** Validates one file of a case folder in place, as `driftgate validate FILE --origin ORIGIN` does. */
async function runCase(folder: string, file: string, origin?: string): Promise<CaseRun> {
  const cwd = join(cases, folder);
  const result = await validatePaths([file], { cwd, origin, today: '2026-12-04' });
  const data = result.documents[0]?.data as { zones?: { records: CaseRun['records'] }[] } | undefined;
  return { findings: result.findings, records: data?.zones?.[0]?.records ?? [] };
}

/** Findings as `rule line severity` lines, in report order. */
function summary(findings: readonly Finding[]): string[] {
  return findings.map((finding) => `${finding.ruleId} ${finding.line} ${finding.severity}`);
}

function recordLines(records: CaseRun['records']): string[] {
  return records.map((record) => `${record.name} ${record.ttl} ${record.class} ${record.type} ${record.value}`);
}

describe('DNS cases', () => {
  it('001 CNAME and other data', async () => {
    const run = await runCase('001-dns-cname-and-other-data', 'bad-cname-and-a.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('cname-and-other-data')} 6 error`]);
  });

  it('002 CNAME at the apex', async () => {
    const run = await runCase('002-dns-cname-at-apex', 'bad-cname-and-ns-soa.db', 'example.');
    // The apex message comes alone, without cname-and-other-data, plus a warning for the self-loop.
    expect(summary(run.findings)).toEqual([`${rule('cname-at-apex')} 5 error`, `${rule('cname-self-loop')} 5 warning`]);
  });

  it('002 octoDNS root CNAME', async () => {
    // NOTE: driftgate does not read octoDNS YAML, so the case's second input is rejected as an
    // unrecognised format rather than judged as a root CNAME.
    const run = await runCase('002-dns-cname-at-apex', 'octodns-root-cname.yaml');
    expect(summary(run.findings)).toEqual(['unreadable-file 1 error']);
  });

  it('003 NS target is a CNAME', async () => {
    const run = await runCase('003-dns-ns-target-is-cname', 'cname.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('ns-target-is-cname')} 2 error`]);
  });

  it.each([
    ['mx-cname.db', 'mx-target-is-cname'],
    ['srv-cname.db', 'srv-target-is-cname'],
  ])('004 target is a CNAME in %s', async (file, caseFinding) => {
    const run = await runCase('004-dns-mx-srv-target-is-cname', file, 'example.');
    // A warning by default for MX and SRV targets, as named-checkzone gives; NS is an error.
    expect(summary(run.findings)).toEqual([`${rule(caseFinding)} 4 warning`]);
  });

  it('005 NS target without address', async () => {
    const noAddress = await runCase('005-dns-ns-without-address', 'noaddress.db', 'example.');
    expect(summary(noAddress.findings)).toEqual([`${rule('ns-target-no-address')} 2 error`]);
    expect(noAddress.findings[0]?.messageId).toBe('noAddress');

    const missing = await runCase('005-dns-ns-without-address', 'nxdomain.db', 'example.');
    expect(summary(missing.findings)).toEqual([`${rule('ns-target-no-address')} 2 error`]);
    expect(missing.findings[0]?.messageId).toBe('notFound');
  });

  it('006 required glue', async () => {
    const missing = await runCase('006-dns-missing-required-glue', 'missing-glue.db', 'example.');
    expect(summary(missing.findings)).toEqual([`${rule('missing-required-glue')} 4 error`]);

    const present = await runCase('006-dns-missing-required-glue', 'glue-present.db', 'example.');
    expect(summary(present.findings)).toEqual([]);
  });

  it('007 NS that looks like an address', async () => {
    const run = await runCase('007-dns-ns-looks-like-address', 'a.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('ns-rdata-looks-like-address')} 2 warning`]);
    expect(recordLines(run.records)).toContain('example. 3600 IN NS 127.0.0.1.example.');
    expect(recordLines(run.records)).toContain('127.0.0.1.example. 3600 IN A 127.0.0.1');
  });

  it('008 relative origin chain', async () => {
    const run = await runCase('008-dns-relative-origin-chain', 'relative-names.db', 'example.com.');
    expect(run.findings.filter((finding) => finding.severity !== 'info')).toEqual([]);
    expect(recordLines(run.records)).toEqual([
      'example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 1 86400 60 86400 3600',
      'example.com. 3600 IN NS ns1.example.com.',
      'ns1.example.com. 60 IN A 192.0.2.1',
      'api.example.com. 60 IN A 192.0.2.2',
      'apac.api.example.com. 30 IN CNAME api.example.com.',
      'NA.api.example.com. 30 IN CNAME cdn.example.NA.api.example.com.',
      'cdn.example.NA.api.example.com. 60 IN A 192.0.2.3',
    ]);
  });

  it('008 relative names without origin', async () => {
    // Without an origin the relative `hostmaster` on line 1 cannot be completed (RFC 1035 §5.1),
    // and every other relative name fails the same way, so the file gets one finding.
    const run = await runCase('008-dns-relative-origin-chain', 'relative-names.db');
    expect(summary(run.findings)).toEqual(['syntax-error 1 error']);
    expect(run.findings[0]?.message).toContain('the zone origin could not be determined');
    expect(run.findings[0]?.message).toContain('`hostmaster`');
  });

  it.each([
    ['warn.inherit.origin.db', [`${rule('inherited-owner-after-origin')} 1 warning`]],
    ['warn.inherited.owner.db', [`${rule('inherited-owner-after-origin')} 1 warning`]],
    ['nowarn.inherited.owner.db', []],
  ])('012 inherited owner in %s', async (file, expected) => {
    const run = await runCase('012-dns-include-inherited-owner', file, 'example.');
    expect(summary(run.findings)).toEqual(expected);
    for (const finding of run.findings) {
      expect(finding.file).toBe('zones/inherit.db');
      expect(finding.message).toContain('from before the origin change');
    }
    expect(recordLines(run.records)).toContain('example. 0 IN NS .');
  });

  it('013 TXT string over 255 octets', async () => {
    const run = await runCase('013-dns-txt-string-over-255', 'txt-single-string-too-long.db', 'example.com.');
    expect(summary(run.findings)).toEqual([`${rule('txt-string-too-long')} 5 error`]);
  });

  it('013 TXT split into strings', async () => {
    const run = await runCase('013-dns-txt-string-over-255', 'txt-split-strings.db', 'example.com.');
    expect(summary(run.findings)).toEqual([]);
    const txt = run.records.find((record) => record.type === 'TXT');
    expect(txt?.name).toBe('dkim._domainkey.example.com.');
    expect(txt?.ttl).toBe(3600);
    const parsed = parseRdata('TXT', txt?.value ?? '');
    const strings = parsed.ok && parsed.rdata.type === 'TXT' && 'strings' in parsed.rdata ? parsed.rdata.strings : [];
    expect(strings).toHaveLength(3);
    const expected = readFileSync(join(cases, '013-dns-txt-string-over-255', 'expected-concatenated-value.txt'), 'utf8').trim();
    expect(strings.join('')).toBe(expected);
  });

  it('014 parentheses and comments', async () => {
    const run = await runCase('014-dns-multiline-parentheses-comments', 'multiline-soa.db', 'example.com.');
    expect(summary(run.findings)).toEqual([]);
    expect(recordLines(run.records)).toEqual([
      'example.com. 43200 IN SOA ns1.example.net. hostmaster.example.net. 2022012802 14400 3600 2419000 43200',
      'example.com. 43200 IN NS ns1.example.net.',
      'example.com. 43200 IN NS ns2.example.net.',
      'note.example.com. 300 IN TXT "first string" "second string"',
    ]);
  });

  it('016 text after a NUL byte', async () => {
    const run = await runCase('016-dns-extra-text-and-empty-ttl', 'bad1.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('extra-rdata-tokens')} 6 error`]);
    expect(run.findings[0]?.message).toContain('U+0000');
  });

  it('016 empty $TTL', async () => {
    const run = await runCase('016-dns-extra-text-and-empty-ttl', 'badttl.db', 'example.');
    expect(run.findings[0]?.ruleId).toBe(rule('directive-missing-argument'));
    expect(run.findings[0]?.line).toBe(1);
    expect(run.findings[0]?.severity).toBe('error');
    expect(run.findings[0]?.message).toBe('$TTL is missing its operand');
  });

  it('017 underscore names', async () => {
    const run = await runCase('017-dns-underscore-names-check-names', 'underscores.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('check-names')} 9 warning`]);
  });

  it('017 SVCB target with underscore', async () => {
    const run = await runCase('017-dns-underscore-names-check-names', 'bad-svcb-servername.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('check-names')} 6 warning`]);
  });

  it('018 serial above 2^31', async () => {
    const run = await runCase('018-dns-serial-above-2-31', 'bigserial.db', 'example.');
    expect(summary(run.findings)).toEqual([]);
    expect(run.records[0]?.value).toBe('ns.example. hostmaster.example. 3003113544 3600 1200 604800 3600');
    const soa = parseRdata('SOA', run.records[0]?.value ?? '');
    expect(soa.ok && soa.rdata.type === 'SOA' && 'serial' in soa.rdata ? soa.rdata.serial : undefined).toBe(3003113544);
  });

  it('019 DS placement', async () => {
    const atApex = await runCase('019-dns-ds-placement', 'bad-ds.db', 'example.');
    expect(summary(atApex.findings)).toEqual([`${rule('ds-at-apex')} 4 error`]);
    expect(atApex.findings[0]?.messageId).toBe('atApex');

    const notAtCut = await runCase('019-dns-ds-placement', 'bad-ds-2.db', 'example.');
    expect(summary(notAtCut.findings)).toEqual([`${rule('ds-not-at-delegation')} 4 error`]);
    expect(notAtCut.findings[0]?.messageId).toBe('notAtDelegation');
  });

  it('021 CAA values quoted and unquoted', async () => {
    const run = await runCase('021-dns-caa-value-quoting', 'caa-syntax.db', 'example.com.');
    expect(summary(run.findings)).toEqual([]);
    const values = run.records
      .filter((record) => record.type === 'CAA')
      .map((record) => {
        const parsed = parseRdata('CAA', record.value);
        return parsed.ok && parsed.rdata.type === 'CAA' && 'tag' in parsed.rdata ? [parsed.rdata.flags, parsed.rdata.tag, parsed.rdata.value] : [];
      });
    expect(values).toEqual([
      [0, 'issue', 'ca.example.net'],
      [0, 'iodef', 'mailto:security@example.com'],
      [128, 'issuewild', 'ca.example.net'],
      [0, 'issue', 'ca.example.net; policy=ev'],
    ]);
  });

  it('021 CAA written as one string', async () => {
    const run = await runCase('021-dns-caa-value-quoting', 'caa-whole-quoted.db', 'example.com.');
    expect(summary(run.findings)).toEqual([`${rule('caa-flags-not-numeric')} 5 error`]);
    expect(run.findings[0]?.data?.field).toBe('flags');
  });

  it('022 SPF type without TXT', async () => {
    const run = await runCase('022-dns-spf-rrtype', 'spf.db', 'example.');
    expect(summary(run.findings)).toEqual([`${rule('spf-rrtype-without-txt')} 6 warning`]);
  });

  it('053 punycode owner', async () => {
    const run = await runCase('053-drift-idn-unicode-vs-punycode', 'provider-returned.zone', 'example.com.');
    // The provider output is one record, without the SOA and NS a whole zone needs.
    expect(summary(run.findings)).toEqual(['dns-apex-without-ns 1 error', 'dns-soa-problem 1 error']);
    expect(recordLines(run.records)).toEqual(['xn--ndaaa.example.com. 300 IN A 192.0.2.4']);
    // The desired side writes the owner in Unicode; both spellings must name the same owner.
    const unicode = parseName('ööö.example.com.');
    const ace = parseName(run.records[0]?.name ?? '');
    expect(unicode.ok && ace.ok && unicode.name.text === ace.name.text).toBe(true);
    expect(ace.ok ? displayName(ace.name) : '').toBe('ööö.example.com. (xn--ndaaa.example.com.)');
    // A label that is not valid IDNA is an error, not text compared as is.
    expect(parseName('xn--zz.example.com.').ok).toBe(false);
  });
});
