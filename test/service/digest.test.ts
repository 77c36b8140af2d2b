import { describe, expect, it } from 'vitest';

import { buildDigest, buildScanAlert, formatAge, groupFindings, HOSTS_LISTED } from '../../src/service/digest.js';
import type { ScanChanges, StoredFinding } from '../../src/service/store.js';

function finding(host: string, overrides: Partial<StoredFinding> = {}): StoredFinding {
  return {
    fingerprint: `fp-${host}`,
    groupKey: 'group-1',
    host,
    kind: 'file-content',
    object: '/etc/motd',
    expected: 'Authorized use only',
    actual: 'hello',
    severity: 'warning',
    fix: 'Restore /etc/motd from the desired state.',
    firstSeen: '2026-01-01T02:00:00.000Z',
    lastSeen: '2026-01-03T02:00:00.000Z',
    ...overrides,
  };
}

function changes(overrides: Partial<ScanChanges> = {}): ScanChanges {
  return {
    scan: { id: 7, trigger: 'nightly', status: 'succeeded', startedAt: '2026-01-03T02:00:00.000Z', finishedAt: '2026-01-03T02:05:00.000Z', hostsScanned: 3, hostsFailed: 0 },
    newFindings: [],
    ongoingFindings: [],
    resolvedFindings: [],
    failedHosts: [],
    staleHosts: [],
    removedHosts: [],
    ...overrides,
  };
}

const now = new Date('2026-01-03T02:05:00.000Z');

describe('formatAge', () => {
  const cases: [number, string][] = [
    [0, '0m'],
    [59_000, '0m'],
    [12 * 60_000, '12m'],
    [3 * 3_600_000, '3h'],
    [3 * 3_600_000 + 5 * 60_000, '3h 5m'],
    [2 * 86_400_000, '2d'],
    [2 * 86_400_000 + 4 * 3_600_000 + 30 * 60_000, '2d 4h'],
  ];
  for (const [ms, expected] of cases) {
    it(`formats ${expected}`, () => {
      expect(formatAge(ms)).toBe(expected);
    });
  }
});

describe('groupFindings', () => {
  it('puts the most severe and widest first', () => {
    const groups = groupFindings([
      finding('web-02'),
      finding('web-01', { firstSeen: '2025-12-31T02:00:00.000Z' }),
      finding('db-01', { groupKey: 'group-2', kind: 'sshd', object: 'PermitRootLogin', severity: 'critical' }),
    ]);
    expect(groups.map((group) => group.kind)).toEqual(['sshd', 'file-content']);
    expect(groups[1]!.hosts).toEqual(['web-01', 'web-02']);
    expect(groups[1]!.firstSeen).toBe('2025-12-31T02:00:00.000Z');
  });
});

describe('buildDigest', () => {
  it('sends nothing without changes', () => {
    expect(buildDigest(changes({ ongoingFindings: [finding('web-01')] }), 'changes', 'nightly', now)).toBeUndefined();
  });

  it('orders the sections', () => {
    const mail = buildDigest(
      changes({
        newFindings: [finding('web-03', { groupKey: 'g-new', object: '/etc/issue' })],
        ongoingFindings: [finding('web-01')],
        resolvedFindings: [finding('web-02', { groupKey: 'g-old', object: '/etc/hosts', resolvedAt: now.toISOString() })],
        failedHosts: [{ host: 'edge-01', address: '198.18.0.6', status: 'auth-failed', message: 'publickey rejected', newlyFailed: true }],
        staleHosts: [{ host: 'edge-02', lastScannedAt: '2025-12-30T02:00:00.000Z', newlyStale: true }],
        removedHosts: ['old-01'],
      }),
      'changes',
      'nightly',
      now,
    )!;
    expect(mail.subject).toBe('[driftgate] nightly: 1 new, 1 ongoing, 1 resolved drift; 1 host not scanned; 1 host stale');
    const order = ['New drift (1)', 'Ongoing drift (1)', 'Resolved drift (1)', 'Hosts that could not be scanned (1)', 'Hosts not scanned successfully for too long (1)', 'Hosts no longer scanned (1)'];
    const positions = order.map((title) => mail.text.indexOf(title));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(mail.text).toContain('age: 2d (first seen 2026-01-01T02:00:00.000Z)');
    expect(mail.text).toContain('last scanned successfully 4d ago');
  });

  it('counts hosts beyond the list', () => {
    const hosts = Array.from({ length: HOSTS_LISTED + 7 }, (_, i) => `web-${String(i + 1).padStart(3, '0')}`);
    const mail = buildDigest(changes({ newFindings: hosts.map((host) => finding(host)) }), 'changes', 'nightly', now)!;
    expect(mail.text).toContain(`on ${HOSTS_LISTED + 7} hosts`);
    expect(mail.text).toContain(`hosts: ${hosts.slice(0, HOSTS_LISTED).join(', ')} and 7 more\n`);
  });

  it('escapes HTML in findings', () => {
    const mail = buildDigest(changes({ newFindings: [finding('web-01', { actual: '<script>alert(1)</script>' })] }), 'changes', 'nightly', now)!;
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(mail.text).toContain('actual: <script>alert(1)</script>');
  });
});

describe('buildScanAlert', () => {
  it('names the scan and reason', () => {
    const alert = buildScanAlert(changes().scan, 'interrupted', 'the service was stopped', now);
    expect(alert.subject).toBe('[driftgate] scan 7 (nightly) was interrupted');
    expect(alert.text).toContain('Reason: the service was stopped');
  });
});
