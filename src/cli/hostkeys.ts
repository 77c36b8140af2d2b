/** `driftgate hostkeys trust HOST`: records a host's SSH key in the known_hosts file. */
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';

import { fetchHostKey, fingerprintOf, lookupNames, SessionError } from '../ssh/client.js';
import { formatKnownHostLines, parseKnownHosts, verifyHostKey } from '../ssh/known-hosts.js';
import { commitCommands, committedText, shellQuote } from '../scan/host-key-advice.js';
import { InventoryError, loadInventory, resolveHost } from '../scan/inventory.js';
import { EXIT, UsageError } from './errors.js';

export const hostkeysHelp = `Usage: driftgate hostkeys trust HOST [options]

Connects to HOST of the inventory, shows its SSH host key fingerprint and records the key in
the known_hosts file. Compare the fingerprint with one obtained out of band (for example
"ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub" on the host's console) before trusting it.
A host whose pinned key differs is not changed: remove its old line by hand first.
Scans read known_hosts from the commit they compare against, so commit the file afterwards;
the command prints the git commands when the commit at HEAD lacks the key.

Options:
  --repo PATH         desired-state working tree (default: .)
  --inventory FILE    inventory file inside it (default: inventory.yaml)
  --known-hosts FILE  file to write (default: ssh.knownHosts of the inventory, or known_hosts)
  --fingerprint FP    record the key only if its fingerprint is FP (SHA256:...)
  --hash              write hashed host names, as "ssh-keygen -H" does
  -h, --help          show this help
`;

/** Runs `driftgate hostkeys SUBCOMMAND` and returns its exit code. */
export async function runHostkeys(args: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      repo: { type: 'string' },
      inventory: { type: 'string', default: 'inventory.yaml' },
      'known-hosts': { type: 'string' },
      fingerprint: { type: 'string' },
      hash: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(hostkeysHelp);
    return EXIT.clean;
  }
  const [subcommand, hostName, ...extra] = positionals;
  if (subcommand !== 'trust' || !hostName || extra.length > 0) {
    throw new UsageError('expected "driftgate hostkeys trust HOST"; run with --help for the options');
  }
  const repoDir = resolve(cwd, values.repo ?? '.');
  const inventoryPath = join(repoDir, values.inventory);
  if (!existsSync(inventoryPath)) {
    throw new UsageError(
      `inventory ${inventoryPath} not found; run the command in the desired-state repository, or name the repository with --repo PATH (and the inventory with --inventory FILE)`,
    );
  }
  let inventory;
  try {
    inventory = loadInventory(inventoryPath, values.inventory);
  } catch (error) {
    if (error instanceof InventoryError) throw new UsageError(`the inventory cannot be used:\n${error.message}`);
    throw error;
  }
  const host = inventory.hosts.find((candidate) => candidate.name === hostName);
  if (!host) throw new UsageError(`host "${hostName}" is not in ${values.inventory}`);
  const resolved = resolveHost(inventory, host);
  const target = { name: resolved.name, address: resolved.address, port: resolved.port, user: resolved.user };
  const knownHostsPath = values['known-hosts'] ? resolve(cwd, values['known-hosts']) : join(dirname(inventoryPath), inventory.ssh?.knownHosts ?? 'known_hosts');
  // Scans read the repository's known_hosts at a commit, so a key written to the working tree
  // counts only once committed. A file named with --known-hosts is read as it is.
  const commitAdvice = (keyType: string, key: string): string => {
    if (values['known-hosts']) return `Scans use this file when run with --known-hosts ${shellQuote(values['known-hosts'])}.\n`;
    const committed = committedText(knownHostsPath);
    if (committed !== undefined && verifyHostKey(parseKnownHosts(committed), lookupNames(target), keyType, key).status === 'match') {
      return 'The file at HEAD has the key too, so scans of HEAD accept it.\n';
    }
    const commands = commitCommands(values.repo, relative(repoDir, knownHostsPath), hostName);
    return `The key is not in the file at HEAD yet, and scans read known_hosts from the commit they compare against, so commit the file (and push it for scans of a remote):\n${commands.map((command) => `  ${command}\n`).join('')}`;
  };

  let presented: string;
  try {
    presented = await fetchHostKey(target, (inventory.ssh?.connectTimeout ?? 10) * 1000);
  } catch (error) {
    if (error instanceof SessionError) throw new UsageError(error.message);
    throw error;
  }
  const fingerprint = fingerprintOf(presented);
  const [keyType = '', key = ''] = presented.split(' ');
  process.stdout.write(`${hostName} (${resolved.address}:${resolved.port}) presents ${fingerprint}\n`);
  const expected = values.fingerprint?.startsWith('SHA256:') ? values.fingerprint : `SHA256:${values.fingerprint ?? ''}`;
  if (values.fingerprint !== undefined && fingerprint.split(' ')[1] !== expected) {
    process.stderr.write(`driftgate: the fingerprint does not match ${values.fingerprint}; nothing recorded\n`);
    return EXIT.failure;
  }
  const known = parseKnownHosts(existsSync(knownHostsPath) ? readFileSync(knownHostsPath, 'utf8') : '');
  const verdict = verifyHostKey(known, lookupNames(target), keyType, key);
  if (verdict.status === 'match') {
    process.stdout.write(`already trusted in ${knownHostsPath} (line ${verdict.entry.line})\n${commitAdvice(keyType, key)}`);
    return EXIT.clean;
  }
  if (verdict.status !== 'unknown') {
    const lines = verdict.status === 'changed' ? verdict.expected.map((entry) => entry.line).join(', ') : String(verdict.entry.line);
    process.stderr.write(`driftgate: ${knownHostsPath} pins another or a revoked key for ${hostName} (line ${lines}); remove that line by hand after checking why the key changed\n`);
    return EXIT.failure;
  }
  const existing = existsSync(knownHostsPath) ? readFileSync(knownHostsPath, 'utf8') : '';
  const separator = existing === '' || existing.endsWith('\n') ? '' : '\n';
  const lines = formatKnownHostLines(lookupNames(target), keyType, key, values.hash);
  appendFileSync(knownHostsPath, `${separator}${lines.join('\n')}\n`);
  process.stdout.write(`recorded in ${knownHostsPath}\n${commitAdvice(keyType, key)}`);
  return EXIT.clean;
}
