/**
 * Compares driftgate's verdict on each iptables fixture with `iptables-legacy-restore --test`
 * (the nf_tables back end accepts some broken files, such as a jump to an undefined chain).
 * The peer tool runs in a network namespace this test creates, so the host's rules are
 * never touched. Needs root, iptables and iproute2.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { iptablesFormat } from '../../src/formats/iptables.js';
import { packageRoot } from '../../src/paths.js';
import { describeFindings, parseText } from '../helpers/formats.js';

const fixtureDir = join(packageRoot, 'test', 'fixtures', 'iptables');
const fixtures = readdirSync(fixtureDir).filter((name) => /\.ip6?tables$/.test(name)).sort();
const namespace = `dgfmt-${randomBytes(4).toString('hex')}`;

/** Runs the legacy restore of the file's family in the namespace; returns its exit status and output. */
function peerVerdict(name: string): { status: number | null; output: string } {
  const tool = name.endsWith('.ip6tables') ? 'ip6tables-legacy-restore' : 'iptables-legacy-restore';
  const result = spawnSync('ip', ['netns', 'exec', namespace, tool, '--test', join(fixtureDir, name)], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('iptables fixtures against iptables-legacy-restore --test', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', namespace]);
  });

  afterAll(() => {
    spawnSync('ip', ['netns', 'delete', namespace]);
  });

  it('has valid and broken fixtures', () => {
    expect(fixtures.filter((name) => name.startsWith('bad-')).length).toBeGreaterThan(20);
    expect(fixtures.filter((name) => !name.startsWith('bad-')).length).toBeGreaterThan(2);
  });

  it.each(fixtures)('%s', (name) => {
    const peer = peerVerdict(name);
    expect(peer.status, peer.output).not.toBeNull();
    const output = parseText(iptablesFormat, readFileSync(join(fixtureDir, name), 'utf8'), name);
    const errors = output.findings.filter((finding) => finding.severity === 'error');
    // The fixture name states the expected verdict, so a change in the peer tool shows up too.
    expect(peer.status === 0, `peer tool: ${peer.output}`).toBe(!name.startsWith('bad-'));
    if (peer.status === 0) {
      expect(describeFindings(output)).toEqual([]);
    } else {
      expect(errors.length, `peer tool rejected the file: ${peer.output}`).toBeGreaterThan(0);
      const peerLine = /line:? (\d+)/.exec(peer.output)?.[1];
      if (peerLine) expect(errors[0]?.line).toBe(Number(peerLine));
    }
  });
});
