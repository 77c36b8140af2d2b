import { describe, expect, it } from 'vitest';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { validateSources } from '../../src/engine/run.js';

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
