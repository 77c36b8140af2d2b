import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { isCandidateName } from '../../src/formats/index.js';
import { packageRoot } from '../../src/paths.js';
import { TestRepository } from '../helpers/git-repo.js';

const cli = join(packageRoot, 'bin', 'driftgate.js');

const firewall = (source: string): string => `kind: firewall
chains:
  input:
    hook: input
    policy: drop
    rules:
      - { id: established, action: accept, state: [established, related] }
      - { id: office, action: accept, protocol: tcp, ports: 22, source: ${source} }
`;

function driftgate(repo: TestRepository, ...args: string[]) {
  return spawnSync(process.execPath, [cli, ...args], { cwd: repo.root, encoding: 'utf8' });
}

function commit(repo: TestRepository) {
  return spawnSync('git', ['commit', '-q', '-m', 'change the firewall'], { cwd: repo.root, encoding: 'utf8' });
}

describe('pre-commit hook', () => {
  let repo: TestRepository;

  beforeEach(() => {
    repo = new TestRepository();
    repo.write('driftgate.yaml', 'kind: config\n');
    repo.write('firewall/edge.yaml', firewall('198.51.100.0/24'));
    repo.commit('initial configuration');
  });

  afterEach(() => repo.remove());

  it('rejects a broken staged file even when the work tree is fixed', () => {
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);
    repo.write('firewall/edge.yaml', firewall('198.51.100.300'));
    repo.git('add', 'firewall/edge.yaml');
    repo.write('firewall/edge.yaml', firewall('198.51.100.30'));

    const result = commit(repo);
    // git sends a hook's stdout to its own stderr.
    const output = result.stdout + result.stderr;
    expect(result.status).not.toBe(0);
    expect(output).toContain('firewall/edge.yaml');
    expect(output).toContain('fw-invalid-address');
    expect(output).toMatch(/8:\d+\s+error/);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');
  });

  it('runs by hand from a subfolder', () => {
    repo.write('firewall/edge.yaml', firewall('198.51.100.300'));
    repo.git('add', 'firewall/edge.yaml');

    const result = spawnSync(process.execPath, [cli, 'hook', 'run'], { cwd: join(repo.root, 'firewall'), encoding: 'utf8' });
    expect(result.stderr).not.toContain('cannot read');
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('firewall/edge.yaml');
    expect(result.stdout).toContain('fw-invalid-address');
  });

  it('accepts a fixed staged file even when the work tree is broken', () => {
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);
    repo.write('firewall/edge.yaml', firewall('198.51.100.30'));
    repo.git('add', 'firewall/edge.yaml');
    repo.write('firewall/edge.yaml', firewall('198.51.100.300'));

    const result = commit(repo);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('keeps and runs an existing hook, and restores it on uninstall', () => {
    const hook = join(repo.root, '.git', 'hooks', 'pre-commit');
    const original = '#!/bin/sh\necho ran > "$(git rev-parse --show-toplevel)/.other-hook-ran"\n';
    writeFileSync(hook, original);
    chmodSync(hook, 0o755);

    expect(driftgate(repo, 'hook', 'install').status).toBe(0);
    expect(readFileSync(`${hook}.driftgate-chained`, 'utf8')).toBe(original);
    repo.write('firewall/edge.yaml', firewall('198.51.100.31'));
    repo.git('add', 'firewall/edge.yaml');
    expect(commit(repo).status).toBe(0);
    expect(existsSync(join(repo.root, '.other-hook-ran'))).toBe(true);

    expect(driftgate(repo, 'hook', 'uninstall').status).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe(original);
    expect(existsSync(`${hook}.driftgate-chained`)).toBe(false);
  });

  it('stops the commit when the existing hook fails', () => {
    const hook = join(repo.root, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, '#!/bin/sh\nexit 3\n');
    chmodSync(hook, 0o755);
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);
    repo.write('firewall/edge.yaml', firewall('198.51.100.32'));
    repo.git('add', 'firewall/edge.yaml');
    expect(commit(repo).status).not.toBe(0);
  });

  it('rejects a zone change without a higher serial', () => {
    const zone = (serial: number, address: string) =>
      `$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster ${serial} 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\nvpn IN AAAA ${address}\n`;
    repo.write('dns/example.com.zone', zone(2026120401, '2001:db8::1'));
    repo.commit('add the zone');
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);

    repo.write('dns/example.com.zone', zone(2026120401, '2001:db8::2'));
    repo.git('add', 'dns/example.com.zone');
    const rejected = commit(repo);
    expect(rejected.status).not.toBe(0);
    expect(rejected.stdout + rejected.stderr).toContain('dns-soa-serial-not-increased');

    repo.write('dns/example.com.zone', zone(2026120402, '2001:db8::2'));
    repo.git('add', 'dns/example.com.zone');
    const accepted = commit(repo);
    expect(accepted.stderr).toBe('');
    expect(accepted.status).toBe(0);
  });

  it('compares a renamed zone with its HEAD version', () => {
    const zone = (address: string) =>
      `$ORIGIN example.com.\n$TTL 3600\n@ IN SOA ns1 hostmaster 2026120401 7200 3600 1209600 300\n@ IN NS ns1\nns1 IN A 192.0.2.53\nvpn IN AAAA ${address}\n`;
    repo.write('dns/example.com.zone', zone('2001:db8::1'));
    repo.commit('add the zone');
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);

    repo.git('mv', 'dns/example.com.zone', 'dns/db.example.com');
    repo.write('dns/db.example.com', zone('2001:db8::2'));
    repo.git('add', 'dns/db.example.com');
    const rejected = commit(repo);
    expect(rejected.status).not.toBe(0);
    expect(rejected.stdout + rejected.stderr).toContain('dns-soa-serial-not-increased');
  });

  it('passes a pure rename of a file with old errors', () => {
    repo.write('firewall/edge.yaml', firewall('198.51.100.300'));
    repo.commit('commit a broken firewall before the hook');
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);

    repo.git('mv', 'firewall/edge.yaml', 'firewall/border.yaml');
    const result = commit(repo);
    const output = result.stdout + result.stderr;
    expect(result.status).toBe(0);
    expect(output).toContain('firewall/border.yaml');
    expect(output).toContain('fw-invalid-address');
    expect(output).toContain('1 error(s) above are in files renamed without changes and were already in HEAD');
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('3');
  });

  it('rejects a rename with an edit of a file with old errors', () => {
    repo.write('firewall/edge.yaml', firewall('198.51.100.300'));
    repo.commit('commit a broken firewall before the hook');
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);

    repo.git('mv', 'firewall/edge.yaml', 'firewall/border.yaml');
    repo.write('firewall/border.yaml', `${firewall('198.51.100.300')}description: the border firewall\n`);
    repo.git('add', 'firewall/border.yaml');
    const result = commit(repo);
    expect(result.status).not.toBe(0);
    expect(result.stdout + result.stderr).toContain('fw-invalid-address');
    expect(result.stdout + result.stderr).not.toContain('renamed without changes');
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('skips staged YAML that has no driftgate kind', () => {
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);
    repo.write('.github/workflows/ci.yml', 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n');
    repo.write('firewall/edge.yaml', firewall('198.51.100.128/25'));
    repo.git('add', '.github/workflows/ci.yml', 'firewall/edge.yaml');
    const result = commit(repo);
    expect(result.stdout).not.toContain('unreadable-file');
    expect(result.stderr).toContain('skipped 1 file that driftgate does not read');
    expect(result.status).toBe(0);
  });

  it('passes commits that stage no configuration file', () => {
    expect(driftgate(repo, 'hook', 'install').status).toBe(0);
    repo.write('README.md', 'notes\n');
    repo.git('add', 'README.md');
    expect(commit(repo).status).toBe(0);
  });
});

describe('pre-commit framework hook definition', () => {
  const [hook] = parse(readFileSync(join(packageRoot, '.pre-commit-hooks.yaml'), 'utf8')) as { entry: string; files: string }[];
  // The framework reads `files` as a Python regular expression; `(?i)` is its inline flag.
  const files = new RegExp(hook!.files.replace(/^\(\?i\)/, ''), 'i');

  it('skips files that are not driftgate documents', () => {
    expect(hook!.entry).toContain('--only-recognised');
  });

  it.each([
    'firewall/edge.yaml',
    'ci/build.YML',
    'live/ruleset.json',
    'zones/example.com.zone',
    'zones/db.example',
    'lb/haproxy.cfg',
    'lb/haproxy-edge',
    'rules.v4',
    'live/ip6tables-save',
    'hosts/web-iptables.rules',
    'myiptables',
    'ip-route.txt',
    'hosts/iproute-main',
    'firewall/edge.nft',
    'etc/nftables.conf',
    'etc/other.conf',
    'README.md',
    'src/main.ts',
  ])('passes %s exactly when a format claims its name', (path) => {
    expect(files.test(path)).toBe(isCandidateName(path));
  });
});
