/**
 * The drift service: runs scans on schedule or on request, records them, mails digests and
 * serves health and metrics. At start it turns scans left `running` by a crash into
 * `interrupted` ones with an alert.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

import { buildDigest, buildScanAlert } from './digest.js';
import { startHttpServer } from './http.js';
import type { RunRequestResult } from './http.js';
import { createTransport, DEFAULT_RETRY, OutboxMailer } from './mailer.js';
import { redact } from './redact.js';
import type { ScanReport } from '../scan/findings.js';
import type { RetryPolicy } from './mailer.js';
import { ServiceMetrics } from './metrics.js';
import { Scheduler } from './scheduler.js';
import type { ServiceSettings } from './settings.js';
import type { DriftStore, ScanChanges } from './store.js';

/** Produces one scan report. Aborting `signal` requests that the scan stop early and reject. */
export type RunScan = (signal: AbortSignal) => Promise<ScanReport>;

/** Dependencies and timing of a service. Tests shorten the timing. */
export interface ServiceOptions {
  settings: ServiceSettings;
  store: DriftStore;
  runScan: RunScan;
  log: Logger;
  env?: NodeJS.ProcessEnv;
  retry?: RetryPolicy;
  /** How often the outbox is checked for due mail, in milliseconds. */
  mailPollMs?: number;
  /** How long `stop()` waits for a scan in progress before aborting it, in milliseconds. */
  shutdownGraceMs?: number;
  /** How long `stop()` waits for an aborted scan to return before recording it, in milliseconds. */
  abortWaitMs?: number;
  /** Replaces the SMTP transport built from the settings. */
  transport?: Transporter;
}

/** Default wait for a scan in progress at shutdown, below systemd's default stop timeout of 90 s. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 60_000;

/** Default time a scan gets to stop after its abort signal before shutdown records it. */
const DEFAULT_ABORT_WAIT_MS = 10_000;

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

interface RunningScan {
  scanId: number;
  trigger: string;
  started: Date;
  controller: AbortController;
  done: Promise<ScanChanges | undefined>;
}

/** A running drift service, created by `startService`. */
export class DriftService {
  readonly metrics = new ServiceMetrics();
  private readonly startedAt = new Date();
  private running: RunningScan | undefined;
  private mailer: OutboxMailer | undefined;
  private scheduler: Scheduler | undefined;
  private server: Server | undefined;
  private stopping = false;
  /** Set once the store is closed, so a scan that outlives shutdown records nothing. */
  private closed = false;

  constructor(private readonly options: ServiceOptions) {}

  private get log(): Logger {
    return this.options.log;
  }

  /** Recovers interrupted scans, then starts mail delivery, the HTTP server and the schedules. */
  async start(): Promise<void> {
    const { settings, store } = this.options;
    this.log.info({ store: settings.storePath, schedules: settings.schedules.map((schedule) => schedule.name) }, 'service starting');
    this.recoverInterrupted();
    this.metrics.setFindings(store.openFindingCounts());
    const last = store.lastSucceededScan();
    if (last?.finishedAt) this.metrics.setLastSuccess(new Date(last.finishedAt));
    this.metrics.setMailQueued(store.queuedMailCount());

    if (settings.mail) {
      const transport = this.options.transport ?? createTransport(settings.mail, this.options.env);
      this.mailer = new OutboxMailer(settings.mail, transport, store, this.metrics, this.log.child({ component: 'mail' }), this.options.retry ?? DEFAULT_RETRY, this.options.mailPollMs);
      this.mailer.start();
    } else {
      this.log.warn('service.mail is not configured: digests and alerts stay in the outbox and are not sent');
    }

    const env = this.options.env ?? process.env;
    const token = settings.http.tokenEnv ? env[settings.http.tokenEnv] || undefined : undefined;
    if (!token) this.log.warn({ tokenEnv: settings.http.tokenEnv }, 'POST /run is disabled: no token environment variable is set');
    const handlers = {
      health: () => store.ping(),
      readiness: () => this.readiness(),
      metrics: async () => ({ contentType: this.metrics.contentType, body: await this.metrics.render() }),
      requestRun: () => this.requestRun('manual'),
    };
    try {
      this.server = await startHttpServer(settings.http, token, handlers, this.log.child({ component: 'http' }));
    } catch (error) {
      // The caller gets the error and exits, so mail delivery must not keep running.
      await this.mailer?.stop();
      throw error;
    }

    this.scheduler = new Scheduler(settings.schedules, (name) => this.runScheduled(name), this.log.child({ component: 'scheduler' }));
    this.scheduler.start();
    this.log.info('service started');
  }

  /** Returns the HTTP server's port, which differs from the configured one when that is 0. */
  get httpPort(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  private recoverInterrupted(): void {
    const now = new Date();
    for (const scan of this.options.store.runningScans()) {
      const reason = 'the service stopped before the scan recorded its result (crash, kill or power loss)';
      this.options.store.abortScan(scan.id, 'interrupted', reason, now, buildScanAlert(scan, 'interrupted', reason, now));
      this.metrics.recordScan('interrupted', (now.getTime() - Date.parse(scan.startedAt)) / 1000);
      this.log.warn({ scanId: scan.id, trigger: scan.trigger, startedAt: scan.startedAt }, 'scan interrupted by an earlier stop; alert queued');
    }
  }

  /**
   * Returns whether the latest successful scan is recent enough: within two periods of the most
   * frequent schedule, so one failed run is tolerated and the second in a row is not.
   */
  readiness(): { ready: boolean; reason: string } {
    const allowedMs = 2 * (this.scheduler?.shortestPeriodMs() ?? Number.POSITIVE_INFINITY);
    const last = this.options.store.lastSucceededScan();
    const reference = last?.finishedAt ? Date.parse(last.finishedAt) : this.startedAt.getTime();
    const ageMs = Date.now() - reference;
    const lastScanText = last ? `last successful scan ${last.id} finished ${last.finishedAt}` : `no successful scan since the service started at ${this.startedAt.toISOString()}`;
    if (ageMs > allowedMs) return { ready: false, reason: `not ready: ${lastScanText}, more than ${Math.round(allowedMs / 1000)} s ago (two schedule periods)` };
    return { ready: true, reason: `ready: ${lastScanText}` };
  }

  /** Starts a scan unless one is running. A request during a scan is rejected, not queued. */
  requestRun(trigger: string): RunRequestResult {
    if (this.stopping) return { started: false, reason: 'the service is stopping' };
    if (this.running) return { started: false, reason: `scan ${this.running.scanId} is running; try again when it ends` };
    const scan = this.beginScan(trigger);
    return { started: true, scanId: scan.scanId };
  }

  /** Runs one scan to its end and returns its changes, or undefined when the scan failed. */
  async runNow(trigger = 'manual'): Promise<ScanChanges | undefined> {
    const result = this.requestRun(trigger);
    if (!result.started) throw new Error(`cannot start a scan: ${result.reason}`);
    return (this.running as RunningScan).done;
  }

  private async runScheduled(name: string): Promise<void> {
    const result = this.requestRun(name);
    if (!result.started) this.log.warn({ schedule: name, reason: result.reason }, 'scheduled scan skipped');
    else await this.running?.done;
  }

  private beginScan(trigger: string): RunningScan {
    const started = new Date();
    const scanId = this.options.store.beginScan(trigger, started);
    const controller = new AbortController();
    const running: RunningScan = { scanId, trigger, started, controller, done: Promise.resolve(undefined) };
    this.running = running;
    running.done = this.executeScan(running).finally(() => {
      if (this.running === running) this.running = undefined;
    });
    return running;
  }

  private async executeScan(running: RunningScan): Promise<ScanChanges | undefined> {
    const { store, settings } = this.options;
    const { scanId, trigger, started, controller } = running;
    const signal = controller.signal;
    const log = this.log.child({ scanId, trigger });
    log.info('scan started');
    try {
      const report = await this.options.runScan(signal);
      if (this.closed || store.getScan(scanId)?.status !== 'running') return undefined;
      const finished = new Date();
      const policy = settings.mail?.send ?? 'changes';
      const changes = store.finishScan(scanId, report, finished, settings.staleAfterMs, (scanChanges) =>
        buildDigest(scanChanges, policy, trigger, finished),
      );
      this.afterScan(changes, started, finished, log);
      return changes;
    } catch (error) {
      if (this.closed) return undefined;
      this.recordScanFailure(running, error, log);
      return undefined;
    }
  }

  private afterScan(changes: ScanChanges, started: Date, finished: Date, log: Logger): void {
    const { scan } = changes;
    const outcome = scan.status === 'succeeded' ? 'succeeded' : 'failed';
    this.metrics.recordScan(outcome, (finished.getTime() - started.getTime()) / 1000, { scanned: scan.hostsScanned, failed: scan.hostsFailed });
    this.metrics.setFindings(this.options.store.openFindingCounts());
    if (outcome === 'succeeded') this.metrics.setLastSuccess(finished);
    for (const host of changes.failedHosts) log.warn({ host: host.host, status: host.status, reason: host.message }, 'host not scanned');
    log.info(
      {
        status: scan.status,
        hostsScanned: scan.hostsScanned,
        hostsFailed: scan.hostsFailed,
        newFindings: changes.newFindings.length,
        ongoingFindings: changes.ongoingFindings.length,
        resolvedFindings: changes.resolvedFindings.length,
        durationMs: finished.getTime() - started.getTime(),
      },
      'scan finished',
    );
    void this.mailer?.drain();
  }

  private recordScanFailure(running: RunningScan, error: unknown, log: Logger): void {
    const { scanId, trigger, started } = running;
    const aborted = running.controller.signal.aborted;
    const now = new Date();
    const status = aborted ? 'interrupted' : 'failed';
    const reason = aborted ? 'the service was stopped before the scan finished' : (error as Error).message;
    const scan = this.options.store.getScan(scanId);
    // The scan may be recorded already, when shutdown gave up on it before it returned.
    if (scan?.status !== 'running') return;
    try {
      this.options.store.abortScan(scanId, status, reason, now, buildScanAlert(scan, status, reason, now));
    } catch (storeError) {
      log.error({ error: redact((storeError as Error).message) }, 'failed to record the scan end; the next start reports the scan as interrupted');
    }
    this.metrics.recordScan(status, (now.getTime() - started.getTime()) / 1000);
    log.error({ error: redact((error as Error).message), status }, 'scan did not finish; alert queued');
    void this.mailer?.drain();
  }

  /**
   * Stops the schedules, lets a running scan finish within the grace time, aborts it after that
   * (recording it as interrupted), then stops mail delivery and the HTTP server.
   */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.log.info('service stopping');
    await this.scheduler?.stop();
    const running = this.running;
    if (running) {
      const grace = this.options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
      this.log.info({ scanId: running.scanId, graceMs: grace }, 'waiting for the running scan');
      const timer = setTimeout(() => running.controller.abort(new Error('service stopping')), grace);
      const finished = await Promise.race([running.done.then(() => true), delay(grace + (this.options.abortWaitMs ?? DEFAULT_ABORT_WAIT_MS)).then(() => false)]);
      clearTimeout(timer);
      // A scan that ignores the abort is recorded as interrupted so the store is consistent at exit.
      if (!finished) this.recordScanFailure(running, new Error('the scan did not stop after its abort signal'), this.log.child({ scanId: running.scanId }));
    }
    await this.mailer?.drain();
    await this.mailer?.stop();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.closed = true;
    this.options.store.close();
    this.log.info('service stopped');
  }
}

/** Creates and starts a service. */
export async function startService(options: ServiceOptions): Promise<DriftService> {
  const service = new DriftService(options);
  await service.start();
  return service;
}
