/**
 * Every rule of the gate on the native formats. Each fixture under test/fixtures/native-rules
 * (zone files, iptables-save, haproxy.cfg, netplan) marks where findings must be reported. Each
 * rule fires in some fixture, unless it is listed below with the reason it cannot.
 * A marker is a comment `expect: rule-id[, rule-id]` at the end of the line, or a comment line
 * `expect-next: rule-id[, rule-id]` for the next line, for formats without trailing comments.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { loadRules } from '../../src/engine/registry.js';
import { validatePaths } from '../../src/engine/run.js';
import { packageRoot } from '../../src/paths.js';

const fixtures = join(packageRoot, 'test', 'fixtures', 'native-rules');
const files = readdirSync(fixtures).filter((name) => name !== 'driftgate.yaml');
const rules = await loadRules();

/** Rules no native fixture can trigger, and why. */
const NOT_NATIVE: Record<string, string> = {
  'dns-mass-deletion': 'compares with a base revision (check --base)',
  'dns-soa-serial-not-increased': 'compares with a base revision (check --base)',
  'fw-newly-exposed-service': 'compares with a base revision (check --base)',
  'lb-capacity-drop': 'compares with a base revision (check --base)',
  'fw-unused-object': 'iptables-save and nftables have no named address or service objects',
  'fw-management-lockout': 'management networks are declared in canonical YAML only',
  'fw-invalid-address': 'iptables masks host bits itself, and the parser reports addresses that do not parse',
  'fw-invalid-port': 'the parser reports ports that do not parse or lie out of range',
  'fw-too-many-ports': 'iptables-save cannot hold more than 15 multiport slots; the rule guards canonical rules',
  'route-undefined-interface': 'netplan declares every route under its interface',
};

/** Reads the markers of one fixture as `line:rule-id` strings. */
function markers(name: string): string[] {
  const found: string[] = [];
  const lines = readFileSync(join(fixtures, name), 'utf8').split('\n');
  lines.forEach((text, index) => {
    const next = /^\s*[#;]\s*expect-next:\s*([a-z0-9, -]+)$/.exec(text);
    const trailing = next ? undefined : /[#;]\s*expect:\s*([a-z0-9, -]+)$/.exec(text);
    const ids = (next ?? trailing)?.[1]?.split(',').map((id) => id.trim()).filter(Boolean) ?? [];
    for (const id of ids) found.push(`${next ? index + 2 : index + 1}:${id}`);
  });
  return found.sort();
}

/** Validates one fixture on its own, as load-balancer rules combine files of one run. */
async function reported(name: string): Promise<string[]> {
  const result = await validatePaths([name], { cwd: fixtures });
  return result.findings.map((finding) => `${finding.line}:${finding.ruleId}`).sort();
}

describe('rules on native formats', () => {
  it.each(files)('%s reports exactly its marked findings', async (name) => {
    expect(await reported(name)).toEqual(markers(name));
  });

  it('each rule fires on some native fixture or says why it cannot', () => {
    const fired = new Set(files.flatMap((name) => markers(name).map((marker) => marker.split(':')[1]!)));
    const missing = rules.map((rule) => rule.id).filter((id) => !fired.has(id) && NOT_NATIVE[id] === undefined);
    expect(missing).toEqual([]);
    const needless = Object.keys(NOT_NATIVE).filter((id) => fired.has(id));
    expect(needless).toEqual([]);
  });
});
