/** Loading the rules in rules/, one per file, named by id. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import type { Domain } from '../model.js';
import type { AnyRule } from './rule.js';
import { compareCodeUnits } from '../util/text.js';

const domainPrefixes: Record<string, string> = { firewall: 'fw-', loadbalancer: 'lb-', routing: 'route-', dns: 'dns-' };

/**
 * Folder of the rules: rules/ beside src/ when running from TypeScript sources,
 * dist/rules/ when running compiled code.
 */
export const rulesDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'rules');

/**
 * File in the compiled rules folder that lists every rule's metadata, which
 * scripts/write-rule-manifest.mjs writes at build time.
 */
export const manifestFile = 'manifest.json';

let loaded: Promise<AnyRule[]> | undefined;
let catalog: Promise<AnyRule[]> | undefined;

/** Loads every rule, sorted by id, checking that file name, id and domain prefix agree. */
export function loadRules(): Promise<AnyRule[]> {
  loaded ??= importRules();
  return loaded;
}

/**
 * Returns every rule, sorted by id, with its metadata from the build's manifest and without
 * importing the rule modules. A rule's `check` is usable only after {@link loadChecks}. Without
 * a manifest that lists the rules of the folder, as when running the TypeScript sources, this
 * is {@link loadRules}.
 */
export function loadRuleCatalog(): Promise<AnyRule[]> {
  catalog ??= readCatalog();
  return catalog;
}

/** Imports the checks of the rules of `domains` among `rules`, which come from {@link loadRuleCatalog}. */
export async function loadChecks(rules: Iterable<AnyRule>, domains: ReadonlySet<Domain>): Promise<void> {
  const pending: Promise<void>[] = [];
  for (const rule of rules) {
    if (domains.has(rule.domain) && unloaded.has(rule)) {
      unloaded.delete(rule);
      pending.push(importCheck(rule));
    }
  }
  await Promise.all(pending);
}

/** Catalog rules whose check is not imported yet. */
const unloaded = new WeakSet<AnyRule>();

async function importCheck(rule: AnyRule): Promise<void> {
  const module = (await import(pathToFileURL(join(rulesDir, `${rule.id}.js`)).href)) as { default?: AnyRule };
  if (module.default?.id !== rule.id) {
    throw new Error(`rules/${rule.id}.js does not export rule ${rule.id}; run npm run build`);
  }
  rule.check = module.default.check;
}

function ruleFiles(): string[] {
  return readdirSync(rulesDir).filter((name) => /^[a-z0-9-]+\.(js|ts)$/.test(name) && !name.endsWith('.d.ts'));
}

async function readCatalog(): Promise<AnyRule[]> {
  const path = join(rulesDir, manifestFile);
  if (!existsSync(path)) return loadRules();
  const entries = JSON.parse(readFileSync(path, 'utf8')) as Omit<AnyRule, 'check'>[];
  // A manifest that does not list exactly the compiled rules is stale, and is not used.
  const ids = ruleFiles().map((name) => name.replace(/\.(js|ts)$/, '')).sort(compareCodeUnits);
  if (ids.join('\n') !== entries.map((entry) => entry.id).join('\n')) return loadRules();
  return entries.map((entry) => {
    const rule: AnyRule = {
      ...entry,
      check() {
        throw new Error(`the check of rule ${entry.id} was not loaded; call loadChecks for its domain first`);
      },
    };
    unloaded.add(rule);
    return rule;
  });
}

async function importRules(): Promise<AnyRule[]> {
  const rules = await Promise.all(
    ruleFiles().map(async (name) => {
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
