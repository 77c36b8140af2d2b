/**
 * Recorded drift false positives through `driftgate diff`: each pair must compare equivalent
 * (exit 0), and a changed copy of it must still be reported (exit 1).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';
import { caseFile } from '../helpers/shared.js';

const fixtures = join(import.meta.dirname, '../fixtures/drift');

let stdout = '';
let stderr = '';

beforeEach(() => {
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs `driftgate diff DESIRED LIVE` in-process and returns its exit code. */
async function diff(desired: string, live: string, ...options: string[]): Promise<number> {
  return main(['diff', desired, live, ...options], process.cwd());
}

describe('host bits in a desired prefix', () => {
  const live = caseFile('048-drift-cidr-host-bits-normalized', 'live-iptables-save-1.8.9.txt');

  it('masked prefix equals the recorded dump', async () => {
    expect(await diff(join(fixtures, 'host-bits-desired.rules'), live)).toBe(0);
    expect(stdout).toContain('equivalent');
  });

  it('host bits and dotted masks compare equal', async () => {
    expect(await diff(join(fixtures, 'host-bits-guarded-desired.rules'), join(fixtures, 'host-bits-guarded-live.rules'))).toBe(0);
  });

  it('single host against a /24 is drift', async () => {
    expect(await diff(join(fixtures, 'host-bits-single-host.rules'), join(fixtures, 'host-bits-guarded-live.rules'))).toBe(1);
    expect(stdout).toContain('port 22');
    expect(stdout).toContain('expected drop (chain policy)');
    expect(stdout).toContain('actual accept (rule `-A INPUT -d 198.51.100.0/24 -p tcp -m tcp --dport 22 -j ACCEPT`');
  });
});

describe('implicit matches and reordering', () => {
  const desired = caseFile('050-drift-implicit-match-and-reordering', 'desired-etc-sysconfig-iptables');
  const live = caseFile('050-drift-implicit-match-and-reordering', 'live-iptables-save-1.8.9.txt');

  it('stock file equals its iptables-save dump', async () => {
    expect(await diff(desired, live)).toBe(0);
  });

  it('json output lists no differences', async () => {
    expect(await diff(desired, live, '--format', 'json')).toBe(0);
    const result = JSON.parse(stdout) as { domain: string; differences: unknown[] };
    expect(result.domain).toBe('firewall');
    expect(result.differences).toEqual([]);
  });

  it('rule missing from the dump is drift', async () => {
    expect(await diff(desired, join(fixtures, 'host-bits-guarded-live.rules'))).toBe(1);
    expect(stdout).toContain('ipv4 filter/input: icmp from 0.0.0.0/0 to 0.0.0.0/0');
    expect(stdout).toContain('expected accept (rule `-A INPUT -p icmp -j ACCEPT`');
  });
});

describe('IDN unicode against punycode', () => {
  const live = caseFile('053-drift-idn-unicode-vs-punycode', 'provider-returned.zone');

  it('unicode owner equals its ACE form', async () => {
    expect(await diff(join(fixtures, 'idn-desired.zone'), live)).toBe(0);
  });

  it('changed address is drift', async () => {
    expect(await diff(join(fixtures, 'idn-changed.zone'), live)).toBe(1);
    expect(stdout).toContain('xn--ndaaa.example.com. A 192.0.2.5');
  });
});

describe('PermitRootLogin alias', () => {
  const live = caseFile('055-drift-sshd-permitrootlogin-alias', 'sshd-T-openssh-9.2p1.txt');

  it('prohibit-password equals without-password', async () => {
    expect(await diff(caseFile('055-drift-sshd-permitrootlogin-alias', 'desired-sshd_config'), live)).toBe(0);
  });

  it('yes against without-password is drift', async () => {
    expect(await diff(join(fixtures, 'permitrootlogin-yes.sshd_config'), live)).toBe(1);
    expect(stdout).toContain('permitrootlogin: expected yes; actual prohibit-password');
  });
});

describe('nft text re-rendering', () => {
  const desired = caseFile('057-drift-nft-text-rerendering', 'desired-nftables.conf');
  const live = caseFile('057-drift-nft-text-rerendering', 'live-nft-list-ruleset-1.0.6.txt');

  /** Writes the desired ruleset with one edit to a temporary file and returns its path. */
  function editedDesired(from: string, to: string): string {
    const text = readFileSync(desired, 'utf8');
    expect(text).toContain(from);
    const folder = mkdtempSync(join(tmpdir(), 'driftgate-nft-'));
    folders.push(folder);
    const path = join(folder, 'nftables.conf');
    writeFileSync(path, text.replace(from, to));
    return path;
  }

  const folders: string[] = [];
  afterAll(() => {
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('re-rendered listing equals the file', async () => {
    expect(await diff(desired, live)).toBe(0);
    expect(stdout).toContain('(nft-text)');
    expect(stdout).toContain('equivalent');
  });

  it('policy accept is drift', async () => {
    expect(await diff(editedDesired('policy drop;', 'policy accept;'), live)).toBe(1);
    expect(stdout).toContain('expected accept (chain policy); actual drop (chain policy)');
  });

  it('removed set element is drift', async () => {
    expect(await diff(editedDesired('tcp dport { 443, 22, 80 }', 'tcp dport { 443, 22 }'), live)).toBe(1);
    expect(stdout).toContain('port 80');
  });

  it('unknown statement is not understood', async () => {
    expect(await diff(editedDesired('tcp dport 8000-8080 accept', 'tcp dport 8000-8080 acept'), live)).toBe(2);
    expect(stderr).toContain('statement not understood: `acept`');
    expect(stderr).toMatch(/nftables\.conf:10:\d+/);
  });
});

describe('diff input errors', () => {
  it('two domains exit 2', async () => {
    expect(await diff(join(fixtures, 'idn-desired.zone'), join(fixtures, 'host-bits-desired.rules'))).toBe(2);
    expect(stderr).toContain('compare two files of one domain');
  });

  it('missing file exits 2', async () => {
    expect(await diff(join(fixtures, 'absent.rules'), join(fixtures, 'host-bits-desired.rules'))).toBe(2);
    expect(stderr).toContain('ENOENT');
  });
});
