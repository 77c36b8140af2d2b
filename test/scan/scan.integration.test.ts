/**
 * Scans real sshd test hosts in network namespaces. Needs root; in CI (CI=true) a missing
 * capability fails the tests instead of skipping them.
 */
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';
import { createLab, LAB_USER, labUnavailableReason } from '../../src/lab/harness.js';
import type { Lab, LabHost } from '../../src/lab/harness.js';
import type { HostResult, ScanReport } from '../../src/scan/findings.js';
import { loadInventory, resolveHost } from '../../src/scan/inventory.js';
import type { ResolvedHost } from '../../src/scan/inventory.js';
import { scanHosts } from '../../src/scan/scan.js';
import type { ScanOptions } from '../../src/scan/scan.js';
import { parseKnownHosts } from '../../src/ssh/known-hosts.js';

const reason = await labUnavailableReason();
const skip = reason !== undefined && process.env.CI !== 'true';

const MOTD = 'Authorised use only.\nThis host is managed by driftgate.\n';
const RULES = ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', '-A INPUT -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n');
const AGENT = 'prometheus-node-exporter.service';
const installedSsh = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'openssh-server'], { encoding: 'utf8' });

describe.skipIf(skip)('driftgate scan against test hosts', () => {
  let lab: Lab;
  let repo: string;
  let hosts: Record<string, LabHost>;
  /** A host whose sshd runs `sleep` for every command; kept out of the inventory. */
  let stalledHost: LabHost;
  let report: ScanReport;
  let exitCode: number;
  const byHost = (name: string): HostResult => report.hosts.find((host) => host.host === name)!;

  beforeAll(async () => {
    if (reason) throw new Error(`cannot run: ${reason}`);
    const managed = { etcFiles: { motd: MOTD }, enabledUnits: [AGENT] };
    // The clean host listens on 2222, so its known_hosts name is [address]:2222.
    lab = await createLab([
      { ...managed, port: 2222 },
      { ...managed, hostKeyType: 'rsa' },
      {},
      {},
      { mode: 'refuse-login' },
      { mode: 'silent' },
      { mode: 'unreachable' },
      { sshdConfig: 'ForceCommand sleep 30' },
    ]);
    const [clean, drifted, rekeyed, unknown, refused, silent, unreachable, stalled] = lab.hosts as [LabHost, LabHost, LabHost, LabHost, LabHost, LabHost, LabHost, LabHost];
    hosts = { clean, drifted, rekeyed, unknown, refused, silent, unreachable };
    stalledHost = stalled;

    for (const host of [clean, drifted]) {
      execFileSync('ip', ['netns', 'exec', host.namespace, 'iptables-restore'], { input: RULES });
    }
    // Drift made by hand on one host only.
    await lab.exec(drifted, ['iptables', '-A', 'INPUT', '-s', '198.18.15.1/32', '-j', 'DROP']);
    await lab.exec(drifted, ['ip', 'route', 'add', '198.18.14.0/24', 'via', gatewayOf(drifted)]);
    writeFileSync(join(drifted.etcDir, 'motd'), MOTD.replace('Authorised', 'Unauthorised'));
    appendFileSync(join(drifted.etcDir, 'ssh', 'sshd_config'), 'MaxAuthTries 3\n');
    await lab.exec(drifted, ['systemctl', 'disable', AGENT]);
    await lab.exec(drifted, ['sysctl', '-w', 'net.ipv4.ip_forward=1']);

    repo = mkdtempSync(join(tmpdir(), 'driftgate-scan-repo-'));
    writeRepo(repo, lab, hosts);
    await lab.rotateHostKey(rekeyed);

    const output = join(repo, 'report.json');
    exitCode = await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--format', 'json', '--output', output, '--cache', join(repo, '.cache')]);
    report = JSON.parse(readFileSync(output, 'utf8')) as ScanReport;
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('records the commit it compared against', () => {
    const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(report.desired.commit).toBe(head);
  });

  it('exits 1 for drift and failed hosts', () => {
    expect(exitCode).toBe(1);
  });

  it('finds no error on the clean host', () => {
    const result = byHost('clean');
    expect(result.status).toBe('scanned');
    const serious = result.findings.filter((finding) => finding.severity !== 'warning');
    expect(serious).toEqual([]);
  });

  it('treats without-password as prohibit-password', () => {
    const sshd = byHost('clean').findings.filter((finding) => finding.kind === 'sshd');
    expect(sshd).toEqual([]);
  });

  it('reports a rule added by hand', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'firewall');
    expect(finding?.object).toBe('ipv4 filter/input');
    expect(finding?.expected).toContain('from 198.18.15.1/32');
    expect(finding?.actual).toContain('drop (rule `-A INPUT -s 198.18.15.1/32 -j DROP` at iptables-save line');
  });

  it('reports a route added by hand', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'route');
    expect(finding?.object).toBe('198.18.14.0/24');
    expect(finding?.expected).toBe('absent');
    expect(finding?.actual).toBe(`via ${gatewayOf(hosts.drifted!)} dev dglab${hosts.drifted!.index}n`);
  });

  it('reports an edited managed file with the changed line', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'file-content');
    expect(finding?.object).toBe('/etc/motd');
    expect(finding?.expected).toContain('line 1: "Authorised use only."');
    expect(finding?.actual).toContain('line 1: "Unauthorised use only."');
  });

  it('reports a package at another version', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'package');
    expect(finding?.object).toBe('openssh-server');
    expect(finding?.expected).toBe('1:9.1p1-1');
    expect(finding?.actual).toBe(installedSsh);
  });

  it('reports a disabled monitoring agent as critical', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'service-enabled');
    expect(finding?.object).toBe(AGENT);
    expect(finding?.expected).toBe('enabled');
    expect(finding?.actual).toBe('disabled');
    expect(finding?.severity).toBe('critical');
  });

  it('reports a changed sshd setting', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'sshd');
    expect(finding?.object).toBe('MaxAuthTries');
    expect(finding?.expected).toBe('6');
    expect(finding?.actual).toBe('3');
  });

  it('reports a changed sysctl value', () => {
    const finding = byHost('drifted').findings.find((candidate) => candidate.kind === 'sysctl');
    expect(finding?.object).toBe('net.ipv4.ip_forward');
    expect(finding?.expected).toBe('0');
    expect(finding?.actual).toBe('1');
  });

  it('reports a changed host key as critical', () => {
    const result = byHost('rekeyed');
    expect(result.status).toBe('host-key-changed');
    expect(result.findings[0]?.kind).toBe('host-key-changed');
    expect(result.findings[0]?.severity).toBe('critical');
    expect(result.findings[0]?.actual).toMatch(/^ssh-ed25519 SHA256:/);
    expect(result.findings[0]?.expected).not.toBe(result.findings[0]?.actual);
    const head = execFileSync('git', ['-C', repo, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim();
    expect(result.message).toMatch(new RegExp(`known_hosts at commit ${head.slice(0, 12)} pins ssh-ed25519 \\(line \\d+\\)`));
  });

  it('rejects an unknown host key with the trust hint', () => {
    const result = byHost('unknown');
    expect(result.status).toBe('host-key-unknown');
    expect(result.message).toContain(`driftgate hostkeys trust unknown --repo ${repo}, and commit known_hosts`);
  });

  it('reports a refused login', () => {
    expect(byHost('refused').status).toBe('auth-failed');
  });

  it('reports a host that never answers', () => {
    expect(byHost('silent').status).toBe('connect-timeout');
  });

  it('reports an unreachable host', () => {
    expect(byHost('unreachable').status).toBe('unreachable');
  });

  it('writes a text report naming failed hosts', async () => {
    const output = join(repo, 'report.txt');
    const code = await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--hosts', 'clean,rekeyed', '--output', output]);
    const text = readFileSync(output, 'utf8');
    expect(code).toBe(1);
    expect(text).toContain('rekeyed (');
    expect(text).toContain('NOT SCANNED, host-key-changed');
    expect(text).toMatch(/^desired state .* = commit [0-9a-f]{40}$/m);
  });

  it('exits 2 when no host can be scanned', async () => {
    const output = join(repo, 'none.json');
    const code = await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--hosts', 'refused', '--format', 'json', '--output', output]);
    expect(code).toBe(2);
  });

  describe('session handling', () => {
    let resolved: (name: string) => ResolvedHost;
    let options: ScanOptions;

    beforeAll(() => {
      const inventory = loadInventory(join(repo, 'inventory.yaml'));
      resolved = (name) => resolveHost(inventory, inventory.hosts.find((host) => host.name === name)!);
      options = {
        repoDir: repo,
        auth: { privateKey: readFileSync(lab.clientKeyPath) },
        knownHosts: parseKnownHosts(readFileSync(join(repo, 'known_hosts'), 'utf8')),
        limits: { connectTimeoutMs: 1000, totalTimeoutMs: 20_000, retries: 1, backoffMs: 10 },
      };
    });

    it('retries connection failures only', async () => {
      const log: string[] = [];
      const results = await scanHosts([resolved('refused'), resolved('unreachable')], { ...options, log: (line) => log.push(line) });
      expect(results.map((result) => result.status)).toEqual(['auth-failed', 'unreachable']);
      expect(log.filter((line) => line.startsWith('unreachable: retry 1'))).toHaveLength(1);
      expect(log.filter((line) => line.startsWith('refused:'))).toEqual([]);
    });

    it('names the user of a rejected login', async () => {
      const [result] = await scanHosts([{ ...resolved('clean'), user: 'nosuchuser' }], options);
      expect(result?.status).toBe('auth-failed');
      expect(result?.message).toContain('authentication as "nosuchuser" failed');
      expect(result?.message).toContain('The user name "nosuchuser" may be wrong');
    });

    it('caps the collected output', async () => {
      const [result] = await scanHosts([resolved('clean')], { ...options, limits: { ...options.limits, outputCapBytes: 1000 } });
      expect(result?.status).toBe('collector-failed');
      expect(result?.message).toContain('exceeded 1000 bytes');
    });

    it('reports collectors that need root', async () => {
      const unprivileged = { ...resolved('clean'), user: LAB_USER };
      const [result] = await scanHosts([unprivileged], options);
      expect(result?.status).toBe('scanned');
      const errors = result!.findings.filter((finding) => finding.kind === 'collector-error');
      expect(errors.map((finding) => finding.object).sort()).toEqual(['iptables-save', 'sshd -T']);
      for (const error of errors) expect(error.fix).toContain(`The scan user "${LAB_USER}" lacks the rights for \`${error.object}\`.`);
    });

    it('advises on sudo that cannot run', async () => {
      // The machine that runs the tests may have no sudo, or one that prompts dgscan for a password.
      const throughSudo = { ...resolved('clean'), user: LAB_USER, sudo: true };
      const [result] = await scanHosts([throughSudo], options);
      expect(result?.status).toBe('collector-failed');
      expect(result?.message).toMatch(/^fix: sudo (?:is not installed on the host|asks "dgscan" for a password)/m);
      expect(result?.message).toContain('Set `sudo: false` for the host in the inventory');
    });

    it('authenticates through ssh-agent', async () => {
      const socket = join(repo, 'agent.sock');
      const started = execFileSync('ssh-agent', ['-s', '-a', socket], { encoding: 'utf8' });
      const pid = Number(/SSH_AGENT_PID=(\d+)/.exec(started)?.[1]);
      try {
        execFileSync('ssh-add', ['-q', lab.clientKeyPath], { env: { ...process.env, SSH_AUTH_SOCK: socket }, stdio: 'ignore' });
        const [result] = await scanHosts([resolved('clean')], { ...options, auth: { agent: socket } });
        expect(result?.status).toBe('scanned');
      } finally {
        process.kill(pid);
      }
    });

    it('stops a command at its time limit', async () => {
      const stalled = { ...resolved('clean'), name: 'stalled', address: stalledHost.address, port: stalledHost.port };
      const [result] = await scanHosts([stalled], { ...options, limits: { ...options.limits, commandTimeoutMs: 500 } });
      expect(result?.status).toBe('command-timeout');
    });

    it('connects through a jump host', async () => {
      const clean = hosts.clean!;
      const jump = { name: 'clean', address: clean.address, port: clean.port, user: 'root' };
      const [result] = await scanHosts([resolved('clean')], { ...options, jump });
      expect(result?.status).toBe('scanned');
    });
  });

  it('never replaces a pinned key on trust', async () => {
    const knownHosts = join(repo, 'known_hosts');
    const before = readFileSync(knownHosts, 'utf8');
    const code = await main(['hostkeys', 'trust', 'rekeyed', '--repo', repo]);
    expect(code).toBe(2);
    expect(readFileSync(knownHosts, 'utf8')).toBe(before);
  });

  it('records nothing when the fingerprint differs', async () => {
    const knownHosts = join(repo, 'fingerprint_hosts');
    const code = await main(['hostkeys', 'trust', 'unknown', '--repo', repo, '--known-hosts', knownHosts, '--fingerprint', 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']);
    expect(code).toBe(2);
    expect(() => readFileSync(knownHosts)).toThrow();
  });

  it('trusts an unknown key only on request', async () => {
    const knownHosts = join(repo, 'trusted_hosts');
    // ssh-keygen -l gives the fingerprint an operator would read on the host's console.
    const publicKey = join(repo, 'unknown.pub');
    writeFileSync(publicKey, `${hosts.unknown!.hostKey}\n`);
    const fingerprint = execFileSync('ssh-keygen', ['-l', '-f', publicKey], { encoding: 'utf8' }).split(' ')[1]!;
    const code = await main(['hostkeys', 'trust', 'unknown', '--repo', repo, '--known-hosts', knownHosts, '--hash', '--fingerprint', fingerprint]);
    expect(code).toBe(0);
    const line = readFileSync(knownHosts, 'utf8');
    expect(line).toContain(hosts.unknown!.hostKey.split(' ')[1]);
    expect(line.startsWith('|1|')).toBe(true);
  });

  // Runs last because it commits to the repository.
  it('leads from trust to a committed key', async () => {
    const scanUnknown = async () => {
      const output = join(repo, 'unknown.json');
      const code = await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--hosts', 'unknown', '--format', 'json', '--output', output]);
      return { code, result: (JSON.parse(readFileSync(output, 'utf8')) as ScanReport).hosts[0]! };
    };
    const commit = [`git -C ${repo} add known_hosts`, `git -C ${repo} commit -m 'Trust the SSH host key of unknown'`];

    const recorded = await captureStdout(() => main(['hostkeys', 'trust', 'unknown', '--repo', repo]));
    expect(recorded.code).toBe(0);
    expect(recorded.stdout).toContain(`recorded in ${join(repo, 'known_hosts')}`);
    expect(recorded.stdout).toContain(`  ${commit[0]}\n  ${commit[1]}\n`);

    const uncommitted = await scanUnknown();
    expect(uncommitted.result.status).toBe('host-key-unknown');
    expect(uncommitted.result.message).toContain("The working tree's known_hosts has this key (line ");
    expect(uncommitted.result.message).toContain(commit.join(' && '));

    const again = await captureStdout(() => main(['hostkeys', 'trust', 'unknown', '--repo', repo]));
    expect(again.stdout).toContain('already trusted in');
    expect(again.stdout).toContain(`  ${commit[0]}\n  ${commit[1]}\n`);

    const identity = { GIT_AUTHOR_NAME: 'driftgate test', GIT_AUTHOR_EMAIL: 'test@example.com', GIT_COMMITTER_NAME: 'driftgate test', GIT_COMMITTER_EMAIL: 'test@example.com' };
    for (const command of commit) execFileSync('sh', ['-c', command], { env: { ...process.env, ...identity }, stdio: 'ignore' });
    const committed = await scanUnknown();
    expect(committed.result.status).toBe('scanned');
    expect(committed.code).toBe(0);

    const trusted = await captureStdout(() => main(['hostkeys', 'trust', 'unknown', '--repo', repo]));
    expect(trusted.stdout).toContain('The file at HEAD has the key too');
  });
});

/** Runs a command and returns its exit code and what it wrote to stdout. */
async function captureStdout(run: () => Promise<number>): Promise<{ code: number; stdout: string }> {
  const chunks: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    chunks.push(String(chunk));
    return true;
  });
  try {
    const code = await run();
    return { code, stdout: chunks.join('') };
  } finally {
    spy.mockRestore();
  }
}

/** Returns the canonical routing document of a test host: its veth address and default route. */
function routingDocument(host: LabHost): string {
  const gateway = gatewayOf(host);
  return `kind: routing\ninterfaces:\n  - name: dglab${host.index}n\n    addresses: [${host.address}/30]\nroutes:\n  - destination: default\n    via: ${gateway}\n`;
}

function gatewayOf(host: LabHost): string {
  return host.address.replace(/\d+$/, (last) => String(Number(last) - 1));
}

/** Writes the desired-state repository: inventory, known_hosts, managed files and rules. */
function writeRepo(repo: string, lab: Lab, hosts: Record<string, LabHost>): void {
  mkdirSync(join(repo, 'files'));
  mkdirSync(join(repo, 'firewall'));
  writeFileSync(join(repo, 'files', 'motd'), MOTD);
  writeFileSync(join(repo, 'firewall', 'edge.v4'), RULES);
  // Every host's key except the "unknown" one; "rekeyed" is pinned to its key before rotation.
  const known = readFileSync(lab.knownHostsPath, 'utf8')
    .split('\n')
    .filter((line) => !line.startsWith(`${hosts.unknown!.address} `));
  writeFileSync(join(repo, 'known_hosts'), known.join('\n'));
  // Hashed names, as ssh-keygen -H writes them, so scans look keys up through the HMAC path.
  execFileSync('ssh-keygen', ['-H', '-f', join(repo, 'known_hosts')], { stdio: 'ignore' });
  rmSync(join(repo, 'known_hosts.old'));
  mkdirSync(join(repo, 'routing'));
  const hostLines = Object.entries(hosts).map(([name, host]) => {
    if (name !== 'clean' && name !== 'drifted') return `  - name: ${name}\n    address: ${host.address}\n    port: ${host.port}`;
    writeFileSync(join(repo, 'routing', `${name}.yaml`), routingDocument(host));
    const packages = name === 'drifted' ? '\n      packages:\n        openssh-server: "1:9.1p1-1"' : '';
    return `  - name: ${name}\n    address: ${host.address}\n    port: ${host.port}\n    roles: [edge]\n    state:\n      routing: [routing/${name}.yaml]${packages}`;
  });
  const inventory = `kind: inventory
ssh:
  connectTimeout: 3
  totalTimeout: 30
  retries: 1
hosts:
${hostLines.join('\n')}
roles:
  edge:
    firewall: [firewall/edge.v4]
    files:
      - { path: /etc/motd, source: files/motd, mode: "0644", owner: root }
    packages:
      openssh-server: "${installedSsh}"
    services:
      - { name: ${AGENT}, monitoring: true }
    sshd:
      PermitRootLogin: prohibit-password
      MaxAuthTries: 6
      PasswordAuthentication: false
    sysctl:
      net.ipv4.ip_forward: 0
`;
  writeFileSync(join(repo, 'inventory.yaml'), inventory);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=driftgate test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'desired state');
}
