/**
 * The service's history and mail outbox, behind an interface so that a server database can take
 * the place of the SQLite file later. Every method that changes state does so atomically.
 */
import type { DriftFinding, DriftSeverity, HostStatus, ScanReport } from '../scan/findings.js';

/** End state of a scan. `running` appears only while the scan runs or after a crash. */
export type ScanStatus = 'running' | 'succeeded' | 'failed' | 'interrupted';

/** Origin of a scan: its schedule name, or `manual` for `POST /run`. */
export type ScanTrigger = string;

/** One scan as stored. */
export interface ScanRecord {
  id: number;
  trigger: ScanTrigger;
  status: ScanStatus;
  startedAt: string;
  finishedAt?: string;
  /** Reason the scan failed or was interrupted. */
  error?: string;
  hostsScanned: number;
  hostsFailed: number;
}

/** One finding with its history. Its `expected`, `actual` and `fix` are already redacted. */
export interface StoredFinding extends DriftFinding {
  fingerprint: string;
  /** Hash of everything but the host, shared by identical drift on many hosts. */
  groupKey: string;
  firstSeen: string;
  lastSeen: string;
  resolvedAt?: string;
}

/** A host that could not be scanned in this scan. */
export interface FailedHost {
  host: string;
  address: string;
  status: HostStatus;
  message: string;
  /** True when the previous scan of this host had another outcome. */
  newlyFailed: boolean;
}

/** A host whose last successful scan is older than the `staleAfter` limit. */
export interface StaleHost {
  host: string;
  /** Time of the last successful scan, absent when it never succeeded. */
  lastScannedAt?: string;
  /** True when this is the first scan to find the host stale. */
  newlyStale: boolean;
}

/** Changes made by a finished scan, which its digest reports. */
export interface ScanChanges {
  scan: ScanRecord;
  newFindings: StoredFinding[];
  ongoingFindings: StoredFinding[];
  resolvedFindings: StoredFinding[];
  failedHosts: FailedHost[];
  staleHosts: StaleHost[];
  /** Hosts this scan no longer reports, such as after removal from the inventory. */
  removedHosts: string[];
}

/** A mail to send, as written to the outbox. */
export interface OutgoingMail {
  subject: string;
  text: string;
  html: string;
}

/** A mail in the outbox with its delivery state. */
export interface OutboxEntry extends OutgoingMail {
  id: number;
  scanId?: number;
  createdAt: string;
  attempts: number;
  nextAttemptAt: string;
  lastError?: string;
  sentAt?: string;
}

/** Builds the mail of a finished scan, or returns undefined when nothing should be sent. */
export type DigestBuilder = (changes: ScanChanges) => OutgoingMail | undefined;

/** Counts of open findings by kind and severity, for metrics. */
export interface FindingCount {
  kind: string;
  severity: DriftSeverity;
  count: number;
}

/** Persistent state of the drift service. */
export interface DriftStore {
  /** Records the start of a scan and returns its id. */
  beginScan(trigger: ScanTrigger, startedAt: Date): number;
  /**
   * Records a scan's report: host outcomes, new, seen and resolved findings, and the scan's end.
   * The digest from `buildDigest` is enqueued in the same transaction, so a crash either keeps
   * both or neither.
   */
  finishScan(scanId: number, report: ScanReport, finishedAt: Date, staleAfterMs: number, buildDigest: DigestBuilder): ScanChanges;
  /** Marks a scan failed or interrupted and enqueues its alert in the same transaction. */
  abortScan(scanId: number, status: 'failed' | 'interrupted', error: string, at: Date, alert: OutgoingMail): void;
  /** Returns scans left `running` by a process that stopped without recording their end. */
  runningScans(): ScanRecord[];
  /** Returns a scan by id. */
  getScan(scanId: number): ScanRecord | undefined;
  /** Returns the most recent scan that succeeded. */
  lastSucceededScan(): ScanRecord | undefined;
  /** Returns the open findings of the latest scan, counted by kind and severity. */
  openFindingCounts(): FindingCount[];
  /** Returns outbox entries not yet sent whose next attempt is due at `now`. */
  dueMail(now: Date): OutboxEntry[];
  /** Returns every outbox entry, sent or not, oldest first. */
  outbox(): OutboxEntry[];
  /** Records a delivered mail. */
  markSent(id: number, at: Date): void;
  /** Records a failed delivery attempt and when to try again. */
  markAttemptFailed(id: number, error: string, nextAttemptAt: Date): void;
  /** Returns the number of mails waiting to be sent. */
  queuedMailCount(): number;
  /** Runs a trivial query, throwing when the store cannot be used. */
  ping(): void;
  close(): void;
}
