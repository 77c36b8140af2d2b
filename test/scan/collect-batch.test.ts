/**
 * The collection script's batched commands against the commands they replace. Each test runs the
 * script with real sh and compares what the client reads with what the single command prints on
 * the same machine, so the batches keep the output the scanner compares.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { splitPackages } from '../../src/scan/batch.js';
import { COLLECTION_SCRIPT, assignSections, encodeRequest, newBoundary, splitIpBatch } from '../../src/scan/collect.js';
import type { CollectionRequest, Section } from '../../src/scan/collect.js';

const dir = mkdtempSync(join(tmpdir(), 'driftgate-batch-'));
// Readable for the unprivileged user that one test runs the script as.
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const boundary = newBoundary();
const NOBODY = 65534;

function runScript(stdin: string, uid?: number): string {
  return execFileSync('sh', ['-c', COLLECTION_SCRIPT], { cwd: dir, input: stdin, encoding: 'latin1', uid });
}

/** Runs one command as the script did before batching; stderr trimmed as parseSections keeps it. */
function single(argv: string[], uid?: number): { status: number; output: string; stderr: string } {
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd: dir, encoding: 'latin1', uid, env: { ...process.env, LC_ALL: 'C' } });
  return { status: result.status ?? -1, output: result.stdout, stderr: result.stderr.trim() };
}

function seen(section: Section | undefined) {
  return section && { status: section.status, output: section.output.toString('latin1'), stderr: section.stderr };
}

/** Checks every file section of the request against stat, sha256sum and head run one by one. */
function expectSameAsSingleCommands(request: CollectionRequest, uid?: number) {
  const text = runScript(encodeRequest(request, boundary), uid);
  const output = assignSections(text, request, boundary);
  expect(output.complete).toBe(true);
  for (const path of [...request.files, ...(request.stats ?? [])]) {
    const sections = output.files.get(path)!;
    expect(seen(sections.stat), `stat of ${path}`).toEqual(single(['stat', '-c', '%a %U %G %s %F', '--', path], uid));
    if (!request.files.includes(path)) {
      expect(sections.sha256).toBeUndefined();
      continue;
    }
    const digest = single(['sha256sum', '--', path], uid);
    // The section contains the digest line without its newline or, on failure, stderr; sha256sum
    // prints one or the other.
    const sha256 = seen(sections.sha256)!;
    expect({ status: sha256.status, text: sha256.status === 0 ? sha256.output : sha256.stderr }, `sha256sum of ${path}`).toEqual({
      status: digest.status,
      text: digest.status === 0 ? digest.output.replace(/\n$/, '') : digest.stderr,
    });
    const expected = request.expectedSha256?.get(path);
    if (digest.status === 0 && expected !== undefined && digest.output.startsWith(`${expected} `)) {
      expect(sections.text, `text of ${path}`).toBeUndefined();
    } else {
      expect(seen(sections.text), `text of ${path}`).toEqual(single(['head', '-c', '65537', '--', path], uid));
    }
  }
  return text;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('managed files in one stat and one sha256sum', () => {
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };

  it('matches single commands for mixed files', () => {
    const kept = file('kept file', 'managed\n');
    const drifted = file("drifted $(touch canary) 'x'", 'changed by hand\n');
    const plain = file('plain', 'no digest sent\n');
    const missing = join(dir, 'missing  file');
    const folder = join(dir, 'a folder');
    mkdirSync(folder, { recursive: true });
    const statOnly = file('stat only', 'x');
    const statMissing = join(dir, 'stat only missing');
    const request: CollectionRequest = {
      collect: [],
      files: [kept, drifted, plain, missing, folder],
      expectedSha256: new Map([
        [kept, sha256('managed\n')],
        [drifted, sha256('managed\n')],
        [missing, sha256('managed\n')],
      ]),
      stats: [statOnly, statMissing],
      packages: [],
      services: [],
      sysctl: [],
    };
    const text = expectSameAsSingleCommands(request);
    expect(text.match(/ end file\.stat /g)).toHaveLength(7);
    expect(readFileSync(drifted, 'utf8')).toBe('changed by hand\n');
    expect(spawnSync('test', ['-e', join(dir, 'canary')]).status).not.toBe(0);
  });

  it('reports an unreadable file', () => {
    const secret = file('secret', 'not for you\n');
    chmodSync(secret, 0o600);
    const open = file('open', 'for all\n');
    const request: CollectionRequest = { collect: [], files: [secret, open], expectedSha256: new Map([[open, sha256('for all\n')]]), packages: [], services: [], sysctl: [] };
    expectSameAsSingleCommands(request, NOBODY);
    const output = assignSections(runScript(encodeRequest(request, boundary), NOBODY), request, boundary);
    expect(output.files.get(secret)?.sha256?.stderr).toMatch(/Permission denied/);
    expect(output.files.get(open)?.text).toBeUndefined();
  });

  it('falls back on unmatched lines', () => {
    // sha256sum escapes a backslash in the name and starts the line with one, and reading
    // /proc/self/mem fails although test -r passes, so both leave the batch.
    const backslash = file('back\\slash', 'b\n');
    const request: CollectionRequest = { collect: [], files: [backslash, '/proc/self/mem'], packages: [], services: [], sysctl: [] };
    const text = expectSameAsSingleCommands(request);
    expect(assignSections(text, request, boundary).files.get(backslash)?.sha256?.output.toString()).toBe(`\\${sha256('b\n')}  ${backslash.replace(/\\/g, '\\\\')}`);
  });

  it('rejects a name with a line break', () => {
    expect(() => encodeRequest({ files: [join(dir, 'two\nlines')], packages: [], services: [], sysctl: [] }, boundary)).toThrow(/line breaks/);
  });
});

describe('routes and addresses in one ip call', () => {
  it('matches the three ip commands', () => {
    const request: CollectionRequest = { collect: ['routes'], files: [], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(seen(output.fixed.get('route4'))).toEqual(single(['ip', '-j', '-4', 'route', 'show', 'table', 'all']));
    expect(seen(output.fixed.get('route6'))).toEqual(single(['ip', '-j', '-6', 'route', 'show', 'table', 'all']));
    expect(seen(output.fixed.get('addr'))).toEqual(single(['ip', '-j', 'addr', 'show']));
  });
});

describe('splitIpBatch', () => {
  const batch = (status: number, output: string, stderr = '', truncated = false): Section => ({ name: 'ip', status, output: Buffer.from(output), truncated, stderr });

  it('gives line n to query n', () => {
    const into = new Map<string, Section>();
    splitIpBatch(batch(0, '[{"dst":"default"}]\n[]\n[{"ifname":"lo"}]\n'), into);
    expect([...into].map(([name, section]) => [name, section.status, section.output.toString()])).toEqual([
      ['route4', 0, '[{"dst":"default"}]\n'],
      ['route6', 0, '[]\n'],
      ['addr', 0, '[{"ifname":"lo"}]\n'],
    ]);
  });

  it('gives a failed batch to all three', () => {
    const into = new Map<string, Section>();
    splitIpBatch(batch(255, '', 'Option "-j" is unknown, try "ip -help".'), into);
    for (const name of ['route4', 'route6', 'addr']) {
      expect(into.get(name)?.status).toBe(255);
      expect(into.get(name)?.stderr).toMatch(/-j/);
    }
  });

  it('rejects output of another number of lines', () => {
    const into = new Map<string, Section>();
    splitIpBatch(batch(0, '[]\n[]\n'), into);
    expect(into.get('addr')?.status).toBe(-1);
    expect(into.get('route4')?.stderr).toBe('expected 3 lines of JSON, got 2');
  });

  it('keeps a cut batch cut', () => {
    const into = new Map<string, Section>();
    splitIpBatch(batch(-1, '[]\n[', '', true), into);
    expect(into.get('route6')?.truncated).toBe(true);
  });
});

describe('packages from the dpkg status file', () => {
  const dpkgFormat = '${Package}:${Architecture}\t${Status}\t${Version}\n';
  const split = (section: Section | undefined, names: string[]) => {
    const into = new Map<string, Section>();
    splitPackages(section, names, into);
    return new Map([...into].map(([name, entry]) => [name, seen(entry)]));
  };

  it('matches dpkg-query for every package', () => {
    const listed = execFileSync('dpkg-query', ['-W', '-f', '${Package}:${Architecture}\n'], { encoding: 'utf8' }).trim().split('\n');
    const names = [...new Set([...listed, ...listed.map((name) => name.replace(/:.*/, '')), 'driftgate-no-such-package', 'bash:i386', 'debconf:all', 'Bash', 'a'])];
    const request: CollectionRequest = { collect: [], files: [], packages: names, services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    const oracle = single(['dpkg-query', '-W', '-f', dpkgFormat, '--', ...names]);
    const oracleSection: Section = { name: 'packages', status: oracle.status, output: Buffer.from(oracle.output, 'latin1'), truncated: false, stderr: oracle.stderr };
    expect(new Map([...output.packages].map(([name, entry]) => [name, seen(entry)]))).toEqual(split(oracleSection, names));
  });

  it('uses dpkg-query for a pattern', () => {
    const request: CollectionRequest = { collect: [], files: [], packages: ['libc6*', 'bash'], services: [], sysctl: [] };
    const text = runScript(encodeRequest(request, boundary));
    const output = assignSections(text, request, boundary);
    // dpkg-query matches the pattern, so libc6 appears in the batch, and the pattern is not a package.
    expect(text).toMatch(/^libc6:\S+\tinstall ok installed\t/m);
    expect(output.packages.get('bash')?.output.toString()).toMatch(/^install ok installed\t/);
    expect(output.packages.get('libc6*')?.status).toBe(1);
  });
});
