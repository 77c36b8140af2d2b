/**
 * Test hosts for the drift scanner: each is a Linux network namespace `dglab-<n>` joined to the
 * root namespace by a veth pair and running a real OpenSSH sshd.
 *
 * `ip netns exec NAME` bind-mounts every entry of /etc/netns/NAME/ over the same name in /etc
 * (ip-netns(8)), so each host gets its own /etc/ssh and /etc/passwd, and the `etcFiles` and units
 * of its spec, without touching the machine's /etc. Every other file is the machine's own. Firewall rules, routes and net.* sysctls are per
 * namespace in the kernel, so each host has its own of those too.
 */
import { spawn, execFile } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { createConnection } from 'node:net';

import { knownHostName } from '../ssh/known-hosts.js';

const run = promisify(execFile);

/** Prefix of every namespace and veth the lab creates; teardown removes only these. */
export const LAB_PREFIX = 'dglab';

/** Unprivileged user that exists on every test host and may log in with the lab key. */
export const LAB_USER = 'dgscan';

/** First and last host index: host n uses network + 4n as a /30, inside the lab's /20. */
const FIRST_INDEX = 1;
const LAST_INDEX = 1023;

/** The /20 that `dglab-*` hosts use when no other network is given. */
export const LAB_NETWORK = '198.18.0.0';

/**
 * Names and addresses of a set of test hosts. Labs with different prefixes and networks can run
 * at the same time, and each teardown removes only its own namespaces.
 */
export interface LabOptions {
  /** Prefix of namespace and veth names: lower-case letters, at most 7 (default `dglab`). */
  prefix?: string;
  /** First address of a /20 inside 198.18.0.0/15, the benchmarking block of RFC 2544 (default 198.18.0.0). */
  network?: string;
}

interface LabNaming {
  prefix: string;
  network: string;
}

/** Checks the options and fills in the defaults. */
function labNaming(options: LabOptions = {}): LabNaming {
  const prefix = options.prefix ?? LAB_PREFIX;
  const network = options.network ?? LAB_NETWORK;
  // Linux interface names have at most 15 characters, and veth names are prefix + index + h/n.
  if (!/^[a-z]{1,7}$/.test(prefix)) throw new RangeError(`lab prefix "${prefix}" must be 1 to 7 lower-case letters`);
  const value = addressValue(network);
  const blockStart = addressValue('198.18.0.0')!;
  if (value === undefined || value % 4096 !== 0 || value < blockStart || value >= blockStart + 2 ** 17) {
    throw new RangeError(`lab network ${network} must be the first address of a /20 inside 198.18.0.0/15`);
  }
  return { prefix, network };
}

function addressValue(text: string): number | undefined {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((part) => !Number.isInteger(part) || part < 0 || part > 255)) return undefined;
  return parts.reduce((total, part) => total * 256 + part, 0);
}

/** Behaviour of a test host on its SSH port. */
export type HostMode =
  /** sshd runs and the lab key may log in. */
  | 'sshd'
  /** sshd runs but the lab key is not authorized, so login fails. */
  | 'refuse-login'
  /** A TCP listener accepts connections and never sends a byte. */
  | 'silent'
  /** The namespace interface stays down, so ARP requests for the address get no reply. */
  | 'unreachable';

/** Specification of one test host. */
export interface LabHostSpec {
  mode?: HostMode;
  /** Files to place under the host's /etc, by path relative to /etc (such as `motd`). */
  etcFiles?: Record<string, string>;
  /** Lines appended to the host's sshd_config. */
  sshdConfig?: string;
  /** Unit names whose unit file is created and enabled under the host's /etc/systemd. */
  enabledUnits?: string[];
  /** Unit names whose unit file is created but not enabled. */
  disabledUnits?: string[];
  /** TCP port of sshd or the silent listener (default: 22). */
  port?: number;
  /** Host key algorithm for ssh-keygen -t (default: ed25519). */
  hostKeyType?: 'ed25519' | 'rsa' | 'ecdsa';
}

/** One running test host. */
export interface LabHost {
  index: number;
  namespace: string;
  /** Address of the host inside its namespace. */
  address: string;
  port: number;
  mode: HostMode;
  /** The host's /etc overlay directory, /etc/netns/<namespace>. */
  etcDir: string;
  /** Public host key in OpenSSH format (`ssh-ed25519 AAAA...`). */
  hostKey: string;
  hostKeyType: 'ed25519' | 'rsa' | 'ecdsa';
}

/** A set of test hosts with the client key that logs in to them. */
export interface Lab {
  hosts: LabHost[];
  /** Private key (OpenSSH format) authorized on every `sshd` host. */
  clientKeyPath: string;
  /** A known_hosts file with the key of every `sshd` and `refuse-login` host. */
  knownHostsPath: string;
  /** Temporary folder of the lab; removed by `destroy`. */
  workDir: string;
  /** Runs a command inside a host's namespace (with its /etc binds) and returns stdout. */
  exec(host: LabHost, argv: string[]): Promise<string>;
  /** Replaces a host's SSH host key and restarts its sshd. */
  rotateHostKey(host: LabHost): Promise<void>;
  /** Removes every namespace, veth, process and file of this lab. */
  destroy(): Promise<void>;
}

interface HostState {
  host: LabHost;
  process?: ChildProcess;
}

/** Returns why the lab cannot run here, or undefined when it can. */
export async function labUnavailableReason(): Promise<string | undefined> {
  if (process.platform !== 'linux') return 'test hosts need Linux network namespaces';
  if (process.getuid?.() !== 0) return 'test hosts need root to create network namespaces';
  for (const tool of ['/usr/sbin/sshd', '/usr/bin/ssh-keygen']) {
    if (!existsSync(tool)) return `${tool} is missing: install openssh-server and openssh-client`;
  }
  try {
    await run('ip', ['netns', 'list']);
  } catch (error) {
    return `"ip netns" failed (${(error as Error).message}): install iproute2`;
  }
  return undefined;
}

/**
 * Returns the address pair of host index n: the root side `.1` and the host side `.2` of the
 * n-th /30 of the lab network.
 */
export function labAddresses(index: number, network = LAB_NETWORK): { gateway: string; address: string } {
  if (!Number.isInteger(index) || index < FIRST_INDEX || index > LAST_INDEX) {
    throw new RangeError(`lab host index ${index} is outside ${FIRST_INDEX}..${LAST_INDEX}`);
  }
  labNaming({ network });
  const base = addressValue(network)! + index * 4;
  const text = (value: number) => [24, 16, 8, 0].map((shift) => (value >>> shift) & 255).join('.');
  return { gateway: text(base + 1), address: text(base + 2) };
}

/** Creates test hosts; on any failure it removes what it created and rethrows. */
export async function createLab(specs: LabHostSpec[], options: LabOptions = {}): Promise<Lab> {
  const naming = labNaming(options);
  const reason = await labUnavailableReason();
  if (reason) throw new Error(`cannot create test hosts: ${reason}`);
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const workDir = await mkdtemp(join(tmpdir(), `${naming.prefix}-`));
  const states: HostState[] = [];
  const lab: Lab = {
    hosts: [],
    clientKeyPath: join(workDir, 'id_ed25519'),
    knownHostsPath: join(workDir, 'known_hosts'),
    workDir,
    exec: (host, argv) => execIn(host.namespace, argv),
    rotateHostKey: (host) => rotateHostKey(states, workDir, host),
    destroy: () => destroyLab(states, workDir, naming.prefix),
  };
  try {
    await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'driftgate-lab', '-f', lab.clientKeyPath]);
    const clientPublic = await readFile(`${lab.clientKeyPath}.pub`, 'utf8');
    for (const spec of specs) {
      const state = await createHost(spec, clientPublic, workDir, naming);
      states.push(state);
      lab.hosts.push(state.host);
    }
    const lines = lab.hosts.filter((host) => host.hostKey !== '').map((host) => `${knownHostName(host.address, host.port)} ${host.hostKey}`);
    await writeFile(lab.knownHostsPath, lines.join('\n') + '\n');
    await Promise.all(states.map((state) => waitForPort(state.host, workDir)));
    return lab;
  } catch (error) {
    await destroyLab(states, workDir, naming.prefix);
    throw error;
  }
}

/** Creates the namespace `<prefix>-<n>` under the first free index, so parallel labs do not collide. */
async function claimNamespace(prefix: string): Promise<number> {
  for (let index = FIRST_INDEX; index <= LAST_INDEX; index += 1) {
    try {
      await run('ip', ['netns', 'add', `${prefix}-${index}`]);
      return index;
    } catch {
      // `ip netns add` fails when the name exists: another lab owns it, so try the next one.
    }
  }
  throw new Error(`no free ${prefix}-<n> namespace name between ${FIRST_INDEX} and ${LAST_INDEX}`);
}

async function createHost(spec: LabHostSpec, clientPublic: string, workDir: string, naming: LabNaming): Promise<HostState> {
  const mode = spec.mode ?? 'sshd';
  const index = await claimNamespace(naming.prefix);
  const namespace = `${naming.prefix}-${index}`;
  const { gateway, address } = labAddresses(index, naming.network);
  const etcDir = join('/etc/netns', namespace);
  const host: LabHost = { index, namespace, address, port: spec.port ?? 22, mode, etcDir, hostKey: '', hostKeyType: spec.hostKeyType ?? 'ed25519' };
  const state: HostState = { host };

  await connectVeth(naming.prefix, index, gateway, address, mode !== 'unreachable');
  await writeEtc(host, spec, clientPublic, workDir);
  if (mode === 'sshd' || mode === 'refuse-login') {
    host.hostKey = await newHostKey(host);
    state.process = startSshd(host, workDir);
  } else if (mode === 'silent') {
    state.process = startSilentListener(host);
  }
  return state;
}

async function connectVeth(prefix: string, index: number, gateway: string, address: string, up: boolean) {
  const namespace = `${prefix}-${index}`;
  const outside = `${prefix}${index}h`;
  const inside = `${prefix}${index}n`;
  await run('ip', ['link', 'add', outside, 'type', 'veth', 'peer', 'name', inside, 'netns', namespace]);
  await run('ip', ['addr', 'add', `${gateway}/30`, 'dev', outside]);
  await run('ip', ['link', 'set', outside, 'up']);
  await execIn(namespace, ['ip', 'link', 'set', 'lo', 'up']);
  if (!up) return;
  await execIn(namespace, ['ip', 'addr', 'add', `${address}/30`, 'dev', inside]);
  await execIn(namespace, ['ip', 'link', 'set', inside, 'up']);
  await execIn(namespace, ['ip', 'route', 'add', 'default', 'via', gateway]);
}

/**
 * Writes the host's /etc overlay. root logs in with /bin/sh and a home under the lab folder, so
 * no .bashrc runs: on these machines root's .bashrc costs about 100 ms per remote command.
 */
async function writeEtc(host: LabHost, spec: LabHostSpec, clientPublic: string, workDir: string) {
  const home = join(workDir, `home-${host.index}`);
  await mkdir(home, { recursive: true, mode: 0o700 });
  await mkdir(join(host.etcDir, 'ssh'), { recursive: true, mode: 0o755 });
  const realPasswd = await readFile('/etc/passwd', 'utf8');
  const passwd = realPasswd
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => (line.startsWith('root:') ? `root:x:0:0:root:${home}:/bin/sh` : line));
  // An unprivileged login, for tests of collectors that need root.
  passwd.push(`${LAB_USER}:x:64000:64000:driftgate lab:${home}-${LAB_USER}:/bin/sh`);
  await mkdir(`${home}-${LAB_USER}`, { recursive: true, mode: 0o700 });
  await chown(`${home}-${LAB_USER}`, 64000, 64000);
  await writeFile(join(host.etcDir, 'passwd'), passwd.join('\n') + '\n', { mode: 0o644 });

  const authorized = host.mode === 'sshd' ? clientPublic : '';
  // sshd reads the file as the logging-in user, so the unprivileged user needs read access.
  await writeFile(join(host.etcDir, 'ssh', 'authorized_keys'), authorized, { mode: 0o644 });
  await writeFile(join(host.etcDir, 'ssh', 'sshd_config'), sshdConfig(host, spec.sshdConfig ?? ''), { mode: 0o644 });

  for (const [relative, content] of Object.entries(spec.etcFiles ?? {})) {
    const target = join(host.etcDir, relative);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
  }
  await writeUnits(host.etcDir, spec.enabledUnits ?? [], spec.disabledUnits ?? []);
}

function sshdConfig(host: LabHost, extra: string): string {
  return [
    `ListenAddress ${host.address}`,
    `Port ${host.port}`,
    'HostKey /etc/ssh/ssh_host_key',
    'AuthorizedKeysFile /etc/ssh/authorized_keys',
    'PermitRootLogin prohibit-password',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PrintMotd no',
    'X11Forwarding no',
    'PidFile none',
    extra,
    '',
  ].join('\n');
}

async function writeUnits(etcDir: string, enabled: string[], disabled: string[]) {
  if (enabled.length + disabled.length === 0) return;
  const unitDir = join(etcDir, 'systemd', 'system');
  const wantsDir = join(unitDir, 'multi-user.target.wants');
  await mkdir(wantsDir, { recursive: true });
  for (const unit of [...enabled, ...disabled]) {
    const body = `[Unit]\nDescription=driftgate lab unit ${unit}\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\n`;
    await writeFile(join(unitDir, unit), body);
  }
  for (const unit of enabled) {
    await symlink(join('/etc/systemd/system', unit), join(wantsDir, unit));
  }
}

async function newHostKey(host: LabHost): Promise<string> {
  const keyPath = join(host.etcDir, 'ssh', 'ssh_host_key');
  await rm(keyPath, { force: true });
  await rm(`${keyPath}.pub`, { force: true });
  await run('ssh-keygen', ['-q', '-t', host.hostKeyType, '-N', '', '-C', '', '-f', keyPath]);
  await chmod(keyPath, 0o600);
  const [type, key] = (await readFile(`${keyPath}.pub`, 'utf8')).trim().split(/\s+/);
  return `${type} ${key}`;
}

function startSshd(host: LabHost, workDir: string): ChildProcess {
  const log = join(workDir, `sshd-${host.index}.log`);
  const child = spawn('ip', ['netns', 'exec', host.namespace, '/usr/sbin/sshd', '-D', '-E', log], {
    stdio: 'ignore',
  });
  child.on('error', () => undefined);
  return child;
}

function startSilentListener(host: LabHost): ChildProcess {
  const program = `require('net').createServer(() => {}).listen(${host.port}, '${host.address}')`;
  const child = spawn('ip', ['netns', 'exec', host.namespace, process.execPath, '-e', program], { stdio: 'ignore' });
  child.on('error', () => undefined);
  return child;
}

async function rotateHostKey(states: HostState[], workDir: string, host: LabHost): Promise<void> {
  const state = states.find((candidate) => candidate.host === host);
  if (!state || (host.mode !== 'sshd' && host.mode !== 'refuse-login')) {
    throw new Error(`host ${host.namespace} does not run sshd`);
  }
  await stopProcess(state.process);
  host.hostKey = await newHostKey(host);
  state.process = startSshd(host, workDir);
  await waitForPort(host, workDir);
}

/**
 * Waits until the host's port accepts TCP, for hosts that listen at all. On failure the error
 * carries the end of the sshd log, because teardown deletes the log with the lab folder.
 */
async function waitForPort(host: LabHost, workDir: string): Promise<void> {
  if (host.mode === 'unreachable') return;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (await canConnect(host.address, host.port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const log = await readFile(join(workDir, `sshd-${host.index}.log`), 'utf8').catch(() => '');
  const tail = log.trim().split('\n').slice(-5).join('\n');
  throw new Error(`test host ${host.namespace} did not listen on ${host.address}:${host.port} within 10 s${tail ? `; sshd log:\n${tail}` : ''}`);
}

function canConnect(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: address, port, timeout: 500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

async function execIn(namespace: string, argv: string[]): Promise<string> {
  const { stdout } = await run('ip', ['netns', 'exec', namespace, ...argv], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

async function stopProcess(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 2000))]);
}

async function destroyLab(states: HostState[], workDir: string, prefix: string): Promise<void> {
  for (const state of states) {
    await stopProcess(state.process);
    await removeNamespace(state.host.namespace, prefix);
  }
  await rm(workDir, { recursive: true, force: true });
}

/**
 * Removes one lab namespace: ends the processes inside it (all started by the lab), deletes the
 * veth, the namespace and its /etc overlay. Each step ignores "not found" so teardown can repeat.
 */
export async function removeNamespace(namespace: string, prefix = LAB_PREFIX): Promise<void> {
  if (!new RegExp(`^${labNaming({ prefix }).prefix}-\\d+$`).test(namespace)) {
    throw new Error(`refusing to remove ${namespace}: not a ${prefix}-<n> lab namespace`);
  }
  const pids = await run('ip', ['netns', 'pids', namespace]).then(
    (result) => result.stdout.split(/\s+/).filter((pid) => /^\d+$/.test(pid)),
    () => [],
  );
  for (const pid of pids) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // The process exited between listing and killing.
    }
  }
  const index = namespace.slice(prefix.length + 1);
  await run('ip', ['link', 'del', `${prefix}${index}h`]).catch(() => undefined);
  await run('ip', ['netns', 'del', namespace]).catch(() => undefined);
  await rm(join('/etc/netns', namespace), { recursive: true, force: true });
}

/** Lists the namespaces with the given prefix that exist now, from any lab. */
export async function listLabNamespaces(prefix = LAB_PREFIX): Promise<string[]> {
  const { stdout } = await run('ip', ['netns', 'list']);
  return stdout
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => new RegExp(`^${labNaming({ prefix }).prefix}-\\d+$`).test(name));
}
