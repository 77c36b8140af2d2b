/**
 * The desired state from git: a local repository or a remote URL cloned into a cache folder,
 * checked out at a branch, tag or commit into a private worktree so the user's checkout is
 * never touched. Every report records the commit it compared against.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { simpleGit } from 'simple-git';

/** A checkout of the desired state, removed by `dispose`. */
export interface DesiredCheckout {
  /** Folder with the files at `commit`. */
  dir: string;
  source: string;
  ref: string;
  commit: string;
  /** Set when the remote could not be reached and the last fetched commit was used instead. */
  stale?: string;
  dispose(): Promise<void>;
}

/** A desired state that cannot be read; the message names what to fix. */
export class DesiredStateError extends Error {}

/** Returns true when the source is a URL or scp-like address rather than a local path. */
export function isRemote(source: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(source) || /^[^/\s]+@[^/\s]+:/.test(source);
}

/**
 * Checks out `ref` of the repository at `source`. A remote is cloned once into `cacheDir` and
 * fetched on later runs. When the fetch fails, the commit fetched last time is used and `stale`
 * records why.
 */
export async function checkoutDesired(source: string, ref: string | undefined, cacheDir: string): Promise<DesiredCheckout> {
  let gitDir: string;
  let stale: string | undefined;
  if (isRemote(source)) {
    ({ gitDir, stale } = await fetchRemote(source, cacheDir));
  } else {
    gitDir = resolve(source);
    if (!existsSync(gitDir)) throw new DesiredStateError(`repository ${source} not found`);
    const isRepository = await simpleGit(gitDir)
      .raw(['rev-parse', '--git-dir'])
      .then(
        () => true,
        () => false,
      );
    if (!isRepository) {
      throw new DesiredStateError(`${source} is not a git repository; scan reads the desired state from a commit, so give --repo a git repository (or its URL) with the inventory committed`);
    }
  }
  const git = simpleGit(gitDir);
  const wanted = ref ?? (isRemote(source) ? 'origin/HEAD' : 'HEAD');
  const commit = await resolveCommit(git, wanted, source, isRemote(source));
  const dir = await mkdtemp(join(tmpdir(), 'driftgate-desired-'));
  try {
    // `git worktree add --detach` gives a private checkout at the commit without touching the
    // user's working tree or index.
    await git.raw(['worktree', 'add', '--detach', '--force', dir, commit]);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw new DesiredStateError(`cannot check out ${commit} of ${source}: ${(error as Error).message.trim()}`);
  }
  const checkout: DesiredCheckout = {
    dir,
    source,
    ref: wanted,
    commit,
    dispose: async () => {
      await git.raw(['worktree', 'remove', '--force', dir]).catch(() => undefined);
      await rm(dir, { recursive: true, force: true });
    },
  };
  if (stale) checkout.stale = stale;
  return checkout;
}

/**
 * A bare clone keeps branches under refs/heads and has no fetch refspec, so every fetch names
 * one that mirrors the remote's branches to refs/remotes/origin/, where refs are resolved.
 */
const FETCH_ARGS = ['--prune', '--tags', '--force', 'origin', '+refs/heads/*:refs/remotes/origin/*'];

async function fetchRemote(url: string, cacheDir: string): Promise<{ gitDir: string; stale?: string }> {
  const name = createHash('sha256').update(url).digest('hex').slice(0, 16);
  const gitDir = join(cacheDir, name);
  await mkdir(cacheDir, { recursive: true });
  if (!existsSync(join(gitDir, 'HEAD'))) {
    try {
      await simpleGit().clone(url, gitDir, ['--bare', '--quiet']);
      await simpleGit(gitDir).fetch(FETCH_ARGS);
      await simpleGit(gitDir).raw(['remote', 'set-head', 'origin', '--auto']);
    } catch (error) {
      await rm(gitDir, { recursive: true, force: true });
      throw new DesiredStateError(`cannot clone ${url}: ${(error as Error).message.trim()}`);
    }
    return { gitDir };
  }
  try {
    await simpleGit(gitDir).fetch(FETCH_ARGS);
    return { gitDir };
  } catch (error) {
    const reason = (error as Error).message.trim().split('\n')[0];
    return { gitDir, stale: `fetch from ${url} failed (${reason}); compared against the last fetched commit` };
  }
}

async function resolveCommit(git: ReturnType<typeof simpleGit>, ref: string, source: string, remote: boolean): Promise<string> {
  // For a clone, a branch name is looked up under origin/ first so it follows the remote.
  const candidates = remote && !ref.startsWith('origin/') ? [`origin/${ref}`, ref] : [ref];
  for (const candidate of candidates) {
    try {
      const commit = (await git.raw(['rev-parse', '--verify', '--quiet', `${candidate}^{commit}`])).trim();
      if (/^[0-9a-f]{40,64}$/.test(commit)) return commit;
    } catch {
      // Not this spelling; try the next.
    }
  }
  if (ref === 'HEAD' && !remote) {
    throw new DesiredStateError(`repository ${source} has no commit yet; commit the inventory and the desired state, then scan`);
  }
  throw new DesiredStateError(`ref "${ref}" not found in ${source}; give a branch, tag or commit that exists`);
}
