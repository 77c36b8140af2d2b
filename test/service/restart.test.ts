/**
 * The drift service as a separate process: mail survives an SMTP outage and a restart, and a
 * SIGKILL mid-scan leaves a consistent store and an alert. Runs the compiled service from dist/.
 */
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

import type { ServiceSettings } from '../../src/service/settings.js';
import { SqliteStore } from '../../src/service/sqlite-store.js';
import { removeScratchDirs, sleep, testSettings, waitFor } from './helpers.js';
import { extraRule, scannedHost } from './report-producer.js';
import type { ScanPlan } from './report-producer.js';
import { startSmtp } from './smtp.js';
import type { ReceivedMail, TestSmtp } from './smtp.js';

const repoRoot = join(import.meta.dirname, '..', '..');
const TOKEN = 'restart-test-token-5d3a';

/** A service process with its parsed log lines. */
interface ServiceProcess {
  child: ChildProcess;
  httpPort: number;
  logs: Record<string, unknown>[];
  exited: Promise<number | null>;
}

const running: ServiceProcess[] = [];
const servers: TestSmtp[] = [];

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: repoRoot, stdio: 'inherit' });
});

afterAll(removeScratchDirs);

afterEach(async () => {
  for (const service of running.splice(0)) {
    if (service.child.exitCode === null) service.child.kill('SIGKILL');
    await service.exited;
  }
  for (const server of servers.splice(0)) await server.close();
});

function writeSetup(settings: ServiceSettings, plan: ScanPlan): { setupFile: string; planFile: string } {
  const planFile = join(settings.root, 'plan.json');
  const setupFile = join(settings.root, 'setup.json');
  writeFileSync(planFile, JSON.stringify(plan));
  writeFileSync(setupFile, JSON.stringify({ settings, planFile, retryBaseMs: 200 }));
  return { setupFile, planFile };
}

async function startProcess(setupFile: string): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [join(import.meta.dirname, 'serve-child.mjs'), setupFile], {
    cwd: repoRoot,
    env: { ...process.env, DRIFTGATE_TEST_TOKEN: TOKEN },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    try {
      logs.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      logs.push({ msg: line, unparsed: true });
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`service exited with ${String(code)} before listening: ${JSON.stringify(logs)}`)));
  });
  const service = { child, httpPort: (JSON.parse(firstLine) as { httpPort: number }).httpPort, logs, exited };
  running.push(service);
  return service;
}

async function requestRun(service: ServiceProcess): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${service.httpPort}/run`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(response.status).toBe(202);
  return ((await response.json()) as { scanId: number }).scanId;
}

function readStore(settings: ServiceSettings): SqliteStore {
  return new SqliteStore(settings.storePath);
}

/** Returns a free loopback port: a server takes one and closes again. */
async function freePort(): Promise<number> {
  const probe = await startSmtp();
  await probe.close();
  return probe.port;
}

describe('drift service process', () => {
  it('keeps mail across an SMTP outage and restart', async () => {
    const smtpPort = await freePort();
    const settings = testSettings(smtpPort);
    const hosts = Array.from({ length: 40 }, (_, i) => scannedHost(`web-${i + 1}`, [extraRule]));
    const { setupFile } = writeSetup(settings, { hosts });

    const first = await startProcess(setupFile);
    await requestRun(first);
    await waitFor(() => first.logs.some((line) => line.msg === 'mail delivery failed; will retry'), 'a failed delivery');
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    let store = readStore(settings);
    const queued = store.outbox();
    store.close();
    expect(queued).toHaveLength(1);
    expect(queued[0]!.sentAt).toBeUndefined();
    expect(queued[0]!.attempts).toBeGreaterThanOrEqual(1);
    expect(queued[0]!.lastError).toMatch(/ECONNREFUSED/);

    const second = await startProcess(setupFile);
    await sleep(500);
    const messages: ReceivedMail[] = [];
    servers.push(await startSmtp({ port: smtpPort }, messages));
    await waitFor(() => messages.length === 1, 'the queued digest', 15_000);
    // Several retry periods pass; a second copy would arrive within them.
    await sleep(1500);
    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toContain('40 new');
    expect(messages[0]!.decoded).toContain('on 40 hosts');

    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    store = readStore(settings);
    expect(store.outbox()[0]!.sentAt).toBeDefined();
    expect(store.queuedMailCount()).toBe(0);
    store.close();
  });

  it('recovers a scan killed midway', async () => {
    const messages: ReceivedMail[] = [];
    const smtp = await startSmtp({}, messages);
    servers.push(smtp);
    const settings = testSettings(smtp.port);
    const { setupFile, planFile } = writeSetup(settings, { hosts: [scannedHost('db-01', [extraRule])] });

    const first = await startProcess(setupFile);
    await requestRun(first);
    await waitFor(() => messages.length === 1, 'first digest');
    writeFileSync(planFile, JSON.stringify({ hosts: [scannedHost('db-01', [])], delayMs: 30_000 }));
    const scanId = await requestRun(first);
    await waitFor(() => first.logs.some((line) => line.msg === 'scan started' && line.scanId === scanId), 'second scan start');
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await startProcess(setupFile);
    await waitFor(() => messages.length === 2, 'interrupted-scan alert');
    expect(messages[1]!.subject).toBe(`[driftgate] scan ${scanId} (manual) was interrupted`);
    expect(second.logs.some((line) => line.msg === 'scan interrupted by an earlier stop; alert queued' && line.scanId === scanId)).toBe(true);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const db = new Database(settings.storePath, { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
    }
    const store = readStore(settings);
    try {
      expect(store.runningScans()).toEqual([]);
      expect(store.getScan(scanId)?.status).toBe('interrupted');
      // The killed scan recorded nothing, so the finding of the first scan is still open.
      const findings = store.findings();
      expect(findings).toHaveLength(1);
      expect(findings[0]!.resolvedAt).toBeUndefined();
      expect(store.queuedMailCount()).toBe(0);
    } finally {
      store.close();
    }
  });

  it('records a scan stopped by SIGTERM', async () => {
    const messages: ReceivedMail[] = [];
    servers.push(await startSmtp({}, messages).then((smtp) => smtp));
    const settings = testSettings(servers[0]!.port);
    const planFile = join(settings.root, 'plan.json');
    const setupFile = join(settings.root, 'setup.json');
    writeFileSync(planFile, JSON.stringify({ hosts: [scannedHost('db-01', [])], delayMs: 30_000 }));
    writeFileSync(setupFile, JSON.stringify({ settings, planFile, retryBaseMs: 200, shutdownGraceMs: 500 }));

    const service = await startProcess(setupFile);
    const scanId = await requestRun(service);
    await waitFor(() => service.logs.some((line) => line.msg === 'scan started'), 'scan start');
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);

    expect(messages).toHaveLength(1);
    expect(messages[0]!.subject).toBe(`[driftgate] scan ${scanId} (manual) was interrupted`);
    const store = readStore(settings);
    try {
      expect(store.getScan(scanId)?.status).toBe('interrupted');
      expect(store.getScan(scanId)?.error).toBe('the service was stopped before the scan finished');
    } finally {
      store.close();
    }
  });
});

describe('driftgate serve', () => {
  it('runs from driftgate.yaml and alerts a failed scan', async () => {
    const messages: ReceivedMail[] = [];
    const smtp = await startSmtp({}, messages);
    servers.push(smtp);
    const root = testSettings(smtp.port).root;
    writeFileSync(
      join(root, 'driftgate.yaml'),
      `kind: config
service:
  schedules: [{ name: yearly, cron: "0 2 1 1 *" }]
  store: state/driftgate.db
  mail: { host: 127.0.0.1, port: ${smtp.port}, security: none, from: driftgate@example.org, to: [netops@example.org] }
  http: { listen: "127.0.0.1:0", tokenEnv: DRIFTGATE_TEST_TOKEN }
`,
    );
    const child = spawn(process.execPath, [join(repoRoot, 'bin', 'driftgate.js'), 'serve', '--config', join(root, 'driftgate.yaml')], {
      cwd: root,
      env: { ...process.env, DRIFTGATE_TEST_TOKEN: TOKEN },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const logs: Record<string, unknown>[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    const service: ServiceProcess = { child, httpPort: 0, logs, exited };
    running.push(service);
    await waitFor(() => logs.some((line) => line.msg === 'HTTP server listening'), 'HTTP server');
    service.httpPort = logs.find((line) => line.msg === 'HTTP server listening')!.port as number;

    expect((await fetch(`http://127.0.0.1:${service.httpPort}/healthz`)).status).toBe(200);
    const scanId = await requestRun(service);
    await waitFor(() => messages.length === 1, 'failure alert');
    // Without the scanner in this build the scan command is missing; with it, the folder has no
    // inventory. Either way the scan fails and the failure is mailed.
    expect(messages[0]!.subject).toBe(`[driftgate] scan ${scanId} (manual) failed`);
    expect(messages[0]!.decoded).toContain('driftgate scan exited with 2');
    expect(logs.some((line) => line.msg === 'scan did not finish; alert queued' && line.scanId === scanId && line.level === 50)).toBe(true);

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(logs.at(-1)?.msg).toBe('service stopped');
    const store = new SqliteStore(join(root, 'state', 'driftgate.db'));
    expect(store.getScan(scanId)?.status).toBe('failed');
    store.close();
  });

  it('names the problem in a bad configuration', () => {
    const root = testSettings(25).root;
    writeFileSync(join(root, 'driftgate.yaml'), 'kind: config\nservice:\n  staleAfter: 2 weeks\n');
    let stderr = '';
    try {
      execFileSync(process.execPath, [join(repoRoot, 'bin', 'driftgate.js'), 'serve', '--config', join(root, 'driftgate.yaml')], { cwd: root, stdio: 'pipe' });
    } catch (error) {
      stderr = String((error as { stderr: Buffer }).stderr);
      expect((error as { status: number }).status).toBe(2);
    }
    expect(stderr).toContain('driftgate.yaml:3:');
    expect(stderr).toContain('staleAfter');
  });
});
