/**
 * Compares driftgate's verdict on each nft text fixture with `nft -c -f` (nftables 1.0.6), which
 * checks a file without loading it. It runs in a network namespace this test creates, so the
 * host's ruleset is never involved. A file nft rejects gets an error at the line nft names, and
 * a file nft accepts loads without an error. Needs root and the nftables package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';
import { packageRoot } from '../../src/paths.js';

const fixtureDir = join(packageRoot, 'test', 'fixtures', 'nft');
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.nft')).sort();
const namespace = `dgnft-${randomBytes(4).toString('hex')}`;

describe('nft fixtures against nft -c', () => {
  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', namespace]);
  });

  afterAll(() => {
    spawnSync('ip', ['netns', 'delete', namespace]);
  });

  it('has valid and broken fixtures', () => {
    expect(fixtures.filter((name) => name.startsWith('bad-')).length).toBeGreaterThan(3);
    expect(fixtures.filter((name) => !name.startsWith('bad-')).length).toBeGreaterThan(1);
  });

  it.each(fixtures)('%s', async (name) => {
    const peer = spawnSync('ip', ['netns', 'exec', namespace, 'nft', '-c', '-f', join(fixtureDir, name)], { encoding: 'utf8' });
    const peerOutput = `${peer.stdout}${peer.stderr}`;
    expect(peer.status, peerOutput).not.toBeNull();
    // The fixture name states the expected verdict, so a change in nft shows up too.
    expect(peer.status === 0, `nft -c: ${peerOutput}`).toBe(!name.startsWith('bad-'));

    const result = await validatePaths([name], { cwd: fixtureDir });
    const errors = result.findings.filter((finding) => finding.severity === 'error');
    if (peer.status === 0) {
      expect(errors.map((finding) => `${finding.line}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
    } else {
      const peerLine = Number(new RegExp(`${name}:(\\d+):`).exec(peerOutput)?.[1]);
      expect(errors.map((finding) => finding.line), `nft -c: ${peerOutput}`).toContain(peerLine);
    }
  });
});
