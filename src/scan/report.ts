/** Scan reports as text, JSON, Markdown and HTML. */
import { countProblems } from './findings.js';
import type { DriftFinding, HostResult, ScanReport } from './findings.js';

/** Formats a scan report as one output document. */
export type ScanFormatter = (report: ScanReport) => string;

function header(report: ScanReport): string {
  const stale = report.desired.stale ? ` (STALE: ${report.desired.stale})` : '';
  return `desired state ${report.desired.source} at ${report.desired.ref} = commit ${report.desired.commit}${stale}`;
}

function summary(report: ScanReport): string {
  const { drift, failedHosts, scannedHosts } = countProblems(report);
  return `${report.hosts.length} host(s): ${scannedHosts} scanned, ${failedHosts} not scanned; ${drift} finding(s)`;
}

/** Indents every line of a value after its first, so command output stays under its host or finding. */
function indentContinuation(text: string, indent: string): string {
  return text.replace(/\r?\n/g, `\n${indent}`);
}

function hostLine(host: HostResult): string {
  if (host.status !== 'scanned') return `${host.host} (${host.address}): NOT SCANNED, ${host.status}: ${indentContinuation(host.message ?? '', '  ')}`;
  return `${host.host} (${host.address}): ${host.findings.length === 0 ? 'no drift' : `${host.findings.length} finding(s)`}`;
}

function findingLine(finding: DriftFinding): string {
  const line = `${finding.severity} ${finding.kind} ${finding.object}: expected ${finding.expected}, actual ${finding.actual}`;
  return `  ${indentContinuation(line, '    ')}\n    fix: ${indentContinuation(finding.fix, '      ')}`;
}

/** Plain text for terminals and logs. */
export const textReport: ScanFormatter = (report) => {
  const lines = [header(report)];
  for (const host of report.hosts) {
    lines.push(hostLine(host));
    for (const note of host.notes ?? []) lines.push(`  note: ${indentContinuation(note, '    ')}`);
    for (const finding of host.findings) lines.push(findingLine(finding));
  }
  lines.push(summary(report));
  return `${lines.join('\n')}\n`;
};

/** Version of the scan JSON output's shape; raised only when a field changes meaning or goes away. */
export const SCAN_JSON_VERSION = 1;

/** The report object as JSON for tools, with the version of its shape first. */
export const jsonReport: ScanFormatter = (report) => `${JSON.stringify({ version: SCAN_JSON_VERSION, ...report }, null, 2)}\n`;

function markdownCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

/** Markdown for pull-request comments and chat. */
export const markdownReport: ScanFormatter = (report) => {
  const lines = [`## driftgate scan`, '', header(report), '', summary(report), ''];
  const failed = report.hosts.filter((host) => host.status !== 'scanned');
  if (failed.length > 0) {
    lines.push('### Hosts not scanned', '', '| host | result | message |', '|---|---|---|');
    for (const host of failed) lines.push(`| ${markdownCell(host.host)} | ${host.status} | ${markdownCell(host.message ?? '')} |`);
    lines.push('');
  }
  const noted = report.hosts.filter((host) => (host.notes ?? []).length > 0);
  if (noted.length > 0) {
    lines.push('### Collector notes', '', '| host | note |', '|---|---|');
    for (const host of noted) for (const note of host.notes!) lines.push(`| ${markdownCell(host.host)} | ${markdownCell(note)} |`);
    lines.push('');
  }
  const findings = report.hosts.flatMap((host) => host.findings);
  if (findings.length > 0) {
    lines.push('### Findings', '', '| host | severity | kind | object | expected | actual | fix |', '|---|---|---|---|---|---|---|');
    for (const finding of findings) {
      const cells = [finding.host, finding.severity, finding.kind, finding.object, finding.expected, finding.actual, finding.fix];
      lines.push(`| ${cells.map(markdownCell).join(' | ')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** A standalone HTML page for email and browsers; every value is escaped. */
export const htmlReport: ScanFormatter = (report) => {
  const rows = report.hosts.flatMap((host) => {
    if (host.status !== 'scanned') {
      return [`<tr class="failed"><td>${escapeHtml(host.host)}</td><td colspan="6">not scanned: ${escapeHtml(host.status)}: ${escapeHtml(host.message ?? '')}</td></tr>`];
    }
    const notes = (host.notes ?? []).map((note) => `<tr class="note"><td>${escapeHtml(host.host)}</td><td colspan="6">note: ${escapeHtml(note)}</td></tr>`);
    return [...notes, ...host.findings.map((finding) => {
      const cells = [finding.host, finding.severity, finding.kind, finding.object, finding.expected, finding.actual, finding.fix];
      return `<tr class="${escapeHtml(finding.severity)}">${cells.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`;
    })];
  });
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8"><title>driftgate scan</title>',
    '<style>body{font-family:sans-serif}td,th{border:1px solid #ccc;padding:4px;vertical-align:top}.critical,.failed{background:#fdd}</style>',
    '</head><body>',
    `<h1>driftgate scan</h1><p>${escapeHtml(header(report))}</p><p>${escapeHtml(summary(report))}</p>`,
    '<table><tr><th>host</th><th>severity</th><th>kind</th><th>object</th><th>expected</th><th>actual</th><th>fix</th></tr>',
    ...rows,
    '</table></body></html>',
    '',
  ].join('\n');
};

/** Formatters by `--format` name. */
export const scanFormatters: Record<string, ScanFormatter> = {
  text: textReport,
  json: jsonReport,
  markdown: markdownReport,
  html: htmlReport,
};
