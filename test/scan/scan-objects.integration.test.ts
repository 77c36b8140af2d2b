/**
 * Scans real sshd test hosts for load-balancer, zone and service drift. Needs root; in CI
 * (CI=true) a missing capability fails the tests instead of skipping them. The test hosts run
 * without systemd as init, as containers and this project's CI do.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { main } from '../../src/cli/main.js';
import { createLab, labUnavailableReason } from '../../src/lab/harness.js';
import type { Lab, LabHost } from '../../src/lab/harness.js';
import type { DriftFinding, HostResult, ScanReport } from '../../src/scan/findings.js';
import { HAPROXY_CFG, LOADBALANCER_YAML } from '../helpers/drift-fixtures.js';

const reason = await labUnavailableReason();
const skip = reason !== undefined && process.env.CI !== 'true';

const AGENT = 'prometheus-node-exporter.service';
const ZONE = `; example.net, as deployed
$TTL 1h
@ IN SOA ns1 hostmaster 2026120401 3h 30m 2w 5m
  IN NS ns1
ns1 IN A 192.0.2.53
www 300 IN A 192.0.2.80
mail IN A 192.0.2.25
`;
const installedSsh = execFileSync('dpkg-query', ['-W', '-f', '${Version}', 'openssh-server'], { encoding: 'utf8' });
const hasDig = (() => {
  try {
    execFileSync('sh', ['-c', 'command -v dig'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

describe.skipIf(skip)('scan of load balancers, zones and services', () => {
  let lab: Lab;
  let repo: string;
  let report: ScanReport;
  let exitCode: number;
  const byHost = (name: string): HostResult => report.hosts.find((host) => host.host === name)!;
  const findingsOf = (name: string, kind: string): DriftFinding[] => byHost(name).findings.filter((finding) => finding.kind === kind);

  beforeAll(async () => {
    if (reason) throw new Error(`cannot run: ${reason}`);
    // /etc/opt and /etc/haproxy exist on the machine, so ip netns exec can bind the hosts' own copies over them.
    const etcFiles = { 'haproxy/haproxy.cfg': HAPROXY_CFG, 'opt/dns/db.example.net': ZONE };
    lab = await createLab(
      [
        { etcFiles, enabledUnits: [AGENT] },
        { etcFiles, enabledUnits: [AGENT] },
      ],
      { prefix: 'dgmore', network: '198.18.96.0' },
    );
    const [clean, drifted] = lab.hosts as [LabHost, LabHost];

    // Drift made by hand on one host only.
    const cfg = join(drifted.etcDir, 'haproxy', 'haproxy.cfg');
    writeFileSync(cfg, HAPROXY_CFG.replace('192.0.2.23:8080 check backup', '192.0.2.99:8080 check'));
    const zone = join(drifted.etcDir, 'opt', 'dns', 'db.example.net');
    writeFileSync(zone, ZONE.replace('192.0.2.80', '192.0.2.81').replace('2026120401', '2026120402').replace('mail IN', 'mail 60 IN'));
    await lab.exec(drifted, ['systemctl', 'disable', AGENT]);

    repo = mkdtempSync(join(tmpdir(), 'dgmore-scan-repo-'));
    writeRepo(repo, lab, clean, drifted);
    const output = join(repo, 'report.json');
    exitCode = await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--format', 'json', '--output', output, '--cache', join(repo, '.cache')]);
    report = JSON.parse(readFileSync(output, 'utf8')) as ScanReport;
  }, 120_000);

  afterAll(async () => {
    await lab?.destroy();
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('runs on hosts without systemd', () => {
    const comm = execFileSync('cat', ['/proc/1/comm'], { encoding: 'utf8' }).trim();
    expect(comm).not.toBe('systemd');
  });

  it('exits 0 for the clean host alone', async () => {
    const output = join(repo, 'clean.txt');
    const code = await main(['scan', '--repo', repo, '--identity', lab.clientKeyPath, '--hosts', 'clean', '--output', output, '--cache', join(repo, '.cache')]);
    const text = readFileSync(output, 'utf8');
    expect(text).toContain('clean (');
    expect(text).toContain('no drift');
    expect(text).toContain('  note: systemd is not the running init');
    expect(code).toBe(0);
  });

  it('finds nothing on the clean host', () => {
    expect(byHost('clean').status).toBe('scanned');
    expect(byHost('clean').findings).toEqual([]);
  });

  it('notes the uncollected active state', () => {
    const notes = byHost('clean').notes ?? [];
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('systemd is not the running init');
  });

  it('exits 1 for drift', () => {
    expect(exitCode).toBe(1);
  });

  it('reports a changed backend server', () => {
    const findings = findingsOf('drifted', 'loadbalancer');
    expect(findings.map((finding) => finding.object)).toEqual(['backend web server web3']);
    expect(findings[0]?.expected).toBe('192.0.2.23:8080 weight 1 check backup');
    expect(findings[0]?.actual).toBe('192.0.2.99:8080 weight 1 check');
  });

  it('reports a missing load-balancer config', () => {
    const findings = findingsOf('drifted', 'loadbalancer-config');
    expect(findings.map((finding) => finding.object)).toEqual(['/etc/haproxy/missing.cfg']);
    expect(findings[0]?.actual).toBe('missing');
  });

  it('reports a changed zone record', () => {
    const findings = findingsOf('drifted', 'zone-record');
    expect(findings.map((finding) => finding.object)).toEqual(['www.example.net. A']);
    expect(findings[0]?.expected).toBe('192.0.2.80');
    expect(findings[0]?.actual).toBe('192.0.2.81');
  });

  it('reports the zone serial separately', () => {
    const findings = findingsOf('drifted', 'zone-serial');
    expect(findings.map((finding) => finding.actual)).toEqual(['serial 2026120402']);
  });

  it('reports a changed record TTL', () => {
    const findings = findingsOf('drifted', 'zone-ttl');
    expect(findings.map((finding) => finding.object)).toEqual(['mail.example.net. A 192.0.2.25']);
    expect(findings[0]?.expected).toBe('TTL 3600');
    expect(findings[0]?.actual).toBe('TTL 60');
  });

  it('compares enabled state without systemd', () => {
    const findings = findingsOf('drifted', 'service-enabled');
    expect(findings.map((finding) => finding.object)).toEqual([AGENT]);
    expect(findings[0]?.actual).toBe('disabled');
    expect(findingsOf('drifted', 'service-active')).toEqual([]);
  });

  it('reports a missing dig for AXFR', () => {
    const errors = findingsOf('drifted', 'collector-error').filter((finding) => finding.object === 'example.org.');
    if (hasDig) {
      // With dig but no name server on the host, the transfer fails.
      expect(errors.map((finding) => finding.actual)).toHaveLength(1);
    } else {
      expect(errors.map((finding) => finding.actual)).toEqual(['dig is not installed on the host']);
    }
  });

  it('batches packages into one query', () => {
    expect(findingsOf('clean', 'package')).toEqual([]);
    const packages = findingsOf('drifted', 'package');
    expect(packages.map((finding) => `${finding.object} ${finding.actual}`)).toEqual(['driftgate-no-such-package not installed']);
  });
});

/** Writes the desired-state repository: inventory, known_hosts, load-balancer and zone files. */
function writeRepo(repo: string, lab: Lab, clean: LabHost, drifted: LabHost): void {
  mkdirSync(join(repo, 'lb'));
  mkdirSync(join(repo, 'dns'));
  writeFileSync(join(repo, 'lb', 'site.yaml'), LOADBALANCER_YAML);
  // The repository's copy differs from the host's in comments and spelling only.
  writeFileSync(join(repo, 'dns', 'db.example.net'), ZONE.replace('; example.net, as deployed\n', '').replace('ns1 IN A', 'ns1.example.net. IN A'));
  writeFileSync(join(repo, 'dns', 'db.example.org'), ZONE);
  copyFileSync(lab.knownHostsPath, join(repo, 'known_hosts'));
  const inventory = `kind: inventory
ssh:
  connectTimeout: 3
  totalTimeout: 30
  retries: 1
hosts:
  - name: clean
    address: ${clean.address}
    port: ${clean.port}
    roles: [edge]
  - name: drifted
    address: ${drifted.address}
    port: ${drifted.port}
    roles: [edge]
    state:
      packages:
        driftgate-no-such-package: present
      zones:
        - { name: example.org, file: dns/db.example.org, axfr: true }
      loadbalancerConfigs:
        - { file: lb/site.yaml, hostFile: /etc/haproxy/missing.cfg }
roles:
  edge:
    loadbalancerConfigs:
      - { file: lb/site.yaml, hostFile: /etc/haproxy/haproxy.cfg }
    zones:
      - { name: example.net, file: dns/db.example.net, hostFile: /etc/opt/dns/db.example.net }
    packages:
      openssh-server: "${installedSsh}"
      bash: present
      driftgate-no-such-package: absent
    services:
      - { name: ${AGENT}, monitoring: true }
`;
  writeFileSync(join(repo, 'inventory.yaml'), inventory);
  const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { stdio: 'pipe' });
  git('init', '-q');
  git('add', '-A');
  git('-c', 'user.name=driftgate test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'desired state');
}
