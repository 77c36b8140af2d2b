/** A whole scan: resolve each host's desired state, collect over SSH, compare, report. */
import { readFileSync } from 'node:fs';
import { isAbsolute, join, normalize, relative } from 'node:path';

import { fingerprintOf, withSession, SessionError, DEFAULT_LIMITS } from '../ssh/client.js';
import { mapPool } from '../ssh/pool.js';
import type { SshAuth, SshLimits, SshTarget } from '../ssh/client.js';
import type { KnownHosts } from '../ssh/known-hosts.js';
import { assignSections, collectionCommand, encodeRequest, newBoundary } from './collect.js';
import type { CollectionRequest, CollectorGroup } from './collect.js';
import { compareFirewall, desiredFirewallCoversIpv6 } from './compare/firewall.js';
import { collectionFailedFix } from './compare/collector-fix.js';
import { collectorNotes, compareHost, desiredSha256 } from './compare/host.js';
import { compareLoadBalancers } from './compare/loadbalancer.js';
import { compareRoutes } from './compare/routes.js';
import { compareZones } from './compare/zones.js';
import type { RepoReader } from './compare/host.js';
import type { DriftFinding, HostResult, HostStatus } from './findings.js';
import type { ResolvedHost } from './inventory.js';

/** Default number of hosts scanned at once. */
export const DEFAULT_CONCURRENCY = 32;

/** Settings of a scan beside the hosts. */
export interface ScanOptions {
  /** Root of the desired-state checkout; managed-file sources are read below it. */
  repoDir: string;
  auth: SshAuth;
  knownHosts: KnownHosts;
  limits?: Partial<SshLimits>;
  concurrency?: number;
  jump?: SshTarget;
  /** Called when a host finishes, for a progress display. */
  onHostDone?: (result: HostResult, done: number, total: number) => void;
  /** Called for log lines (retries); they go to stderr. */
  log?: (message: string) => void;
  /**
   * Returns what to do about a host's unknown key, presented as `type base64`. Without it, the
   * message names `driftgate hostkeys trust HOST`.
   */
  unknownKeyAdvice?: (target: SshTarget, presentedKey: string) => string;
}

/** Scans hosts with bounded concurrency; one host's failure never stops the others. */
export async function scanHosts(hosts: ResolvedHost[], options: ScanOptions): Promise<HostResult[]> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const readRepo = repoReader(options.repoDir);
  let done = 0;
  return mapPool(hosts, options.concurrency ?? DEFAULT_CONCURRENCY, async (host) => {
    const result = await scanHost(host, options, limits, readRepo);
    done += 1;
    options.onHostDone?.(result, done, hosts.length);
    return result;
  });
}

/**
 * Returns a reader of files inside the checkout; paths that leave it read as missing. Each file
 * is read once per reader, because the checkout does not change during a scan.
 */
export function repoReader(repoDir: string): RepoReader {
  const contents = new Map<string, Buffer | undefined>();
  return (path) => {
    const full = normalize(join(repoDir, path));
    const inside = relative(repoDir, full);
    if (inside.startsWith('..') || isAbsolute(inside)) return undefined;
    if (!contents.has(full)) contents.set(full, readOrUndefined(full));
    return contents.get(full);
  };
}

function readOrUndefined(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined;
  }
}

/**
 * Builds the stdin request of a host: the objects its desired state names, and only the
 * host-wide state that its desired state compares. With `readRepo`, it adds the digest of each
 * managed file's source, so the script skips the text of files whose digest matches, and it
 * leaves out `ip6tables-save` when every firewall document of the host is IPv4 only.
 */
export function requestFor(host: ResolvedHost, readRepo?: RepoReader): CollectionRequest {
  const collect: CollectorGroup[] = [];
  if (host.firewall.length > 0) {
    collect.push('firewall');
    if (!readRepo || desiredFirewallCoversIpv6(host, readRepo)) collect.push('ip6tables');
  }
  if (host.routing.length > 0) collect.push('routes');
  if (Object.keys(host.sshd).length > 0) collect.push('sshd');
  const withSource = host.files.filter((file) => file.source !== undefined && !file.absent);
  const compared = withSource.map((file) => file.path);
  const expectedSha256 = new Map<string, string>();
  for (const file of readRepo ? withSource : []) {
    const digest = desiredSha256(readRepo!, file.source!);
    if (digest) expectedSha256.set(file.path, digest);
  }
  return {
    collect,
    files: compared,
    expectedSha256,
    stats: [...new Set(host.files.map((file) => file.path).filter((path) => !compared.includes(path)))],
    packages: Object.keys(host.packages),
    services: host.services.map((service) => service.name),
    sysctl: Object.keys(host.sysctl),
    contents: [
      ...new Set([
        ...(host.loadbalancerConfigs ?? []).map((config) => config.hostFile),
        ...host.zones.filter((zone) => !zone.axfr && zone.hostFile && zone.file).map((zone) => zone.hostFile!),
      ]),
    ],
    axfr: host.zones.filter((zone) => zone.axfr && zone.file).map((zone) => zone.name),
  };
}

async function scanHost(host: ResolvedHost, options: ScanOptions, limits: SshLimits, readRepo: RepoReader): Promise<HostResult> {
  const started = Date.now();
  const target: SshTarget = { name: host.name, address: host.address, port: host.port, user: host.user };
  const result = (status: HostStatus, findings: DriftFinding[], message?: string): HostResult => {
    const value: HostResult = { host: host.name, address: host.address, status, findings, durationMs: Date.now() - started };
    if (message) value.message = message;
    return value;
  };
  try {
    const request = requestFor(host, readRepo);
    const boundary = newBoundary();
    const stdin = encodeRequest(request, boundary);
    const output = await withSession(
      target,
      {
        auth: options.auth,
        knownHosts: options.knownHosts,
        limits,
        jump: options.jump,
        onRetry: (attempt, error, delay) => options.log?.(`${host.name}: retry ${attempt} in ${delay} ms after: ${error.message}`),
      },
      (session) => session.exec(collectionCommand(host.sudo), stdin),
    );
    if (output.truncated) {
      return result('collector-failed', [], `the collection output exceeded ${limits.outputCapBytes} bytes and was cut; raise the output cap`);
    }
    const collected = assignSections(output.stdout.toString('latin1'), request, boundary);
    if (!collected.complete) {
      const reason = output.stderr.trim() || `exit status ${String(output.exitCode)}`;
      const fix = collectionFailedFix(host, output.stderr);
      return result('collector-failed', [], `the collection script did not finish: ${reason}${fix ? `\nfix: ${fix}` : ''}`);
    }
    const findings = [
      ...compareHost(host, collected, readRepo),
      ...compareFirewall(host, collected, readRepo),
      ...compareRoutes(host, collected, readRepo),
      ...compareLoadBalancers(host, collected, readRepo),
      ...compareZones(host, collected, readRepo),
    ];
    const scanned = result('scanned', findings);
    const notes = collectorNotes(host, collected);
    if (notes.length > 0) scanned.notes = notes;
    return scanned;
  } catch (error) {
    if (!(error instanceof SessionError)) {
      return result('collector-failed', [], error instanceof Error ? error.message : String(error));
    }
    return result(error.kind, failureFindings(host, error), failureMessage(target, error, options));
  }
}

function failureMessage(target: SshTarget, error: SessionError, options: ScanOptions): string {
  if (error.kind !== 'host-key-unknown') return error.message;
  const presented = error.hostKey?.presented ?? '';
  const advice = options.unknownKeyAdvice?.(target, presented) ?? `Check the key out of band, then run: driftgate hostkeys trust ${target.name}`;
  return `${error.message} ${advice}`;
}

/** Returns the critical finding of a changed or revoked host key, which is more than a failed host. */
function failureFindings(host: ResolvedHost, error: SessionError): DriftFinding[] {
  if (error.kind === 'host-key-changed') {
    return [
      {
        host: host.name,
        kind: 'host-key-changed',
        object: `${host.address}:${host.port}`,
        expected: error.hostKey?.expected.map((entry) => fingerprintOf(`${entry.keyType} ${entry.key}`)).join(', ') ?? 'the pinned key',
        actual: error.hostKey ? fingerprintOf(error.hostKey.presented) : 'another key',
        severity: 'critical',
        fix: 'Treat this as a possible man-in-the-middle until proven otherwise. If the host was rebuilt, verify the new key out of band, remove the old line and run driftgate hostkeys trust.',
      },
    ];
  }
  if (error.kind === 'host-key-revoked') {
    return [{ host: host.name, kind: 'host-key-revoked', object: `${host.address}:${host.port}`, expected: 'a key not marked @revoked', actual: 'a revoked key', severity: 'critical', fix: 'Investigate the host; a revoked key is in use.' }];
  }
  return [];
}
