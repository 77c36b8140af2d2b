/**
 * Compares driftgate's verdict on each HAProxy fixture with `haproxy -c -f` (HAProxy 2.6):
 * a file HAProxy rejects gets an error at the line HAProxy names, and a file it accepts gets
 * no error. `haproxy -c` only checks, so it binds no port. Needs the haproxy package.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

import { haproxyFormat } from '../../src/formats/haproxy.js';
import type { LoadBalancer } from '../../src/types/loadbalancer.js';
import { packageRoot } from '../../src/paths.js';
import { parseText } from '../helpers/formats.js';

const fixtureDir = join(packageRoot, 'test', 'fixtures', 'haproxy');
const fixtures = readdirSync(fixtureDir).filter((name) => name.endsWith('.cfg')).sort();

describe('HAProxy fixtures against haproxy -c', () => {
  it('has valid and broken fixtures', () => {
    expect(fixtures.filter((name) => name.startsWith('bad-')).length).toBeGreaterThan(12);
    expect(fixtures.filter((name) => !name.startsWith('bad-')).length).toBeGreaterThan(1);
  });

  it.each(fixtures)('%s', (name) => {
    const peer = spawnSync('haproxy', ['-c', '-f', join(fixtureDir, name)], { encoding: 'utf8' });
    const peerOutput = `${peer.stdout}${peer.stderr}`;
    expect(peer.status, peerOutput).not.toBeNull();
    expect(peer.status === 0, `haproxy -c: ${peerOutput}`).toBe(!name.startsWith('bad-'));
    const output = parseText(haproxyFormat, readFileSync(join(fixtureDir, name), 'utf8'), name);
    const errors = output.findings.filter((finding) => finding.severity === 'error');
    if (peer.status === 0) {
      expect(errors.map((finding) => `${finding.line}: ${finding.message}`)).toEqual([]);
      return;
    }
    expect(errors.length, `haproxy -c rejected the file: ${peerOutput}`).toBeGreaterThan(0);
    const alert = peerOutput.split('\n').find((line) => line.includes('[ALERT]') && /:\d+\]/.test(line));
    const peerLine = alert ? /:(\d+)\]/.exec(alert)?.[1] : undefined;
    if (peerLine) expect(errors.map((finding) => finding.line)).toContain(Number(peerLine));
  });

  it('warns where haproxy -c warns that it ignores a keyword', () => {
    const output = parseText(haproxyFormat, readFileSync(join(fixtureDir, 'warn-bind-in-backend.cfg'), 'utf8'));
    expect(output.findings.map((finding) => [finding.line, finding.severity])).toEqual([[8, 'warning']]);
  });

  it('passes stats from defaults to the backends haproxy -c does', () => {
    const file = join(fixtureDir, 'defaults-stats.cfg');
    const peer = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf8' });
    const peerOutput = `${peer.stdout}${peer.stderr}`;
    expect(peer.status, peerOutput).toBe(0);
    // HAProxy warns about each proxy that inherits `stats` but cannot use it (TCP mode).
    const ignored = [...peerOutput.matchAll(/'stats' statement ignored for backend '([^']+)'/g)].map((match) => match[1]);
    expect(ignored).toEqual(['raw']);
    const output = parseText(haproxyFormat, readFileSync(file, 'utf8'), 'defaults-stats.cfg');
    const backends = (output.documents[0]?.data as LoadBalancer).backends ?? [];
    expect(backends.map((backend) => [backend.name, backend.respondsItself === true])).toEqual([
      ['stats_only', true],
      ['raw', false],
    ]);
  });
});
