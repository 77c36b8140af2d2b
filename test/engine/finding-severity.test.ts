import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import type { ResolvedConfig } from '../../src/engine/config.js';
import { loadConfig } from '../../src/engine/config.js';
import { loadRules } from '../../src/engine/registry.js';
import { defineRule } from '../../src/engine/rule.js';
import type { AnyRule } from '../../src/engine/rule.js';
import { validateSources } from '../../src/engine/run.js';
import type { Severity } from '../../src/model.js';

/** A warning rule that reports one finding per severity, to test how the engine caps them. */
const probe = defineRule({
  id: 'route-severity-probe',
  domain: 'routing',
  description: 'Reports one finding at each severity',
  severity: 'warning',
  profile: 'recommended',
  messages: { probe: { message: 'probe {{severity}}', fix: 'None.' } },
  check({ report }) {
    for (const severity of ['error', 'warning', 'info', undefined] as const) {
      report({ messageId: 'probe', path: ['host'], data: { severity: severity ?? 'default' }, severity });
    }
  },
});

function run(rule: AnyRule, text: string, file: string, severity: Severity, configured: boolean) {
  const config: ResolvedConfig = {
    root: '/virtual',
    data: { kind: 'config' },
    rules: new Map([[rule.id, { rule, severity, options: rule.options?.defaults ?? {}, configured }]]),
    acceptances: [],
  };
  return validateSources([{ file, absolutePath: `/virtual/${file}`, text, explicit: true }], config, { cwd: '/virtual' }).findings;
}

const routing = 'kind: routing\nhost: r1\n';

describe('per-finding severity', () => {
  it('lowers the rule default', () => {
    const findings = run(probe, routing, 'r.yaml', 'warning', false);
    expect(findings.map((finding) => [finding.message, finding.severity])).toEqual([
      ['probe error', 'warning'],
      ['probe warning', 'warning'],
      ['probe info', 'info'],
      ['probe default', 'warning'],
    ]);
  });

  it('yields to a configured severity', () => {
    const findings = run(probe, routing, 'r.yaml', 'error', true);
    expect(findings.map((finding) => finding.severity)).toEqual(['error', 'error', 'error', 'error']);
  });

  it('marks only driftgate.yaml severities as configured', async () => {
    const rules = await loadRules();
    const config = loadConfig(undefined, '/virtual', '/virtual', rules);
    expect(config.rules.get('dns-target-is-cname')?.configured).toBe(false);

    const root = mkdtempSync(join(tmpdir(), 'driftgate-severity-'));
    try {
      const path = join(root, 'driftgate.yaml');
      writeFileSync(path, 'kind: config\nrules:\n  dns-target-is-cname: error\n');
      const written = loadConfig(path, root, root, rules);
      expect(written.rules.get('dns-target-is-cname')?.configured).toBe(true);
      expect(written.rules.get('dns-cname-loop')?.configured).toBe(false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('dns-target-is-cname severity', () => {
  const zone = [
    '$ORIGIN example.',
    '@ 3600 IN SOA ns hostmaster 1 3600 1200 604800 3600',
    '@ 3600 IN NS ns',
    '@ 3600 IN MX 10 mail',
    'ns 3600 IN CNAME host',
    'mail 3600 IN CNAME host',
    'host 3600 IN A 192.0.2.1',
    '',
  ].join('\n');

  it('is error for NS and warning for MX', async () => {
    const rule = (await loadRules()).find((candidate) => candidate.id === 'dns-target-is-cname') as AnyRule;
    const findings = run(rule, zone, 'db.example', 'error', false);
    expect(findings.map((finding) => [finding.line, finding.severity])).toEqual([
      [3, 'error'],
      [4, 'warning'],
    ]);
  });

  it('is error for all with a configured error', async () => {
    const rule = (await loadRules()).find((candidate) => candidate.id === 'dns-target-is-cname') as AnyRule;
    const findings = run(rule, zone, 'db.example', 'error', true);
    expect(findings.map((finding) => finding.severity)).toEqual(['error', 'error']);
  });
});
