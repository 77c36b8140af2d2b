/** Runs zone files through the whole validation pipeline, as the CLI does. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

import type { Finding, LoadedDocument } from '../../src/model.js';
import { loadConfig } from '../../src/engine/config.js';
import { loadRules } from '../../src/engine/registry.js';
import { validateSources } from '../../src/engine/run.js';

/** Findings and documents of one zone file validated with `root` as the repository root. */
export interface ZoneRun {
  findings: Finding[];
  documents: LoadedDocument[];
  rejected: boolean;
}

/** Validates one zone file with the given origin. `rejected` is true when any error is found. */
export async function validateZone(
  root: string,
  absolutePath: string,
  origin?: string,
): Promise<ZoneRun> {
  const rules = await loadRules();
  const config = loadConfig(undefined, root, root, rules);
  const file = relative(root, absolutePath);
  const text = readFileSync(absolutePath, 'utf8');
  const result = validateSources([{ file, absolutePath, text, explicit: true }], config, {
    cwd: root,
    origin,
  });
  return {
    findings: result.findings,
    documents: result.documents,
    rejected: result.findings.some((finding) => finding.severity === 'error'),
  };
}
