import { describe, expect, it } from 'vitest';

import type { Finding } from '../../src/model.js';
import { FOLD_AFTER, MAX_COMMENT_LENGTH, escapeMarkdown, formatMarkdown } from '../../src/output/markdown.js';
import { sampleReport } from './fixtures.js';

const docs = 'https://docs.example.org/driftgate/docs';

describe('Markdown output', () => {
  it('writes a summary table and findings by file', async () => {
    const text = formatMarkdown(await sampleReport({ sourceBaseUrl: 'https://git.example.com/repo/blob/abc123' }));
    expect(text).toBe(
      [
        '## driftgate',
        '',
        'Findings by file, in line order.',
        '',
        '| Files | Errors | Warnings | Infos | Suppressed |',
        '| ---: | ---: | ---: | ---: | ---: |',
        '| 3 | 1 | 1 | 1 | 1 |',
        '',
        '### `firewall/edge, "1".yaml` (2 findings)',
        '',
        `- ❌ **error** [line 12:7](https://git.example.com/repo/blob/abc123/firewall/edge%2C%20%221%22.yaml#L12): ` +
          `\`203.0.113.300\` is not a valid address, prefix or range ([\`fw-invalid-address\`](${docs}/rules/fw-invalid-address.md))`,
        '  - Fix: Write an IPv4 or IPv6 address.',
        '  - See firewall/objects.yaml line 3: object defined here',
        `- ⚠️ **warning** [line 14:3](https://git.example.com/repo/blob/abc123/firewall/edge%2C%20%221%22.yaml#L14): ` +
          `value &lt;b&gt;50%&lt;/b&gt; is odd: check it\nsecond line ([\`schema-violation\`](${docs}/output.md#schema-violation))`,
        '',
        '### `lb/web.yaml` (2 findings)',
        '',
        `- ℹ️ **info** [line 1:1](https://git.example.com/repo/blob/abc123/lb/web.yaml#L1): note for @\u200Bteam &amp; friends ([\`syntax-error\`](${docs}/output.md#syntax-error))`,
        `- 💤 **suppressed** [line 4:9](https://git.example.com/repo/blob/abc123/lb/web.yaml#L4): ` +
          `\`10.0.0.1/8\` has host bits set; the prefix means 10.0.0.0/8 ([\`fw-invalid-address\`](${docs}/rules/fw-invalid-address.md))`,
        '  - Suppressed: legacy range, removed in Q1',
        '',
      ].join('\n'),
    );
  });

  it('shows plain line numbers without a source URL', async () => {
    const text = formatMarkdown(await sampleReport());
    expect(text).toContain('- ❌ **error** line 12:7: ');
  });

  it('says so when nothing was found', async () => {
    const text = formatMarkdown(await sampleReport({ findings: [] }));
    expect(text).toContain('No unsuppressed findings.');
    expect(text).not.toContain('###');
  });

  it('folds a file with many findings', async () => {
    const many: Finding[] = Array.from({ length: FOLD_AFTER + 1 }, (_, index) => ({
      ruleId: 'schema-violation',
      severity: 'error',
      message: `problem ${index}`,
      file: 'big.yaml',
      line: index + 1,
      column: 1,
    }));
    const text = formatMarkdown(await sampleReport({ findings: many }));
    expect(text).toContain('<details>\n<summary>big.yaml (11 findings)</summary>');
    expect(text).toContain('</details>');
    expect(text).not.toContain('### ');
  });

  it('cuts a comment that is too long', async () => {
    const many: Finding[] = Array.from({ length: 2000 }, (_, index) => ({
      ruleId: 'schema-violation',
      severity: 'error',
      message: `problem number ${index} with some words to make the line longer`,
      file: 'big.yaml',
      line: index + 1,
      column: 1,
    }));
    const text = formatMarkdown(await sampleReport({ findings: many }));
    expect(text.length).toBeLessThan(MAX_COMMENT_LENGTH + 200);
    expect(text).toContain('_The comment is cut here because it is too long');
    expect(text.split('<details>').length).toBe(text.split('</details>').length);
  });

  it('escapes markup from configuration text', () => {
    expect(escapeMarkdown('<img> *x* [a](b) | @ops')).toBe('&lt;img&gt; \\*x\\* \\[a\\](b) \\| @\u200Bops');
  });
});
