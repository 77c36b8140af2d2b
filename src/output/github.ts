/**
 * GitHub Actions workflow commands, which GitHub shows as annotations on the changed lines.
 * Escaping matches `@actions/core` (`command.ts` in actions/toolkit): data escapes `%`, `\r`
 * and `\n`; property values also escape `:` and `,`.
 */
import type { Finding, Severity } from '../model.js';
import type { Formatter } from './format.js';
import { summarize, summaryLine } from './format.js';

const commands: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes the message part of a workflow command. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a property value of a workflow command, such as a file name or title. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * Returns the position properties. GitHub uses columns only on one-line annotations, and
 * its `endColumn` is inclusive while a finding's end column is exclusive.
 */
function positionProperties(finding: Finding): string[] {
  const properties = [`line=${finding.line}`];
  const endLine = finding.endLine ?? finding.line;
  if (endLine !== finding.line) {
    properties.push(`endLine=${endLine}`);
    return properties;
  }
  properties.push(`col=${finding.column}`);
  if (finding.endColumn !== undefined) {
    properties.push(`endLine=${endLine}`, `endColumn=${Math.max(finding.column, finding.endColumn - 1)}`);
  }
  return properties;
}

/**
 * Formats one finding as a workflow command line. GitHub reads `file` relative to the
 * repository root, so a run from a subfolder puts `repositoryFolder` in front.
 */
export function annotation(finding: Finding, repositoryFolder = ''): string {
  const file = repositoryFolder === '' ? finding.file : `${repositoryFolder}/${finding.file}`;
  const properties = [`file=${escapeProperty(file)}`, ...positionProperties(finding), `title=${escapeProperty(finding.ruleId)}`];
  const message = finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message;
  return `::${commands[finding.severity]} ${properties.join(',')}::${escapeData(message)}`;
}

/** Formats unsuppressed findings as annotations, then the summary line as plain log text. */
export const formatGithub: Formatter = (report) => {
  const unsuppressed = report.findings.filter((finding) => !finding.suppressed);
  const lines = unsuppressed.map((finding) => annotation(finding, report.repositoryFolder));
  lines.push(summaryLine(summarize(report)));
  return `${lines.join('\n')}\n`;
};
