/** The contract of output formatters: pure functions from a run's result to text. */
import type { DocumentKind, Finding, Severity } from '../model.js';
import { atLeast } from '../model.js';
import type { AnyRule } from '../engine/rule.js';
import type { ImpactItem } from '../gate/impact/types.js';

/** Input of every formatter: the findings of a run and the settings that shape the output. */
export interface Report {
  findings: Finding[];
  files: string[];
  /** Rules that ran, for formats that list them (SARIF, JUnit). */
  rules: AnyRule[];
  /** The `--fail-on` threshold, or `never`. */
  failOn: Severity | 'never';
  toolVersion: string;
  /** What a change does, in a pull-request check. */
  impact?: ImpactItem[];
  /** The merge-base commit a pull-request check compared against. */
  baseCommit?: string;
  /** Document kinds found in each file, for formats that list the rules run per file (JUnit). */
  kinds?: Record<string, DocumentKind[]>;
  /** Absolute folder that finding paths are relative to; SARIF records it as `%SRCROOT%`. */
  cwd?: string;
  /** Base URL of driftgate's docs/ and schemas/; defaults to the installed package folder. */
  docsBaseUrl?: string;
  /** Base URL of the checked files in a web view, such as a GitHub blob URL at a commit. */
  sourceBaseUrl?: string;
  /** Working folder relative to the repository root, for formats that need root-relative paths. */
  repositoryFolder?: string;
}

/** Counts of unsuppressed findings by severity. */
export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  suppressed: number;
}

/** Counts findings; suppressed findings count apart from the severities. */
export function summarize(report: Report): Summary {
  const summary: Summary = { files: report.files.length, errors: 0, warnings: 0, infos: 0, suppressed: 0 };
  for (const finding of report.findings) {
    if (finding.suppressed) summary.suppressed += 1;
    else if (finding.severity === 'error') summary.errors += 1;
    else if (finding.severity === 'warning') summary.warnings += 1;
    else summary.infos += 1;
  }
  return summary;
}

/** Returns true when the finding is unsuppressed and at or above the `--fail-on` threshold. */
export function failsGate(finding: Finding, failOn: Severity | 'never'): boolean {
  return failOn !== 'never' && !finding.suppressed && atLeast(finding.severity, failOn);
}

/** Returns `count word` with an `s` when the count is not 1. */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

/** Formats the one-line summary that text, GitHub and Markdown output end with. */
export function summaryLine(summary: Summary): string {
  const suppressed = summary.suppressed > 0 ? `, ${summary.suppressed} suppressed` : '';
  const counts = [plural(summary.errors, 'error'), plural(summary.warnings, 'warning'), plural(summary.infos, 'info')];
  return `${plural(summary.files, 'file')} checked: ${counts.join(', ')}${suppressed}`;
}

/** Groups findings by file, keeping the order in which files first appear. */
export function groupByFile(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>();
  for (const finding of findings) {
    const group = groups.get(finding.file);
    if (group) group.push(finding);
    else groups.set(finding.file, [finding]);
  }
  return groups;
}

/** A formatter turns a report into the text written to stdout or `--output`. */
export type Formatter = (report: Report) => string;
