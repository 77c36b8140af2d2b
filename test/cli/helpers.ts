/** Runs the built CLI as a child process in a folder of files written for the test. */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** Root of the repository under test. */
export const repoRoot = resolve(import.meta.dirname, '../..');

/** Compiles the CLI into dist/, which bin/driftgate.js loads. */
export function buildCli(): void {
  execFileSync('npm', ['run', 'build', '--silent'], { cwd: repoRoot, stdio: 'inherit' });
}

/** Output and exit code of one CLI run. */
export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/driftgate.js ARGS` in `cwd`. */
export function runCli(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): CliRun {
  const result = spawnSync(process.execPath, [join(repoRoot, 'bin/driftgate.js'), ...args], {
    cwd,
    encoding: 'utf8',
    // Empty values unset variables of the calling shell or CI that change the output.
    env: { ...process.env, DRIFTGATE_DEBUG: '', DRIFTGATE_DOCS_URL: '', GITHUB_WORKSPACE: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Writes files (path relative to a new temporary folder → text) and returns the folder. */
export function writeTree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'driftgate-cli-'));
  // A .git folder stops the search for driftgate.yaml at this folder.
  mkdirSync(join(root, '.git'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** Removes a folder made by writeTree. */
export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
