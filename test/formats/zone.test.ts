import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';
import { formatFor } from '../../src/formats/index.js';
import { originFromFileName, parseZoneFile } from '../../src/formats/zone.js';
import type { ZoneRecord } from '../../src/formats/zone.js';
import { validateZone } from '../helpers/zone.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'zones');
const header = '$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n NS ns1\nns1 A 192.0.2.1\n';

/** Parses `text` with origin `example.com.`, or with no origin when `origin` is empty. */
function parse(text: string, origin = 'example.com.') {
  const context = {
    file: 'test.zone',
    absolutePath: '/tmp/test.zone',
    explicit: true,
    origin: origin === '' ? undefined : origin,
  };
  const output = parseZoneFile(text, context);
  const data = output.documents[0]?.data as {
    zones: { origin: string; ttl?: number; records: ZoneRecord[] }[];
  };
  const zone = data.zones[0]!;
  const lines = zone.records.map(
    (record) => `${record.name} ${record.ttl} ${record.class} ${record.type} ${record.value}`,
  );
  return {
    output,
    zone,
    lines,
    errors: output.findings.filter((finding) => finding.severity === 'error'),
  };
}

describe('zone parser', () => {
  it('resolves relative origins in a chain', () => {
    const { lines, errors } = parse(
      `${header}$ORIGIN api\nx A 192.0.2.2\n$ORIGIN NA\n@ CNAME cdn\n`,
    );
    expect(errors).toEqual([]);
    expect(lines).toContain('x.api.example.com. 300 IN A 192.0.2.2');
    expect(lines).toContain('NA.api.example.com. 300 IN CNAME cdn.NA.api.example.com.');
  });

  it('uses RFC 1035 TTL inheritance without $TTL', () => {
    const { lines, errors } = parse(
      '@ 3600 SOA ns1 hostmaster 1 2 3 4 5\n NS ns1\nns1 60 A 192.0.2.1\napi A 192.0.2.2\n',
    );
    expect(errors).toEqual([]);
    expect(lines[1]).toBe('example.com. 3600 IN NS ns1.example.com.');
    expect(lines[3]).toBe('api.example.com. 60 IN A 192.0.2.2');
  });

  it('takes the SOA minimum when no TTL is known', () => {
    const { lines } = parse('@ SOA ns1 hostmaster 1 2 3 4 1h\n NS ns1\n');
    expect(lines[0]).toMatch(/^example\.com\. 3600 IN SOA/);
  });

  it('accepts TTL and class in either order', () => {
    const { lines, errors } = parse(`${header}a IN 60 A 192.0.2.2\nb 1h30m IN A 192.0.2.3\n`);
    expect(errors).toEqual([]);
    expect(lines).toContain('a.example.com. 60 IN A 192.0.2.2');
    expect(lines).toContain('b.example.com. 5400 IN A 192.0.2.3');
  });

  it('joins parentheses with comments inside', () => {
    const { lines, errors } = parse(
      '$TTL 1h\n@ IN SOA ns1 hostmaster ( 7 ; serial\n  3600 ; refresh\n 900 604800\n 300 ) ; end\n NS ns1\n',
    );
    expect(errors).toEqual([]);
    expect(lines[0]).toBe(
      'example.com. 3600 IN SOA ns1.example.com. hostmaster.example.com. 7 3600 900 604800 300',
    );
  });

  it('keeps quoted strings with escapes', () => {
    const { lines, errors } = parse(`${header}t TXT "a \\" b; (c)" \\065x\n`);
    expect(errors).toEqual([]);
    expect(lines).toContain('t.example.com. 300 IN TXT "a \\" b; (c)" \\065x');
  });

  it('checks RFC 3597 generic data', () => {
    expect(parse(`${header}g TYPE65000 \\# 3 0a 0b0c\n`).lines).toContain(
      'g.example.com. 300 IN TYPE65000 \\# 3 0a0b0c',
    );
    const wrongLength = parse(`${header}g TYPE65000 \\# 4 0a0b0c\n`);
    expect(wrongLength.errors.map((finding) => finding.message)).toEqual([
      'generic data declares 4 octets but its hex digits encode 3',
    ]);
    expect(wrongLength.errors[0]?.line).toBe(5);
  });

  it('ignores a byte order mark', () => {
    const { lines, errors } = parse(`\uFEFF${header}`);
    expect(errors).toEqual([]);
    expect(lines[0]).toMatch(/^example\.com\. 300 IN SOA /);
  });

  it('reads CRLF line ends', () => {
    const { lines, errors } = parse(
      `${header}txt TXT "a b"\n  AAAA 2001:db8::9\n`.replace(/\n/g, '\r\n'),
    );
    expect(errors).toEqual([]);
    expect(lines).toContain('txt.example.com. 300 IN TXT "a b"');
    expect(lines).toContain('txt.example.com. 300 IN AAAA 2001:db8::9');
  });

  it('inherits a blank owner', () => {
    const { lines } = parse(`${header}www A 192.0.2.5\n\tAAAA 2001:db8::5\n`);
    expect(lines).toContain('www.example.com. 300 IN AAAA 2001:db8::5');
  });

  it('makes gateway and rendezvous names absolute', () => {
    const key = 'AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==';
    const text = `${header}$ORIGIN sub\nr AMTRELAY 10 0 3 relay\nk IPSECKEY 10 3 2 gw ${key}\nh HIP 2 0A0B AwEA rvs\n`;
    const { lines, errors } = parse(text);
    expect(errors).toEqual([]);
    expect(lines).toContain('r.sub.example.com. 300 IN AMTRELAY 10 0 3 relay.sub.example.com.');
    expect(lines).toContain(`k.sub.example.com. 300 IN IPSECKEY 10 3 2 gw.sub.example.com. ${key}`);
    expect(lines).toContain('h.sub.example.com. 300 IN HIP 2 0A0B AwEA rvs.sub.example.com.');
  });

  it('converts IDN labels to punycode', () => {
    const { lines } = parse(`${header}bücher A 192.0.2.8\n`);
    expect(lines).toContain('xn--bcher-kva.example.com. 300 IN A 192.0.2.8');
  });

  it('rejects an invalid punycode label', () => {
    const { errors } = parse(`${header}xn--garbage A 192.0.2.8\n`);
    expect(errors.map((finding) => finding.line)).toEqual([5]);
    expect(errors[0]?.message).toContain('not a valid internationalized (IDNA) label');
  });

  it('expands $GENERATE with modifiers', () => {
    const { lines, errors } = parse(
      `${header}$GENERATE 1-2 h$ A 192.0.2.\${10}\n$GENERATE 1024-1024 \${0,3,n} PTR x$\n`,
    );
    expect(errors).toEqual([]);
    expect(lines).toContain('h2.example.com. 300 IN A 192.0.2.12');
    expect(lines).toContain('0.0.4.example.com. 300 IN PTR x1024.example.com.');
  });

  it('rejects a relative name without origin', () => {
    const context = { file: 'internal.zone', absolutePath: '/tmp/internal.zone', explicit: true };
    const output = parseZoneFile('$TTL 1\n@ SOA ns1. h. 1 2 3 4 5\n', context);
    expect(output.documents).toEqual([]);
    expect(output.findings).toHaveLength(1);
    expect(output.findings[0]?.message).toBe(
      'the zone origin could not be determined, so relative names such as `@` cannot be made absolute',
    );
    expect(output.findings[0]?.line).toBe(2);
  });

  it('reports a missing origin once', () => {
    const text = [
      '$TTL 3600',
      '@    SOA ns1 hostmaster 1 7200 3600 1209600 300',
      '     NS  ns1',
      'ns1  A   192.0.2.53',
      'www  A   192.0.2.10',
      'mail MX  10 mx.example.net.',
      'bad  A   192.0.2.300',
      '',
    ].join('\n');
    const context = { file: 'zones/internal.zone', absolutePath: '/tmp/internal.zone', explicit: true };
    const output = parseZoneFile(text, context);
    const origin = output.findings.filter((finding) => finding.message.includes('origin'));
    expect(origin).toHaveLength(1);
    expect(origin[0]).toMatchObject({ ruleId: 'syntax-error', severity: 'error', file: 'zones/internal.zone', line: 2, column: 1 });
    expect(origin[0]?.fix).toContain('--origin');
    expect(origin[0]?.fix).toContain('dns.origins');
    expect(origin[0]?.fix).toContain('`example.com.zone`');
    expect(output.findings).toHaveLength(1);
    expect(output.documents).toEqual([]);
  });

  it('reports a relative $ORIGIN without origin once', () => {
    const context = { file: 'internal.zone', absolutePath: '/tmp/internal.zone', explicit: true };
    const output = parseZoneFile('$ORIGIN internal\nwww A 192.0.2.1\n', context);
    expect(output.findings).toHaveLength(1);
    expect(output.findings[0]?.message).toContain('such as `internal`');
    expect(output.findings[0]?.line).toBe(1);
  });

  it('reports an invalid given origin once', () => {
    const context = { file: 'internal.zone', absolutePath: '/tmp/internal.zone', explicit: true, origin: 'bad..name' };
    const output = parseZoneFile('$TTL 1\n@ SOA ns1 h 1 2 3 4 5\nwww A 192.0.2.1\n', context);
    expect(output.findings.map((finding) => finding.message)).toEqual(['invalid zone origin `bad..name`']);
    expect(output.documents).toEqual([]);
  });

  it('takes the origin from an absolute SOA owner', () => {
    const context = { file: 'internal.zone', absolutePath: '/tmp/internal.zone', explicit: true };
    const text = 'example.org. 300 SOA ns1.example.org. h.example.org. 1 2 3 4 5\n@ 300 NS ns1\nns1 300 A 192.0.2.1\n';
    const output = parseZoneFile(text, context);
    expect(output.findings).toEqual([]);
    const zone = (output.documents[0]?.data as { zones: { records: ZoneRecord[] }[] }).zones[0]!;
    expect(zone.records.map((record) => record.name)).toEqual(['example.org.', 'example.org.', 'ns1.example.org.']);
    expect(zone.records[1]?.value).toBe('ns1.example.org.');
  });

  it('keeps origin-free files with absolute names', () => {
    const context = { file: 'internal.zone', absolutePath: '/tmp/internal.zone', explicit: true };
    const text = 'example.com. 300 SOA ns1.example.com. h.example.com. 1 2 3 4 5\nexample.com. 300 NS ns1.example.com.\n';
    const output = parseZoneFile(text, context);
    expect(output.findings).toEqual([]);
    expect(output.documents).toHaveLength(1);
  });

  it('locates record fields', () => {
    const { output } = parse(`${header}mail  60  MX  10 mx1\n`);
    const locator = output.documents[0]!.locator;
    expect(locator.locate(['zones', 0, 'records', 3, 'value'])).toEqual({
      line: 5,
      column: 15,
      endLine: 5,
      endColumn: 21,
    });
    expect(locator.locate(['zones', 0, 'records', 3, 'ttl'])).toEqual({
      line: 5,
      column: 7,
      endLine: 5,
      endColumn: 9,
    });
    expect(locator.locate(['zones', 0, 'records', 3, 'name'])).toEqual({
      line: 5,
      column: 1,
      endLine: 5,
      endColumn: 5,
    });
    expect(locator.locate(['zones', 0, 'ttl'])).toEqual({
      line: 1,
      column: 6,
      endLine: 1,
      endColumn: 9,
    });
  });

  it('derives the origin from the file name', () => {
    expect(originFromFileName('dns/example.com.zone')).toBe('example.com.');
    expect(originFromFileName('db.example.net')).toBe('example.net.');
    expect(originFromFileName('zones/example.org.db')).toBe('example.org.');
    expect(originFromFileName('zone1.db')).toBeUndefined();
  });

  it('takes the origin from a leading $ORIGIN before the file name', () => {
    const text = '; example.org\n$ORIGIN example.org.\n$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n NS ns1\nns1 A 192.0.2.1\n';
    const output = parseZoneFile(text, { file: 'db.clean.example.org', absolutePath: '/zones/db.clean.example.org', explicit: true });
    expect(output.findings).toEqual([]);
    expect((output.documents[0]?.data as { zones: { origin: string }[] }).zones[0]?.origin).toBe('example.org.');
    const withOrigin = parseZoneFile(text, { file: 'db.clean.example.org', absolutePath: '/zones/db.clean.example.org', explicit: true, origin: 'example.org.' });
    expect((withOrigin.documents[0]?.data as { zones: { origin: string }[] }).zones[0]?.origin).toBe('example.org.');
  });

  it('recognises zone files by name and content', () => {
    expect(formatFor('dns/db.example.net', '; comment\n')?.name).toBe('zone');
    expect(formatFor('zones/example', '; zone\n$TTL 300\n')?.name).toBe('zone');
    expect(formatFor('zones/example', 'example.com. 3600 IN SOA ns1 h 1 2 3 4 5\n')?.name).toBe(
      'zone',
    );
    expect(formatFor('notes.txt', 'just some text\n')).toBeUndefined();
  });
});

describe('zone parser against named-checkzone', () => {
  const files = readdirSync(fixtures).filter((name) => name.endsWith('.zone'));

  it.each(files)('%s', async (name) => {
    let bindAccepts = true;
    try {
      execFileSync('/usr/bin/named-checkzone', ['-q', '-i', 'local', 'example.com', name], {
        cwd: fixtures,
        stdio: 'pipe',
      });
    } catch (error) {
      if ((error as { status?: number }).status !== 1) {
        throw error;
      }
      bindAccepts = false;
    }
    const run = await validateZone(fixtures, join(fixtures, name), 'example.com.');
    // `stricter-` files load in BIND, which only warns, but driftgate rejects them on purpose.
    const stricter = name.startsWith('stricter-');
    expect(bindAccepts).toBe(!name.startsWith('bad-'));
    expect(run.rejected).toBe(!bindAccepts || stricter);
    if (run.rejected) {
      expect(run.findings[0]?.line).toBeGreaterThan(0);
    }
  });
});

describe('zone files in a repository', () => {
  const zone = '$TTL 300\n@ SOA ns1 hostmaster 1 3600 900 604800 300\n NS ns1\nns1 A 192.0.2.1\n';
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'driftgate-zone-'));
    mkdirSync(join(root, 'dns', 'parts'), { recursive: true });
    // The folder of driftgate.yaml is the repository root that $INCLUDE paths start from.
    writeFileSync(join(root, 'driftgate.yaml'), 'kind: config\n');
    mkdirSync(join(root, '..', `${basename(root)}-outside`), { recursive: true });
    writeFileSync(join(root, '..', `${basename(root)}-outside`, 'secret.zone'), 'x A 192.0.2.9\n');
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(join(root, '..', `${basename(root)}-outside`), { recursive: true, force: true });
  });

  function zoneNames(result: { documents: { data: unknown }[] }): string[] {
    const data = result.documents[0]?.data as {
      zones: { origin: string; records: ZoneRecord[] }[];
    };
    return data.zones[0]!.records.map((record) => record.name);
  }

  it('takes the origin from dns.origins', async () => {
    writeFileSync(
      join(root, 'driftgate.yaml'),
      'kind: config\ndns:\n  origins:\n    dns/site: example.org.\n',
    );
    writeFileSync(join(root, 'dns', 'site'), zone);
    const result = await validatePaths(['dns/site'], { cwd: root });
    expect(result.findings).toEqual([]);
    expect(zoneNames(result)).toContain('ns1.example.org.');
  });

  it('takes the origin from the file name', async () => {
    writeFileSync(join(root, 'dns', 'db.example.net'), zone);
    const result = await validatePaths(['dns'], { cwd: root });
    expect(result.findings).toEqual([]);
    expect(zoneNames(result)).toContain('ns1.example.net.');
  });

  it('prefers --origin to the file name', async () => {
    writeFileSync(join(root, 'dns', 'db.example.net'), zone);
    const result = await validatePaths(['dns/db.example.net'], {
      cwd: root,
      origin: 'example.com.',
    });
    expect(zoneNames(result)).toContain('ns1.example.com.');
  });

  it('reads $INCLUDE from the repository root', async () => {
    writeFileSync(join(root, 'dns', 'parts', 'www.inc'), 'www A 192.0.2.80\n');
    writeFileSync(join(root, 'dns', 'example.com.zone'), `${zone}$INCLUDE dns/parts/www.inc\n`);
    const result = await validatePaths(['dns/example.com.zone'], { cwd: root });
    expect(result.findings).toEqual([]);
    expect(zoneNames(result)).toContain('www.example.com.');
  });

  it.each([
    ['a path outside the repository', `../${'OUTSIDE'}/secret.zone`],
    ['a directory', 'dns/parts'],
    ['a missing file', 'dns/none.inc'],
  ])('rejects $INCLUDE of %s', async (_case, target) => {
    const path = target.replace('OUTSIDE', `${basename(root)}-outside`);
    writeFileSync(join(root, 'dns', 'example.com.zone'), `${zone}$INCLUDE ${path}\n`);
    const result = await validatePaths(['dns/example.com.zone'], { cwd: root });
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['syntax-error', 5],
    ]);
    expect(result.findings[0]?.message).toContain('not a readable file inside the repository');
  });

  it('rejects $INCLUDE through a link out', async () => {
    symlinkSync(
      join(root, '..', `${basename(root)}-outside`, 'secret.zone'),
      join(root, 'dns', 'parts', 'link.inc'),
    );
    writeFileSync(join(root, 'dns', 'example.com.zone'), `${zone}$INCLUDE dns/parts/link.inc\n`);
    const result = await validatePaths(['dns/example.com.zone'], { cwd: root });
    expect(result.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([
      ['syntax-error', 5],
    ]);
  });

  it('points rule findings in included files at $INCLUDE', async () => {
    writeFileSync(join(root, 'dns', 'parts', 'www.inc'), 'www A 192.0.2.80\nwww CNAME ns1\n');
    writeFileSync(join(root, 'dns', 'example.com.zone'), `${zone}\n$INCLUDE dns/parts/www.inc\n`);
    const result = await validatePaths(['dns/example.com.zone'], { cwd: root });
    const cname = result.findings.filter(
      (finding) => finding.ruleId === 'dns-cname-and-other-data',
    );
    expect(cname.length).toBeGreaterThan(0);
    for (const finding of cname) {
      expect([finding.file, finding.line]).toEqual(['dns/example.com.zone', 6]);
    }
  });

  it('names the included file in its findings', async () => {
    writeFileSync(join(root, 'dns', 'parts', 'bad.inc'), 'ok A 192.0.2.5\nbad 1x A 192.0.2.6\n');
    writeFileSync(join(root, 'dns', 'example.com.zone'), `${zone}$INCLUDE dns/parts/bad.inc\n`);
    const result = await validatePaths(['dns/example.com.zone'], { cwd: root });
    expect(result.findings.map((finding) => [finding.file, finding.line])).toEqual([
      ['dns/parts/bad.inc', 2],
    ]);
  });
});
