import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';

import { checkoutDesired, isRemote } from '../../src/scan/desired.js';

const root = mkdtempSync(join(tmpdir(), 'driftgate-desired-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function git(repo: string, ...args: string[]): string {
  return execFileSync('git', ['-C', repo, '-c', 'user.name=test', '-c', 'user.email=test@example.com', ...args], { encoding: 'utf8' }).trim();
}

/** Creates a repository with two commits; the first is tagged v1. */
function makeRepo(name: string): { path: string; first: string; second: string } {
  const path = join(root, name);
  execFileSync('git', ['init', '-q', '-b', 'main', path]);
  writeFileSync(join(path, 'inventory.yaml'), 'version: 1\n');
  git(path, 'add', '-A');
  git(path, 'commit', '-qm', 'first');
  git(path, 'tag', 'v1');
  const first = git(path, 'rev-parse', 'HEAD');
  writeFileSync(join(path, 'inventory.yaml'), 'version: 2\n');
  git(path, 'commit', '-qam', 'second');
  return { path, first, second: git(path, 'rev-parse', 'HEAD') };
}

describe('checkoutDesired', () => {
  it('checks out a tag of a local repository', async () => {
    const repo = makeRepo('local');
    const checkout = await checkoutDesired(repo.path, 'v1', join(root, 'cache'));
    expect(checkout.commit).toBe(repo.first);
    expect(readFileSync(join(checkout.dir, 'inventory.yaml'), 'utf8')).toBe('version: 1\n');
    expect(readFileSync(join(repo.path, 'inventory.yaml'), 'utf8')).toBe('version: 2\n');
    await checkout.dispose();
    expect(existsSync(checkout.dir)).toBe(false);
  });

  it('uses HEAD of a local repository by default', async () => {
    const repo = makeRepo('head');
    const checkout = await checkoutDesired(repo.path, undefined, join(root, 'cache'));
    expect(checkout.commit).toBe(repo.second);
    await checkout.dispose();
  });

  it('clones a URL and follows its branch', async () => {
    const repo = makeRepo('remote');
    const url = `file://${repo.path}`;
    const cache = join(root, 'cache-remote');
    const first = await checkoutDesired(url, 'main', cache);
    expect(first.commit).toBe(repo.second);
    expect(first.stale).toBeUndefined();
    await first.dispose();
    const byDefault = await checkoutDesired(url, undefined, cache);
    expect(byDefault.commit).toBe(repo.second);
    await byDefault.dispose();

    writeFileSync(join(repo.path, 'inventory.yaml'), 'version: 3\n');
    git(repo.path, 'commit', '-qam', 'third');
    const second = await checkoutDesired(url, 'main', cache);
    expect(second.commit).toBe(git(repo.path, 'rev-parse', 'HEAD'));
    await second.dispose();
  });

  it('falls back to the last fetched commit when the remote is gone', async () => {
    const repo = makeRepo('vanishing');
    const url = `file://${repo.path}`;
    const cache = join(root, 'cache-vanishing');
    (await checkoutDesired(url, 'main', cache)).dispose();
    renameSync(repo.path, `${repo.path}-moved`);
    const checkout = await checkoutDesired(url, 'main', cache);
    expect(checkout.commit).toBe(repo.second);
    expect(checkout.stale).toContain('last fetched commit');
    await checkout.dispose();
  });

  it('rejects a ref that does not exist', async () => {
    const repo = makeRepo('badref');
    await expect(checkoutDesired(repo.path, 'no-such-branch', join(root, 'cache'))).rejects.toThrow(/ref "no-such-branch" not found/);
  });

  it('rejects a missing local path', async () => {
    await expect(checkoutDesired(join(root, 'nowhere'), undefined, join(root, 'cache'))).rejects.toThrow(/not found/);
  });

  it('rejects a folder outside git', async () => {
    const folder = mkdtempSync(join(root, 'plain-'));
    await expect(checkoutDesired(folder, undefined, join(root, 'cache'))).rejects.toThrow(`${folder} is not a git repository; scan reads the desired state from a commit`);
  });

  it('rejects a repository without a commit', async () => {
    const folder = mkdtempSync(join(root, 'empty-'));
    git(folder, 'init', '-q');
    await expect(checkoutDesired(folder, undefined, join(root, 'cache'))).rejects.toThrow(`repository ${folder} has no commit yet; commit the inventory and the desired state, then scan`);
  });
});

describe('isRemote', () => {
  it('tells URLs from paths', () => {
    expect(isRemote('https://git.example.com/net/desired.git')).toBe(true);
    expect(isRemote('git@git.example.com:net/desired.git')).toBe(true);
    expect(isRemote('/srv/desired')).toBe(false);
    expect(isRemote('desired')).toBe(false);
  });
});

describe('driftgate scan without a committed inventory', () => {
  it('names the commit and what to do', async () => {
    const path = join(root, 'uncommitted');
    execFileSync('git', ['init', '-q', '-b', 'main', path]);
    git(path, 'commit', '-q', '--allow-empty', '-m', 'empty');
    writeFileSync(join(path, 'inventory.yaml'), 'kind: inventory\n');
    let stderr = '';
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
    try {
      expect(await main(['scan', '--repo', path, '--cache', join(root, 'cache')])).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(stderr).toContain(`inventory.yaml is not in commit ${git(path, 'rev-parse', 'HEAD').slice(0, 12)} (HEAD)`);
    expect(stderr).toContain('commit it');
    expect(stderr).not.toContain('ENOENT');
  });
});
