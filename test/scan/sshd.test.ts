import { describe, expect, it } from 'vitest';

import type { CollectionOutput } from '../../src/scan/collect.js';
import { compareHost } from '../../src/scan/compare/host.js';
import type { ResolvedHost } from '../../src/scan/inventory.js';
import { normalizeSshdKeyword, normalizeSshdValue, parseSshdTime } from '../../src/scan/normalize/sshd.js';

function host(sshd: Record<string, string>): ResolvedHost {
  return { name: 'web1', address: '192.0.2.10', port: 22, user: 'root', sudo: false, tags: [], firewall: [], routing: [], loadbalancer: [], zones: [], files: [], packages: {}, services: [], sshd, sysctl: {} };
}

function collected(sshdT: string): CollectionOutput {
  const section = { name: 'sshd', status: 0, output: Buffer.from(sshdT), truncated: false, stderr: '' };
  return { fixed: new Map([['sshd', section]]), files: new Map(), packages: new Map(), services: new Map(), sysctl: new Map(), complete: true };
}

const live = ['permitrootlogin without-password', 'kbdinteractiveauthentication no', 'logingracetime 120', 'ciphers chacha20-poly1305@openssh.com,aes256-gcm@openssh.com', 'passwordauthentication no', 'x11forwarding yes'].join('\n');

describe('sshd comparison', () => {
  const cases: { name: string; desired: Record<string, string>; drift: string[] }[] = [
    { name: 'prohibit-password equals without-password', desired: { PermitRootLogin: 'prohibit-password' }, drift: [] },
    { name: 'yes differs from without-password', desired: { PermitRootLogin: 'yes' }, drift: ['PermitRootLogin'] },
    { name: 'ChallengeResponseAuthentication is kbdinteractive', desired: { ChallengeResponseAuthentication: 'no' }, drift: [] },
    { name: 'times compare in seconds', desired: { LoginGraceTime: '2m' }, drift: [] },
    { name: 'booleans from YAML compare as yes/no', desired: { PasswordAuthentication: 'false' }, drift: [] },
    { name: 'cipher order matters', desired: { Ciphers: 'aes256-gcm@openssh.com,chacha20-poly1305@openssh.com' }, drift: ['Ciphers'] },
    { name: 'spaces after commas do not matter', desired: { Ciphers: 'chacha20-poly1305@openssh.com, aes256-gcm@openssh.com' }, drift: [] },
    { name: 'changed value is drift', desired: { X11Forwarding: 'no' }, drift: ['X11Forwarding'] },
  ];
  for (const testCase of cases) {
    it(testCase.name, () => {
      const findings = compareHost(host(testCase.desired), collected(live), () => undefined);
      expect(findings.map((finding) => finding.object)).toEqual(testCase.drift);
    });
  }

  it('reports a keyword sshd -T does not print', () => {
    const findings = compareHost(host({ NoSuchKeyword: 'yes' }), collected(live), () => undefined);
    expect(findings[0]?.actual).toBe('not reported by sshd -T');
  });

  it('reports a failed sshd -T as a collector error', () => {
    const output = collected('');
    output.fixed.set('sshd', { name: 'sshd', status: 255, output: Buffer.alloc(0), truncated: false, stderr: 'sshd: no hostkeys available' });
    const findings = compareHost(host({ PermitRootLogin: 'no' }), output, () => undefined);
    expect(findings[0]?.kind).toBe('collector-error');
    expect(findings[0]?.actual).toContain('no hostkeys available');
  });
});

describe('sshd normalisation', () => {
  it('lowercases keywords', () => {
    expect(normalizeSshdKeyword('PermitRootLogin')).toBe('permitrootlogin');
  });

  it('maps without-password to prohibit-password', () => {
    expect(normalizeSshdValue('permitrootlogin', 'without-password')).toBe('prohibit-password');
  });

  it('parses sshd times', () => {
    expect(parseSshdTime('1h30m')).toBe(5400);
    expect(parseSshdTime('90')).toBe(90);
    expect(parseSshdTime('1x')).toBeUndefined();
  });
});
