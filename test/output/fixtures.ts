/** A small report with every kind of finding the formatters must handle. */
import { loadRules } from '../../src/engine/registry.js';
import type { Finding } from '../../src/model.js';
import type { Report } from '../../src/output/format.js';

/** Findings in two files: an error with a related location, a warning, an info and a suppressed error. */
export const sampleFindings: Finding[] = [
  {
    ruleId: 'fw-invalid-address',
    severity: 'error',
    message: '`203.0.113.300` is not a valid address, prefix or range',
    file: 'firewall/edge, "1".yaml',
    line: 12,
    column: 7,
    endLine: 12,
    endColumn: 20,
    path: 'chains.input.rules[2].source',
    fix: 'Write an IPv4 or IPv6 address.',
    related: [{ file: 'firewall/objects.yaml', line: 3, column: 5, message: 'object defined here' }],
  },
  {
    ruleId: 'schema-violation',
    severity: 'warning',
    message: 'value <b>50%</b> is odd: check it\nsecond line',
    file: 'firewall/edge, "1".yaml',
    line: 14,
    column: 3,
    endLine: 16,
    endColumn: 4,
    path: 'chains.input',
  },
  {
    ruleId: 'syntax-error',
    severity: 'info',
    message: 'note for @team & friends',
    file: 'lb/web.yaml',
    line: 1,
    column: 1,
  },
  {
    ruleId: 'fw-invalid-address',
    severity: 'error',
    message: '`10.0.0.1/8` has host bits set; the prefix means 10.0.0.0/8',
    file: 'lb/web.yaml',
    line: 4,
    column: 9,
    endLine: 4,
    endColumn: 19,
    path: 'management[0]',
    fix: 'Write `10.0.0.0/8`.',
    suppressed: { kind: 'suppression', reason: 'legacy range, removed in Q1', expires: '2027-03-31' },
  },
];

/** Returns a report over the sample findings, with the real rules and three files. */
export async function sampleReport(overrides: Partial<Report> = {}): Promise<Report> {
  // One real rule keeps the expected outputs exact as more rules are added.
  const rules = (await loadRules()).filter((rule) => rule.id === 'fw-invalid-address');
  return {
    findings: sampleFindings.map((finding) => ({ ...finding })),
    files: ['firewall/edge, "1".yaml', 'lb/web.yaml', 'routing/clean.yaml'],
    rules,
    failOn: 'error',
    toolVersion: '9.8.7',
    kinds: { 'firewall/edge, "1".yaml': ['firewall'], 'routing/clean.yaml': ['routing'] },
    cwd: '/srv/repo',
    docsBaseUrl: 'https://docs.example.org/driftgate/',
    ...overrides,
  };
}
