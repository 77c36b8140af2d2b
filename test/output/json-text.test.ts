import { describe, expect, it } from 'vitest';

import { JSON_OUTPUT_VERSION, formatJson } from '../../src/output/json.js';
import { formatText } from '../../src/output/text.js';
import { sampleReport } from './fixtures.js';

describe('JSON output', () => {
  it('follows the documented contract', async () => {
    const output = JSON.parse(formatJson(await sampleReport()));
    expect(Object.keys(output)).toEqual(['version', 'tool', 'findings', 'summary']);
    expect(output.version).toBe(JSON_OUTPUT_VERSION);
    expect(output.tool).toEqual({ name: 'driftgate', version: '9.8.7' });
    expect(output.summary).toEqual({ files: 3, errors: 1, warnings: 1, infos: 1, suppressed: 1 });
    expect(output.findings[0]).toEqual({
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
      suppressed: null,
    });
    expect(output.findings[3].suppressed).toEqual({ kind: 'suppression', reason: 'legacy range, removed in Q1', expires: '2027-03-31' });
  });
});

describe('text output', () => {
  it('groups findings per file', async () => {
    expect(formatText(await sampleReport())).toBe(
      [
        'firewall/edge, "1".yaml',
        '  12:7    error      `203.0.113.300` is not a valid address, prefix or range  fw-invalid-address',
        '          fix: Write an IPv4 or IPv6 address.',
        '          see firewall/objects.yaml:3:5: object defined here',
        '  14:3    warning    value <b>50%</b> is odd: check it\nsecond line  schema-violation',
        '',
        'lb/web.yaml',
        '  1:1     info       note for @team & friends  syntax-error',
        '  4:9     suppressed `10.0.0.1/8` has host bits set; the prefix means 10.0.0.0/8  fw-invalid-address',
        '          suppressed: legacy range, removed in Q1',
        '',
        '3 files checked: 1 error, 1 warning, 1 info, 1 suppressed',
        '',
      ].join('\n'),
    );
  });
});
