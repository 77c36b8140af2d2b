/** The default human-readable output: findings grouped by file, then a summary line. */
import type { Finding } from '../model.js';
import type { Formatter } from './format.js';
import { summarize, summaryLine } from './format.js';

function findingLines(finding: Finding): string[] {
  const position = `${finding.line}:${finding.column}`.padEnd(8);
  const accepted = finding.suppressed?.kind === 'waiver' ? 'waived' : 'suppressed';
  // Eleven columns fit `suppressed`, the longest state, and a space.
  const severity = (finding.suppressed ? accepted : finding.severity).padEnd(11);
  const lines = [`  ${position}${severity}${finding.message}  ${finding.ruleId}`];
  if (finding.fix && !finding.suppressed) {
    lines.push(`          fix: ${finding.fix}`);
  }
  if (finding.suppressed) {
    const owner = finding.suppressed.owner ? ` (owner: ${finding.suppressed.owner})` : '';
    lines.push(`          ${accepted}: ${finding.suppressed.reason}${owner}`);
  }
  for (const related of finding.related ?? []) {
    lines.push(`          see ${related.file}:${related.line}:${related.column}: ${related.message}`);
  }
  return lines;
}

/** Formats findings as `line:col  severity  message  rule-id`, grouped per file. */
export const formatText: Formatter = (report) => {
  const out: string[] = [];
  let currentFile: string | undefined;
  for (const finding of report.findings) {
    if (finding.file !== currentFile) {
      if (currentFile !== undefined) out.push('');
      out.push(finding.file);
      currentFile = finding.file;
    }
    out.push(...findingLines(finding));
  }
  if (out.length > 0) out.push('');
  out.push(summaryLine(summarize(report)));
  return `${out.join('\n')}\n`;
};
