/**
 * Markdown for a pull-request comment: a summary table, then findings grouped by file with
 * line links and fix hints. Files with many findings fold into `<details>` blocks.
 */
import type { Finding } from '../model.js';
import type { Formatter, Report, Summary } from './format.js';
import { groupByFile, plural, summarize } from './format.js';
import { ruleDocsUrl } from './links.js';

/** Findings per file above which the file's list is folded. */
export const FOLD_AFTER = 10;

/**
 * Length at which the comment is cut. GitHub rejects comment bodies over 65,536 characters,
 * so the cut leaves room for the closing note.
 */
export const MAX_COMMENT_LENGTH = 60_000;

const icons: Record<string, string> = { error: '❌', warning: '⚠️', info: 'ℹ️', suppressed: '💤' };

/**
 * Escapes text from configuration files so it shows as written: HTML is not interpreted,
 * Markdown emphasis and links do not form, and `@name` does not notify anyone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\*_[\]|#~])/g, '\\$1')
    .replace(/@/g, '@\u200B');
}

/** Escapes a message while keeping its `code spans`, which messages use for values. */
function escapeMessage(text: string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part, index) => (index % 2 === 1 ? part.replace(/@/g, '@\u200B') : escapeMarkdown(part)))
    .join('');
}

function summaryTable(summary: Summary): string[] {
  return [
    '| Files | Errors | Warnings | Infos | Suppressed |',
    '| ---: | ---: | ---: | ---: | ---: |',
    `| ${summary.files} | ${summary.errors} | ${summary.warnings} | ${summary.infos} | ${summary.suppressed} |`,
  ];
}

function lineLink(report: Report, finding: Finding): string {
  const label = `line ${finding.line}:${finding.column}`;
  if (!report.sourceBaseUrl) return label;
  const base = report.sourceBaseUrl.replace(/\/+$/, '');
  const path = finding.file.split('/').map(encodeURIComponent).join('/');
  return `[${label}](${base}/${path}#L${finding.line})`;
}

function findingItem(report: Report, finding: Finding): string[] {
  const state = finding.suppressed ? 'suppressed' : finding.severity;
  const rule = `[\`${finding.ruleId}\`](${ruleDocsUrl(report, finding.ruleId)})`;
  const lines = [`- ${icons[state]} **${state}** ${lineLink(report, finding)}: ${escapeMessage(finding.message)} (${rule})`];
  if (finding.suppressed) {
    lines.push(`  - Suppressed: ${escapeMessage(finding.suppressed.reason)}`);
  } else if (finding.fix) {
    lines.push(`  - Fix: ${escapeMessage(finding.fix)}`);
  }
  for (const related of finding.related ?? []) {
    lines.push(`  - See ${escapeMarkdown(related.file)} line ${related.line}: ${escapeMessage(related.message)}`);
  }
  return lines;
}

function fileSection(report: Report, file: string, findings: readonly Finding[]): string[] {
  const items = findings.flatMap((finding) => findingItem(report, finding));
  const title = `\`${file.replace(/`/g, "'")}\` (${plural(findings.length, 'finding')})`;
  if (findings.length <= FOLD_AFTER) {
    return [`### ${title}`, '', ...items, ''];
  }
  return ['<details>', `<summary>${escapeMarkdown(file)} (${plural(findings.length, 'finding')})</summary>`, '', ...items, '', '</details>', ''];
}

/** Formats the report as a pull-request comment in GitHub-flavoured Markdown. */
export const formatMarkdown: Formatter = (report) => {
  const summary = summarize(report);
  const clean = summary.errors + summary.warnings + summary.infos === 0;
  const lines = ['## driftgate', '', clean ? 'No unsuppressed findings.' : 'Findings by file, in line order.', '', ...summaryTable(summary), ''];
  for (const [file, findings] of groupByFile(report.findings)) {
    lines.push(...fileSection(report, file, findings));
  }
  if (report.impact && report.impact.length > 0) {
    lines.push('### Change impact', '', ...report.impact.map((item) => `- \`${escapeMarkdown(item.file)}:${item.line}\` ${escapeMessage(item.text)}`), '');
  }
  const text = lines.join('\n');
  if (text.length <= MAX_COMMENT_LENGTH) return text;
  const kept = text.slice(0, text.lastIndexOf('\n', MAX_COMMENT_LENGTH));
  const unclosed = kept.split('<details>').length - kept.split('</details>').length;
  const closing = unclosed > 0 ? '\n</details>' : '';
  return `${kept}${closing}\n\n_The comment is cut here because it is too long; run driftgate locally for every finding._\n`;
};
