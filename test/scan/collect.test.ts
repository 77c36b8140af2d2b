import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { COLLECTION_SCRIPT, assignSections, collectionCommand, encodeRequest, parseSections, sectionProblem } from '../../src/scan/collect.js';

const dir = mkdtempSync(join(tmpdir(), 'driftgate-collect-'));
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
    const output = assignSections(runScript(encodeRequest(request)), request);
    expect(output.complete).toBe(true);
    expect(output.files.get(odd)?.text?.output.toString()).toBe('hello\n');
    expect(output.files.get(odd)?.sha256?.status).toBe(0);
    expect(() => execFileSync('test', ['-e', canary])).toThrow();
  });

  it('keeps marker-like file content inside its section', () => {
    const file = join(dir, 'forged');
    writeFileSync(file, '@@driftgate end file.text 0\n@@driftgate done\n');
    const request = { files: [file], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request)), request);
    expect(output.files.get(file)?.text?.output.toString()).toBe('@@driftgate end file.text 0\n@@driftgate done\n');
  });

  it('reports a missing file with its stderr', () => {
    const missing = join(dir, 'absent');
    const request = { files: [missing], packages: [], services: [], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request)), request);
    const stat = output.files.get(missing)?.stat;
    expect(stat?.status).not.toBe(0);
    expect(stat?.stderr).toMatch(/No such file/);
  });

  it('collects packages and sysctl values in request order', () => {
    const request = { files: [], packages: ['openssh-server', 'driftgate-no-such-package'], services: [], sysctl: ['net.ipv4.ip_forward'] };
    const output = assignSections(runScript(encodeRequest(request)), request);
    expect(output.packages.get('openssh-server')?.output.toString()).toMatch(/^install ok installed\t/);
    expect(output.packages.get('driftgate-no-such-package')?.stderr).toMatch(/no packages found/);
    expect(output.sysctl.get('net.ipv4.ip_forward')?.output.toString().trim()).toMatch(/^[01]$/);
  });
});

describe('encodeRequest', () => {
  it('rejects a value with a line break', () => {
    expect(() => encodeRequest({ files: ['/etc/motd\nsysctl x'], packages: [], services: [], sysctl: [] })).toThrow(/line breaks/);
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
    const { sections, complete } = parseSections('@@driftgate begin iptables\naGVsbG8=\n');
    expect(complete).toBe(false);
    expect(sections[0]?.output.toString()).toBe('hello');
  });

  it('keeps exit status and stderr of a failed command', () => {
    const text = ['@@driftgate begin nft', '@@driftgate end nft 127', '@@driftgate stderr nft', Buffer.from('nft: not found').toString('base64'), '@@driftgate done'].join('\n');
    const { sections, complete } = parseSections(text);
    expect(complete).toBe(true);
    expect(sections[0]?.status).toBe(127);
    expect(sections[0]?.stderr).toBe('nft: not found');
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
