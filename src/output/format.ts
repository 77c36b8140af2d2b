/** The contract of output formatters: pure functions from a run's result to text. */
import type { Finding, Severity } from '../model.js';
import type { AnyRule } from '../engine/rule.js';
import type { ImpactItem } from '../gate/impact/types.js';

/** What every formatter receives. */
export interface Report {
  findings: Finding[];
  files: string[];
  /** Rules that ran, for formats that list them (SARIF). */
  rules: AnyRule[];
  /** The `--fail-on` threshold, or `never`. */
  failOn: Severity | 'never';
  toolVersion: string;
  /** What a change does, in a pull-request check. */
  impact?: ImpactItem[];
  /** The merge-base commit a pull-request check compared against. */
  baseCommit?: string;
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

/** A formatter turns a report into the text written to stdout or `--output`. */
export type Formatter = (report: Report) => string;
