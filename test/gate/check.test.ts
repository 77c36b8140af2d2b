import { spawnSync } from 'node:child_process';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { checkChange } from '../../src/gate/check.js';
import { packageRoot } from '../../src/paths.js';
import { TestRepository } from '../helpers/git-repo.js';

const cli = join(packageRoot, 'bin', 'driftgate.js');

/** A firewall whose `office` rules carry the given sources; 198.51.100.300 is an old finding. */
function firewall(extraRules: string[] = [], leading: string[] = []): string {
  return [
    'kind: firewall',
    'chains:',
    '  input:',
    '    hook: input',
    '    policy: drop',
    '    rules:',
    ...leading,
    '      - { id: established, action: accept, state: [established, related] }',
    '      - { id: legacy, action: accept, protocol: tcp, ports: 22, source: 198.51.100.300 }',
    ...extraRules,
    '',
  ].join('\n');
}

describe('driftgate check --base', () => {
  let repo: TestRepository;
  let remote: string;

  beforeEach(() => {
    remote = mkdtempSync(join(tmpdir(), 'driftgate-test-remote-'));
    spawnSync('git', ['init', '-q', '--bare', '-b', 'main', remote]);
    repo = new TestRepository();
    repo.git('remote', 'add', 'origin', remote);
    repo.write('driftgate.yaml', 'kind: config\n');
    repo.write('firewall/edge.yaml', firewall());
    repo.commit('initial configuration with an old finding');
    repo.git('push', '-q', 'origin', 'main');
    repo.git('checkout', '-q', '-b', 'change');
  });

  afterEach(() => {
    repo.remove();
    rmSync(remote, { recursive: true, force: true });
  });

  it('passes a clean change on a repository with old findings', async () => {
    repo.write('firewall/edge.yaml', firewall(['      - { id: web, action: accept, protocol: tcp, ports: 443 }']));
    repo.commit('open https');
    const result = spawnSync(process.execPath, [cli, 'check', '--base', 'origin/main'], { cwd: repo.root, encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('1 finding existed before this change');
  });

  it('fails a change that adds one finding and names only that one', async () => {
    repo.write('firewall/edge.yaml', firewall(['      - { id: partner, action: accept, source: 203.0.113.999 }']));
    repo.commit('add a partner');
    const result = spawnSync(process.execPath, [cli, 'check', '--base', 'origin/main', '--format', 'json'], { cwd: repo.root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string; line: number; message: string }[] };
    expect(report.findings.map((finding) => [finding.ruleId, finding.line])).toEqual([['fw-invalid-address', 9]]);
    expect(report.findings[0]!.message).toContain('203.0.113.999');
  });

  it('marks each SARIF result with its baseline state', () => {
    repo.write('firewall/edge.yaml', firewall(['      - { id: partner, action: accept, source: 203.0.113.999 }']));
    repo.commit('add a partner');
    const result = spawnSync(process.execPath, [cli, 'check', '--base', 'origin/main', '--format', 'sarif'], { cwd: repo.root, encoding: 'utf8' });
    expect(result.status).toBe(1);
    const log = JSON.parse(result.stdout) as { runs: { results: { ruleId: string; baselineState: string; message: { text: string } }[] }[] };
    const states = log.runs[0]!.results
      .filter((entry) => entry.ruleId === 'fw-invalid-address')
      .map((entry) => [entry.baselineState, entry.message.text.slice(1, 14)]);
    expect(states).toEqual([
      ['unchanged', '198.51.100.30'],
      ['new', '203.0.113.999'],
    ]);
  });

  it('links rules to DRIFTGATE_DOCS_URL', () => {
    repo.write('firewall/edge.yaml', firewall(['      - { id: partner, action: accept, source: 203.0.113.999 }']));
    repo.commit('add a partner');
    const env = { ...process.env, DRIFTGATE_DOCS_URL: 'https://docs.example.org/dg' };
    const result = spawnSync(process.execPath, [cli, 'check', '--base', 'origin/main', '--format', 'sarif'], { cwd: repo.root, encoding: 'utf8', env });
    const log = JSON.parse(result.stdout) as { runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } } }[] };
    const rule = log.runs[0]!.tool.driver.rules.find((entry) => entry.id === 'fw-invalid-address');
    expect(rule?.helpUri).toBe('https://docs.example.org/dg/docs/rules/fw-invalid-address.md');
  });

  it('links findings from a subfolder in GitHub Actions', () => {
    repo.write('firewall/edge.yaml', firewall(['      - { id: partner, action: accept, source: 203.0.113.999 }']));
    repo.commit('add a partner');
    const env = {
      ...process.env,
      GITHUB_WORKSPACE: realpathSync(repo.root),
      GITHUB_SERVER_URL: 'https://git.example.com',
      GITHUB_REPOSITORY: 'ops/infra',
      GITHUB_SHA: 'abc123',
    };
    const run = (format: string) =>
      spawnSync(process.execPath, [cli, 'check', '--base', 'origin/main', '--format', format, '.'], { cwd: join(repo.root, 'firewall'), encoding: 'utf8', env });
    const github = run('github');
    expect(github.status).toBe(1);
    expect(github.stdout).toMatch(/^::error file=firewall\/edge\.yaml,line=9,col=/m);
    const markdown = run('markdown');
    expect(markdown.stdout).toContain('](https://git.example.com/ops/infra/blob/abc123/firewall/edge.yaml#L9)');
  });

  it('does not make old findings new when lines move', async () => {
    repo.write('firewall/edge.yaml', firewall([], ['      - { id: loopback, action: accept, inInterface: lo }', '      - { id: ping, action: accept, protocol: icmp }']));
    repo.commit('insert rules above the old finding');
    const result = await checkChange({ cwd: repo.root, base: 'origin/main' });
    const states = result.findings.map((finding) => [finding.ruleId, finding.line, finding.baselineState]);
    expect(states).toEqual([['fw-invalid-address', 10, 'unchanged']]);
  });

  it('counts a second copy of an old mistake as new', async () => {
    repo.write('firewall/edge.yaml', firewall(['      - { id: legacy2, action: accept, protocol: tcp, ports: 23, source: 198.51.100.300 }']));
    repo.commit('copy the legacy rule');
    const result = await checkChange({ cwd: repo.root, base: 'origin/main' });
    expect(result.findings.filter((finding) => finding.baselineState === 'new')).toHaveLength(1);
  });

  it('reports findings the change fixes as absent', async () => {
    repo.write('firewall/edge.yaml', firewall().replace('198.51.100.300', '198.51.100.30'));
    repo.commit('fix the legacy source');
    const result = await checkChange({ cwd: repo.root, base: 'origin/main' });
    expect(result.findings.map((finding) => finding.baselineState)).toEqual(['absent']);
  });

  it('finds nothing for a pure rename', async () => {
    repo.git('mv', 'firewall/edge.yaml', 'firewall/edge-gateway.yaml');
    repo.commit('rename the edge firewall');
    const result = await checkChange({ cwd: repo.root, base: 'origin/main' });
    expect(result.findings.map((finding) => [finding.ruleId, finding.file, finding.baselineState])).toEqual([
      ['fw-invalid-address', 'firewall/edge-gateway.yaml', 'unchanged'],
    ]);
    expect(result.impact).toEqual([]);
  });

  it('judges a renamed file by its edit', async () => {
    repo.git('mv', 'firewall/edge.yaml', 'firewall/edge-gateway.yaml');
    repo.write('firewall/edge-gateway.yaml', firewall(['      - { id: web, action: accept, protocol: tcp, ports: 443 }', '      - { id: partner, action: accept, source: 203.0.113.999 }']));
    repo.commit('rename the edge firewall and open https');
    const result = await checkChange({ cwd: repo.root, base: 'origin/main' });
    const states = result.findings.map((finding) => [finding.ruleId, finding.baselineState]);
    expect(states).toContainEqual(['fw-invalid-address', 'unchanged']);
    expect(states.filter(([, state]) => state === 'new')).toEqual([['fw-invalid-address', 'new']]);
    expect(states.filter(([, state]) => state === 'absent')).toEqual([]);
    const impact = result.impact.map((item) => item.file);
    expect(impact.length).toBeGreaterThan(0);
    expect(new Set(impact)).toEqual(new Set(['firewall/edge-gateway.yaml']));
  });

  it('names an unknown base revision and exits with 2', () => {
    const result = spawnSync(process.execPath, [cli, 'check', '--base', 'origin/nope'], { cwd: repo.root, encoding: 'utf8' });
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('unknown revision "origin/nope"');
    expect(result.stdout).toBe('');
  });
});

describe('Driftgate-Allow in commit messages', () => {
  let repo: TestRepository;

  beforeEach(() => {
    repo = new TestRepository();
    repo.write('driftgate.yaml', 'kind: config\n');
    repo.write('firewall/edge.yaml', firewall().replace('198.51.100.300', '198.51.100.30'));
    repo.commit('clean base');
    repo.git('branch', 'base');
  });

  afterEach(() => repo.remove());

  it('accepts new findings of an acknowledged rule and names the commit', async () => {
    repo.write('firewall/edge.yaml', firewall());
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'Import the legacy rule as it is\n\nDriftgate-Allow: fw-invalid-address');
    const result = await checkChange({ cwd: repo.root, base: 'base' });
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.baselineState).toBe('new');
    expect(result.findings[0]!.suppressed?.reason).toMatch(/^acknowledged by Driftgate-Allow in commit [0-9a-f]{12}$/);
  });

  it('ignores acknowledgements of other rules', async () => {
    repo.write('firewall/edge.yaml', firewall());
    repo.git('add', '-A');
    repo.git('commit', '-q', '--no-verify', '-m', 'Import\n\nDriftgate-Allow: dns-mass-deletion');
    const result = await checkChange({ cwd: repo.root, base: 'base' });
    expect(result.findings[0]!.suppressed).toBeUndefined();
  });
});
