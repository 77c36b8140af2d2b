import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';

import type { ScanReport } from '../../src/scan/findings.js';
import { SENT_MAIL_KEPT_MS, SqliteStore, StoreError } from '../../src/service/sqlite-store.js';
import type { ScanChanges } from '../../src/service/store.js';
import { extraRule, scannedHost, sshdDrift, unreachableHost } from './report-producer.js';

const HOUR = 3_600_000;

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function storePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-store-'));
  dirs.push(dir);
  return join(dir, 'state.db');
}

function report(hosts: ScanReport['hosts']): ScanReport {
  return { toolVersion: '0.1.0-test', startedAt: '2026-01-01T00:00:00.000Z', desired: { source: '.', ref: 'main', commit: 'abc' }, hosts };
}

/** Runs one scan at `at` without a digest and returns its changes. */
function scan(store: SqliteStore, at: Date, hosts: ScanReport['hosts'], staleAfterMs = 48 * HOUR): ScanChanges {
  const id = store.beginScan('nightly', at);
  return store.finishScan(id, report(hosts), at, staleAfterMs, () => undefined);
}

describe('SqliteStore', () => {
  it('migrates once and keeps data', () => {
    const path = storePath();
    let store = new SqliteStore(path);
    expect(store.schemaVersion()).toBe(1);
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', [sshdDrift])]);
    store.close();
    store = new SqliteStore(path);
    expect(store.schemaVersion()).toBe(1);
    expect(store.findings()).toHaveLength(1);
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT COUNT(*) AS count FROM migrations').get()).toEqual({ count: 1 });
    db.close();
    store.close();
  });

  it('rejects a store from a newer version', () => {
    const path = storePath();
    new SqliteStore(path).close();
    const db = new Database(path);
    db.prepare('INSERT INTO migrations (version, applied_at) VALUES (99, ?)').run(new Date().toISOString());
    db.close();
    expect(() => new SqliteStore(path)).toThrow(StoreError);
    expect(() => new SqliteStore(path)).toThrow(/schema version 99, newer than this driftgate knows \(1\)/);
  });

  it('tracks first seen, last seen and resolved', () => {
    const store = new SqliteStore(':memory:');
    const t1 = new Date('2026-01-01T02:00:00Z');
    const t2 = new Date('2026-01-02T02:00:00Z');
    const t3 = new Date('2026-01-03T02:00:00Z');
    const first = scan(store, t1, [scannedHost('db-01', [sshdDrift])]);
    expect(first.newFindings).toHaveLength(1);
    const second = scan(store, t2, [scannedHost('db-01', [sshdDrift])]);
    expect(second.newFindings).toHaveLength(0);
    expect(second.ongoingFindings).toHaveLength(1);
    expect(second.ongoingFindings[0]!.firstSeen).toBe(t1.toISOString());
    expect(second.ongoingFindings[0]!.lastSeen).toBe(t2.toISOString());
    const third = scan(store, t3, [scannedHost('db-01', [])]);
    expect(third.resolvedFindings).toHaveLength(1);
    expect(third.resolvedFindings[0]!.resolvedAt).toBe(t3.toISOString());
    expect(third.ongoingFindings).toHaveLength(0);
    store.close();
  });

  it('keeps drift ongoing when its line moves', () => {
    const store = new SqliteStore(':memory:');
    const atLine = (line: number) => ({ ...extraRule, actual: `accept (rule \`-A INPUT -p tcp --dport 8080 -j ACCEPT\` at iptables-save line ${line})` });
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', [atLine(7)])]);
    const moved = scan(store, new Date('2026-01-02T02:00:00Z'), [scannedHost('db-01', [atLine(9)])]);
    expect(moved.newFindings).toHaveLength(0);
    expect(moved.resolvedFindings).toHaveLength(0);
    expect(moved.ongoingFindings).toHaveLength(1);
    store.close();
  });

  it('opens a new occurrence when drift returns', () => {
    const store = new SqliteStore(':memory:');
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', [sshdDrift])]);
    scan(store, new Date('2026-01-02T02:00:00Z'), [scannedHost('db-01', [])]);
    const back = scan(store, new Date('2026-01-03T02:00:00Z'), [scannedHost('db-01', [sshdDrift])]);
    expect(back.newFindings).toHaveLength(1);
    const all = store.findings();
    expect(all).toHaveLength(2);
    expect(all[0]!.fingerprint).toBe(all[1]!.fingerprint);
    expect(all[0]!.resolvedAt).toBe('2026-01-02T02:00:00.000Z');
    expect(all[1]!.resolvedAt).toBeUndefined();
    store.close();
  });

  it('keeps findings of unreachable hosts open', () => {
    const store = new SqliteStore(':memory:');
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', [sshdDrift])]);
    const changes = scan(store, new Date('2026-01-02T02:00:00Z'), [unreachableHost('db-01')]);
    expect(changes.resolvedFindings).toHaveLength(0);
    expect(changes.ongoingFindings).toHaveLength(1);
    expect(changes.failedHosts).toEqual([expect.objectContaining({ host: 'db-01', status: 'unreachable', newlyFailed: true })]);
    expect(changes.scan.status).toBe('failed');
    expect(changes.scan.error).toBe('no host could be scanned');
    store.close();
  });

  it('shares a group key across hosts', () => {
    const store = new SqliteStore(':memory:');
    const changes = scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('web-01', [extraRule]), scannedHost('web-02', [extraRule])]);
    expect(changes.newFindings).toHaveLength(2);
    expect(changes.newFindings[0]!.groupKey).toBe(changes.newFindings[1]!.groupKey);
    expect(changes.newFindings[0]!.fingerprint).not.toBe(changes.newFindings[1]!.fingerprint);
    store.close();
  });

  it('reports stale hosts once', () => {
    const store = new SqliteStore(':memory:');
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', []), scannedHost('db-02', [])]);
    const day2 = scan(store, new Date('2026-01-02T02:00:00Z'), [scannedHost('db-01', []), unreachableHost('db-02')], 36 * HOUR);
    expect(day2.staleHosts).toEqual([]);
    const day3 = scan(store, new Date('2026-01-03T02:00:00Z'), [scannedHost('db-01', []), unreachableHost('db-02')], 36 * HOUR);
    expect(day3.staleHosts).toEqual([{ host: 'db-02', lastScannedAt: '2026-01-01T02:00:00.000Z', newlyStale: true }]);
    expect(day3.failedHosts[0]!.newlyFailed).toBe(false);
    const day4 = scan(store, new Date('2026-01-04T02:00:00Z'), [scannedHost('db-01', []), unreachableHost('db-02')], 36 * HOUR);
    expect(day4.staleHosts).toEqual([{ host: 'db-02', lastScannedAt: '2026-01-01T02:00:00.000Z', newlyStale: false }]);
    const day5 = scan(store, new Date('2026-01-05T02:00:00Z'), [scannedHost('db-01', []), scannedHost('db-02', [])], 36 * HOUR);
    expect(day5.staleHosts).toEqual([]);
    store.close();
  });

  it('enqueues the digest with the scan end', () => {
    const store = new SqliteStore(':memory:');
    const id = store.beginScan('nightly', new Date('2026-01-01T02:00:00Z'));
    expect(() =>
      store.finishScan(id, report([scannedHost('db-01', [sshdDrift])]), new Date('2026-01-01T02:10:00Z'), HOUR, () => {
        throw new Error('digest failed');
      }),
    ).toThrow('digest failed');
    // The failed transaction left neither the findings nor the scan's end behind.
    expect(store.findings()).toHaveLength(0);
    expect(store.getScan(id)?.status).toBe('running');
    store.finishScan(id, report([scannedHost('db-01', [sshdDrift])]), new Date('2026-01-01T02:10:00Z'), HOUR, () => ({ subject: 's', text: 't', html: 'h' }));
    expect(store.getScan(id)?.status).toBe('succeeded');
    expect(store.outbox()).toEqual([expect.objectContaining({ scanId: id, subject: 's', attempts: 0 })]);
    store.close();
  });

  it('schedules retries in the outbox', () => {
    const store = new SqliteStore(':memory:');
    const id = store.beginScan('nightly', new Date('2026-01-01T02:00:00Z'));
    store.abortScan(id, 'failed', 'checkout failed', new Date('2026-01-01T02:01:00Z'), { subject: 'alert', text: 't', html: 'h' });
    const [entry] = store.dueMail(new Date('2026-01-01T02:01:00Z'));
    expect(entry?.subject).toBe('alert');
    store.markAttemptFailed(entry!.id, 'connect ECONNREFUSED 127.0.0.1:25', new Date('2026-01-01T02:02:00Z'));
    expect(store.dueMail(new Date('2026-01-01T02:01:30Z'))).toEqual([]);
    expect(store.dueMail(new Date('2026-01-01T02:02:00Z'))).toHaveLength(1);
    store.markSent(entry!.id, new Date('2026-01-01T02:02:01Z'));
    expect(store.dueMail(new Date('2026-01-02T00:00:00Z'))).toEqual([]);
    expect(store.outbox()[0]).toEqual(expect.objectContaining({ attempts: 2, sentAt: '2026-01-01T02:02:01.000Z' }));
    store.close();
  });

  it('sets aside hosts no longer reported', () => {
    const store = new SqliteStore(':memory:');
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', [sshdDrift]), scannedHost('old-01', [extraRule])]);
    const removed = scan(store, new Date('2026-01-02T02:00:00Z'), [scannedHost('db-01', [sshdDrift])], HOUR);
    expect(removed.removedHosts).toEqual(['old-01']);
    expect(removed.ongoingFindings.map((finding) => finding.host)).toEqual(['db-01']);
    expect(removed.staleHosts).toEqual([]);
    expect(store.openFindingCounts()).toEqual([{ kind: 'sshd', severity: 'error', count: 1 }]);
    const later = scan(store, new Date('2026-01-03T02:00:00Z'), [scannedHost('db-01', [sshdDrift])], HOUR);
    expect(later.removedHosts).toEqual([]);
    const back = scan(store, new Date('2026-01-04T02:00:00Z'), [scannedHost('db-01', [sshdDrift]), scannedHost('old-01', [extraRule])], HOUR);
    expect(back.newFindings).toEqual([]);
    expect(back.ongoingFindings.map((finding) => finding.host).sort()).toEqual(['db-01', 'old-01']);
    store.close();
  });

  it('keeps hosts when no host was scanned', () => {
    const store = new SqliteStore(':memory:');
    scan(store, new Date('2026-01-01T02:00:00Z'), [scannedHost('db-01', [sshdDrift]), scannedHost('db-02', [])]);
    const failed = scan(store, new Date('2026-01-02T02:00:00Z'), [unreachableHost('db-01')]);
    expect(failed.removedHosts).toEqual([]);
    expect(failed.ongoingFindings).toHaveLength(1);
    store.close();
  });

  it('prunes mail sent long ago', () => {
    const store = new SqliteStore(':memory:');
    const digest = () => ({ subject: 's', text: 't', html: 'h' });
    const start = new Date('2026-01-01T02:00:00Z');
    const first = store.beginScan('nightly', start);
    store.finishScan(first, report([scannedHost('db-01', [sshdDrift])]), start, HOUR, digest);
    const unsent = store.beginScan('nightly', start);
    store.abortScan(unsent, 'failed', 'checkout failed', start, digest());
    store.markSent(store.outbox()[0]!.id, start);

    const later = new Date(start.getTime() + SENT_MAIL_KEPT_MS + 1000);
    const last = store.beginScan('nightly', later);
    store.finishScan(last, report([scannedHost('db-01', [])]), later, HOUR, digest);
    expect(store.outbox().map((entry) => entry.scanId)).toEqual([unsent, last]);
    store.close();
  });
});
