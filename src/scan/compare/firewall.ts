/**
 * Firewall comparison by normalised iptables-save text.
 *
 * NOTE: this is a stand-in. It compares rule lines of iptables-save text, so two rule sets that
 * match the same packets but are written differently are reported as drift, and nft rulesets and
 * routes are collected but not compared. The semantic firewall engine and the native-format
 * parsers replace this module when they merge; `compareFirewall` is the seam they plug into.
 */
import { sectionProblem } from '../collect.js';
import type { CollectionOutput } from '../collect.js';
import type { DriftFinding } from '../findings.js';
import type { ResolvedHost } from '../inventory.js';
import type { RepoReader } from './host.js';

/** Returns rule lines by table, without comments, counters and the chain policy counters. */
export function normalizeIptablesSave(text: string): Map<string, string[]> {
  const tables = new Map<string, string[]>();
  let table = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line === 'COMMIT') continue;
    if (line.startsWith('*')) {
      table = line.slice(1);
      tables.set(table, tables.get(table) ?? []);
      continue;
    }
    // `[packets:bytes]` counters change all the time and carry no configuration.
    const cleaned = line.replace(/^\[\d+:\d+\]\s*/, '').replace(/\s+\[\d+:\d+\]$/, '').replace(/\s+/g, ' ');
    tables.get(table)?.push(cleaned);
  }
  // A table with only built-in chains at ACCEPT and no rules is what an empty kernel table prints.
  for (const [name, lines] of tables) {
    if (lines.every((line) => /^:\S+ ACCEPT$/.test(line))) tables.delete(name);
  }
  return tables;
}

/** Compares the live IPv4 iptables rules with the host's iptables-save documents. */
export function compareFirewall(host: ResolvedHost, collected: CollectionOutput, readRepo: RepoReader): DriftFinding[] {
  if (host.firewall.length === 0) return [];
  const findings: DriftFinding[] = [];
  const section = collected.fixed.get('iptables');
  const problem = sectionProblem(section);
  if (problem !== undefined || !section) {
    return [{ host: host.name, kind: 'collector-error', object: 'iptables-save', expected: 'firewall rules', actual: problem ?? '', severity: 'error', fix: 'Install iptables on the host or configure sudo for the scan user.' }];
  }
  const texts: string[] = [];
  for (const path of host.firewall) {
    const text = readRepo(path)?.toString('utf8');
    if (text === undefined || !/^\*\w+\s*$/m.test(text)) {
      const actual = text === undefined ? 'not found in the repository' : 'not in iptables-save format';
      const fix = 'List iptables-save files under `firewall`; other formats are compared once the firewall engine merges.';
      findings.push({ host: host.name, kind: 'desired-state-error', object: path, expected: 'an iptables-save file', actual, severity: 'error', fix });
      continue;
    }
    texts.push(text);
  }
  if (findings.length > 0) return findings;
  const desired = normalizeIptablesSave(texts.join('\n'));
  const actual = normalizeIptablesSave(section.output.toString('utf8'));
  for (const table of new Set([...desired.keys(), ...actual.keys()])) {
    const want = desired.get(table) ?? [];
    const have = actual.get(table) ?? [];
    for (const line of have.filter((candidate) => !want.includes(candidate))) {
      findings.push({ host: host.name, kind: 'firewall-rule', object: `${table}: ${line}`, expected: 'absent', actual: 'present', severity: 'error', fix: `Remove the rule, or add it to ${host.firewall.join(', ')} if it is intended.` });
    }
    for (const line of want.filter((candidate) => !have.includes(candidate))) {
      findings.push({ host: host.name, kind: 'firewall-rule', object: `${table}: ${line}`, expected: 'present', actual: 'absent', severity: 'error', fix: 'Apply the firewall rules from the repository.' });
    }
    const sameSet = want.length === have.length && want.every((line) => have.includes(line));
    if (sameSet && want.join('\n') !== have.join('\n')) {
      findings.push({ host: host.name, kind: 'firewall-order', object: table, expected: 'rule order from the repository', actual: 'same rules in another order', severity: 'error', fix: 'Apply the firewall rules from the repository; order decides which rule matches first.' });
    }
  }
  return findings;
}
