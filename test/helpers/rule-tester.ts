/** Table-driven tests for one rule: each case is a document and the findings it must produce. */
import { describe, expect, it } from 'vitest';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { loadRules } from '../../src/engine/registry.js';
import { validateSources } from '../../src/engine/run.js';
import type { LoadedDocument, Severity } from '../../src/model.js';

/** A finding a case expects: its message id and line, and optionally data values and severity. */
export interface ExpectedFinding {
  messageId: string;
  line: number;
  data?: Record<string, unknown>;
  severity?: Severity;
}

/** One case: a named document (YAML text unless `file` names another format) and what it must yield. */
export interface RuleCase {
  name: string;
  text: string;
  /** File name that picks the format, such as `zone.example.com.db`; defaults to `case.yaml`. */
  file?: string;
  options?: object;
  /** The document at the base revision, for rules that judge a change. */
  base?: string;
  expected: ExpectedFinding[];
}

/** Runs one rule alone over a document and returns its findings and any load-time findings. */
export async function runRule(ruleId: string, text: string, file = 'case.yaml', options?: object, baseText?: string) {
  const rules = await loadRules();
  const rule = rules.find((candidate) => candidate.id === ruleId);
  if (!rule) throw new Error(`no rule ${ruleId}`);
  const config: ResolvedConfig = {
    root: '/virtual',
    data: { kind: 'config' },
    rules: new Map([[rule.id, { rule, severity: rule.severity, options: { ...(rule.options?.defaults ?? {}), ...(options ?? {}) } }]]),
    acceptances: [],
  };
  let baseDocuments: LoadedDocument[] = [];
  if (baseText !== undefined) {
    baseDocuments = validateSources([{ file, absolutePath: `/virtual/base/${file}`, text: baseText, explicit: true }], config, { cwd: '/virtual' }).documents;
  }
  const result = validateSources([{ file, absolutePath: `/virtual/${file}`, text, explicit: true }], config, {
    cwd: '/virtual',
    today: '2026-12-01',
    findBase: (document) => baseDocuments.find((candidate) => candidate.kind === document.kind && candidate.index === document.index),
  });
  return {
    ruleFindings: result.findings.filter((finding) => finding.ruleId === ruleId),
    otherFindings: result.findings.filter((finding) => finding.ruleId !== ruleId),
  };
}

/** Declares a vitest suite for a rule from a table of cases. */
export function ruleCases(ruleId: string, cases: RuleCase[]): void {
  describe(ruleId, () => {
    it('has at least one passing and one failing case', () => {
      expect(cases.some((testCase) => testCase.expected.length === 0)).toBe(true);
      expect(cases.some((testCase) => testCase.expected.length > 0)).toBe(true);
    });

    it.each(cases.map((testCase) => [testCase.name, testCase] as const))('%s', async (_name, testCase) => {
      const { ruleFindings, otherFindings } = await runRule(ruleId, testCase.text, testCase.file, testCase.options, testCase.base);
      expect(otherFindings.map((finding) => `${finding.line}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
      const actual = ruleFindings.map((finding) => ({ messageId: finding.messageId, line: finding.line }));
      expect(actual).toEqual(testCase.expected.map(({ messageId, line }) => ({ messageId, line })));
      testCase.expected.forEach((expected, index) => {
        if (expected.data) expect(ruleFindings[index]?.data).toMatchObject(expected.data);
        if (expected.severity) expect(ruleFindings[index]?.severity).toBe(expected.severity);
        expect(ruleFindings[index]?.fix).toBeTruthy();
      });
    });
  });
}
