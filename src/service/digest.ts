/**
 * The mail sent after a scan: new drift first, grouped across hosts, then ongoing drift with its
 * age, resolved drift, hosts that could not be scanned and hosts not scanned for too long.
 * Values come from the store, which redacted them before writing.
 */
import type { DriftFinding } from '../scan/findings.js';
import type { FailedHost, OutgoingMail, ScanChanges, ScanRecord, StaleHost, StoredFinding } from './store.js';
import { compareCodeUnits } from '../util/text.js';

/** Policy for sending a digest: only on change, or after every scan. */
export type SendPolicy = 'changes' | 'always';

/** Identical drift on one or more hosts. */
export interface FindingGroup extends Omit<DriftFinding, 'host'> {
  hosts: string[];
  /** Earliest first-seen time among the hosts. */
  firstSeen: string;
  /** Latest resolution time, for resolved groups. */
  resolvedAt?: string;
}

/** Host names listed in a group before the rest are only counted, to keep large digests readable. */
export const HOSTS_LISTED = 50;

const SEVERITY_ORDER: Record<StoredFinding['severity'], number> = { critical: 0, error: 1, warning: 2 };

/** Groups findings that are identical except for the host, most severe and most hosts first. */
export function groupFindings(findings: StoredFinding[]): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const finding of findings) {
    const group = groups.get(finding.groupKey);
    if (!group) {
      const created: FindingGroup = { ...pickGroupFields(finding), hosts: [finding.host], firstSeen: finding.firstSeen };
      if (finding.resolvedAt) created.resolvedAt = finding.resolvedAt;
      groups.set(finding.groupKey, created);
      continue;
    }
    group.hosts.push(finding.host);
    if (finding.firstSeen < group.firstSeen) group.firstSeen = finding.firstSeen;
    if (finding.resolvedAt && (!group.resolvedAt || finding.resolvedAt > group.resolvedAt)) group.resolvedAt = finding.resolvedAt;
  }
  const sorted = [...groups.values()];
  for (const group of sorted) group.hosts.sort();
  sorted.sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
      b.hosts.length - a.hosts.length ||
      compareCodeUnits(a.kind, b.kind) ||
      compareCodeUnits(a.object, b.object),
  );
  return sorted;
}

function pickGroupFields(finding: StoredFinding): Omit<FindingGroup, 'hosts' | 'firstSeen'> {
  return {
    kind: finding.kind,
    object: finding.object,
    expected: finding.expected,
    actual: finding.actual,
    severity: finding.severity,
    fix: finding.fix,
  };
}

/** Returns true when a scan's changes call for a digest under `policy`. */
export function shouldSend(changes: ScanChanges, policy: SendPolicy): boolean {
  if (policy === 'always') return true;
  return (
    changes.newFindings.length > 0 ||
    changes.resolvedFindings.length > 0 ||
    changes.failedHosts.some((host) => host.newlyFailed) ||
    changes.staleHosts.some((host) => host.newlyStale) ||
    changes.removedHosts.length > 0
  );
}

/** Formats a duration in milliseconds as the two largest units, such as `3d 4h` or `12m`. */
export function formatAge(ms: number): string {
  const minutes = Math.floor(Math.max(0, ms) / 60_000);
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  if (days > 0) return hours > 0 ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return rest > 0 ? `${hours}h ${rest}m` : `${hours}h`;
  return `${rest}m`;
}

/** Returns the subject line with the counts of each section. */
export function digestSubject(changes: ScanChanges, label: string): string {
  const parts = [
    `${changes.newFindings.length} new`,
    `${changes.ongoingFindings.length} ongoing`,
    `${changes.resolvedFindings.length} resolved`,
  ];
  let subject = `[driftgate] ${label}: ${parts.join(', ')} drift`;
  if (changes.failedHosts.length > 0) subject += `; ${plural(changes.failedHosts.length, 'host')} not scanned`;
  if (changes.staleHosts.length > 0) subject += `; ${plural(changes.staleHosts.length, 'host')} stale`;
  return subject;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}

/** Builds the digest of a finished scan, or returns undefined when `policy` sends nothing for it. */
export function buildDigest(changes: ScanChanges, policy: SendPolicy, label: string, now: Date): OutgoingMail | undefined {
  if (!shouldSend(changes, policy)) return undefined;
  const sections = digestSections(changes, now);
  return {
    subject: digestSubject(changes, label),
    text: renderText(scanHeading(changes.scan), sections),
    html: renderHtml(scanHeading(changes.scan), sections),
  };
}

function scanHeading(scan: ScanRecord): string {
  return `Scan ${scan.id} (${scan.trigger}) started ${scan.startedAt}, finished ${scan.finishedAt ?? 'not recorded'}: ${plural(scan.hostsScanned, 'host')} scanned, ${scan.hostsFailed} not scanned.`;
}

/** One titled list of a digest; each item is a heading line with detail lines. */
interface Section {
  title: string;
  items: { heading: string; details: string[] }[];
}

function digestSections(changes: ScanChanges, now: Date): Section[] {
  const sections: Section[] = [
    { title: 'New drift', items: groupFindings(changes.newFindings).map((group) => groupItem(group, [])) },
    {
      title: 'Ongoing drift',
      items: groupFindings(changes.ongoingFindings).map((group) =>
        groupItem(group, [`age: ${formatAge(now.getTime() - Date.parse(group.firstSeen))} (first seen ${group.firstSeen})`]),
      ),
    },
    {
      title: 'Resolved drift',
      items: groupFindings(changes.resolvedFindings).map((group) => groupItem(group, [`resolved: ${group.resolvedAt ?? ''}`])),
    },
    { title: 'Hosts that could not be scanned', items: changes.failedHosts.map(failedHostItem) },
    { title: 'Hosts not scanned successfully for too long', items: changes.staleHosts.map((host) => staleHostItem(host, now)) },
    {
      title: 'Hosts no longer scanned',
      items: changes.removedHosts.map((host) => ({ heading: host, details: ['absent from this scan; its open drift is not reported until it returns'] })),
    },
  ];
  return sections.filter((section) => section.items.length > 0);
}

function groupItem(group: FindingGroup, extra: string[]): Section['items'][number] {
  const listed = group.hosts.slice(0, HOSTS_LISTED).join(', ');
  const more = group.hosts.length > HOSTS_LISTED ? ` and ${group.hosts.length - HOSTS_LISTED} more` : '';
  return {
    heading: `${group.severity.toUpperCase()} ${group.kind} ${group.object} on ${plural(group.hosts.length, 'host')}`,
    details: [`hosts: ${listed}${more}`, `expected: ${group.expected}`, `actual: ${group.actual}`, ...extra, `fix: ${group.fix}`],
  };
}

function failedHostItem(host: FailedHost): Section['items'][number] {
  return { heading: `${host.host} (${host.address}): ${host.status}${host.newlyFailed ? ' (new)' : ''}`, details: [host.message] };
}

function staleHostItem(host: StaleHost, now: Date): Section['items'][number] {
  const detail = host.lastScannedAt
    ? `last scanned successfully ${formatAge(now.getTime() - Date.parse(host.lastScannedAt))} ago (${host.lastScannedAt})`
    : 'never scanned successfully';
  return { heading: host.host, details: [detail] };
}

function renderText(heading: string, sections: Section[]): string {
  const lines = [heading, ''];
  if (sections.length === 0) lines.push('No drift and every host was scanned.', '');
  for (const section of sections) {
    lines.push(`== ${section.title} (${section.items.length}) ==`, '');
    for (const item of section.items) {
      lines.push(`* ${item.heading}`);
      for (const detail of item.details) lines.push(indentBlock(detail, '    '));
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

function indentBlock(text: string, indent: string): string {
  return text
    .split('\n')
    .map((line) => `${indent}${line}`)
    .join('\n');
}

function renderHtml(heading: string, sections: Section[]): string {
  const parts = ['<!DOCTYPE html><html><body style="font-family: sans-serif">', `<p>${escapeHtml(heading)}</p>`];
  if (sections.length === 0) parts.push('<p>No drift and every host was scanned.</p>');
  for (const section of sections) {
    parts.push(`<h2>${escapeHtml(section.title)} (${section.items.length})</h2>`, '<ul>');
    for (const item of section.items) {
      const details = item.details.map((detail) => `<pre style="margin: 0">${escapeHtml(detail)}</pre>`).join('');
      parts.push(`<li><strong>${escapeHtml(item.heading)}</strong>${details}</li>`);
    }
    parts.push('</ul>');
  }
  parts.push('</body></html>');
  return parts.join('\n');
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Builds the alert for a scan that failed or was interrupted before it recorded its result. */
export function buildScanAlert(scan: ScanRecord, status: 'failed' | 'interrupted', reason: string, now: Date): OutgoingMail {
  const verb = status === 'failed' ? 'failed' : 'was interrupted';
  const subject = `[driftgate] scan ${scan.id} (${scan.trigger}) ${verb}`;
  const text = [
    `Scan ${scan.id} (${scan.trigger}), started ${scan.startedAt}, ${verb} and recorded no result.`,
    `Reason: ${reason}`,
    `Recorded: ${now.toISOString()}`,
    '',
    'Drift since the last finished scan is unknown until the next scan succeeds.',
    'See the service log (journalctl -u driftgate) for the scan id above.',
  ].join('\n');
  const html = `<!DOCTYPE html><html><body style="font-family: sans-serif">${text
    .split('\n')
    .map((line) => `<p>${escapeHtml(line)}</p>`)
    .join('')}</body></html>`;
  return { subject, text: `${text}\n`, html };
}
