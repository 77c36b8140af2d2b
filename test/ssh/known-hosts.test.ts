import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import {
  entryMatches,
  formatKnownHostLines,
  hashHostName,
  keyTypeOfBlob,
  knownHostName,
  parseKnownHosts,
  verifyHostKey,
} from '../../src/ssh/known-hosts.js';

const keyA = 'AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl';
const keyB = 'AAAAC3NzaC1lZDI1NTE5AAAAIBnVTHcX5dFZl2rSm5xR3s4c9KeuLLx0h1vZcrW6P7Xb';

describe('parseKnownHosts', () => {
  it('reads plain, bracketed and marked entries', () => {
    const text = [
      '# comment',
      '',
      `web1,192.0.2.10 ssh-ed25519 ${keyA} ops@example.com`,
      `[web2]:2222 ssh-ed25519 ${keyB}`,
      `@revoked * ssh-ed25519 ${keyB}`,
    ].join('\n');
    const { entries, problems } = parseKnownHosts(text);
    expect(problems).toEqual([]);
    expect(entries).toHaveLength(3);
    expect(entries[0]).toMatchObject({ line: 3, patterns: ['web1', '192.0.2.10'], keyType: 'ssh-ed25519', comment: 'ops@example.com' });
    expect(entries[1]!.patterns).toEqual(['[web2]:2222']);
    expect(entries[2]!.marker).toBe('revoked');
  });

  it('reports malformed lines with their line numbers', () => {
    const text = [`@bogus web1 ssh-ed25519 ${keyA}`, 'web2 ssh-ed25519', `|1|abc|def ssh-ed25519 ${keyA}`, `web3 ssh-ed25519 not*base64`].join('\n');
    const { entries, problems } = parseKnownHosts(text);
    expect(entries).toEqual([]);
    expect(problems.map((problem) => problem.line)).toEqual([1, 2, 3, 4]);
    expect(problems[0]!.message).toContain('@bogus');
  });
});

describe('host matching', () => {
  it('names non-22 ports in brackets', () => {
    expect(knownHostName('Web1', 22)).toBe('web1');
    expect(knownHostName('web1', 2222)).toBe('[web1]:2222');
  });

  it('matches wildcards and honours negation', () => {
    const { entries } = parseKnownHosts(`*.example.com,!bad.example.com ssh-ed25519 ${keyA}`);
    const entry = entries[0]!;
    expect(entryMatches(entry, ['web.example.com'])).toBe(true);
    expect(entryMatches(entry, ['bad.example.com'])).toBe(false);
    expect(entryMatches(entry, ['example.org'])).toBe(false);
  });

  it('matches hashed names written by our hasher', () => {
    const { entries } = parseKnownHosts(`${hashHostName('[web1]:2222')} ssh-ed25519 ${keyA}`);
    expect(entryMatches(entries[0]!, ['[web1]:2222'])).toBe(true);
    expect(entryMatches(entries[0]!, ['web1'])).toBe(false);
  });
});

describe('hashed entries from ssh-keygen -H', () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-kh-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('matches what OpenSSH hashed', () => {
    const file = join(dir, 'known_hosts');
    writeFileSync(file, `web1 ssh-ed25519 ${keyA}\n[192.0.2.7]:2200 ssh-ed25519 ${keyB}\n`);
    execFileSync('ssh-keygen', ['-H', '-f', file], { stdio: 'ignore' });
    const known = parseKnownHosts(readFileSync(file, 'utf8'));
    expect(known.entries.every((entry) => entry.patterns[0]!.startsWith('|1|'))).toBe(true);
    expect(verifyHostKey(known, ['web1'], 'ssh-ed25519', keyA).status).toBe('match');
    expect(verifyHostKey(known, [knownHostName('192.0.2.7', 2200)], 'ssh-ed25519', keyB).status).toBe('match');
    expect(verifyHostKey(known, ['192.0.2.7'], 'ssh-ed25519', keyB).status).toBe('unknown');
  });

  it('writes hashed lines that ssh-keygen -F finds', () => {
    const file = join(dir, 'ours');
    writeFileSync(file, formatKnownHostLines(['[web9]:2222'], 'ssh-ed25519', keyA, true).join('\n') + '\n');
    const output = execFileSync('ssh-keygen', ['-F', '[web9]:2222', '-f', file], { encoding: 'utf8' });
    expect(output).toContain(keyA);
  });
});

describe('verifyHostKey', () => {
  const known = parseKnownHosts([`web1,192.0.2.10 ssh-ed25519 ${keyA}`, `@revoked * ssh-ed25519 ${keyB}`].join('\n'));

  it('accepts the pinned key', () => {
    expect(verifyHostKey(known, ['web1'], 'ssh-ed25519', keyA).status).toBe('match');
  });

  it('reports a different key as changed', () => {
    const known2 = parseKnownHosts(`web1 ssh-ed25519 ${keyA}`);
    const verdict = verifyHostKey(known2, ['web1'], 'ssh-ed25519', keyB);
    expect(verdict.status).toBe('changed');
  });

  it('reports an absent host as unknown', () => {
    expect(verifyHostKey(known, ['web2'], 'ssh-ed25519', keyA).status).toBe('unknown');
  });

  it('reports a revoked key before anything else', () => {
    expect(verifyHostKey(known, ['web1'], 'ssh-ed25519', keyB).status).toBe('revoked');
  });
});

describe('keyTypeOfBlob', () => {
  it('reads the type name of a key blob', () => {
    expect(keyTypeOfBlob(Buffer.from(keyA, 'base64'))).toBe('ssh-ed25519');
  });

  it('returns empty text for a short blob', () => {
    expect(keyTypeOfBlob(Buffer.from([0, 0]))).toBe('');
  });
});
