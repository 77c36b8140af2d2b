/**
 * Every rule of the gate on the native formats. Each fixture under test/fixtures/native-rules
 * (zone files, iptables-save, nft list ruleset, haproxy.cfg, netplan) marks where findings must
 * be reported. Each
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

/** Findings of one fixture as `line rule-id` mapped to their fix, for fixtures checked on their own. */
async function fixesOf(name: string): Promise<Map<string, string>> {
  const result = await validatePaths([name], { cwd: fixtures });
  return new Map(result.findings.map((finding) => [`${finding.line} ${finding.ruleId}`, finding.fix ?? '']));
}

/**
 * Canonical YAML spellings that a fix on a native file must not use, such as camelCase keys
 * (`inInterface`, `onLink: true`), key paths (`timeouts.client`) and flow mappings.
 */
const CANONICAL_SPELLINGS = [/`[a-z]+[A-Z][A-Za-z]*[`:]/, /`[a-z]+\.[a-z]+`/, /`\{/];
/** YAML `key: value` spellings, which netplan uses too, so only other formats reject them. */
const YAML_PAIR = /`[\w-]+: [^`]*`/;

describe('fix hints on native formats', () => {
  it.each([
    ['rules.v4', '7 fw-no-established-accept', 'Add `-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT` above the other `-A FORWARD` lines.'],
    ['rules.v4', '12 fw-shadowed-rule', 'Move line 12 above line 10 if its verdict should win, or delete it if the earlier verdict is intended.'],
    ['rules.v4', '5 fw-input-policy-accept', 'Change the chain line to `:INPUT DROP [0:0]` (`-P INPUT DROP` in `iptables -S` output) and add an `-A INPUT ... -j ACCEPT` rule for each service the host offers.'],
    ['rules-forward.v4', '12 fw-shadowed-rule', 'Move line 12 above line 10, or delete it.'],
    ['haproxy.cfg', '37 lb-server-without-health-check', 'Add `check` to the `server web3` line of the `backend web` section.'],
    ['haproxy-dynamic.cfg', '10 lb-missing-timeouts', 'Add `timeout connect 5s` and `timeout server 30s` to the `backend www` section or to the `defaults` section it inherits.'],
    ['ruleset.nft', '11 fw-input-policy-accept', 'Change `policy accept;` to `policy drop;` in chain `inet/filter/input`, and add an `... accept` rule for each service the host offers.'],
    ['ruleset.nft', '21 fw-shadowed-rule', 'Move line 21 above line 19, or delete it.'],
    ['01-netcfg.yaml', '10 route-next-hop-off-link', 'Use a gateway inside a subnet of interface eth0, or set `on-link: true` on the route if the gateway is reachable on that link.'],
  ])('%s line %s', async (name, finding, fix) => {
    expect((await fixesOf(name)).get(finding)).toBe(fix);
  });

  it.each(files.filter((name) => !name.startsWith('db.')))('%s has no YAML spellings in fixes', async (name) => {
    for (const [finding, fix] of await fixesOf(name)) {
      for (const spelling of CANONICAL_SPELLINGS) {
        expect(fix, finding).not.toMatch(spelling);
      }
      if (!name.endsWith('.yaml')) {
        expect(fix, finding).not.toMatch(YAML_PAIR);
      }
    }
  });

  it('keeps the YAML fix on canonical files', async () => {
    const result = await validatePaths(['loadbalancer/haproxy-edge.yaml'], { cwd: join(packageRoot, 'samples', 'broken') });
    const fixes = new Map(result.findings.map((finding) => [finding.ruleId, finding.fix]));
    expect(fixes.get('lb-server-without-health-check')).toBe('Set `check: true` on server `web3`.');
  });
});

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
