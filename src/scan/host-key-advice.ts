/**
 * Advice for a host key that the scan rejected as unknown. Scans read known_hosts from the
 * commit they compare against, while `driftgate hostkeys trust` writes the working tree's file,
 * so the advice names both the trust command and the git commands that commit its result.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';

import { lookupNames } from '../ssh/client.js';
import type { SshTarget } from '../ssh/client.js';
import { parseKnownHosts, verifyHostKey } from '../ssh/known-hosts.js';
import type { KnownHosts } from '../ssh/known-hosts.js';

/** Quotes a command-line argument for a POSIX shell, leaving plain words as they are. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/**
 * Returns the git commands that commit a known_hosts file. `repo` is the `--repo` value as the
 * user gave it, or undefined when the command ran in the repository's folder, and `file` is
 * relative to it.
 */
export function commitCommands(repo: string | undefined, file: string, hostName: string): string[] {
  const git = repo === undefined ? 'git' : `git -C ${shellQuote(repo)}`;
  return [`${git} add ${shellQuote(file)}`, `${git} commit -m ${shellQuote(`Trust the SSH host key of ${hostName}`)}`];
}

/** Returns the text of a file as committed at HEAD, or undefined when git has no such file. */
export function committedText(path: string): string | undefined {
  try {
    return execFileSync('git', ['-C', dirname(path), 'show', `HEAD:./${basename(path)}`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return undefined;
  }
}

/** Options of the scan that the trust command has to repeat. */
export interface ScanCall {
  /** `--repo` as given, or undefined when the scan ran in the repository's folder. */
  repo?: string;
  /** True when `repo` is a URL, which `hostkeys trust` cannot write to. */
  remote: boolean;
  /** `--inventory` as given, when it is not the default. */
  inventory?: string;
  /** `--known-hosts` as given. The scan then reads that file instead of the committed one. */
  knownHosts?: string;
  /**
   * The known_hosts file of the local working tree that the inventory names: its absolute path
   * and its path relative to the repository folder. Unset for a remote repository or with
   * `--known-hosts`.
   */
  workingFile?: { path: string; relative: string };
  /** The commit the scan compared against, as `commit 1a2b3c4d5e6f (HEAD)`. */
  commitLabel: string;
  /** True when `--ref` named a ref, so a commit on the current branch may not reach the scan. */
  refGiven: boolean;
}

/**
 * Returns a function that writes the advice for a host whose presented key (`type base64`) is
 * not in the known_hosts file the scan used. Only the message reads the working tree's file,
 * because the scan itself trusts nothing but the commit's file.
 */
export function unknownKeyAdvisor(call: ScanCall): (target: SshTarget, presentedKey: string) => string {
  let working: KnownHosts | undefined;
  return (target, presentedKey) => {
    const trust = trustCommand(call, target.name);
    if (call.remote) {
      return `Check the key out of band, then in a clone of ${call.repo} run: ${trust}, commit the known_hosts file and push it.`;
    }
    if (call.knownHosts !== undefined || !call.workingFile) {
      return `Check the key out of band, then run: ${trust}`;
    }
    const file = call.workingFile;
    working ??= existsSync(file.path) ? parseKnownHosts(readFileSync(file.path, 'utf8')) : { entries: [], problems: [] };
    const [keyType = '', key = ''] = presentedKey.split(' ');
    const verdict = verifyHostKey(working, lookupNames(target), keyType, key);
    if (verdict.status === 'match') {
      const branch = call.refGiven ? ' on the branch that --ref names' : '';
      return (
        `The working tree's ${file.relative} has this key (line ${verdict.entry.line}), but ${call.commitLabel} does not, ` +
        `and scans read known_hosts from the commit. Commit the file${branch}: ${commitCommands(call.repo, file.relative, target.name).join(' && ')}`
      );
    }
    return `Check the key out of band, then run: ${trust}, and commit ${file.relative}, because scans read known_hosts from the commit.`;
  };
}

function trustCommand(call: ScanCall, hostName: string): string {
  const words = ['driftgate', 'hostkeys', 'trust', shellQuote(hostName)];
  if (call.repo !== undefined && !call.remote) words.push('--repo', shellQuote(call.repo));
  if (call.inventory !== undefined) words.push('--inventory', shellQuote(call.inventory));
  if (call.knownHosts !== undefined) words.push('--known-hosts', shellQuote(call.knownHosts));
  return words.join(' ');
}
