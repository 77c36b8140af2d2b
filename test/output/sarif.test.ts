import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

import * as ajvDraft04 from 'ajv-draft-04';
import * as ajvFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';
import { BUILTIN_CHECKS, NATIVE_CHECKS } from '../../src/model.js';
import { packageRoot } from '../../src/paths.js';
import { formatSarif } from '../../src/output/sarif.js';
import { sampleReport } from './fixtures.js';

// The SARIF 2.1.0 schema (rtm.5, JSON Schema draft-04) that the SARIF SDK's jest-sarif package ships.
const require = createRequire(import.meta.url);
const sarifSchema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json') as object;
// Both packages are CommonJS modules whose export arrives as `default` under ESM.
const Ajv04 = ajvDraft04.default as unknown as typeof ajvDraft04.default.default;
type Ajv04 = InstanceType<typeof Ajv04>;
const addFormats = ajvFormats.default as unknown as (ajv: Ajv04) => Ajv04;
// The schema's `language` pattern is not valid with the `u` flag that ajv uses by default.
const ajv = addFormats(new Ajv04({ allErrors: true, strict: false, unicodeRegExp: false }));
const validateSarif = ajv.compile(sarifSchema);

function schemaErrors(log: unknown): string[] {
  return validateSarif(log) ? [] : (validateSarif.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

/* eslint-disable @typescript-eslint/no-explicit-any */
async function sampleLog(): Promise<any> {
  return JSON.parse(formatSarif(await sampleReport()));
}

describe('SARIF output', () => {
  it('validates against the SARIF 2.1.0 schema', async () => {
    expect(schemaErrors(await sampleLog())).toEqual([]);
  });

  it('rejects a broken log in the schema check', async () => {
    const log = await sampleLog();
    log.runs[0].results[0].level = 'fatal';
    expect(schemaErrors(log).length).toBeGreaterThan(0);
  });

  it('describes the tool and every rule', async () => {
    const driver = (await sampleLog()).runs[0].tool.driver;
    expect(driver.name).toBe('driftgate');
    expect(driver.version).toBe('9.8.7');
    expect(driver.informationUri).toBe('https://docs.example.org/driftgate/');
    const ids = driver.rules.map((rule: { id: string }) => rule.id);
    expect(ids).toEqual(['fw-invalid-address', ...Object.values(BUILTIN_CHECKS)]);
    expect(driver.rules[0]).toMatchObject({
      id: 'fw-invalid-address',
      shortDescription: { text: 'Reports addresses that do not parse and prefixes with host bits set' },
      helpUri: 'https://docs.example.org/driftgate/docs/rules/fw-invalid-address.md',
      defaultConfiguration: { level: 'error' },
    });
    const schemaRule = driver.rules.find((rule: { id: string }) => rule.id === 'schema-violation');
    expect(schemaRule.helpUri).toBe('https://docs.example.org/driftgate/docs/output.md#schema-violation');
  });

  it('has a docs section per linked check', () => {
    const page = readFileSync(join(packageRoot, 'docs', 'output.md'), 'utf8');
    const sections = new Set([...page.matchAll(/^### (\S+)$/gm)].map((match) => match[1]));
    for (const id of [...Object.values(BUILTIN_CHECKS), ...Object.values(NATIVE_CHECKS)]) {
      expect(sections.has(id), id).toBe(true);
    }
  });

  it('links native-format checks to their sections', async () => {
    const finding = {
      ruleId: 'not-understood',
      severity: 'warning' as const,
      message: 'host name `db.internal` is resolved by iptables when the rule is loaded',
      file: 'firewall/rules.v4',
      line: 4,
      column: 15,
    };
    const log = JSON.parse(formatSarif(await sampleReport({ findings: [finding] })));
    const rule = log.runs[0].tool.driver.rules.find((candidate: { id: string }) => candidate.id === 'not-understood');
    expect(rule.helpUri).toBe('https://docs.example.org/driftgate/docs/output.md#not-understood');
    expect(rule.shortDescription.text).toBe('Reports valid native-format input that driftgate does not model');
  });

  it('maps a finding to a result', async () => {
    const log = await sampleLog();
    const [first] = log.runs[0].results;
    expect(first.ruleId).toBe('fw-invalid-address');
    expect(log.runs[0].tool.driver.rules[first.ruleIndex].id).toBe('fw-invalid-address');
    expect(first.level).toBe('error');
    expect(first.message.text).toBe('`203.0.113.300` is not a valid address, prefix or range');
    expect(first.message.markdown).toContain('Fix: Write an IPv4 or IPv6 address.');
    expect(first.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'firewall/edge%2C%20%221%22.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 12, startColumn: 7, endLine: 12, endColumn: 20 },
        },
      },
    ]);
    expect(first.relatedLocations).toEqual([
      {
        id: 1,
        physicalLocation: {
          artifactLocation: { uri: 'firewall/objects.yaml', uriBaseId: '%SRCROOT%' },
          region: { startLine: 3, startColumn: 5 },
        },
        message: { text: 'object defined here' },
      },
    ]);
    expect(first.properties).toEqual({ path: 'chains.input.rules[2].source', fix: 'Write an IPv4 or IPv6 address.' });
    expect(first.suppressions).toBeUndefined();
  });

  it('maps severities to levels', async () => {
    const levels = (await sampleLog()).runs[0].results.map((result: { level: string }) => result.level);
    expect(levels).toEqual(['error', 'warning', 'note', 'error']);
  });

  it('records suppressions as accepted', async () => {
    const suppressed = (await sampleLog()).runs[0].results[3];
    expect(suppressed.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'legacy range, removed in Q1', properties: { expires: '2027-03-31' } },
    ]);
  });

  it('keeps fingerprints when lines move', async () => {
    const before = JSON.parse(formatSarif(await sampleReport()));
    const moved = await sampleReport();
    moved.findings.forEach((finding) => (finding.line += 5));
    const after = JSON.parse(formatSarif(moved));
    const prints = (log: any) => log.runs[0].results.map((result: any) => result.partialFingerprints['driftgateFinding/v1']);
    expect(prints(after)).toEqual(prints(before));
    expect(new Set(prints(before)).size).toBe(4);
  });

  it('sets the source root from cwd', async () => {
    const log = await sampleLog();
    expect(log.runs[0].originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///srv/repo/' } });
  });

  it('validates a real run of the broken samples', async () => {
    const cwd = resolve(import.meta.dirname, '../../samples/broken');
    const result = await validatePaths(['.'], { cwd });
    const report = await sampleReport({ findings: result.findings, files: result.files, rules: result.rules, cwd });
    const log = JSON.parse(formatSarif(report));
    expect(log.runs[0].results.length).toBe(result.findings.length);
    expect(log.runs[0].results.length).toBeGreaterThan(0);
    expect(schemaErrors(log)).toEqual([]);
  });
});
