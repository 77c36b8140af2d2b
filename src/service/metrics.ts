/** Prometheus metrics of the service, in a registry of its own (prom-client 15). */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

import type { FindingCount } from './store.js';

/** Outcome of a scan, used as the `outcome` label. */
export type ScanOutcome = 'succeeded' | 'failed' | 'interrupted';

/** The service's metrics; gauges describe the latest scan, counters count since the process started. */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly scanDuration: Histogram<'outcome'>;
  private readonly scans: Counter<'outcome'>;
  private readonly hostsScanned: Gauge;
  private readonly hostsUnreachable: Gauge;
  private readonly findings: Gauge<'kind' | 'severity'>;
  private readonly mailSent: Counter;
  private readonly mailFailed: Counter;
  private readonly mailQueued: Gauge;
  private readonly lastSuccess: Gauge;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'driftgate_' });
    this.scanDuration = new Histogram({
      name: 'driftgate_scan_duration_seconds',
      help: 'Duration of scans from start to recorded end.',
      labelNames: ['outcome'],
      // Scans of a few hosts take seconds; thousands of hosts take up to an hour.
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600],
      registers,
    });
    this.scans = new Counter({ name: 'driftgate_scans_total', help: 'Scans ended, by outcome.', labelNames: ['outcome'], registers });
    this.hostsScanned = new Gauge({ name: 'driftgate_hosts_scanned', help: 'Hosts scanned in the latest finished scan.', registers });
    this.hostsUnreachable = new Gauge({
      name: 'driftgate_hosts_unreachable',
      help: 'Hosts that could not be scanned in the latest finished scan.',
      registers,
    });
    this.findings = new Gauge({
      name: 'driftgate_findings',
      help: 'Open drift findings after the latest scan, by kind and severity.',
      labelNames: ['kind', 'severity'],
      registers,
    });
    this.mailSent = new Counter({ name: 'driftgate_mail_sent_total', help: 'Mails accepted by the SMTP server.', registers });
    this.mailFailed = new Counter({ name: 'driftgate_mail_failed_total', help: 'Failed mail delivery attempts.', registers });
    this.mailQueued = new Gauge({ name: 'driftgate_mail_queued', help: 'Mails in the outbox waiting to be sent.', registers });
    this.lastSuccess = new Gauge({
      name: 'driftgate_last_success_timestamp_seconds',
      help: 'Unix time when the latest successful scan finished.',
      registers,
    });
  }

  /** Records a scan's end. Host counts are given only when the scan produced a report. */
  recordScan(outcome: ScanOutcome, seconds: number, hosts?: { scanned: number; failed: number }): void {
    this.scanDuration.observe({ outcome }, seconds);
    this.scans.inc({ outcome });
    if (hosts) {
      this.hostsScanned.set(hosts.scanned);
      this.hostsUnreachable.set(hosts.failed);
    }
  }

  /** Replaces the open finding counts. */
  setFindings(counts: FindingCount[]): void {
    this.findings.reset();
    for (const count of counts) this.findings.set({ kind: count.kind, severity: count.severity }, count.count);
  }

  /** Sets the time of the latest successful scan. */
  setLastSuccess(at: Date): void {
    this.lastSuccess.set(at.getTime() / 1000);
  }

  /** Counts one delivered mail. */
  countMailSent(): void {
    this.mailSent.inc();
  }

  /** Counts one failed delivery attempt. */
  countMailFailed(): void {
    this.mailFailed.inc();
  }

  /** Sets the number of mails waiting in the outbox. */
  setMailQueued(count: number): void {
    this.mailQueued.set(count);
  }

  /** Returns the metrics in the Prometheus text format. */
  render(): Promise<string> {
    return this.registry.metrics();
  }

  /** Returns the content type of `render()`. */
  get contentType(): string {
    return this.registry.contentType;
  }
}
