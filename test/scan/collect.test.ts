import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { COLLECTION_SCRIPT, assignSections, collectionCommand, encodeRequest, newBoundary, parseSections, sectionProblem } from '../../src/scan/collect.js';

const dir = mkdtempSync(join(tmpdir(), 'driftgate-collect-'));
const boundary = newBoundary();
const marker = `@@driftgate-${boundary}`;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the collection script with real sh, as sshd would, and returns its stdout. */
function runScript(stdin: string): string {
  return execFileSync('sh', ['-c', COLLECTION_SCRIPT], { cwd: dir, input: stdin, encoding: 'latin1', maxBuffer: 256 * 1024 * 1024 });
}

describe('collection script', () => {
  it('reads a file whose name holds shell syntax as data', () => {
    // The script runs in `dir`, so an executed `touch canary` would create dir/canary.
    const canary = join(dir, 'canary');
    const odd = join(dir, "x; touch canary; $(touch canary) `touch canary` 'q'");
    writeFileSync(odd, 'hello\n');
    const request = { files: [odd], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(output.complete).toBe(true);
    expect(output.files.get(odd)?.text?.output.toString()).toBe('hello\n');
    expect(output.files.get(odd)?.sha256?.status).toBe(0);
    expect(() => execFileSync('test', ['-e', canary])).toThrow();
  });

  it('keeps marker-like file content inside its section', () => {
    const file = join(dir, 'forged');
    // Markers with another session's boundary, and the old fixed marker lines.
    const forged = `@@driftgate end file.text 0\n${`@@driftgate-${newBoundary()}`} end file.text 0 0\n${`@@driftgate-${newBoundary()}`} done\n`;
    writeFileSync(file, forged);
    const request = { files: [file], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(output.complete).toBe(true);
    expect(output.files.get(file)?.text?.output.toString()).toBe(forged);
  });

  it('keeps binary content and a missing final newline', () => {
    const file = join(dir, 'binary');
    const content = Buffer.from([0, 1, 10, 255, 200, 10, 10, 65]);
    writeFileSync(file, content);
    const request = { files: [file], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(output.files.get(file)?.text?.output.equals(content)).toBe(true);
    expect(output.files.get(file)?.text?.truncated).toBe(false);
  });

  it('rejects stdin without a valid boundary', () => {
    expect(() => runScript('file /etc/motd\n')).toThrow(/32-digit hex boundary/);
  });

  it('reports a missing file with its stderr', () => {
    const missing = join(dir, 'absent');
    const request = { files: [missing], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    const stat = output.files.get(missing)?.stat;
    expect(stat?.status).not.toBe(0);
    expect(stat?.stderr).toMatch(/No such file/);
  });

  it('skips the text of a file with the expected digest', () => {
    const file = join(dir, 'managed file');
    writeFileSync(file, 'managed\n');
    const digest = createHash('sha256').update('managed\n').digest('hex');
    const request = { collect: [], files: [file], expectedSha256: new Map([[file, digest]]), packages: [], services: [], sysctl: [] };
    const text = runScript(encodeRequest(request, boundary));
    const output = assignSections(text, request, boundary);
    expect(output.complete).toBe(true);
    expect(output.files.get(file)?.stat?.status).toBe(0);
    expect(output.files.get(file)?.sha256?.output.toString()).toBe(`${digest}  ${file}`);
    expect(output.files.get(file)?.text).toBeUndefined();
  });

  it('reads the text of a file with another digest', () => {
    const file = join(dir, 'drifted');
    writeFileSync(file, 'changed by hand\n');
    const request = { collect: [], files: [file], expectedSha256: new Map([[file, createHash('sha256').update('managed\n').digest('hex')]]), packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(output.complete).toBe(true);
    expect(output.files.get(file)?.text?.output.toString()).toBe('changed by hand\n');
  });

  it('reports a file that cannot be hashed', () => {
    const missing = join(dir, 'no such managed file');
    const request = { collect: [], files: [missing], expectedSha256: new Map([[missing, 'b'.repeat(64)]]), packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(output.complete).toBe(true);
    expect(output.files.get(missing)?.sha256?.status).not.toBe(0);
    expect(output.files.get(missing)?.sha256?.output.length).toBe(0);
    expect(output.files.get(missing)?.sha256?.stderr).toMatch(/No such file/);
    expect(output.files.get(missing)?.text?.stderr).toMatch(/No such file/);
  });

  it('runs only the requested groups', () => {
    const request = { collect: ['sshd' as const], files: [], packages: [], services: [], sysctl: [] };
    const text = runScript(encodeRequest(request, boundary));
    const output = assignSections(text, request, boundary);
    expect(output.complete).toBe(true);
    expect([...output.fixed.keys()]).toEqual(['sshd']);
    expect(text).not.toContain(' end iptables ');
    expect(text).not.toContain(' end ip ');
  });

  it('runs only stat for a stat-only file', () => {
    const file = join(dir, 'stat-only');
    writeFileSync(file, 'content\n');
    const missing = join(dir, 'stat-only-absent');
    const request = { collect: [], files: [], stats: [file, missing], packages: [], services: [], sysctl: ['net.ipv4.ip_forward'] };
    const text = runScript(encodeRequest(request, boundary));
    const output = assignSections(text, request, boundary);
    expect(output.complete).toBe(true);
    expect(text).not.toContain(' end file.sha256 ');
    expect(output.files.get(file)?.stat?.output.toString()).toMatch(/^[0-7]{3,4} \S+ \S+ 8 regular file\n$/);
    expect(output.files.get(file)?.text).toBeUndefined();
    expect(output.files.get(missing)?.stat?.stderr).toMatch(/No such file/);
    expect(output.sysctl.get('net.ipv4.ip_forward')?.status).toBe(0);
  });

  it('collects packages and sysctl values in request order', () => {
    const request = { files: [], packages: ['openssh-server', 'driftgate-no-such-package'], services: [], sysctl: ['net.ipv4.ip_forward'] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    expect(output.packages.get('openssh-server')?.output.toString()).toMatch(/^install ok installed\t/);
    expect(output.packages.get('driftgate-no-such-package')?.stderr).toMatch(/no packages found/);
    expect(output.sysctl.get('net.ipv4.ip_forward')?.output.toString().trim()).toMatch(/^[01]$/);
  });
});

describe('encodeRequest', () => {
  it('rejects a value with a line break', () => {
    expect(() => encodeRequest({ files: ['/etc/motd\nsysctl x'], packages: [], services: [], sysctl: [] }, boundary)).toThrow(/line breaks/);
  });

  it('rejects a boundary that is not hex', () => {
    expect(() => encodeRequest({ files: [], packages: [], services: [], sysctl: [] }, 'x'.repeat(32))).toThrow(/invalid section boundary/);
  });

  it('starts with the boundary line', () => {
    const stdin = encodeRequest({ collect: [], files: ['/etc/motd'], packages: [], services: [], sysctl: [] }, boundary);
    expect(stdin).toBe(`${boundary}\nfile - /etc/motd\n`);
  });

  it('sends the expected digest of a file', () => {
    const digest = 'a'.repeat(64);
    const request = { collect: [], files: ['/etc/motd'], expectedSha256: new Map([['/etc/motd', digest]]), packages: [], services: [], sysctl: [] };
    expect(encodeRequest(request, boundary)).toBe(`${boundary}\nfile ${digest} /etc/motd\n`);
  });

  it('rejects an expected digest that is not hex', () => {
    const request = { collect: [], files: ['/etc/motd'], expectedSha256: new Map([['/etc/motd', 'x; reboot']]), packages: [], services: [], sysctl: [] };
    expect(() => encodeRequest(request, boundary)).toThrow(/invalid SHA-256/);
  });

  it('requests every collector group by default', () => {
    const stdin = encodeRequest({ files: [], packages: [], services: [], sysctl: [] }, boundary);
    expect(stdin).toBe(`${boundary}\ncollect firewall\ncollect ip6tables\ncollect routes\ncollect sshd\n`);
  });

  it('requests groups in script order', () => {
    const stdin = encodeRequest({ collect: ['sshd', 'firewall'], files: [], stats: ['/etc/telnetd.conf'], packages: [], services: [], sysctl: [] }, boundary);
    expect(stdin).toBe(`${boundary}\ncollect firewall\ncollect sshd\nstat /etc/telnetd.conf\n`);
  });
});

describe('collectionCommand', () => {
  it('is the same constant for every host', () => {
    expect(collectionCommand(false)).toBe(collectionCommand(false));
    expect(collectionCommand(true)).toBe(`sudo -n ${collectionCommand(false)}`);
  });
});

describe('parseSections', () => {
  it('marks output that ends early as incomplete', () => {
    const { sections, complete } = parseSections(`${marker} start\nhello`, boundary);
    expect(complete).toBe(false);
    expect(sections[0]?.output.toString()).toBe('hello');
    expect(sections[0]?.truncated).toBe(true);
  });

  it('keeps exit status and stderr of a failed command', () => {
    const stderr = `nft: not found\n${marker} done`;
    const text = `${marker} start\n\n${marker} end nft 127 ${stderr.length}\n${stderr}${marker} done\n`;
    const { sections, complete } = parseSections(text, boundary);
    expect(complete).toBe(true);
    expect(sections[0]?.status).toBe(127);
    expect(sections[0]?.stderr).toBe(`nft: not found\n${marker} done`);
  });

  it('treats a short stderr as incomplete', () => {
    const text = `${marker} start\n\n${marker} end nft 1 50\nshort`;
    expect(parseSections(text, boundary).complete).toBe(false);
  });
});

describe('sectionProblem', () => {
  const base = { name: 'iptables', status: 0, output: Buffer.alloc(0), truncated: false, stderr: '' };

  it('accepts a complete section', () => {
    expect(sectionProblem(base)).toBeUndefined();
  });

  it('rejects a truncated section', () => {
    expect(sectionProblem({ ...base, status: 141, truncated: true })).toMatch(/output was cut/);
  });

  it('names a missing section', () => {
    expect(sectionProblem(undefined)).toBe('the collection output ended early');
  });
});
