import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { validatePaths, validateSources } from '../../src/engine/run.js';
import { compareCodeUnits } from '../../src/util/text.js';

describe('compareCodeUnits', () => {
  it('puts upper case before lower case', () => {
    // localeCompare in most locales returns ['a', 'B', 'b', 'Z'] here.
    expect(['b', 'Z', 'a', 'B'].sort(compareCodeUnits)).toEqual(['B', 'Z', 'a', 'b']);
  });

  it('orders punctuation by code unit', () => {
    expect(['fw_a', 'fw-b', 'fw.c', 'fwA'].sort(compareCodeUnits)).toEqual(['fw-b', 'fw.c', 'fwA', 'fw_a']);
  });

  it('returns 0 for equal strings', () => {
    expect(compareCodeUnits('x', 'x')).toBe(0);
  });
});

describe('finding order', () => {
  const root = mkdtempSync(join(tmpdir(), 'driftgate-order-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('sorts files by code unit', async () => {
    mkdirSync(join(root, 'sites'));
    for (const name of ['b.yaml', 'Z.yaml', 'a.yaml', '_x.yaml']) {
      writeFileSync(join(root, 'sites', name), 'kind: firewall\nname: fw1\nchains: *missing\n');
    }
    const result = await validatePaths(['sites'], { cwd: root });
    expect(result.files).toEqual(['sites/Z.yaml', 'sites/_x.yaml', 'sites/a.yaml', 'sites/b.yaml']);
    expect(result.findings.map((finding) => finding.file)).toEqual(result.files);
  });

  it('sorts findings of given sources', () => {
    const config: ResolvedConfig = { root: '/virtual', data: { kind: 'config' }, rules: new Map(), acceptances: [] };
    const sources = ['B.json', 'a.json'].map((file) => ({ file, absolutePath: `/virtual/${file}`, text: '{', explicit: true }));
    const result = validateSources(sources, config, { cwd: '/virtual' });
    expect(result.findings.map((finding) => finding.file)).toEqual(['B.json', 'a.json']);
  });
});
