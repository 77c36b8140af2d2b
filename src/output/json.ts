/** The JSON output, a stable contract documented in docs/output.md. */
import type { Formatter } from './format.js';
import { summarize } from './format.js';

/** Version of the JSON output's shape; raised only when a field changes meaning or goes away. */
export const JSON_OUTPUT_VERSION = 1;

/** Formats the report as `{ version, findings, summary }`. */
export const formatJson: Formatter = (report) => {
  const findings = report.findings.map((finding) => ({
    ruleId: finding.ruleId,
    severity: finding.severity,
    message: finding.message,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    path: finding.path,
    fix: finding.fix,
    related: finding.related ?? [],
    suppressed: finding.suppressed ?? null,
    messageId: finding.messageId,
    data: finding.data,
    baselineState: finding.baselineState,
  }));
  const check = report.impact ? { baseCommit: report.baseCommit, impact: report.impact } : {};
  return `${JSON.stringify({ version: JSON_OUTPUT_VERSION, tool: { name: 'driftgate', version: report.toolVersion }, findings, summary: summarize(report), ...check }, null, 2)}\n`;
};
