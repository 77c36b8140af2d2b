/**
 * The compiled rule catalog: rule metadata from the manifest that the build writes, with each
 * check imported only for the domains a run checks.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import type { Domain } from '../../src/model.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { buildCli, repoRoot } from '../cli/helpers.js';

interface CompiledRegistry {
  loadRules(): Promise<AnyRule[]>;
  loadRuleCatalog(): Promise<AnyRule[]>;
  loadChecks(rules: Iterable<AnyRule>, domains: ReadonlySet<Domain>): Promise<void>;
}

let registry: CompiledRegistry;

beforeAll(async () => {
  buildCli();
  registry = (await import(pathToFileURL(join(repoRoot, 'dist/src/engine/registry.js')).href)) as CompiledRegistry;
});

/** A rule without its check, as the manifest stores it. */
function metadata(rule: AnyRule): Omit<AnyRule, 'check'> {
  const { check: _check, ...rest } = rule;
  return rest;
}

describe('rule catalog', () => {
  it('lists every rule with the metadata of its module, in id order', async () => {
    const rules = await registry.loadRules();
    const catalog = await registry.loadRuleCatalog();
    expect(catalog.map((rule) => rule.id)).toEqual(rules.map((rule) => rule.id));
    expect(catalog.map(metadata)).toEqual(rules.map(metadata));
    expect(catalog.length).toBeGreaterThan(50);
  });

  it('imports the checks of the requested domains only', async () => {
    const rules = await registry.loadRules();
    const catalog = await registry.loadRuleCatalog();
    const routing = catalog.filter((rule) => rule.domain === 'routing');
    const notLoaded = catalog.find((rule) => rule.domain === 'firewall')!;
    expect(() => notLoaded.check({} as never)).toThrow(`the check of rule ${notLoaded.id} was not loaded`);

    await registry.loadChecks(catalog, new Set<Domain>(['routing']));
    for (const rule of routing) {
      expect(rule.check, rule.id).toBe(rules.find((candidate) => candidate.id === rule.id)!.check);
    }
    expect(() => notLoaded.check({} as never)).toThrow('was not loaded');
  });
});
