/** Reading configuration files as they are in a git revision or in the index, with simple-git or plain git processes. */
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SimpleGit } from 'simple-git';

import { ActionableError } from '../errors.js';

/** Source of a file's content: a commit-ish such as `HEAD` or `origin/main`, or the index. */
export type Revision = { commit: string } | { index: true };

/** Error raised when a git command fails. The message names the revision and what to do. */
export class GitError extends ActionableError {}

/** The one git call that the index helpers need, which both runners below provide. */
export type GitCommands = Pick<SimpleGit, 'raw'>;

const require = createRequire(import.meta.url);

/** Opens the repository that contains `cwd`. */
export function openRepository(cwd: string): SimpleGit {
  // simple-git is loaded on first use, because the pre-commit hook runs git without it and
  // loading it took about 100 ms of each commit on a busy 2-CPU machine.
  const { simpleGit } = require('simple-git') as typeof import('simple-git');
  return simpleGit({ baseDir: cwd, binary: 'git', maxConcurrentProcesses: 4, trimmed: false });
}

/** Opens the repository that contains `cwd` with plain `git` processes and no simple-git. */
export function openPlainRepository(cwd: string): GitCommands {
  const raw = (args: string[]): Promise<string> =>
    new Promise((resolvePromise, reject) => {
      execFile('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(stderr.trim() || error.message));
        else resolvePromise(stdout);
      });
    });
  return { raw } as GitCommands;
}

/** Returns the top folder of the work tree that contains `cwd`. */
export async function topLevel(git: GitCommands): Promise<string> {
  try {
    return (await git.raw(['rev-parse', '--show-toplevel'])).trim();
  } catch {
    throw new GitError('not inside a git repository; run driftgate from a clone of the configuration repository');
  }
}

/** Resolves a commit-ish to a full commit id. */
export async function resolveCommit(git: SimpleGit, ref: string): Promise<string> {
  try {
    return (await git.revparse(['--verify', '--end-of-options', `${ref}^{commit}`])).trim();
  } catch {
    throw new GitError(`unknown revision "${ref}"; fetch it first (git fetch origin) or name an existing branch, tag or commit`);
  }
}

/** Returns the merge base of two commits: what a pull request is compared against. */
export async function mergeBase(git: SimpleGit, left: string, right: string): Promise<string> {
  try {
    return (await git.raw(['merge-base', left, right])).trim();
  } catch {
    throw new GitError(`"${left}" and "${right}" have no common ancestor; fetch with enough history (fetch-depth: 0 in CI)`);
  }
}

/** Lists the files of a revision, relative to the top folder. */
export async function listFiles(git: SimpleGit, revision: Revision): Promise<string[]> {
  const output = 'index' in revision ? await git.raw(['ls-files', '-z']) : await git.raw(['ls-tree', '-r', '-z', '--name-only', revision.commit]);
  return output.split('\0').filter((name) => name !== '');
}

/** Files of a `git diff`, with the renamed ones. */
export interface ChangedFiles {
  /** Paths on the newer side, relative to the top folder. */
  files: string[];
  /** Renamed files, old path to new path. */
  renames: Map<string, string>;
  /** New paths of the renames whose content did not change (status `R100`). */
  pureRenames: Set<string>;
}

/**
 * Lists files staged for commit (added, copied, modified, renamed), relative to the top folder,
 * and the renamed ones by their name in HEAD.
 */
export async function stagedFiles(git: GitCommands): Promise<ChangedFiles> {
  return nameStatus(await git.raw(['diff', '--cached', '--name-status', '-z', '-M', '--diff-filter=ACMR']));
}

/**
 * Reads `git diff --name-status -z` output: the files of the newer side, and the renamed ones,
 * old path to new path. A rename or copy entry has a status such as `R087` and both paths, and
 * `R100` marks a rename with unchanged content.
 */
function nameStatus(output: string): ChangedFiles {
  const fields = output.split('\0');
  const files: string[] = [];
  const renames = new Map<string, string>();
  const pureRenames = new Set<string>();
  for (let index = 0; index < fields.length && fields[index] !== ''; ) {
    const status = fields[index]!;
    if (status.startsWith('R') || status.startsWith('C')) {
      if (status.startsWith('R')) renames.set(fields[index + 1]!, fields[index + 2]!);
      if (status === 'R100') pureRenames.add(fields[index + 2]!);
      files.push(fields[index + 2]!);
      index += 3;
    } else {
      files.push(fields[index + 1]!);
      index += 2;
    }
  }
  return { files, renames, pureRenames };
}

/** Lists files that differ between two commits, relative to the top folder. */
export async function changedFiles(git: SimpleGit, from: string, to: string): Promise<string[]> {
  const output = await git.raw(['diff', '--name-only', '-z', '--no-renames', from, to]);
  return output.split('\0').filter((name) => name !== '');
}

/**
 * Returns the files that git detects as renamed between two commits, old path to new path. git
 * pairs a deleted and an added file when their contents are at least half alike (`-M`), so a
 * file moved with small edits is paired too.
 */
export async function renamedFiles(git: SimpleGit, from: string, to: string): Promise<Map<string, string>> {
  return nameStatus(await git.raw(['diff', '--name-status', '-z', '-M', from, to])).renames;
}

/** Reads one file as it is in a revision; undefined when it does not exist there. */
export async function readAt(git: SimpleGit, revision: Revision, path: string): Promise<string | undefined> {
  const spec = 'index' in revision ? `:${path}` : `${revision.commit}:${path}`;
  try {
    return await git.show([spec]);
  } catch {
    return undefined;
  }
}

/**
 * Writes the files of a revision (all tracked files, or only `paths`) into a new temporary
 * folder, so the ordinary validation pipeline can read them. One git process does it:
 * `git checkout-index` for the index, `git archive` piped into `tar` for a commit. The caller
 * removes the folder with `removeSnapshot`.
 */
export async function snapshot(git: GitCommands, cwd: string, revision: Revision, paths?: readonly string[]): Promise<string> {
  const folder = mkdtempSync(join(tmpdir(), 'driftgate-rev-'));
  try {
    if ('index' in revision) {
      const selection = paths ? ['--', ...paths] : ['-a'];
      await git.raw(['checkout-index', '-f', `--prefix=${folder}/`, ...selection]);
    } else {
      await extractArchive(cwd, revision.commit, folder, paths);
    }
  } catch (error) {
    removeSnapshot(folder);
    throw new GitError(`cannot read the files of ${'index' in revision ? 'the index' : revision.commit}: ${(error as Error).message}`);
  }
  return folder;
}

function extractArchive(cwd: string, commit: string, folder: string, paths?: readonly string[]): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const archive = spawn('git', ['archive', '--format=tar', commit, ...(paths ? ['--', ...paths] : [])], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-C', folder], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    tar.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    archive.stdout.pipe(tar.stdin);
    archive.on('error', reject);
    tar.on('error', reject);
    tar.on('close', (code) => (code === 0 ? resolvePromise() : reject(new Error(errors.trim() || `tar exited with ${code}`))));
  });
}

/** Removes a folder made by `snapshot`. */
export function removeSnapshot(folder: string): void {
  rmSync(folder, { recursive: true, force: true });
}
