/** The default DriftStore: one SQLite file opened with better-sqlite3 in WAL mode. */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

import Database from 'better-sqlite3';

import { ActionableError } from '../errors.js';
import { redact } from './redact.js';
import type { DriftFinding, HostResult, ScanReport } from '../scan/findings.js';
import type {
  DigestBuilder,
  DriftStore,
  FailedHost,
  FindingCount,
  OutboxEntry,
  OutgoingMail,
  ScanChanges,
  ScanRecord,
  ScanTrigger,
  StaleHost,
  StoredFinding,
} from './store.js';

/** Schema changes in order. A store records the versions applied and runs only newer ones. */
const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE scans (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trigger TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'interrupted')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        error TEXT,
        hosts_scanned INTEGER NOT NULL DEFAULT 0,
        hosts_failed INTEGER NOT NULL DEFAULT 0,
        desired_ref TEXT,
        desired_commit TEXT
      );
      CREATE TABLE host_results (
        scan_id INTEGER NOT NULL REFERENCES scans (id),
        host TEXT NOT NULL,
        address TEXT NOT NULL,
        status TEXT NOT NULL,
        message TEXT,
        duration_ms INTEGER NOT NULL,
        finding_count INTEGER NOT NULL,
        PRIMARY KEY (scan_id, host)
      );
      CREATE TABLE hosts (
        name TEXT PRIMARY KEY,
        first_seen TEXT NOT NULL,
        last_status TEXT NOT NULL,
        last_scanned_at TEXT,
        stale_alerted_at TEXT,
        -- Set when a successful scan no longer reports the host, such as after its removal from
        -- the inventory; its open findings then leave digests and metrics until it returns.
        removed_at TEXT
      );
      CREATE TABLE findings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        fingerprint TEXT NOT NULL,
        group_key TEXT NOT NULL,
        host TEXT NOT NULL,
        kind TEXT NOT NULL,
        object TEXT NOT NULL,
        expected TEXT NOT NULL,
        actual TEXT NOT NULL,
        severity TEXT NOT NULL,
        fix TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        resolved_at TEXT,
        first_scan_id INTEGER NOT NULL REFERENCES scans (id),
        last_scan_id INTEGER NOT NULL REFERENCES scans (id)
      );
      -- At most one open occurrence per fingerprint; drift that returns after a fix is a new row.
      CREATE UNIQUE INDEX findings_open ON findings (fingerprint) WHERE resolved_at IS NULL;
      CREATE INDEX findings_host ON findings (host, resolved_at);
      CREATE TABLE outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        scan_id INTEGER REFERENCES scans (id),
        created_at TEXT NOT NULL,
        subject TEXT NOT NULL,
        text TEXT NOT NULL,
        html TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
      );
      CREATE INDEX outbox_due ON outbox (sent_at, next_attempt_at);
    `,
  },
];

/** Time sent mail stays in the outbox as a record before it is deleted: 30 days. */
export const SENT_MAIL_KEPT_MS = 30 * 86_400_000;

/** SQL condition on `findings` that excludes hosts a successful scan no longer reports. */
const ACTIVE_HOST = 'host NOT IN (SELECT name FROM hosts WHERE removed_at IS NOT NULL)';

/** Thrown when the store file cannot be opened or was written by a newer driftgate. */
export class StoreError extends ActionableError {}

/** Returns the stable identity of a finding: host, kind, object and the redacted values. */
export function fingerprintOf(finding: DriftFinding): string {
  return hashFields([finding.host, finding.kind, finding.object, withoutLines(finding.expected), withoutLines(finding.actual)]);
}

/** Returns the key shared by identical drift on different hosts. */
export function groupKeyOf(finding: Pick<DriftFinding, 'kind' | 'object' | 'expected' | 'actual'>): string {
  return hashFields([finding.kind, finding.object, withoutLines(finding.expected), withoutLines(finding.actual)]);
}

/**
 * Removes line numbers (`at iptables-save line 7`, `line 3:`), which move when unrelated lines
 * are added above, so that the same drift keeps its identity.
 */
function withoutLines(text: string): string {
  return text.replace(/\bline \d+/g, 'line');
}

function hashFields(fields: string[]): string {
  const hash = createHash('sha256');
  for (const field of fields) hash.update(`${field.length}:${field}`);
  return hash.digest('hex').slice(0, 32);
}

interface FindingRow {
  id: number;
  fingerprint: string;
  group_key: string;
  host: string;
  kind: string;
  object: string;
  expected: string;
  actual: string;
  severity: StoredFinding['severity'];
  fix: string;
  first_seen: string;
  last_seen: string;
  resolved_at: string | null;
}

interface ScanRow {
  id: number;
  trigger: string;
  status: ScanRecord['status'];
  started_at: string;
  finished_at: string | null;
  error: string | null;
  hosts_scanned: number;
  hosts_failed: number;
}

interface OutboxRow {
  id: number;
  scan_id: number | null;
  created_at: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}

interface HostRow {
  name: string;
  first_seen: string;
  last_status: string;
  last_scanned_at: string | null;
  stale_alerted_at: string | null;
  removed_at: string | null;
}

/** A DriftStore in one SQLite file, where every change runs in one transaction. */
export class SqliteStore implements DriftStore {
  private readonly db: Database.Database;

  /** Opens or creates the store at `path` (`:memory:` for a throwaway store) and migrates it. */
  constructor(readonly path: string) {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    try {
      this.db = new Database(path);
    } catch (error) {
      throw new StoreError(`cannot open the store ${path}: ${(error as Error).message}; check the path and its permissions`);
    }
    // WAL lets /metrics read while a scan writes. SQLite documents that in WAL mode a commit made
    // with synchronous=NORMAL may roll back after a power loss, so FULL keeps the outbox durable.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.pragma('busy_timeout = 5000');
    this.migrate();
  }

  /** Returns the schema version of the store. */
  schemaVersion(): number {
    const row = this.db.prepare('SELECT MAX(version) AS version FROM migrations').get() as { version: number | null };
    return row.version ?? 0;
  }

  private migrate(): void {
    this.db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    const current = this.schemaVersion();
    const latest = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;
    if (current > latest) {
      throw new StoreError(`the store ${this.path} has schema version ${current}, newer than this driftgate knows (${latest}); upgrade driftgate`);
    }
    for (const migration of MIGRATIONS) {
      if (migration.version <= current) continue;
      this.db.transaction(() => {
        this.db.exec(migration.sql);
        this.db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
      })();
    }
  }

  beginScan(trigger: ScanTrigger, startedAt: Date): number {
    const result = this.db
      .prepare("INSERT INTO scans (trigger, status, started_at) VALUES (?, 'running', ?)")
      .run(trigger, startedAt.toISOString());
    return Number(result.lastInsertRowid);
  }

  finishScan(scanId: number, report: ScanReport, finishedAt: Date, staleAfterMs: number, buildDigest: DigestBuilder): ScanChanges {
    const now = finishedAt.toISOString();
    return this.db.transaction(() => {
      const newFindings: StoredFinding[] = [];
      const seen = new Set<number>();
      const resolvedFindings: StoredFinding[] = [];
      const failedHosts: FailedHost[] = [];
      let hostsScanned = 0;
      for (const host of report.hosts) {
        const previous = this.db.prepare('SELECT * FROM hosts WHERE name = ?').get(host.host) as HostRow | undefined;
        this.recordHostResult(scanId, host, now, previous);
        if (host.status === 'scanned') hostsScanned += 1;
        else {
          failedHosts.push({
            host: host.host,
            address: host.address,
            status: host.status,
            message: redact(host.message ?? host.status),
            newlyFailed: previous?.last_status !== host.status,
          });
        }
        for (const finding of host.findings) {
          const stored = this.upsertFinding(scanId, { ...finding, host: host.host }, now);
          if (seen.has(stored.row.id)) continue;
          seen.add(stored.row.id);
          if (stored.isNew) newFindings.push(toStoredFinding(stored.row));
        }
        // Only a scanned host proves its other findings gone. A failed host keeps them open.
        if (host.status === 'scanned') resolvedFindings.push(...this.resolveUnseen(host.host, scanId, now));
      }
      const hostsFailed = report.hosts.length - hostsScanned;
      const succeeded = hostsScanned > 0 || report.hosts.length === 0;
      this.db
        .prepare(
          'UPDATE scans SET status = ?, finished_at = ?, error = ?, hosts_scanned = ?, hosts_failed = ?, desired_ref = ?, desired_commit = ? WHERE id = ?',
        )
        .run(
          succeeded ? 'succeeded' : 'failed',
          now,
          succeeded ? null : 'no host could be scanned',
          hostsScanned,
          hostsFailed,
          report.desired.ref,
          report.desired.commit,
          scanId,
        );
      const removedHosts = succeeded ? this.markRemovedHosts(report, now) : [];
      const newIds = new Set(newFindings.map((finding) => finding.fingerprint));
      const ongoingFindings = this.openFindings().filter((finding) => !newIds.has(finding.fingerprint));
      const changes: ScanChanges = {
        scan: this.getScan(scanId) as ScanRecord,
        newFindings,
        ongoingFindings,
        resolvedFindings,
        failedHosts,
        staleHosts: this.markStaleHosts(finishedAt, staleAfterMs),
        removedHosts,
      };
      const mail = buildDigest(changes);
      if (mail) this.enqueue(scanId, mail, finishedAt);
      this.pruneSentMail(finishedAt);
      return changes;
    })();
  }

  private recordHostResult(scanId: number, host: HostResult, now: string, previous: HostRow | undefined): void {
    this.db
      .prepare('INSERT INTO host_results (scan_id, host, address, status, message, duration_ms, finding_count) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(scanId, host.host, host.address, host.status, host.message === undefined ? null : redact(host.message), Math.round(host.durationMs), host.findings.length);
    const scannedAt = host.status === 'scanned' ? now : (previous?.last_scanned_at ?? null);
    const staleAlertedAt = host.status === 'scanned' ? null : (previous?.stale_alerted_at ?? null);
    this.db
      .prepare(
        `INSERT INTO hosts (name, first_seen, last_status, last_scanned_at, stale_alerted_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET last_status = excluded.last_status,
           last_scanned_at = excluded.last_scanned_at, stale_alerted_at = excluded.stale_alerted_at, removed_at = NULL`,
      )
      .run(host.host, now, host.status, scannedAt, staleAlertedAt);
  }

  /** Inserts a finding or refreshes its open occurrence, redacting secrets before the write. */
  private upsertFinding(scanId: number, raw: DriftFinding, now: string): { row: FindingRow; isNew: boolean } {
    const finding = { ...raw, expected: redact(raw.expected), actual: redact(raw.actual), fix: redact(raw.fix) };
    const fingerprint = fingerprintOf(finding);
    const open = this.db.prepare('SELECT * FROM findings WHERE fingerprint = ? AND resolved_at IS NULL').get(fingerprint) as FindingRow | undefined;
    if (open) {
      this.db
        .prepare('UPDATE findings SET last_seen = ?, last_scan_id = ?, severity = ?, fix = ? WHERE id = ?')
        .run(now, scanId, finding.severity, finding.fix, open.id);
      return { row: { ...open, last_seen: now, severity: finding.severity, fix: finding.fix }, isNew: false };
    }
    const result = this.db
      .prepare(
        `INSERT INTO findings (fingerprint, group_key, host, kind, object, expected, actual, severity, fix,
           first_seen, last_seen, first_scan_id, last_scan_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(fingerprint, groupKeyOf(finding), finding.host, finding.kind, finding.object, finding.expected, finding.actual, finding.severity, finding.fix, now, now, scanId, scanId);
    const row = this.db.prepare('SELECT * FROM findings WHERE id = ?').get(result.lastInsertRowid) as FindingRow;
    return { row, isNew: true };
  }

  private resolveUnseen(host: string, scanId: number, now: string): StoredFinding[] {
    const rows = this.db
      .prepare('SELECT * FROM findings WHERE host = ? AND resolved_at IS NULL AND last_scan_id != ?')
      .all(host, scanId) as FindingRow[];
    const resolve = this.db.prepare('UPDATE findings SET resolved_at = ? WHERE id = ?');
    for (const row of rows) resolve.run(now, row.id);
    return rows.map((row) => toStoredFinding({ ...row, resolved_at: now }));
  }

  private openFindings(): StoredFinding[] {
    const rows = this.db
      .prepare(`SELECT * FROM findings WHERE resolved_at IS NULL AND ${ACTIVE_HOST} ORDER BY first_seen, host, kind, object`)
      .all() as FindingRow[];
    return rows.map(toStoredFinding);
  }

  /** Marks hosts missing from a successful scan's report as removed and returns their names. */
  private markRemovedHosts(report: ScanReport, now: string): string[] {
    const reported = new Set(report.hosts.map((host) => host.host));
    const rows = this.db.prepare('SELECT name FROM hosts WHERE removed_at IS NULL ORDER BY name').all() as { name: string }[];
    const removed = rows.map((row) => row.name).filter((name) => !reported.has(name));
    const mark = this.db.prepare('UPDATE hosts SET removed_at = ? WHERE name = ?');
    for (const name of removed) mark.run(now, name);
    return removed;
  }

  private markStaleHosts(now: Date, staleAfterMs: number): StaleHost[] {
    const limit = new Date(now.getTime() - staleAfterMs).toISOString();
    const rows = this.db
      .prepare('SELECT * FROM hosts WHERE removed_at IS NULL AND COALESCE(last_scanned_at, first_seen) < ? ORDER BY name')
      .all(limit) as HostRow[];
    const mark = this.db.prepare('UPDATE hosts SET stale_alerted_at = ? WHERE name = ?');
    return rows.map((row) => {
      if (row.stale_alerted_at === null) mark.run(now.toISOString(), row.name);
      const stale: StaleHost = { host: row.name, newlyStale: row.stale_alerted_at === null };
      if (row.last_scanned_at !== null) stale.lastScannedAt = row.last_scanned_at;
      return stale;
    });
  }

  abortScan(scanId: number, status: 'failed' | 'interrupted', error: string, at: Date, alert: OutgoingMail): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE scans SET status = ?, finished_at = ?, error = ? WHERE id = ?').run(status, at.toISOString(), redact(error), scanId);
      this.enqueue(scanId, alert, at);
    })();
  }

  /** Deletes mail sent more than SENT_MAIL_KEPT_MS before `now`; unsent mail is always kept. */
  private pruneSentMail(now: Date): void {
    const limit = new Date(now.getTime() - SENT_MAIL_KEPT_MS).toISOString();
    this.db.prepare('DELETE FROM outbox WHERE sent_at IS NOT NULL AND sent_at < ?').run(limit);
  }

  private enqueue(scanId: number | undefined, mail: OutgoingMail, at: Date): void {
    this.db
      .prepare('INSERT INTO outbox (scan_id, created_at, subject, text, html, next_attempt_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(scanId ?? null, at.toISOString(), mail.subject, mail.text, mail.html, at.toISOString());
  }

  runningScans(): ScanRecord[] {
    const rows = this.db.prepare("SELECT * FROM scans WHERE status = 'running' ORDER BY id").all() as ScanRow[];
    return rows.map(toScanRecord);
  }

  getScan(scanId: number): ScanRecord | undefined {
    const row = this.db.prepare('SELECT * FROM scans WHERE id = ?').get(scanId) as ScanRow | undefined;
    return row ? toScanRecord(row) : undefined;
  }

  /** Returns every scan, oldest first. */
  scans(): ScanRecord[] {
    return (this.db.prepare('SELECT * FROM scans ORDER BY id').all() as ScanRow[]).map(toScanRecord);
  }

  lastSucceededScan(): ScanRecord | undefined {
    const row = this.db.prepare("SELECT * FROM scans WHERE status = 'succeeded' ORDER BY finished_at DESC, id DESC LIMIT 1").get() as ScanRow | undefined;
    return row ? toScanRecord(row) : undefined;
  }

  openFindingCounts(): FindingCount[] {
    return this.db
      .prepare(`SELECT kind, severity, COUNT(*) AS count FROM findings WHERE resolved_at IS NULL AND ${ACTIVE_HOST} GROUP BY kind, severity ORDER BY kind, severity`)
      .all() as FindingCount[];
  }

  /** Returns every finding occurrence, open and resolved, in insertion order. */
  findings(): StoredFinding[] {
    return (this.db.prepare('SELECT * FROM findings ORDER BY id').all() as FindingRow[]).map(toStoredFinding);
  }

  dueMail(now: Date): OutboxEntry[] {
    const rows = this.db
      .prepare('SELECT * FROM outbox WHERE sent_at IS NULL AND next_attempt_at <= ? ORDER BY id')
      .all(now.toISOString()) as OutboxRow[];
    return rows.map(toOutboxEntry);
  }

  outbox(): OutboxEntry[] {
    return (this.db.prepare('SELECT * FROM outbox ORDER BY id').all() as OutboxRow[]).map(toOutboxEntry);
  }

  markSent(id: number, at: Date): void {
    this.db.prepare('UPDATE outbox SET sent_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?').run(at.toISOString(), id);
  }

  markAttemptFailed(id: number, error: string, nextAttemptAt: Date): void {
    this.db
      .prepare('UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?')
      .run(redact(error), nextAttemptAt.toISOString(), id);
  }

  queuedMailCount(): number {
    return (this.db.prepare('SELECT COUNT(*) AS count FROM outbox WHERE sent_at IS NULL').get() as { count: number }).count;
  }

  ping(): void {
    this.db.prepare('SELECT 1').get();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function toStoredFinding(row: FindingRow): StoredFinding {
  const finding: StoredFinding = {
    fingerprint: row.fingerprint,
    groupKey: row.group_key,
    host: row.host,
    kind: row.kind,
    object: row.object,
    expected: row.expected,
    actual: row.actual,
    severity: row.severity,
    fix: row.fix,
    firstSeen: row.first_seen,
    lastSeen: row.last_seen,
  };
  if (row.resolved_at !== null) finding.resolvedAt = row.resolved_at;
  return finding;
}

function toScanRecord(row: ScanRow): ScanRecord {
  const record: ScanRecord = {
    id: row.id,
    trigger: row.trigger,
    status: row.status,
    startedAt: row.started_at,
    hostsScanned: row.hosts_scanned,
    hostsFailed: row.hosts_failed,
  };
  if (row.finished_at !== null) record.finishedAt = row.finished_at;
  if (row.error !== null) record.error = row.error;
  return record;
}

function toOutboxEntry(row: OutboxRow): OutboxEntry {
  const entry: OutboxEntry = {
    id: row.id,
    createdAt: row.created_at,
    subject: row.subject,
    text: row.text,
    html: row.html,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
  };
  if (row.scan_id !== null) entry.scanId = row.scan_id;
  if (row.last_error !== null) entry.lastError = row.last_error;
  if (row.sent_at !== null) entry.sentAt = row.sent_at;
  return entry;
}
