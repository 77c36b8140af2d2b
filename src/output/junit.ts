/**
 * JUnit XML output, for CI systems that show test reports: one test suite per file and one
 * test case per rule run on that file. Findings at or above `--fail-on` are failures.
 */
import type { Finding } from '../model.js';
import type { Formatter, Report } from './format.js';
import { failsGate, groupByFile } from './format.js';

/** Checks every file goes through, whatever its kind. */
const alwaysRun = ['syntax-error', 'schema-violation'];

/**
 * Escapes text for XML content and attribute values, and drops the control characters that
 * XML 1.0 forbids even as character references (XML 1.0 section 2.2, production `Char`).
 */
export function escapeXml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Returns the rule ids that ran on a file: built-in checks, rules of its kinds, any with findings. */
function testCaseIds(report: Report, file: string, findings: readonly Finding[]): string[] {
  const kinds = new Set(report.kinds?.[file] ?? []);
  const ids = new Set(alwaysRun);
  for (const rule of report.rules) {
    if (kinds.has(rule.domain)) ids.add(rule.id);
  }
  for (const finding of findings) ids.add(finding.ruleId);
  return [...ids].sort();
}

function failureElement(finding: Finding): string {
  const place = `${finding.file}:${finding.line}:${finding.column}`;
  const body = [`${place}: ${finding.message}`, ...(finding.fix ? [`Fix: ${finding.fix}`] : [])].join('\n');
  return `      <failure message="${escapeXml(finding.message)}" type="${finding.severity}">${escapeXml(body)}</failure>`;
}

/** Lists findings that do not fail the gate (below `--fail-on`, or suppressed) as output. */
function systemOut(findings: readonly Finding[]): string | undefined {
  if (findings.length === 0) return undefined;
  const lines = findings.map((finding) => {
    const state = finding.suppressed ? `suppressed (${finding.suppressed.reason})` : finding.severity;
    return `${finding.file}:${finding.line}:${finding.column}: ${state}: ${finding.message}`;
  });
  return `      <system-out>${escapeXml(lines.join('\n'))}</system-out>`;
}

function testCase(file: string, ruleId: string, findings: readonly Finding[], report: Report): { xml: string; failed: boolean } {
  const failing = findings.filter((finding) => failsGate(finding, report.failOn));
  const passing = findings.filter((finding) => !failsGate(finding, report.failOn));
  const children = [...failing.map(failureElement), systemOut(passing)].filter((line) => line !== undefined);
  const open = `    <testcase name="${escapeXml(ruleId)}" classname="${escapeXml(file)}"`;
  const xml = children.length === 0 ? `${open}/>` : `${open}>\n${children.join('\n')}\n    </testcase>`;
  return { xml, failed: failing.length > 0 };
}

/** Formats the report as a JUnit XML `<testsuites>` document. */
export const formatJunit: Formatter = (report) => {
  const byFile = groupByFile(report.findings);
  const files = [...new Set([...report.files, ...byFile.keys()])];
  const suites: string[] = [];
  let totalTests = 0;
  let totalFailures = 0;
  for (const file of files) {
    const findings = byFile.get(file) ?? [];
    const cases = testCaseIds(report, file, findings).map((ruleId) =>
      testCase(file, ruleId, findings.filter((finding) => finding.ruleId === ruleId), report),
    );
    const failures = cases.filter((entry) => entry.failed).length;
    totalTests += cases.length;
    totalFailures += failures;
    suites.push(
      `  <testsuite name="${escapeXml(file)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0">`,
      ...cases.map((entry) => entry.xml),
      '  </testsuite>',
    );
  }
  const head = `<testsuites name="driftgate" tests="${totalTests}" failures="${totalFailures}" errors="0">`;
  return ['<?xml version="1.0" encoding="UTF-8"?>', head, ...suites, '</testsuites>', ''].join('\n');
};
