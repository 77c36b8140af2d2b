/**
 * SSH sessions for the drift scanner, on ssh2: key authentication, host keys checked against
 * pinned known_hosts entries (fail closed), time limits, retries for connection failures only,
 * an optional jump host, and a cap on command output.
 */
import { createHash } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import ssh2 from 'ssh2';
import type { AgentAuthMethod, ClientChannel, ConnectConfig, ParsedKey, PublicKeyAuthMethod } from 'ssh2';

import { keyTypeOfBlob, knownHostName, pinnedKeyTypes, verifyHostKey } from './known-hosts.js';
import type { HostKeyVerdict, KnownHostEntry, KnownHosts } from './known-hosts.js';

const { Client } = ssh2;

/** Login target of a session. */
export interface SshTarget {
  /** Inventory name, used in messages and for known_hosts lookups beside the address. */
  name: string;
  address: string;
  port: number;
  user: string;
}

/** Credentials: a private key, an agent socket, or both (the key is tried first). */
export interface SshAuth {
  privateKey?: Buffer;
  passphrase?: string;
  /** Path of an ssh-agent socket, usually `$SSH_AUTH_SOCK`. */
  agent?: string;
}

/** Time limits in milliseconds, retry policy and the output cap of one host's session. */
export interface SshLimits {
  /** TCP connect, and separately SSH handshake plus authentication. */
  connectTimeoutMs: number;
  /** One remote command, from exec to exit. */
  commandTimeoutMs: number;
  /** Everything for the host, retries included. */
  totalTimeoutMs: number;
  /** Further attempts after a connection failure; other failures are never retried. */
  retries: number;
  /** First retry delay; each further retry doubles it. */
  backoffMs: number;
  /** Bytes of stdout kept per command; the rest is dropped and the result marked truncated. */
  outputCapBytes: number;
}

/** Defaults for `SshLimits`, sized for hosts on a LAN or WAN that reply within seconds. */
export const DEFAULT_LIMITS: SshLimits = {
  connectTimeoutMs: 10_000,
  commandTimeoutMs: 60_000,
  totalTimeoutMs: 180_000,
  retries: 2,
  backoffMs: 1_000,
  outputCapBytes: 32 * 1024 * 1024,
};

/** Kind of session failure; each is reported as its own result, never as "no drift". */
export type SessionFailureKind =
  | 'unreachable'
  | 'connect-timeout'
  | 'auth-failed'
  | 'host-key-unknown'
  | 'host-key-changed'
  | 'host-key-revoked'
  | 'command-timeout'
  | 'total-timeout'
  | 'ssh-error';

/** A failed session, with the kind of failure and details for the report. */
export class SessionError extends Error {
  constructor(
    readonly kind: SessionFailureKind,
    message: string,
    /** The key the host presented and the keys pinned for it, when its key was unknown or changed. */
    readonly hostKey?: { presented: string; expected: KnownHostEntry[] },
  ) {
    super(message);
  }
}

/** Output of one remote command. */
export interface CommandResult {
  stdout: Buffer;
  /** First few kilobytes of stderr, for error messages. */
  stderr: string;
  exitCode: number | null;
  truncated: boolean;
}

/** An open, verified and authenticated connection to one host. */
export interface SshSession {
  /** Runs one command, writing `stdin` to it, and collects its output. */
  exec(command: string, stdin?: string): Promise<CommandResult>;
  /** The presented host key as `type base64`. */
  hostKey: string;
}

/** Everything a session needs beside the target. */
export interface SessionOptions {
  auth: SshAuth;
  knownHosts: KnownHosts;
  limits: SshLimits;
  /** A host to connect through (ProxyJump); its key is checked like the target's. */
  jump?: SshTarget;
  /** Called before each retry, for logging. */
  onRetry?: (attempt: number, error: SessionError, delayMs: number) => void;
}

/** Parsed private keys by key file content, so a scan parses its key once, not once per host. */
const parsedKeys = new WeakMap<Buffer, ParsedKey>();

/**
 * Returns the authentication methods to try, in order: the key, then the agent. Listing them
 * skips ssh2's default first attempt with method "none", which costs a round trip per host.
 */
export function authMethods(auth: SshAuth, username: string): (PublicKeyAuthMethod | AgentAuthMethod)[] {
  const methods: (PublicKeyAuthMethod | AgentAuthMethod)[] = [];
  if (auth.privateKey) methods.push({ type: 'publickey', username, key: parsePrivateKey(auth.privateKey, auth.passphrase) });
  if (auth.agent) methods.push({ type: 'agent', username, agent: auth.agent });
  return methods;
}

function parsePrivateKey(privateKey: Buffer, passphrase: string | undefined): ParsedKey {
  const cached = parsedKeys.get(privateKey);
  if (cached) return cached;
  const parsed = ssh2.utils.parseKey(privateKey, passphrase);
  if (parsed instanceof Error) throw new SessionError('auth-failed', `the private key cannot be parsed: ${parsed.message}`);
  const key = Array.isArray(parsed) ? parsed[0]! : parsed;
  parsedKeys.set(privateKey, key);
  return key;
}

/**
 * Returns why a private key cannot be used, or undefined when ssh2 parses it. `encrypted` is
 * set for a key protected by a passphrase, which ssh2 reports as "Encrypted ... key detected".
 */
export function privateKeyProblem(privateKey: Buffer, passphrase?: string): { encrypted: boolean; message: string } | undefined {
  const parsed = ssh2.utils.parseKey(privateKey, passphrase);
  if (!(parsed instanceof Error)) return undefined;
  return { encrypted: /\bencrypted\b/i.test(parsed.message), message: parsed.message };
}

const RETRIED: ReadonlySet<SessionFailureKind> = new Set(['unreachable', 'connect-timeout', 'ssh-error']);
const STDERR_KEEP = 4096;

/** Returns the names a host's keys are looked up under: its inventory name and its address. */
export function lookupNames(target: SshTarget): string[] {
  return [...new Set([knownHostName(target.name, target.port), knownHostName(target.address, target.port)])];
}

/**
 * Opens a session, runs `work` with it and closes it. Connection failures are retried with
 * exponential backoff inside the total time limit. Authentication and host-key failures are not
 * retried, because a retry cannot succeed and could lock the account.
 */
export async function withSession<T>(target: SshTarget, options: SessionOptions, work: (session: SshSession) => Promise<T>): Promise<T> {
  const deadline = Date.now() + options.limits.totalTimeoutMs;
  for (let attempt = 0; ; attempt += 1) {
    // Every socket and client of the attempt, so a time limit that fires mid-handshake still
    // closes them and no connection keeps the process alive.
    const opened: Closable[] = [];
    // Only failures while connecting are retried: once the session is open, a failed command
    // could have run in part, and running it again would not be a connection retry.
    let connected = false;
    try {
      const session = await withDeadline(openSession(target, options, opened), deadline, target);
      connected = true;
      return await withDeadline(work(session), deadline, target);
    } catch (error) {
      const failure = toSessionError(error);
      const delay = options.limits.backoffMs * 2 ** attempt;
      const canRetry = !connected && RETRIED.has(failure.kind) && attempt < options.limits.retries;
      if (!canRetry || Date.now() + delay >= deadline) throw failure;
      options.onRetry?.(attempt + 1, failure, delay);
      await sleep(delay);
    } finally {
      for (const item of opened) item.end();
    }
  }
}

/** Something `withSession` closes when an attempt ends: an ssh2 client or a raw socket. */
interface Closable {
  end(): void;
}

async function openSession(target: SshTarget, options: SessionOptions, opened: Closable[]): Promise<SshSession> {
  let socket: Duplex;
  if (options.jump) {
    const jumpSocket = await tcpOpen(options.jump, options.limits);
    opened.push({ end: () => jumpSocket.destroy() });
    const jump = await handshake(options.jump, jumpSocket, options, opened);
    socket = await forward(jump.client, target);
  } else {
    const direct = await tcpOpen(target, options.limits);
    opened.push({ end: () => direct.destroy() });
    socket = direct;
  }
  const client = await handshake(target, socket, options, opened);
  return makeSession(client.client, client.hostKey, options.limits);
}

function tcpOpen(target: SshTarget, limits: SshLimits): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = tcpConnect({ host: target.address, port: target.port });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new SessionError('unreachable', `${where(target)}: TCP connect timed out after ${limits.connectTimeoutMs} ms`));
    }, limits.connectTimeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(new SessionError('unreachable', `${where(target)}: TCP connect failed: ${error.code ?? error.message}`));
    });
  });
}

function forward(jump: InstanceType<typeof Client>, target: SshTarget): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, target.address, target.port, (error, channel) => {
      if (error) {
        reject(new SessionError('unreachable', `${where(target)}: the jump host could not connect: ${error.message}`));
      } else {
        resolve(channel);
      }
    });
  });
}

/** Runs the SSH handshake and authentication over an open socket, checking the host key. */
function handshake(target: SshTarget, socket: Duplex, options: SessionOptions, opened: Closable[]) {
  return new Promise<{ client: InstanceType<typeof Client>; hostKey: string }>((resolve, reject) => {
    const client = new Client();
    opened.push(client);
    const names = lookupNames(target);
    let verdict: HostKeyVerdict | undefined;
    let presented = '';
    const pinnedTypes = pinnedKeyTypes(options.knownHosts, names);
    const config: ConnectConfig = {
      sock: socket as unknown as Socket,
      username: target.user,
      readyTimeout: options.limits.connectTimeoutMs,
      authHandler: authMethods(options.auth, target.user),
      // Ask the server for a pinned key type, so a host with several keys presents one the file
      // can confirm. With none pinned, the verifier rejects any key anyway.
      algorithms: hostKeyAlgorithmsFor(pinnedTypes),
      hostVerifier: (key: Buffer) => {
        const keyType = keyTypeOfBlob(key);
        presented = `${keyType} ${key.toString('base64')}`;
        verdict = verifyHostKey(options.knownHosts, names, keyType, key.toString('base64'));
        return verdict.status === 'match';
      },
    };
    client.once('ready', () => resolve({ client, hostKey: presented }));
    // ssh2 can emit several errors for one failure (a timeout, then "connection lost"); the
    // first decides the result and later ones must still have a listener.
    client.on('error', (error: Error & { level?: string }) => {
      client.end();
      reject(classifyHandshakeError(target, error, verdict, presented, options.knownHosts.source ?? 'known_hosts'));
    });
    client.connect(config);
  });
}

/** Host-key algorithms ssh2 1.x supports, from its protocol constants. */
const SUPPORTED_HOST_KEY_ALGORITHMS = new Set(['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa', 'ssh-dss']);

/**
 * Returns the host-key algorithms to offer for the pinned key types, or undefined for ssh2's
 * defaults. An `ssh-rsa` key signs with rsa-sha2-512 or rsa-sha2-256 (RFC 8332), and OpenSSH 8.8
 * and later refuse SHA-1 `ssh-rsa` signatures, so the SHA-2 algorithms are offered first.
 */
export function hostKeyAlgorithmsFor(keyTypes: readonly string[]): ConnectConfig['algorithms'] {
  const algorithms = keyTypes.flatMap((type) => (type === 'ssh-rsa' ? ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] : [type]));
  const supported = [...new Set(algorithms.filter((name) => SUPPORTED_HOST_KEY_ALGORITHMS.has(name)))];
  return supported.length > 0 ? { serverHostKey: supported as never } : undefined;
}

function classifyHandshakeError(
  target: SshTarget,
  error: Error & { level?: string },
  verdict: HostKeyVerdict | undefined,
  presented: string,
  knownHostsName: string,
): SessionError {
  const name = where(target);
  if (verdict?.status === 'unknown') {
    // The caller adds what to do, because the known_hosts file it passed may be a commit's or a named one.
    return new SessionError('host-key-unknown', `${name}: host key ${fingerprintHint(presented)} is not in ${knownHostsName}; connection rejected.`, {
      presented,
      expected: [],
    });
  }
  if (verdict?.status === 'changed') {
    return new SessionError(
      'host-key-changed',
      `${name}: HOST KEY CHANGED: presented ${fingerprintHint(presented)}, ${knownHostsName} pins ` +
        `${verdict.expected.map((entry) => `${entry.keyType} (line ${entry.line})`).join(', ')}; connection rejected`,
      { presented, expected: verdict.expected },
    );
  }
  if (verdict?.status === 'revoked') {
    return new SessionError('host-key-revoked', `${name}: host key is marked @revoked in ${knownHostsName} (line ${verdict.entry.line}); connection rejected`);
  }
  if (error.level === 'client-authentication') {
    // sshd rejects a wrong user name and a key missing from authorized_keys alike, so the
    // message names both.
    return new SessionError(
      'auth-failed',
      `${name}: authentication as "${target.user}" failed: the server rejected the key. The user name "${target.user}" may be wrong ` +
        '(set `user` for the host, or `defaults.user`, in the inventory), or the key is not in that user\'s authorized_keys on the host. ' +
        'Check the configured key or agent too.',
    );
  }
  if (error.level === 'client-timeout') {
    return new SessionError('connect-timeout', `${name}: the host accepted TCP but the SSH handshake did not finish in time`);
  }
  return new SessionError('ssh-error', `${name}: SSH failed: ${error.message}`);
}

function makeSession(client: InstanceType<typeof Client>, hostKey: string, limits: SshLimits): SshSession {
  return {
    hostKey,
    exec: (command, stdin) =>
      new Promise((resolve, reject) => {
        client.exec(command, (error, channel) => {
          if (error) {
            reject(new SessionError('ssh-error', `exec failed: ${error.message}`));
            return;
          }
          collect(channel, stdin, limits, resolve, reject);
        });
      }),
  };
}

function collect(channel: ClientChannel, stdin: string | undefined, limits: SshLimits, resolve: (result: CommandResult) => void, reject: (error: SessionError) => void) {
  const chunks: Buffer[] = [];
  let size = 0;
  let truncated = false;
  let stderr = '';
  let exitCode: number | null = null;
  const timer = setTimeout(() => {
    channel.close();
    reject(new SessionError('command-timeout', `the collection command did not finish within ${limits.commandTimeoutMs} ms`));
  }, limits.commandTimeoutMs);

  channel.on('data', (data: Buffer) => {
    if (size + data.length > limits.outputCapBytes) {
      chunks.push(data.subarray(0, Math.max(0, limits.outputCapBytes - size)));
      size = limits.outputCapBytes;
      truncated = true;
      return;
    }
    chunks.push(data);
    size += data.length;
  });
  channel.stderr.on('data', (data: Buffer) => {
    if (stderr.length < STDERR_KEEP) stderr += data.toString('utf8').slice(0, STDERR_KEEP - stderr.length);
  });
  channel.on('exit', (code: number | null) => {
    exitCode = code;
  });
  channel.on('close', () => {
    clearTimeout(timer);
    resolve({ stdout: Buffer.concat(chunks), stderr, exitCode, truncated });
  });
  channel.end(stdin ?? '');
}

function withDeadline<T>(promise: Promise<T>, deadline: number, target: SshTarget): Promise<T> {
  const remaining = deadline - Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new SessionError('total-timeout', `${where(target)}: the total time limit for the host ran out`)), Math.max(0, remaining));
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function toSessionError(error: unknown): SessionError {
  if (error instanceof SessionError) return error;
  return new SessionError('ssh-error', error instanceof Error ? error.message : String(error));
}

function where(target: SshTarget): string {
  return `${target.name} (${target.user}@${target.address}:${target.port})`;
}

/** Formats a presented key as `type SHA256:...`, the fingerprint `ssh-keygen -l` prints. */
function fingerprintHint(presented: string): string {
  const [type, key = ''] = presented.split(' ');
  const digest = createHash('sha256').update(Buffer.from(key, 'base64')).digest('base64').replace(/=+$/, '');
  return `${type} SHA256:${digest}`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Connects far enough to receive the host's key and disconnects before authenticating.
 * Returns the key as `type base64`; used only by the explicit trust command.
 */
export async function fetchHostKey(target: SshTarget, timeoutMs: number): Promise<string> {
  const socket = await tcpOpen(target, { ...DEFAULT_LIMITS, connectTimeoutMs: timeoutMs });
  return new Promise((resolve, reject) => {
    const client = new Client();
    let presented = '';
    client.on('error', (error: Error) => {
      client.end();
      if (presented !== '') resolve(presented);
      else reject(new SessionError('ssh-error', `${where(target)}: no host key received: ${error.message}`));
    });
    client.connect({
      sock: socket,
      username: target.user,
      readyTimeout: timeoutMs,
      hostVerifier: (key: Buffer) => {
        presented = `${keyTypeOfBlob(key)} ${key.toString('base64')}`;
        return false;
      },
    });
  });
}

/** Returns the SHA256 fingerprint of a `type base64` key, as `ssh-keygen -l` prints it. */
export function fingerprintOf(presented: string): string {
  return fingerprintHint(presented);
}
