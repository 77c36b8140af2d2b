// Writes dist/rules/manifest.json: every rule's metadata (all but its check), in id order. Runs
// after tsc, from `npm run build`. A run of `driftgate validate` resolves driftgate.yaml against
// this manifest and imports the check of a rule only when a document of its domain is checked,
// so a zone-only run does not load the firewall, load-balancer and routing rules.
import { writeFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { join } from 'node:path';

import { loadRules, manifestFile, rulesDir } from '../dist/src/engine/registry.js';

const rules = await loadRules();
const manifest = rules.map((rule) => {
  const { check, ...metadata } = rule;
  if (typeof check !== 'function') throw new Error(`rule ${rule.id} has no check function`);
  // The manifest is plain JSON, so metadata that JSON cannot represent would differ when read back.
  if (!isDeepStrictEqual(JSON.parse(JSON.stringify(metadata)), metadata)) {
    throw new Error(`rule ${rule.id} has metadata that is not plain JSON`);
  }
  return metadata;
});
writeFileSync(join(rulesDir, manifestFile), `${JSON.stringify(manifest)}\n`);
