import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { ConfigError } from '../../src/engine/config.js';
import { validatePaths } from '../../src/engine/run.js';

const firewall = `kind: firewall
chains:
  input:
    hook: input
    rules:
      - { id: legacy, action: accept, source: 198.51.100.300 }
      - { id: partner, action: accept, source: 203.0.113.999 }
`;

describe('suppressions and waivers', () => {
  let root: string;
  const write = (path: string, text: string): void => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  // Other rules also fire on this deliberately loose firewall; these tests judge only the ones below.
  const judged = new Set(['fw-invalid-address', 'suppression-expired', 'waiver-expired']);
  const run = async () => {
    const result = await validatePaths(['.'], { cwd: root, today: '2026-12-04' });
    return { ...result, findings: result.findings.filter((finding) => judged.has(finding.ruleId)) };
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'driftgate-suppress-'));
    write('firewall/edge.yaml', firewall);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('suppresses by rule, file and target with its reason', async () => {
    write('driftgate.yaml', `kind: config
suppressions:
  - { rule: fw-invalid-address, files: ["firewall/*.yaml"], target: "198.51.100.300", reason: "decommissioned in Q1" }
`);
    const { findings } = await run();
    expect(findings.map((finding) => [finding.line, finding.suppressed?.kind ?? 'open'])).toEqual([
      [6, 'suppression'],
      [7, 'open'],
    ]);
    expect(findings[0]!.suppressed?.reason).toBe('decommissioned in Q1');
  });

  it('turns an expired suppression into a finding and reports what it hid', async () => {
    write('driftgate.yaml', `kind: config
suppressions:
  - rule: fw-invalid-address
    reason: "until the partner moves"
    expires: 2026-11-30
`);
    const { findings } = await run();
    expect(findings.map((finding) => [finding.file, finding.line, finding.ruleId, Boolean(finding.suppressed)])).toEqual([
      ['driftgate.yaml', 5, 'suppression-expired', false],
      ['firewall/edge.yaml', 6, 'fw-invalid-address', false],
      ['firewall/edge.yaml', 7, 'fw-invalid-address', false],
    ]);
  });

  it('rejects a suppression without a reason', async () => {
    write('driftgate.yaml', 'kind: config\nsuppressions:\n  - { rule: fw-invalid-address }\n');
    await expect(run()).rejects.toThrow(ConfigError);
    await expect(run()).rejects.toThrow(/driftgate.yaml:3:5: .*missing the required key `reason`/);
  });

  it('reads waivers with an owner from driftgate.waivers.yaml', async () => {
    write('driftgate.yaml', 'kind: config\n');
    write('driftgate.waivers.yaml', `kind: waivers
waivers:
  - { rule: fw-invalid-address, target: "203.0.113.999", reason: "partner fixes it in January", owner: netops, expires: 2027-01-31 }
`);
    const { findings } = await run();
    expect(findings.map((finding) => [finding.line, finding.suppressed?.kind ?? 'open', finding.suppressed?.owner])).toEqual([
      [6, 'open', undefined],
      [7, 'waiver', 'netops'],
    ]);
  });

  it('names an expired waiver and fails its finding again', async () => {
    write('driftgate.yaml', `kind: config
waivers:
  - { rule: fw-invalid-address, target: "203.0.113.999", reason: "partner fixes it", owner: netops, expires: 2026-12-01 }
`);
    const { findings } = await run();
    const expired = findings.find((finding) => finding.ruleId === 'waiver-expired');
    expect(expired?.message).toContain('waiver of fw-invalid-address for "203.0.113.999" expired on 2026-12-01');
    expect(expired?.message).toContain('owner netops');
    expect(findings.filter((finding) => finding.ruleId === 'fw-invalid-address' && !finding.suppressed)).toHaveLength(2);
  });

  it('requires an owner on a waiver', async () => {
    write('driftgate.yaml', 'kind: config\n');
    write('driftgate.waivers.yaml', 'kind: waivers\nwaivers:\n  - { rule: fw-invalid-address, reason: "known" }\n');
    await expect(run()).rejects.toThrow(/driftgate.waivers.yaml:3:5: .*`owner`/);
  });
});
