/**
 * Semantic firewall drift against real test hosts: rules loaded into each host's namespace
 * with iptables-restore, ip6tables-restore or nft, then scanned over SSH. Needs root; in CI
 * (CI=true) a missing capability fails the tests instead of skipping them.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';
import { createLab, labUnavailableReason } from '../../src/lab/harness.js';
import type { Lab, LabHost } from '../../src/lab/harness.js';
import type { HostResult, ScanReport } from '../../src/scan/findings.js';

const reason = await labUnavailableReason();
const skip = reason !== undefined && process.env.CI !== 'true';
const rules = join(import.meta.dirname, '../fixtures/drift/lab');

/** Loads a ruleset file into a host's namespace with a restore tool (`iptables-restore`, `nft -f -`). */
function load(host: LabHost, tool: string[], file: string): void {
  execFileSync('ip', ['netns', 'exec', host.namespace, ...tool], { input: readFileSync(join(rules, file)) });
}

describe.skipIf(skip)('firewall drift on test hosts', () => {
  let lab: Lab;
  let repo: string;
  let report: ScanReport;
  const byHost = (name: string): HostResult => report.hosts.find((host) => host.host === name)!;
  const firewallFindings = (name: string) => byHost(name).findings.filter((finding) => finding.kind === 'firewall');

  beforeAll(async () => {
    if (reason) throw new Error(`cannot run: ${reason}`);
    lab = await createLab([{}, {}, {}, {}], { prefix: 'dgfw', network: '198.18.48.0' });
    const [equivalent, drifted, nftEqual, nftDrifted] = lab.hosts as [LabHost, LabHost, LabHost, LabHost];

    load(equivalent, ['iptables-restore'], 'respelled.v4');
    load(equivalent, ['ip6tables-restore'], 'respelled.v6');
    load(drifted, ['iptables-restore'], 'web.v4');
    load(drifted, ['ip6tables-restore'], 'web.v6');
    // Rules added by hand, one per family.
    await lab.exec(drifted, ['iptables', '-I', 'INPUT', '3', '-p', 'tcp', '--dport', '8080', '-j', 'ACCEPT']);
    await lab.exec(drifted, ['ip6tables', '-A', 'INPUT', '-p', 'tcp', '--dport', '8443', '-j', 'ACCEPT']);
    load(nftEqual, ['nft', '-f', '-'], 'web.nft');
    load(nftDrifted, ['nft', '-f', '-'], 'web.nft');
    await lab.exec(nftDrifted, ['nft', 'add', 'rule', 'inet', 'filter', 'input', 'tcp', 'dport', '8080', 'accept']);

    repo = mkdtempSync(join(tmpdir(), 'driftgate-fw-repo-'));
    mkdirSync(join(repo, 'firewall'));
    for (const file of ['web.v4', 'web.v6']) writeFileSync(join(repo, 'firewall', file), readFileSync(join(rules, file)));
    writeFileSync(join(repo, 'known_hosts'), readFileSync(lab.knownHostsPath));
    const entry = (name: string, host: LabHost, firewall: string) =>
      `  - name: ${name}\n    address: ${host.address}\n    port: ${host.port}\n    state:\n      firewall: [${firewall}]`;
    const inventory = [
      'kind: inventory',
      'ssh:',
      '  connectTimeout: 3',
      '  totalTimeout: 30',
      '  retries: 1',
      'hosts:',
      entry('equivalent', equivalent, 'firewall/web.v4, firewall/web.v6'),
      entry('drifted', drifted, 'firewall/web.v4, firewall/web.v6'),
      entry('nft-equal', nftEqual, 'firewall/web.v4'),
      entry('nft-drifted', nftDrifted, 'firewall/web.v4'),
      '',
    ].join('\n');
    writeFileSync(join(repo, 'inventory.yaml'), inventory);
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=driftgate test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'desired state');

    const output = join(repo, 'report.json');
    await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--format', 'json', '--output', output, '--cache', join(repo, '.cache')]);
    report = JSON.parse(readFileSync(output, 'utf8')) as ScanReport;
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('equivalent spellings are not drift', () => {
    expect(byHost('equivalent').status).toBe('scanned');
    expect(byHost('equivalent').findings).toEqual([]);
  });

  it('IPv4 rule added by hand is reported', () => {
    const finding = firewallFindings('drifted').find((candidate) => candidate.object === 'ipv4 filter/input');
    expect(finding?.severity).toBe('error');
    expect(finding?.expected).toContain('tcp from 0.0.0.0/0 to 0.0.0.0/0 port 8080');
    expect(finding?.expected).toContain(': drop (chain policy)');
    expect(finding?.actual).toContain('accept (rule `-A INPUT -p tcp -m tcp --dport 8080 -j ACCEPT` at iptables-save line');
  });

  it('IPv6 rule added by hand is reported', () => {
    const finding = firewallFindings('drifted').find((candidate) => candidate.object === 'ipv6 filter/input');
    expect(finding?.expected).toContain('tcp from ::/0 to ::/0 port 8443');
    expect(finding?.actual).toContain('at ip6tables-save line');
  });

  it('drifted host has one finding per family', () => {
    expect(firewallFindings('drifted').map((finding) => finding.object).sort()).toEqual(['ipv4 filter/input', 'ipv6 filter/input']);
  });

  it('nft ruleset equal to iptables-save is not drift', () => {
    expect(byHost('nft-equal').status).toBe('scanned');
    expect(byHost('nft-equal').findings).toEqual([]);
  });

  it('nft rule added by hand is reported', () => {
    const findings = firewallFindings('nft-drifted');
    expect(findings).toHaveLength(1);
    expect(findings[0]?.expected).toContain('port 8080');
    expect(findings[0]?.actual).toContain('at nft -j list ruleset line 1');
  });
});
