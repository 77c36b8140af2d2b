/** `driftgate scan`: compares live hosts with the desired state at a git ref. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { parseKnownHosts } from '../ssh/known-hosts.js';
import type { KnownHosts } from '../ssh/known-hosts.js';
import { privateKeyProblem } from '../ssh/client.js';
import type { SshAuth, SshLimits, SshTarget } from '../ssh/client.js';
import { checkoutDesired, DesiredStateError, isRemote } from '../scan/desired.js';
import { countProblems } from '../scan/findings.js';
import { unknownKeyAdvisor } from '../scan/host-key-advice.js';
import type { HostResult, ScanReport } from '../scan/findings.js';
import { InventoryError, loadInventory, resolveHost, selectHosts } from '../scan/inventory.js';
import { scanFormatters } from '../scan/report.js';
import { DEFAULT_CONCURRENCY, scanHosts } from '../scan/scan.js';
import type { Inventory } from '../types/inventory.js';
import { EXIT, UsageError } from './errors.js';
import { toolVersion } from './version.js';

export const scanHelp = `Usage: driftgate scan [options]

Logs in to the hosts of the inventory over SSH, collects their state with read-only commands
and compares it with the desired state at a git ref.

Options:
  --repo PATH|URL     desired-state repository; a URL is cloned into the cache (default: .)
  --ref REF           branch, tag or commit to compare against (default: HEAD, or the
                      remote's default branch for a URL)
  --hosts PATTERN     comma-separated globs matched against host names and tags
  --inventory FILE    inventory file inside the repository (default: inventory.yaml)
  --known-hosts FILE  known_hosts file to use instead of the one the inventory names
  --identity FILE     private key file (default: ssh.identityFile of the inventory)
  --concurrency N     hosts scanned at once (default: ssh.concurrency or ${DEFAULT_CONCURRENCY})
  --cache DIR         folder for clones of remote repositories
                      (default: $XDG_CACHE_HOME/driftgate or ~/.cache/driftgate)
  --format FORMAT     text, json, markdown or html (default: text)
  --output FILE       write the report to FILE instead of stdout
  -h, --help          show this help

Exit codes: 0 no drift, 1 drift or hosts that could not be scanned,
2 the scan could not run or no host could be scanned.
`;

/** Runs the command and returns its exit code. */
export async function runScan(args: string[], cwd: string): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      repo: { type: 'string' },
      ref: { type: 'string' },
      hosts: { type: 'string' },
      inventory: { type: 'string', default: 'inventory.yaml' },
      'known-hosts': { type: 'string' },
      identity: { type: 'string' },
      concurrency: { type: 'string' },
      cache: { type: 'string' },
      format: { type: 'string', default: 'text' },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(scanHelp);
    return EXIT.clean;
  }
  const formatter = scanFormatters[values.format];
  if (!formatter) throw new UsageError(`unknown --format "${values.format}"; use one of ${Object.keys(scanFormatters).join(', ')}`);
  const concurrency = values.concurrency === undefined ? undefined : Number(values.concurrency);
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) {
    throw new UsageError(`--concurrency must be a whole number of at least 1, not "${values.concurrency}"`);
  }

  const repoOption = values.repo ?? '.';
  const repo = isRemote(repoOption) ? repoOption : resolve(cwd, repoOption);
  const startedAt = new Date().toISOString();
  let checkout;
  try {
    checkout = await checkoutDesired(repo, values.ref, values.cache ? resolve(cwd, values.cache) : defaultCacheDir());
  } catch (error) {
    if (error instanceof DesiredStateError) throw new UsageError(error.message);
    throw error;
  }
  try {
    if (checkout.stale) process.stderr.write(`driftgate: warning: ${checkout.stale}\n`);
    const inventoryPath = join(checkout.dir, values.inventory);
    if (!existsSync(inventoryPath)) {
      // The scan reads the repository at a commit, so a file that is only in the working tree
      // is missing here, and the temporary checkout's path would mean nothing to the user.
      throw new UsageError(
        `${values.inventory} is not in commit ${checkout.commit.slice(0, 12)} (${checkout.ref}) of ${repo}; commit it, or name another file with --inventory or another commit with --ref.`,
      );
    }
    const inventory = loadOrExplain(inventoryPath, values.inventory);
    const hosts = selectHosts(inventory, values.hosts).map((host) => resolveHost(inventory, host));
    if (hosts.length === 0) throw new UsageError(`no host matches --hosts "${values.hosts ?? ''}"`);
    const knownHostsPath = values['known-hosts'] ? resolve(cwd, values['known-hosts']) : join(dirname(inventoryPath), inventory.ssh?.knownHosts ?? 'known_hosts');
    // The checkout's temporary folder would mean nothing to the user, so a committed file is
    // named by its path in the repository and the commit.
    const knownHostsName = values['known-hosts'] ? knownHostsPath : `${relative(checkout.dir, knownHostsPath)} at commit ${checkout.commit.slice(0, 12)}`;
    const knownHosts = readKnownHosts(knownHostsPath, knownHostsName);
    const results = await scanHosts(hosts, {
      repoDir: checkout.dir,
      auth: authFor(inventory, values.identity ? resolve(cwd, values.identity) : undefined),
      knownHosts,
      limits: limitsFor(inventory),
      concurrency: concurrency ?? inventory.ssh?.concurrency ?? DEFAULT_CONCURRENCY,
      jump: jumpFor(inventory),
      onHostDone: progressReporter(),
      unknownKeyAdvice: unknownKeyAdvisor({
        repo: values.repo,
        remote: isRemote(repoOption),
        inventory: values.inventory === 'inventory.yaml' ? undefined : values.inventory,
        knownHosts: values['known-hosts'],
        workingFile: isRemote(repoOption) ? undefined : workingKnownHosts(repo, values.inventory, inventory),
        commitLabel: `commit ${checkout.commit.slice(0, 12)} (${checkout.ref})`,
        refGiven: values.ref !== undefined,
      }),
      log: (message) => process.stderr.write(`driftgate: ${message}\n`),
    });
    const report: ScanReport = {
      toolVersion,
      startedAt,
      desired: { source: checkout.source, ref: checkout.ref, commit: checkout.commit, ...(checkout.stale ? { stale: checkout.stale } : {}) },
      hosts: results,
    };
    const text = formatter(report);
    if (values.output) writeFileSync(resolve(cwd, values.output), text);
    else process.stdout.write(text);
    return exitCodeOf(report);
  } finally {
    await checkout.dispose();
  }
}

/** Returns the exit code of a finished scan. */
export function exitCodeOf(report: ScanReport): number {
  const { drift, failedHosts, scannedHosts } = countProblems(report);
  if (scannedHosts === 0) return EXIT.failure;
  return drift > 0 || failedHosts > 0 ? EXIT.findings : EXIT.clean;
}

/** Returns the known_hosts file in the working tree of a local repository, where `hostkeys trust` writes. */
function workingKnownHosts(repoDir: string, inventoryFile: string, inventory: Inventory): { path: string; relative: string } {
  const path = join(dirname(join(repoDir, inventoryFile)), inventory.ssh?.knownHosts ?? 'known_hosts');
  return { path, relative: relative(repoDir, path) };
}

function loadOrExplain(path: string, displayName: string): Inventory {
  try {
    return loadInventory(path, displayName);
  } catch (error) {
    if (error instanceof InventoryError) throw new UsageError(`the inventory cannot be used:\n${error.message}`);
    throw error;
  }
}

/**
 * Reads the known_hosts file; a missing file is an empty one, so every host is unknown.
 * `displayName` names the file in warnings and in the scan's host-key messages.
 */
export function readKnownHosts(path: string, displayName = path): KnownHosts {
  if (!existsSync(path)) {
    process.stderr.write(`driftgate: warning: known_hosts file ${displayName} not found; every host key is unknown and will be rejected\n`);
    return { entries: [], problems: [], source: displayName };
  }
  const known = parseKnownHosts(readFileSync(path, 'utf8'));
  for (const problem of known.problems) process.stderr.write(`driftgate: warning: ${displayName}:${problem.line}: ${problem.message}; line ignored\n`);
  return { ...known, source: displayName };
}

function expandHome(path: string): string {
  return path.startsWith('~/') ? join(homedir(), path.slice(2)) : path;
}

/** Returns the credentials: the key file from the option or inventory, and the agent unless disabled. */
export function authFor(inventory: Inventory, identity: string | undefined): SshAuth {
  const auth: SshAuth = {};
  const keyPath = identity ?? (inventory.ssh?.identityFile ? expandHome(inventory.ssh.identityFile) : undefined);
  if (keyPath) {
    try {
      auth.privateKey = readFileSync(isAbsolute(keyPath) ? keyPath : resolve(keyPath));
    } catch (error) {
      throw new UsageError(`cannot read the private key ${keyPath}: ${(error as Error).message}`);
    }
    // Checked once here, so that an unusable key stops the scan instead of failing every host.
    const problem = privateKeyProblem(auth.privateKey);
    if (problem?.encrypted) {
      throw new UsageError(
        `the private key ${keyPath} is protected by a passphrase, which the scan cannot ask for. ` +
          `Load it into ssh-agent (ssh-add ${keyPath}) and drop --identity and ssh.identityFile, ` +
          `or use a key without a passphrase that only the scan user can read (chmod 600 ${keyPath}).`,
      );
    }
    if (problem) throw new UsageError(`the private key ${keyPath} cannot be used: ${problem.message}; give an OpenSSH or PEM private key`);
  }
  if (inventory.ssh?.agent !== false && process.env.SSH_AUTH_SOCK) auth.agent = process.env.SSH_AUTH_SOCK;
  if (!auth.privateKey && !auth.agent) {
    throw new UsageError('no SSH credentials: set ssh.identityFile in the inventory, pass --identity FILE or start ssh-agent');
  }
  return auth;
}

function limitsFor(inventory: Inventory): Partial<SshLimits> {
  const ssh = inventory.ssh ?? {};
  const limits: Partial<SshLimits> = {};
  if (ssh.connectTimeout !== undefined) limits.connectTimeoutMs = ssh.connectTimeout * 1000;
  if (ssh.commandTimeout !== undefined) limits.commandTimeoutMs = ssh.commandTimeout * 1000;
  if (ssh.totalTimeout !== undefined) limits.totalTimeoutMs = ssh.totalTimeout * 1000;
  if (ssh.retries !== undefined) limits.retries = ssh.retries;
  return limits;
}

function jumpFor(inventory: Inventory): SshTarget | undefined {
  const jump = inventory.ssh?.jumpHost;
  if (!jump) return undefined;
  return { name: jump.name ?? jump.address, address: jump.address, port: jump.port ?? 22, user: jump.user ?? inventory.defaults?.user ?? 'root' };
}

function defaultCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'driftgate', 'repos');
}

/** Shows progress on a terminal (stderr), and nothing when stderr is a pipe or file. */
function progressReporter(): ((result: HostResult, done: number, total: number) => void) | undefined {
  if (!process.stderr.isTTY) return undefined;
  return (result, done, total) => {
    const state = result.status === 'scanned' ? `${result.findings.length} finding(s)` : result.status;
    process.stderr.write(`\r\x1b[K[${done}/${total}] ${result.host}: ${state}${done === total ? '\n' : ''}`);
  };
}
