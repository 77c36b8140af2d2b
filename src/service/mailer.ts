/**
 * Delivery of the outbox over SMTP with nodemailer. A mail leaves the outbox only after the SMTP
 * server accepted it; a failed attempt is retried with exponential backoff.
 */
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import type { Logger } from 'pino';

import { ActionableError } from '../errors.js';
import type { ServiceMetrics } from './metrics.js';
import { redact } from './redact.js';
import type { MailSettings } from './settings.js';
import type { DriftStore, OutboxEntry } from './store.js';

/** Retry timing of failed deliveries. */
export interface RetryPolicy {
  /** Delay after the first failure, in milliseconds; each later failure doubles it. */
  baseMs: number;
  /** Maximum delay between attempts, in milliseconds. */
  maxMs: number;
}

/** Default retry timing: 30 s after the first failure, doubling up to one hour. */
export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, maxMs: 3_600_000 };

/** Returns the delay before the next attempt after `attempts` failures (1 or more). */
export function backoffDelay(attempts: number, policy: RetryPolicy): number {
  const exponent = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(policy.baseMs * 2 ** exponent, policy.maxMs);
}

/** Thrown when the SMTP credentials named in the configuration are not in the environment. */
export class MailCredentialsError extends ActionableError {}

/** Reads the SMTP credentials from the environment variables the configuration names. */
export function smtpCredentials(settings: MailSettings, env: NodeJS.ProcessEnv = process.env): { user: string; pass: string } | undefined {
  if (!settings.userEnv && !settings.passwordEnv) return undefined;
  const user = settings.userEnv ? env[settings.userEnv] : undefined;
  const pass = settings.passwordEnv ? env[settings.passwordEnv] : undefined;
  if (!user || !pass) {
    const missing = [settings.userEnv, settings.passwordEnv].filter((name) => name && !env[name]);
    throw new MailCredentialsError(`SMTP credentials are missing: set the environment variable ${missing.join(' and ')} (named by service.mail.userEnv and passwordEnv)`);
  }
  return { user, pass };
}

/** Creates the nodemailer transport: TLS required unless `security: none` to a loopback host. */
export function createTransport(settings: MailSettings, env: NodeJS.ProcessEnv = process.env): Transporter {
  const auth = smtpCredentials(settings, env);
  return nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    // `secure` is TLS from the first byte (port 465); `requireTLS` fails when STARTTLS is not offered.
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(auth ? { auth } : {}),
    tls: { rejectUnauthorized: true, ...(settings.caFile ? { ca: readFileSync(settings.caFile) } : {}) },
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
  });
}

/** Sends due outbox entries, one drain at a time, and schedules itself until stopped. */
export class OutboxMailer {
  private draining: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly settings: MailSettings,
    private readonly transport: Transporter,
    private readonly store: DriftStore,
    private readonly metrics: ServiceMetrics,
    private readonly log: Logger,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    private readonly pollMs = 5_000,
  ) {}

  /** Starts periodic draining; the first drain runs at once, for mail left by an earlier run. */
  start(): void {
    this.stopped = false;
    void this.drain();
    this.timer = setInterval(() => void this.drain(), this.pollMs);
    this.timer.unref();
  }

  /** Stops periodic draining and waits for a drain in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining;
    this.transport.close();
  }

  /** Sends every due entry; a drain already in progress is joined, not repeated. */
  drain(): Promise<void> {
    this.draining ??= this.drainOnce().finally(() => {
      this.draining = undefined;
    });
    return this.draining;
  }

  private async drainOnce(): Promise<void> {
    for (const entry of this.store.dueMail(new Date())) {
      if (this.stopped) break;
      await this.deliver(entry);
    }
    this.metrics.setMailQueued(this.store.queuedMailCount());
  }

  private async deliver(entry: OutboxEntry): Promise<void> {
    const log = this.log.child({ outboxId: entry.id, scanId: entry.scanId });
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: this.settings.to,
        subject: entry.subject,
        text: entry.text,
        html: entry.html,
        // A stable Message-ID lets mail systems drop a duplicate if the service dies between the
        // server's acceptance and the store update below (RFC 5322 section 3.6.4).
        messageId: `<driftgate-outbox-${entry.id}-${Date.parse(entry.createdAt)}@${hostname()}>`,
      });
      // NOTE: a crash between the server's acceptance and this update resends the mail once at
      // restart; SMTP gives no way to make delivery and the store update one step.
      this.store.markSent(entry.id, new Date());
      this.metrics.countMailSent();
      log.info({ attempts: entry.attempts + 1 }, 'mail sent');
    } catch (error) {
      const delay = backoffDelay(entry.attempts + 1, this.retry);
      const next = new Date(Date.now() + delay);
      const message = redact((error as Error).message);
      this.store.markAttemptFailed(entry.id, message, next);
      this.metrics.countMailFailed();
      log.warn({ error: message, code: (error as { code?: string }).code, attempts: entry.attempts + 1, retryAt: next.toISOString() }, 'mail delivery failed; will retry');
    }
  }
}
