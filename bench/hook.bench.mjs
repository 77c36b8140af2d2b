// Times the pre-commit hook on a repository of 500 configuration files with a one-file commit,
// as a whole `git commit` (git, the hook script, Node start-up and driftgate), against the same
// commit with the hook skipped.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'driftgate.js');
const files = 500;
const runs = 15;

function firewall(index, port) {
  const rules = Array.from({ length: 20 }, (_, rule) => `      - { id: r${rule}, action: accept, protocol: tcp, ports: ${1000 + rule}, source: 198.51.100.${rule}/32 }`);
  return ['kind: firewall', `name: fw${index}`, 'chains:', '  input:', '    hook: input', '    policy: drop', '    rules:', '      - { id: established, action: accept, state: [established, related] }', ...rules, `      - { id: web, action: accept, protocol: tcp, ports: ${port} }`, ''].join('\n');
}

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

const repo = mkdtempSync(join(tmpdir(), 'driftgate-bench-hook-'));
const git = (...args) => execFileSync('git', args, { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
try {
  git('init', '-q', '-b', 'main');
  git('config', 'user.email', 'bench@example.com');
  git('config', 'user.name', 'bench');
  writeFileSync(join(repo, 'driftgate.yaml'), 'kind: config\n');
  for (let index = 0; index < files; index += 1) {
    const path = join(repo, 'firewall', `site${Math.floor(index / 50)}`, `fw${index}.yaml`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, firewall(index, 443));
  }
  git('add', '-A');
  git('commit', '-q', '--no-verify', '-m', 'base');
  execFileSync(process.execPath, [cli, 'hook', 'install'], { cwd: repo, stdio: 'ignore' });

  const timeCommit = (verify, round) => {
    writeFileSync(join(repo, 'firewall', 'site0', 'fw0.yaml'), firewall(0, 8000 + round));
    git('add', 'firewall/site0/fw0.yaml');
    const start = process.hrtime.bigint();
    const result = spawnSync('git', ['commit', '-q', ...(verify ? [] : ['--no-verify']), '-m', `round ${round}`], { cwd: repo });
    const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
    if (result.status !== 0) throw new Error(`commit failed: ${result.stderr}`);
    return elapsed;
  };

  const withHook = [];
  const withoutHook = [];
  for (let round = 0; round < runs; round += 1) {
    withHook.push(timeCommit(true, round * 2));
    withoutHook.push(timeCommit(false, round * 2 + 1));
  }
  const hook = median(withHook);
  const bare = median(withoutHook);
  console.log(`pre-commit hook: ${files} files, one-file commit, median of ${runs}`);
  console.log(`  git commit with the driftgate hook   ${hook.toFixed(0)} ms`);
  console.log(`  git commit --no-verify              ${bare.toFixed(0)} ms`);
  console.log(`  cost of the hook                    ${(hook - bare).toFixed(0)} ms (target: whole commit under 500 ms)`);
} finally {
  rmSync(repo, { recursive: true, force: true });
}
