/** Loading the rules in rules/, one per file, named by id. */
import { readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { AnyRule } from './rule.js';
import { compareCodeUnits } from '../util/text.js';

const domainPrefixes: Record<string, string> = { firewall: 'fw-', loadbalancer: 'lb-', routing: 'route-', dns: 'dns-' };

/**
 * Folder of the rules: rules/ beside src/ when running from TypeScript sources,
 * dist/rules/ when running compiled code.
 */
export const rulesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

let loaded: Promise<AnyRule[]> | undefined;

/** Loads every rule, sorted by id, checking that file name, id and domain prefix agree. */
export function loadRules(): Promise<AnyRule[]> {
  loaded ??= importRules();
  return loaded;
}

async function importRules(): Promise<AnyRule[]> {
  const files = readdirSync(rulesDir).filter((name) => /^[a-z0-9-]+\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'));
  const rules = await Promise.all(
    files.map(async (name) => {
      const module = (await import(pathToFileURL(join(rulesDir, name)).href)) as { default?: AnyRule };
      const rule = module.default;
      const id = basename(name).replace(/\.(js|ts)$/, '');
      if (!rule || rule.id !== id) {
        throw new Error(`rules/${name} must export a rule whose id is "${id}" as its default export`);
      }
      if (!id.startsWith(domainPrefixes[rule.domain] ?? '?')) {
        throw new Error(`rule ${id} must start with "${domainPrefixes[rule.domain]}" for domain ${rule.domain}`);
      }
      return rule;
    }),
  );
  return rules.sort((left, right) => compareCodeUnits(left.id, right.id));
}
