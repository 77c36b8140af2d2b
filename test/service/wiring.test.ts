/**
 * The service's scan runner against the real `driftgate scan` CLI (compiled into dist/): the
 * flags it passes and the exit codes and JSON report it reads. No test host is needed, because
 * the only host is a closed port on 127.0.0.1.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { jsonReport } from '../../src/scan/report.js';
import type { ScanReport } from '../../src/scan/findings.js';
import { createScanRunner, readScanOutput } from '../../src/service/wiring.js';
import { buildCli } from '../cli/helpers.js';
import { silentLog } from './helpers.js';

const REPORT: ScanReport = {
  toolVersion: '0.1.0',
  startedAt: '2026-01-01T00:00:00.000Z',
  desired: { source: '/srv/desired', ref: 'HEAD', commit: '0123456789abcdef0123456789abcdef01234567' },
  hosts: [{ host: 'edge-01', address: '127.0.0.1', status: 'unreachable', message: 'connection refused', findings: [], durationMs: 3 }],
};

describe('scan output reader', () => {
  it('accepts the JSON report of exit 0, 1 and 2', () => {
    for (const code of [0, 1, 2]) {
      expect(readScanOutput(code, jsonReport(REPORT), '')).toEqual(REPORT);
    }
  });

  it('rejects another report version', () => {
    const future = JSON.stringify({ ...REPORT, version: 2 });
    const outcome = readScanOutput(0, future, '');
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toContain('a report of version 2, but the service reads version 1');
  });

  it('rejects exit 2 without a report', () => {
    const outcome = readScanOutput(2, '', 'driftgate: unknown ref "nope"\n');
    expect(outcome).toBeInstanceOf(Error);
    expect((outcome as Error).message).toBe('driftgate scan exited with 2: driftgate: unknown ref "nope"');
  });

  it('rejects other exit codes', () => {
    const outcome = readScanOutput(null, jsonReport(REPORT), '');
    expect((outcome as Error).message).toBe('driftgate scan exited with null: no message');
  });

  it('rejects output that is not a report', () => {
    expect((readScanOutput(0, 'desired state ...', '') as Error).message).toMatch(/^driftgate scan printed no valid JSON report/);
    expect((readScanOutput(1, '{"hosts": 3}', '') as Error).message).toMatch(/not a scan report/);
  });
});

describe('scan runner with the real scan CLI', () => {
  let repo: string;
  let closedPort: number;
  let commit: string;

  beforeAll(async () => {
    buildCli();
    repo = mkdtempSync(join(tmpdir(), 'driftgate-wiring-'));
    closedPort = await freePort();
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(repo, 'id_ed25519')]);
    const inventory = `kind: inventory\nssh:\n  connectTimeout: 2\n  retries: 0\nhosts:\n  - name: edge-01\n    address: 127.0.0.1\n    port: ${closedPort}\n`;
    writeFileSync(join(repo, 'inventory.yaml'), inventory);
    writeFileSync(join(repo, '.gitignore'), 'id_ed25519*\n');
    const git = (...args: string[]) => execFileSync('git', ['-C', repo, ...args], { encoding: 'utf8' });
    git('init', '-q');
    git('add', '-A');
    git('-c', 'user.name=driftgate test', '-c', 'user.email=test@example.com', 'commit', '-qm', 'desired state');
    commit = git('rev-parse', 'HEAD').trim();
  }, 120_000);

  afterAll(() => {
    if (repo) rmSync(repo, { recursive: true, force: true });
  });

  it('returns the report when no host could be scanned', async () => {
    const runScan = createScanRunner(repo, ['--identity', join(repo, 'id_ed25519')], silentLog);
    const report = await runScan(new AbortController().signal);
    expect(report.desired.commit).toBe(commit);
    expect(report.hosts).toHaveLength(1);
    expect(report.hosts[0]?.host).toBe('edge-01');
    expect(report.hosts[0]?.status).toBe('unreachable');
  });

  it('fails with the scanner message for a bad ref', async () => {
    const runScan = createScanRunner(repo, ['--identity', join(repo, 'id_ed25519'), '--ref', 'no-such-branch'], silentLog);
    await expect(runScan(new AbortController().signal)).rejects.toThrow(/^driftgate scan exited with 2: .*no-such-branch/s);
  });
});

/** Returns a TCP port on 127.0.0.1 that nothing listens on (it was free a moment ago). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
