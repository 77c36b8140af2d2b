/**
 * The drift service end to end: real sshd test hosts in network namespaces, a desired-state git
 * repository, the real `driftgate scan` CLI as a child process and a real SMTP server on
 * loopback. Needs root. In CI (CI=true) a missing capability fails the tests instead of skipping.
 *
 * The drift made by hand is of kinds that these hosts can show: a managed file edited, an sshd
 * setting changed, a sysctl changed and firewall rules added. Services are left out, because
 * the test hosts have no systemd as PID 1 and `systemctl` reports every service as unknown.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLab, labUnavailableReason } from '../../src/lab/harness.js';
import type { Lab, LabHost } from '../../src/lab/harness.js';
import type { DriftService } from '../../src/service/service.js';
import { startService } from '../../src/service/service.js';
import { SqliteStore } from '../../src/service/sqlite-store.js';
import { createScanRunner } from '../../src/service/wiring.js';
import { buildCli } from '../cli/helpers.js';
import { removeScratchDirs, silentLog, sleep, testSettings, waitFor } from './helpers.js';
import { startSmtp } from './smtp.js';
import type { ReceivedMail, TestSmtp } from './smtp.js';

const reason = await labUnavailableReason();
const skip = reason !== undefined && process.env.CI !== 'true';

/** Namespaces `dgsvc-<n>` in 198.18.64.0/20, apart from the other labs of the test suite. */
const LAB = { prefix: 'dgsvc', network: '198.18.64.0' };
const MOTD = 'Authorised use only.\nThis host is managed by driftgate.\n';
const RULES = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n');
/** Number of inventory entries that all point at the fleet test host. */
const FLEET_SIZE = 40;
const FLEET_RULE = ['-A', 'INPUT', '-s', '198.18.79.1/32', '-j', 'DROP'];
const EDGE_RULE = ['-A', 'INPUT', '-s', '198.18.79.2/32', '-j', 'DROP'];

describe.skipIf(skip)('drift service against test hosts', () => {
  let lab: Lab;
  let repo: string;
  let edge1: LabHost;
  let smtp: TestSmtp;
  let store: SqliteStore;
  let service: DriftService;

  beforeAll(async () => {
    if (reason) throw new Error(`cannot run: ${reason}`);
    buildCli();
    // No MaxAuthTries line, so sshd uses its default of 6 until the line added by hand.
    const managed = { etcFiles: { motd: MOTD } };
    lab = await createLab([managed, managed, managed], LAB);
    const [first, edge2, fleet] = lab.hosts as [LabHost, LabHost, LabHost];
    edge1 = first;
    for (const host of lab.hosts) execFileSync('ip', ['netns', 'exec', host.namespace, 'iptables-restore'], { input: RULES });

    repo = mkdtempSync(join(tmpdir(), 'driftgate-service-repo-'));
    writeRepo(repo, lab, { 'edge-1': edge1, 'edge-2': edge2 }, fleet);

    // Drift made by hand: four kinds on edge-1, one added rule on the fleet host.
    await lab.exec(edge1, ['iptables', ...EDGE_RULE]);
    writeFileSync(join(edge1.etcDir, 'motd'), MOTD.replace('Authorised', 'Unauthorised'));
    appendFileSync(join(edge1.etcDir, 'ssh', 'sshd_config'), 'MaxAuthTries 3\n');
    await lab.exec(edge1, ['sysctl', '-w', 'net.ipv4.ip_forward=1']);
    await lab.exec(fleet, ['iptables', ...FLEET_RULE]);

    smtp = await startSmtp();
    const settings = testSettings(smtp.port);
    store = new SqliteStore(settings.storePath);
    service = await startService({
      settings,
      store,
      runScan: createScanRunner(repo, ['--identity', lab.clientKeyPath], silentLog),
      log: silentLog,
      env: {},
      mailPollMs: 100,
      retry: { baseMs: 100, maxMs: 1000 },
    });
  }, 180_000);

  afterAll(async () => {
    await service?.stop();
    await smtp?.close();
    await lab?.destroy();
    if (repo) rmSync(repo, { recursive: true, force: true });
    removeScratchDirs();
  }, 60_000);

  it('mails the new drift of the first scan', async () => {
    const changes = await service.runNow();
    expect(changes?.scan.status).toBe('succeeded');
    expect(changes?.scan.hostsScanned).toBe(FLEET_SIZE + 2);
    await waitFor(() => smtp.messages.length === 1, 'first digest', 20_000);
    const text = textPart(smtp.messages[0]!);
    expect(text).toContain('== New drift (');
    expect(text).toMatch(/\* \w+ file-content \/etc\/motd on 1 host\n {4}hosts: edge-1\n/);
    expect(text).toMatch(/\* \w+ sshd MaxAuthTries on 1 host\n {4}hosts: edge-1\n {4}expected: 6\n {4}actual: 3\n/);
    expect(text).toMatch(/\* \w+ sysctl net\.ipv4\.ip_forward on 1 host\n {4}hosts: edge-1\n {4}expected: 0\n {4}actual: 1\n/);
    expect(text).toMatch(/\* ERROR firewall ipv4 filter\/input on 1 host\n {4}hosts: edge-1\n {4}expected: [^\n]*198\.18\.79\.2\/32[^\n]*accept/);
    expect(text).toContain('actual: drop (rule `-A INPUT -s 198.18.79.2/32 -j DROP` at iptables-save line 7)');
    expect(text).not.toContain('hosts: edge-2');
  }, 120_000);

  it('groups identical drift of 40 entries', () => {
    const text = textPart(smtp.messages[0]!);
    const groupStart = text.indexOf(`* ERROR firewall ipv4 filter/input on ${FLEET_SIZE} hosts\n`);
    expect(groupStart).toBeGreaterThanOrEqual(0);
    expect(text.slice(groupStart).split('\n* ')[0]).toContain('-A INPUT -s 198.18.79.1/32 -j DROP');
    // Every fleet entry has the same drift, so it appears in that one group and nowhere else.
    expect(text.split('-A INPUT -s 198.18.79.1/32 -j DROP').length - 1).toBe(1);
    const names = Array.from({ length: FLEET_SIZE }, (_, i) => `fleet-${String(i + 1).padStart(2, '0')}`);
    expect(text).toContain(`hosts: ${names.join(', ')}\n`);
  });

  it('mails nothing after an unchanged scan', async () => {
    const changes = await service.runNow();
    expect(changes?.newFindings).toEqual([]);
    expect(changes?.resolvedFindings).toEqual([]);
    await sleep(1000);
    expect(smtp.messages).toHaveLength(1);
  }, 120_000);

  it('mails a restored file as resolved', async () => {
    writeFileSync(join(edge1.etcDir, 'motd'), MOTD);
    const changes = await service.runNow();
    expect(changes?.resolvedFindings.map((finding) => `${finding.host} ${finding.kind} ${finding.object}`)).toEqual(['edge-1 file-content /etc/motd']);
    await waitFor(() => smtp.messages.length === 2, 'resolved digest', 20_000);
    const mail = smtp.messages[1]!;
    expect(mail.subject).toMatch(/: 0 new, \d+ ongoing, 1 resolved drift$/);
    const text = textPart(mail);
    expect(text).toMatch(/== Resolved drift \(1\) ==\n\n\* \w+ file-content \/etc\/motd on 1 host\n {4}hosts: edge-1\n/);
  }, 120_000);
});

/** Returns the text/plain part of a digest, so that each heading is counted once, not again in HTML. */
function textPart(mail: ReceivedMail): string {
  const start = mail.decoded.indexOf('Content-Type: text/plain');
  const end = mail.decoded.indexOf('Content-Type: text/html');
  return mail.decoded.slice(start, end === -1 ? undefined : end).replace(/\r\n/g, '\n');
}

/**
 * Writes and commits the desired state: two edge hosts and FLEET_SIZE entries that share the
 * fleet host's address, all in one role with a firewall, a managed file, sshd and a sysctl.
 */
function writeRepo(repo: string, lab: Lab, edges: Record<string, LabHost>, fleet: LabHost): void {
  mkdirSync(join(repo, 'files'));
  mkdirSync(join(repo, 'firewall'));
  writeFileSync(join(repo, 'files', 'motd'), MOTD);
  writeFileSync(join(repo, 'firewall', 'edge.v4'), RULES);
  copyFileSync(lab.knownHostsPath, join(repo, 'known_hosts'));
  const entries = Object.entries(edges).map(([name, host]) => ({ name, host }));
  for (let i = 1; i <= FLEET_SIZE; i += 1) entries.push({ name: `fleet-${String(i).padStart(2, '0')}`, host: fleet });
  const hostLines = entries.map(({ name, host }) => `  - name: ${name}\n    address: ${host.address}\n    roles: [edge]`);
  // sshd starts at most 10 unauthenticated connections at once (MaxStartups 10:30:100), so the
  // fleet entries, which share one sshd, are scanned 8 at a time.
  const inventory = `kind: inventory
ssh:
  connectTimeout: 5
  totalTimeout: 60
  retries: 1
  concurrency: 8
hosts:
${hostLines.join('\n')}
roles:
  edge:
    firewall: [firewall/edge.v4]
    files:
      - { path: /etc/motd, source: files/motd }
    sshd:
      MaxAuthTries: 6
    sysctl:
      net.ipv4.ip_forward: 0
`;
  writeFileSync(join(repo, 'inventory.yaml'), inventory);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=driftgate test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'desired state');
}
