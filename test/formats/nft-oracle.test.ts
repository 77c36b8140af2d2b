/**
 * Compares driftgate's verdict on each nft text fixture with `nft -c -f` (nftables 1.0.6), which
 * checks a file without loading it. It runs in a network namespace this test creates, so the
 * host's ruleset is never involved. A file nft rejects gets an error at the line nft names, and
 * a file nft accepts loads without an error. Valid fixtures are also loaded, and the documents
 * read from the fixture and from `nft list ruleset` must equal the one read from `nft -j list
 * ruleset`. Needs root and the nftables package.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { validatePaths } from '../../src/engine/run.js';
import { nftTextFormat } from '../../src/formats/nft-text.js';
import { nftJsonFormat } from '../../src/formats/nftables.js';
import { packageRoot } from '../../src/paths.js';
import type { FirewallPolicy } from '../../src/types/firewall.js';
import { parseText } from '../helpers/formats.js';

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

/**
 * Valid fixtures whose text and `nft -j` forms give the same document. host-services.nft is left
 * out because the text reader keeps `tcp option maxseg size set rt mtu` as its text, where
 * `nft -j` prints a `mangle` object.
 */
const loadable = ['basic.nft', 'defines.nft', 'families.nft', 'one-line-blocks.nft', 'one-line-blocks-expanded.nft', 'port-matches.nft', 'port-sets.nft', 'priorities.nft', 'sets.nft', 'two-input-chains.nft'];

/**
 * Returns the document's data with the policy `accept` on each base chain that has none. nft -j
 * prints that default policy, the text may leave it out, and the analysis reads a missing policy
 * as `accept`.
 */
function withDefaultPolicies(data: FirewallPolicy): FirewallPolicy {
  const chains = Object.fromEntries(Object.entries(data.chains).map(([key, chain]) => [key, chain.hook && !chain.policy ? { ...chain, policy: 'accept' as const } : chain]));
  return { ...data, chains };
}

describe('nft fixtures against nft -j', () => {
  const loadNamespace = `dgnft-${randomBytes(4).toString('hex')}`;
  const nft = (...args: string[]) => execFileSync('ip', ['netns', 'exec', loadNamespace, 'nft', ...args], { encoding: 'utf8' });

  beforeAll(() => {
    execFileSync('ip', ['netns', 'add', loadNamespace]);
  });

  afterAll(() => {
    spawnSync('ip', ['netns', 'delete', loadNamespace]);
  });

  it('lists fixtures that exist', () => {
    expect(loadable.filter((name) => !fixtures.includes(name))).toEqual([]);
  });

  it.each(loadable)('%s', (name) => {
    nft('flush', 'ruleset');
    nft('-f', join(fixtureDir, name));
    const listed = parseText(nftJsonFormat, nft('-j', 'list', 'ruleset'), 'ruleset.json');
    const read = parseText(nftTextFormat, readFileSync(join(fixtureDir, name), 'utf8'), name);
    expect(read.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(listed.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const fromText = read.documents[0]?.data as FirewallPolicy;
    const fromJson = listed.documents[0]?.data as FirewallPolicy;
    expect(withDefaultPolicies(fromText)).toEqual(withDefaultPolicies(fromJson));
  });

  // The listing prints each base chain's policy, and a priority near a name as an expression
  // such as `filter - 5`.
  it.each(loadable)('%s as nft lists it', (name) => {
    nft('flush', 'ruleset');
    nft('-f', join(fixtureDir, name));
    const listed = parseText(nftJsonFormat, nft('-j', 'list', 'ruleset'), 'ruleset.json');
    const listing = parseText(nftTextFormat, nft('list', 'ruleset'), 'ruleset.nft');
    expect(listing.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    expect(listing.documents[0]?.data).toEqual(listed.documents[0]?.data);
  });
});
