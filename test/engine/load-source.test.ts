import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { validatePaths, validateSources } from '../../src/engine/run.js';

const config: ResolvedConfig = { root: '/virtual', data: { kind: 'config' }, rules: new Map(), acceptances: [] };

function validateText(file: string, text: string) {
  return validateSources([{ file, absolutePath: `/virtual/${file}`, text, explicit: true }], config, { cwd: '/virtual' });
}

describe('byte order mark', () => {
  it('is ignored in JSON', () => {
    const result = validateText('fw.json', '\uFEFF{"kind": "firewall", "name": "fw1", "chains": {}}\n');
    expect(result.findings).toEqual([]);
    expect(result.documents.map((document) => document.kind)).toEqual(['firewall']);
  });

  it('is ignored in YAML', () => {
    const result = validateText('fw.yaml', '\uFEFFkind: firewall\nname: fw1\nchains: {}\n');
    expect(result.findings).toEqual([]);
    expect(result.documents.map((document) => document.kind)).toEqual(['firewall']);
  });

  it('keeps first-line columns', () => {
    const text = '{"kind": "firewall", "chains": {}, "nmae": "fw1"}\n';
    const result = validateText('fw.json', `\uFEFF${text}`);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ ruleId: 'schema-violation', line: 1, column: text.indexOf('"nmae"') + 1 });
  });
});

describe('empty files', () => {
  it('names an empty file as empty', () => {
    const result = validateText('rules.v4', '\n');
    expect(result.findings.map((finding) => [finding.ruleId, finding.message])).toEqual([['unreadable-file', 'file is empty, so there is nothing to check']]);
  });
});

describe('validatePaths with loadOnly', () => {
  const folder = mkdtempSync(join(tmpdir(), 'driftgate-load-only-'));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  // A rule finding (a source that is no address) and a schema violation (an unknown key).
  writeFileSync(join(folder, 'edge.yaml'), 'kind: firewall\nchains:\n  input:\n    hook: input\n    policy: drop\n    rules:\n      - { action: accept, source: 198.51.100.300 }\n');
  writeFileSync(join(folder, 'broken.yaml'), 'kind: firewall\nchains: {}\nnmae: fw1\n');

  it('runs rules without it', async () => {
    const result = await validatePaths(['edge.yaml'], { cwd: folder });
    expect(result.findings.map((finding) => finding.ruleId)).toContain('fw-invalid-address');
  });

  it('gives documents and loading findings only', async () => {
    const result = await validatePaths(['edge.yaml', 'broken.yaml'], { cwd: folder, loadOnly: true });
    expect(result.documents.map((document) => document.file)).toEqual(['edge.yaml']);
    expect(result.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['broken.yaml', 'schema-violation']]);
  });
});
