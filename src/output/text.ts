/** The default human-readable output: findings grouped by file, then a summary line. */
import type { Finding } from '../model.js';
import type { Formatter } from './format.js';
import { summarize, summaryLine } from './format.js';

function findingLines(finding: Finding): string[] {
  const position = `${finding.line}:${finding.column}`.padEnd(8);
  // Eleven columns fit `suppressed`, the longest state, and a space.
  const severity = (finding.suppressed ? 'suppressed' : finding.severity).padEnd(11);
  const lines = [`  ${position}${severity}${finding.message}  ${finding.ruleId}`];
  if (finding.fix && !finding.suppressed) {
    lines.push(`          fix: ${finding.fix}`);
  }
  if (finding.suppressed) {
    lines.push(`          suppressed: ${finding.suppressed.reason}`);
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
