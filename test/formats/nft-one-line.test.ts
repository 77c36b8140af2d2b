/**
 * nft text with blocks and statements on one line, such as `chain input { type filter hook input
 * priority 0; policy drop; }`, which nft reads like the multi-line form.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { nftTextFormat } from '../../src/formats/nft-text.js';
import { packageRoot } from '../../src/paths.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';
import { describeFindings, parseText } from '../helpers/formats.js';

const fixtureDir = join(packageRoot, 'test', 'fixtures', 'nft');
const oneLineText = readFileSync(join(fixtureDir, 'one-line-blocks.nft'), 'utf8');
const oneLine = parseText(nftTextFormat, oneLineText, 'one-line-blocks.nft');
const expanded = parseText(nftTextFormat, readFileSync(join(fixtureDir, 'one-line-blocks-expanded.nft'), 'utf8'), 'one-line-blocks-expanded.nft');
const lines = oneLineText.split('\n');

/** Returns the text of the fixture at a located range. */
function located(path: (string | number)[]): { line: number | undefined; text: string | undefined } {
  const range = oneLine.documents[0]?.locator.locate(path);
  if (!range) return { line: undefined, text: undefined };
  return { line: range.line, text: lines[range.line - 1]!.slice(range.column - 1, range.endColumn - 1) };
}

describe('nft text with one-line blocks', () => {
  it('reads without errors', () => {
    expect(describeFindings(oneLine).filter((finding) => !finding.includes(' warning '))).toEqual([]);
    expect(oneLine.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(oneLine.documents).toHaveLength(1);
  });

  it('equals its multi-line twin', () => {
    expect(expanded.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(oneLine.documents[0]?.data).toEqual(expanded.documents[0]?.data);
  });

  it('reads every chain and rule', () => {
    const data = oneLine.documents[0]?.data as FirewallPolicy;
    expect(data.chains['inet/filter/input']).toMatchObject({ hook: 'input', policy: 'drop' });
    expect(data.chains['inet/filter/input']?.rules).toEqual([{ action: 'accept', state: ['established', 'related'] }]);
    expect(data.chains['inet/filter/output']?.rules).toEqual([{ action: 'accept', protocol: 'tcp', ports: 22 }]);
    expect(data.chains['inet/filter/forward']?.rules).toHaveLength(4);
    expect(data.chains['inet/filter/forward']?.rules?.[3]).toMatchObject({ action: 'accept', ports: 53, comment: 'dns; resolver' });
    expect(data.chains['inet/t/c']).toMatchObject({ hook: 'input', policy: 'accept' });
    expect(data.chains['ip/nat/pre']?.rules).toEqual([{ action: 'drop', source: 'nftset:ip/nat/blocked' }]);
    expect(data.objects?.addresses).toEqual({ 'nftset:ip/nat/blocked': ['192.0.2.66', '198.51.100.7'] });
  });

  it('locates chains at their openings', () => {
    expect(located(['chains', 'inet/filter/output'])).toEqual({ line: 5, text: 'chain output {' });
    expect(located(['chains', 'inet/t/c'])).toEqual({ line: 11, text: 'chain c {' });
    expect(located(['chains', 'ip/nat/pre'])).toEqual({ line: 12, text: 'chain pre {' });
  });

  it('locates declaration fields', () => {
    expect(located(['chains', 'inet/filter/input', 'policy'])).toEqual({ line: 4, text: 'policy drop' });
    expect(located(['chains', 'inet/filter/output', 'policy'])).toEqual({ line: 5, text: 'policy accept' });
    expect(located(['chains', 'inet/t/c', 'priority'])).toEqual({ line: 11, text: 'priority 10' });
  });

  it('locates rules at their columns', () => {
    expect(located(['chains', 'inet/filter/input', 'rules', 0])).toEqual({ line: 4, text: 'ct state established,related accept' });
    expect(located(['chains', 'inet/filter/output', 'rules', 0])).toEqual({ line: 5, text: 'tcp dport 22 accept' });
    expect(located(['chains', 'inet/filter/output', 'rules', 0, 'ports'])).toEqual({ line: 5, text: 'tcp dport 22' });
    expect(located(['chains', 'inet/filter/forward', 'rules', 1])).toEqual({ line: 7, text: 'iifname "lan0" oifname "wan0" accept' });
    expect(located(['chains', 'inet/filter/forward', 'rules', 2])).toEqual({ line: 8, text: 'tcp dport { 80, 443 } accept' });
    expect(located(['chains', 'inet/filter/forward', 'rules', 3])).toEqual({ line: 8, text: 'udp dport 53 accept comment "dns; resolver"' });
    expect(located(['chains', 'ip/nat/pre', 'rules', 0, 'source'])).toEqual({ line: 12, text: 'ip saddr @blocked' });
  });

  it('reads a rule ended by a semicolon', () => {
    const output = parseText(nftTextFormat, 'table inet t {\n\tchain c {\n\t\ttcp dport 22 accept;\n\t}\n}\n', 'one-line.nft');
    expect(describeFindings(output)).toEqual([]);
    expect((output.documents[0]?.data as FirewallPolicy).chains['inet/t/c']?.rules).toEqual([{ action: 'accept', protocol: 'tcp', ports: 22 }]);
    expect(output.documents[0]?.locator.locate(['chains', 'inet/t/c', 'rules', 0])).toMatchObject({ line: 3, column: 3, endColumn: 22 });
  });

  it('rejects a closing brace without a semicolon', () => {
    const output = parseText(nftTextFormat, 'table inet t { chain c { type filter hook input priority 10; policy accept; } }\n', 'one-line.nft');
    expect(output.documents).toEqual([]);
    expect(describeFindings(output)).toHaveLength(1);
    expect(output.findings[0]).toMatchObject({ line: 1, column: 79, severity: 'error' });
  });

  it('rejects a rule ended by a brace', () => {
    const output = parseText(nftTextFormat, 'table inet t {\n\tchain c { tcp dport 22 accept }\n}\n', 'one-line.nft');
    expect(output.documents).toEqual([]);
    expect(output.findings.map((finding) => [finding.line, finding.column, finding.severity])).toEqual([[2, 32, 'error']]);
  });
});
