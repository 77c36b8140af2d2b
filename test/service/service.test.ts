/**
 * The drift service in-process against a real SMTP server on loopback.
 *
 * Reports come from report-producer.ts, so that each case sets the drift exactly.
 * real-hosts.test.ts runs the service against real test hosts through the scan CLI.
 */
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import type { DriftService } from '../../src/service/service.js';
import { startService } from '../../src/service/service.js';
import type { ServiceSettings } from '../../src/service/settings.js';
import { SqliteStore } from '../../src/service/sqlite-store.js';
import { removeScratchDirs, silentLog, sleep, testSettings, waitFor } from './helpers.js';
import { extraRule, planProducer, scannedHost, sshdDrift, unreachableHost } from './report-producer.js';
import type { ScanPlan } from './report-producer.js';
import { startSmtp } from './smtp.js';
import type { TestSmtp } from './smtp.js';

const TOKEN = 'test-token-8c1f2e7a';
const cleanups: (() => Promise<void>)[] = [];

afterAll(removeScratchDirs);

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(plan: ScanPlan, overrides: Partial<ServiceSettings> = {}): Promise<{ service: DriftService; smtp: TestSmtp; store: SqliteStore; settings: ServiceSettings }> {
  const smtp = await startSmtp();
  cleanups.push(() => smtp.close());
  const settings = testSettings(smtp.port, overrides);
  const store = new SqliteStore(settings.storePath);
  const service = await startService({
    settings,
    store,
    runScan: planProducer(plan),
    log: silentLog,
    env: { DRIFTGATE_TEST_TOKEN: TOKEN },
    mailPollMs: 100,
    retry: { baseMs: 100, maxMs: 1000 },
  });
  cleanups.push(() => service.stop());
  return { service, smtp, store, settings };
}

function webHosts(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `web-${String(i + 1).padStart(2, '0')}`);
}

describe('drift service digests', () => {
  it('mails new, nothing, then resolved', async () => {
    const plan: ScanPlan = { hosts: [scannedHost('db-01', [sshdDrift]), scannedHost('db-02', [sshdDrift]), scannedHost('db-03', [])] };
    const { service, smtp } = await setup(plan);

    await service.runNow();
    await waitFor(() => smtp.messages.length === 1, 'first digest');
    const first = smtp.messages[0]!;
    expect(first.subject).toContain('2 new, 0 ongoing, 0 resolved');
    expect(first.decoded).toContain('New drift (1)');
    expect(first.decoded).toContain('ERROR sshd PermitRootLogin on 2 hosts');
    expect(first.decoded).toContain('hosts: db-01, db-02');
    expect(first.raw).toContain('Content-Type: text/html');
    expect(first.raw).toContain('Content-Type: text/plain');

    await service.runNow();
    await sleep(500);
    expect(smtp.messages).toHaveLength(1);

    plan.hosts[0] = scannedHost('db-01', []);
    await service.runNow();
    await waitFor(() => smtp.messages.length === 2, 'resolved digest');
    const third = smtp.messages[1]!;
    expect(third.subject).toContain('0 new, 1 ongoing, 1 resolved');
    expect(third.decoded).toContain('Resolved drift (1)');
    expect(third.decoded).toMatch(/Resolved drift \(1\)[\s\S]*hosts: db-01\b/);
    expect(third.decoded).toMatch(/Ongoing drift \(1\)[\s\S]*hosts: db-02\b[\s\S]*age: /);
  });

  it('groups identical drift on 40 hosts', async () => {
    const hosts = webHosts(40).map((name) => scannedHost(name, [extraRule]));
    const { service, smtp } = await setup({ hosts: [...hosts, scannedHost('db-01', [sshdDrift])] });

    await service.runNow();
    await waitFor(() => smtp.messages.length === 1, 'digest');
    const mail = smtp.messages[0]!;
    expect(mail.subject).toContain('41 new');
    expect(mail.decoded).toContain('New drift (2)');
    expect(mail.decoded).toContain('ERROR firewall-rule filter INPUT on 40 hosts');
    expect(mail.decoded).toContain(`hosts: ${webHosts(40).join(', ')}\r\n`);
    expect(mail.decoded.split('-A INPUT -p tcp --dport 8080 -j ACCEPT').length - 1).toBe(2);
  });

  it('reports failed hosts once', async () => {
    const plan: ScanPlan = { hosts: [scannedHost('db-01', []), unreachableHost('edge-01')] };
    const { service, smtp } = await setup(plan);

    await service.runNow();
    await waitFor(() => smtp.messages.length === 1, 'digest');
    expect(smtp.messages[0]!.subject).toContain('1 host not scanned');
    expect(smtp.messages[0]!.decoded).toContain('edge-01 (198.18.0.6): unreachable (new)');
    expect(smtp.messages[0]!.decoded).toContain('connect ETIMEDOUT');

    await service.runNow();
    await sleep(500);
    expect(smtp.messages).toHaveLength(1);
  });

  it('redacts secrets in mail and store', async () => {
    const secretDrift = {
      kind: 'file-content',
      object: '/etc/shadow',
      expected: 'root:*:19700:0:99999:7:::',
      actual: 'root:$6$rounds=5000$Qm9vdHN0cmFw$8a1jK0w3Z9cX2mR7pL4sT6uV1yB5nD8eF0gH3iJ6kL9mN2oP5qR8sT1uV4wX7yZ0aB3cD6eF9gH2iJ5kL8mN1o:19700:0:99999:7:::',
      severity: 'critical' as const,
      fix: 'Restore /etc/shadow from the desired state.',
    };
    const { service, smtp, settings } = await setup({ hosts: [scannedHost('db-01', [secretDrift])] });

    await service.runNow();
    await waitFor(() => smtp.messages.length === 1, 'digest');
    expect(smtp.messages[0]!.decoded).not.toContain('Qm9vdHN0cmFw');
    expect(smtp.messages[0]!.decoded).toContain('root:[redacted password hash]:19700');
    const store = new SqliteStore(settings.storePath);
    try {
      expect(JSON.stringify(store.findings())).not.toContain('Qm9vdHN0cmFw');
    } finally {
      store.close();
    }
  });

  it('alerts a failed scan', async () => {
    const { service, smtp, store } = await setup({ hosts: [], failWith: 'cannot clone the desired state: repository not found' });

    await service.runNow();
    await waitFor(() => smtp.messages.length === 1, 'alert');
    expect(smtp.messages[0]!.subject).toBe('[driftgate] scan 1 (manual) failed');
    expect(smtp.messages[0]!.decoded).toContain('repository not found');
    expect(store.getScan(1)?.status).toBe('failed');
  });

  it('mails every scan with send: always', async () => {
    const smtpSettings = { host: '127.0.0.1', port: 0, security: 'none' as const, from: 'driftgate@example.org', to: ['netops@example.org'] };
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const settings = testSettings(smtp.port);
    settings.mail = { ...smtpSettings, port: smtp.port, send: 'always' };
    const service = await startService({ settings, store: new SqliteStore(settings.storePath), runScan: planProducer({ hosts: [scannedHost('db-01', [])] }), log: silentLog, mailPollMs: 100 });
    cleanups.push(() => service.stop());

    await service.runNow();
    await service.runNow();
    await waitFor(() => smtp.messages.length === 2, 'two digests');
    expect(smtp.messages[1]!.subject).toBe('[driftgate] manual: 0 new, 0 ongoing, 0 resolved drift');
    expect(smtp.messages[1]!.decoded).toContain('No drift and every host was scanned.');
  });
});

describe('drift service HTTP', () => {
  it('guards run-now with the token', async () => {
    const plan: ScanPlan = { hosts: [scannedHost('db-01', [])], delayMs: 1500 };
    const { service } = await setup(plan);
    const url = `http://127.0.0.1:${service.httpPort}/run`;

    expect((await fetch(url, { method: 'POST' })).status).toBe(401);
    expect((await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer wrong-token' } })).status).toBe(401);
    expect((await fetch(url)).status).toBe(405);
    const accepted = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(accepted.status).toBe(202);
    expect(await accepted.json()).toEqual({ scanId: 1 });
    const busy = await fetch(url, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(busy.status).toBe(409);
    expect(await busy.text()).toContain('scan 1 is running');
  });

  it('fails readiness when scans stop succeeding', async () => {
    const plan: ScanPlan = { hosts: [scannedHost('db-01', [])] };
    // Every second, so two periods are two seconds.
    const { service, store } = await setup(plan, { schedules: [{ name: 'every-second', cron: '* * * * * *', timezone: 'UTC' }] });
    const url = `http://127.0.0.1:${service.httpPort}/readyz`;

    await waitFor(() => store.lastSucceededScan() !== undefined, 'first scheduled scan', 5000);
    expect((await fetch(url)).status).toBe(200);
    plan.failWith = 'desired state checkout failed';
    await sleep(3500);
    const response = await fetch(url);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('not ready');
    expect(store.scans().some((scan) => scan.status === 'failed')).toBe(true);
    expect((await fetch(`http://127.0.0.1:${service.httpPort}/healthz`)).status).toBe(200);
  });

  it('exports metrics matching the scans', async () => {
    const plan: ScanPlan = { hosts: [...webHosts(3).map((name) => scannedHost(name, [extraRule])), unreachableHost('edge-01'), scannedHost('db-01', [sshdDrift])] };
    const { service, smtp } = await setup(plan);
    await service.runNow();
    await service.runNow();
    plan.failWith = 'checkout failed';
    await service.runNow();
    await waitFor(() => smtp.messages.length === 2, 'digest and alert');
    await sleep(200);

    const text = await (await fetch(`http://127.0.0.1:${service.httpPort}/metrics`)).text();
    expect(text).toContain('driftgate_scans_total{outcome="succeeded"} 2');
    expect(text).toContain('driftgate_scans_total{outcome="failed"} 1');
    expect(text).toContain('driftgate_scan_duration_seconds_count{outcome="succeeded"} 2');
    expect(text).toContain('driftgate_hosts_scanned 4');
    expect(text).toContain('driftgate_hosts_unreachable 1');
    expect(text).toContain('driftgate_findings{kind="firewall-rule",severity="error"} 3');
    expect(text).toContain('driftgate_findings{kind="sshd",severity="error"} 1');
    expect(text).toContain('driftgate_mail_sent_total 2');
    expect(text).toContain('driftgate_mail_failed_total 0');
    expect(text).toContain('driftgate_mail_queued 0');
  });

  it('records a scan that ignores the abort', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const settings = testSettings(smtp.port);
    const store = new SqliteStore(settings.storePath);
    // The producer never settles and never looks at its signal, like a hung scanner.
    const service = await startService({ settings, store, runScan: () => new Promise(() => undefined), log: silentLog, shutdownGraceMs: 100, abortWaitMs: 100 });
    service.requestRun('manual');
    await service.stop();

    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]!.subject).toBe('[driftgate] scan 1 (manual) was interrupted');
    const reopened = new SqliteStore(settings.storePath);
    try {
      expect(reopened.getScan(1)?.status).toBe('interrupted');
      expect(reopened.runningScans()).toEqual([]);
    } finally {
      reopened.close();
    }
  });

  it('names a port already in use', async () => {
    const { service } = await setup({ hosts: [] });
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const settings = testSettings(smtp.port, { http: { host: '127.0.0.1', port: service.httpPort } });
    const store = new SqliteStore(settings.storePath);
    cleanups.push(async () => store.close());
    await expect(startService({ settings, store, runScan: planProducer({ hosts: [] }), log: silentLog })).rejects.toThrow(
      `cannot listen on 127.0.0.1:${service.httpPort} (EADDRINUSE); free the port or change service.http.listen`,
    );
  });

  it('logs a scheduled scan that cannot start', async () => {
    const smtp = await startSmtp();
    cleanups.push(() => smtp.close());
    const settings = testSettings(smtp.port, { schedules: [{ name: 'every-second', cron: '* * * * * *', timezone: 'UTC' }] });
    // A store whose disk fails on the first write of each scan.
    class FailingStore extends SqliteStore {
      override beginScan(): number {
        throw new Error('SQLITE_IOERR: disk I/O error');
      }
    }
    const lines: Record<string, unknown>[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const service = await startService({ settings, store: new FailingStore(settings.storePath), runScan: planProducer({ hosts: [] }), log });
    cleanups.push(() => service.stop());

    await waitFor(() => lines.some((line) => line.msg === 'scheduled scan failed to start'), 'error log', 5000);
    const line = lines.find((entry) => entry.msg === 'scheduled scan failed to start')!;
    expect(line.level).toBe(50);
    expect(line.schedule).toBe('every-second');
    expect(line.error).toBe('SQLITE_IOERR: disk I/O error');
  });
});
