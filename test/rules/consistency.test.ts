/**
 * Gates that keep rules, docs, tests and samples together: every rule has a docs page, a test
 * file, and a marked line in samples/broken/ where `driftgate validate` reports it.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadRules, rulesDir } from '../../src/engine/registry.js';
import { validatePaths } from '../../src/engine/run.js';
import { packageRoot } from '../../src/paths.js';

const rules = await loadRules();
const brokenDir = join(packageRoot, 'samples', 'broken');

/** Reads `expect: rule-id[, rule-id]` markers from comments (`#`, `;` or `//`) in samples/broken. */
function expectationMarkers(): { file: string; line: number; ruleId: string }[] {
  const markers: { file: string; line: number; ruleId: string }[] = [];
  const walk = (folder: string): void => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) {
        walk(path);
        continue;
      }
      readFileSync(path, 'utf8')
        .split('\n')
        .forEach((text, index) => {
          const match = /(?:#|;|\/\/)\s*expect:\s*([a-z0-9, -]+)$/.exec(text);
          for (const ruleId of match?.[1]?.split(',').map((id) => id.trim()).filter(Boolean) ?? []) {
            markers.push({ file: relative(packageRoot, path), line: index + 1, ruleId });
          }
        });
    }
  };
  walk(brokenDir);
  return markers;
}

describe('rule registry', () => {
  it('loads rules for every domain', () => {
    const domains = new Set(rules.map((rule) => rule.domain));
    expect([...domains].sort()).toEqual(['dns', 'firewall', 'loadbalancer', 'routing']);
  });

  it.each(rules.map((rule) => [rule.id, rule] as const))('%s has complete metadata', (_id, rule) => {
    expect(rule.description).toMatch(/^Reports /);
    expect(rule.description.length).toBeLessThanOrEqual(100);
    expect(['error', 'warning', 'info']).toContain(rule.severity);
    expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
    expect(existsSync(join(rulesDir, `${rule.id}.ts`)) || existsSync(join(rulesDir, `${rule.id}.js`))).toBe(true);
  });

  it.each(rules.map((rule) => [rule.id] as const))('%s has a docs page with every section', (id) => {
    const page = join(packageRoot, 'docs', 'rules', `${id}.md`);
    expect(existsSync(page), `missing docs/rules/${id}.md`).toBe(true);
    const text = readFileSync(page, 'utf8');
    expect(text).toContain(`# ${id}`);
    for (const heading of ['## What it catches', '## Why it breaks service', '## Bad', '## Good', '## Options']) {
      expect(text, `docs/rules/${id}.md lacks "${heading}"`).toContain(heading);
    }
  });

  it.each(rules.map((rule) => [rule.id] as const))('%s has a test file', (id) => {
    expect(existsSync(join(packageRoot, 'test', 'rules', `${id}.test.ts`)), `missing test/rules/${id}.test.ts`).toBe(true);
  });
});

describe('samples', () => {
  it('samples/repo validates clean', async () => {
    const result = await validatePaths(['samples/repo'], { cwd: packageRoot });
    expect(result.findings.filter((finding) => !finding.suppressed).map((finding) => `${finding.file}:${finding.line} ${finding.ruleId} ${finding.message}`)).toEqual([]);
    expect(result.documents.length).toBeGreaterThan(0);
  });

  it('samples/broken reports every marked finding at its line', async () => {
    const result = await validatePaths(['samples/broken'], { cwd: packageRoot });
    const reported = new Set(result.findings.map((finding) => `${finding.file}:${finding.line}:${finding.ruleId}`));
    const missing = expectationMarkers()
      .map((marker) => `${marker.file}:${marker.line}:${marker.ruleId}`)
      .filter((key) => !reported.has(key));
    expect(missing).toEqual([]);
  });

  it('samples/broken reports nothing that is not marked', async () => {
    const result = await validatePaths(['samples/broken'], { cwd: packageRoot });
    const marked = new Set(expectationMarkers().map((marker) => `${marker.file}:${marker.line}:${marker.ruleId}`));
    const unmarked = result.findings
      .map((finding) => `${finding.file}:${finding.line}:${finding.ruleId}`)
      .filter((key) => !marked.has(key));
    expect(unmarked).toEqual([]);
  });

  // Rules that judge a change need a base revision, which a plain validate run does not have;
  // their own tests and the check tests cover them.
  it('samples/broken has a marker for every rule that runs without a base revision', () => {
    const markedRules = new Set(expectationMarkers().map((marker) => marker.ruleId));
    const unmarked = rules.filter((rule) => !rule.requiresBase && !markedRules.has(rule.id)).map((rule) => rule.id);
    expect(unmarked).toEqual([]);
  });
});
