import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

import { splitPackages, splitServices } from '../../src/scan/batch.js';
import { COLLECTION_SCRIPT, assignSections, encodeRequest, isUnitInstance, newBoundary } from '../../src/scan/collect.js';
import type { Section } from '../../src/scan/collect.js';
import { collectorNotes, compareHost } from '../../src/scan/compare/host.js';

const boundary = newBoundary();

function runScript(stdin: string): string {
  return execFileSync('sh', ['-c', COLLECTION_SCRIPT], { input: stdin, encoding: 'latin1' });
}

function section(name: string, status: number, output: string, stderr = ''): Section {
  return { name, status, output: Buffer.from(output), truncated: false, stderr };
}

describe('batched collection', () => {
  it('queries packages and units once each', () => {
    const request = { files: [], packages: ['bash', 'driftgate-no-such-package', 'openssh-server'], services: ['ssh.service', 'driftgate-none.service', 'ssh'], sysctl: [] };
    const text = runScript(encodeRequest(request, boundary));
    expect(text.match(/ end packages /g)).toHaveLength(1);
    expect(text.match(/ end units\.enabled /g)).toHaveLength(1);
    const output = assignSections(text, request, boundary);
    expect(output.packages.get('bash')?.output.toString()).toMatch(/^install ok installed\t/);
    expect(output.packages.get('openssh-server')?.output.toString()).toMatch(/^install ok installed\t/);
    expect(output.packages.get('driftgate-no-such-package')?.stderr).toMatch(/no packages found/);
    expect(output.services.get('ssh.service')?.enabled?.output.toString()).toBe('enabled');
    expect(output.services.get('driftgate-none.service')?.enabled?.output.toString()).toBe('');
    expect(output.services.get('ssh')?.enabled?.output.toString()).toBe('enabled');
  });

  it('detects a host without systemd', () => {
    const request = { files: [], packages: [], services: ['ssh.service'], sysctl: [] };
    const output = assignSections(runScript(encodeRequest(request, boundary)), request, boundary);
    const booted = execFileSync('sh', ['-c', 'test -d /run/systemd/system && echo yes || echo no'], { encoding: 'utf8' }).trim() === 'yes';
    expect(output.systemdRunning).toBe(booted);
    expect(output.services.get('ssh.service')?.active === undefined).toBe(!booted);
  });
});

describe('splitPackages', () => {
  it('gives a failed batch to every package', () => {
    const into = new Map<string, Section>();
    const failed = section('packages', 2, '', 'dpkg-query: error: cannot read the database');
    splitPackages(failed, ['a', 'b'], into);
    expect(into.get('a')).toBe(failed);
    expect(into.get('b')).toBe(failed);
  });

  it('prefers the installed architecture', () => {
    const into = new Map<string, Section>();
    const output = 'libc6:i386\tdeinstall ok config-files\t2.36-9\nlibc6:amd64\tinstall ok installed\t2.36-9\n';
    splitPackages(section('packages', 0, output), ['libc6', 'libc6:i386'], into);
    expect(into.get('libc6')?.output.toString()).toBe('install ok installed\t2.36-9');
    expect(into.get('libc6:i386')?.output.toString()).toBe('deinstall ok config-files\t2.36-9');
  });
});

describe('splitServices', () => {
  it('reads active states in request order', () => {
    const into = new Map<string, { enabled?: Section; active?: Section }>();
    const enabled = section('units.enabled', 0, 'b.service disabled enabled\na.service enabled enabled\n');
    splitServices(['a.service', 'b.service'], { enabled, active: section('units.active', 3, 'active\ninactive\n'), instances: new Map() }, into);
    expect(into.get('a.service')?.active?.output.toString()).toBe('active');
    expect(into.get('b.service')?.active?.output.toString()).toBe('inactive');
    expect(into.get('b.service')?.enabled?.output.toString()).toBe('disabled');
  });

  it('rejects a short is-active output', () => {
    const into = new Map<string, { enabled?: Section; active?: Section }>();
    const enabled = section('units.enabled', 0, 'a.service enabled enabled\n');
    splitServices(['a.service', 'b.service'], { enabled, active: section('units.active', 1, 'active\n'), instances: new Map() }, into);
    expect(into.get('a.service')?.active?.status).toBe(-1);
  });

  it('reads instances from is-enabled', () => {
    const into = new Map<string, { enabled?: Section; active?: Section }>();
    const instances = new Map([['getty@tty1.service', section('instance.enabled', 1, 'disabled\n')]]);
    splitServices(['getty@tty1.service'], { enabled: section('units.enabled', 1, ''), active: undefined, instances }, into);
    expect(into.get('getty@tty1.service')?.enabled?.output.toString()).toBe('disabled');
  });
});

describe('isUnitInstance', () => {
  it('tells instances from templates', () => {
    expect(isUnitInstance('getty@tty1.service')).toBe(true);
    expect(isUnitInstance('getty@.service')).toBe(false);
    expect(isUnitInstance('ssh.service')).toBe(false);
  });
});

describe('service comparison', () => {
  const host = { name: 'web1', address: '192.0.2.1', port: 22, user: 'root', sudo: false, tags: [], firewall: [], routing: [], loadbalancer: [], zones: [], files: [], packages: {}, services: [{ name: 'a.service', active: true, enabled: true, monitoring: false }], sshd: {}, sysctl: {} };

  function collectedWith(systemdRunning: boolean, active: string | undefined) {
    const entry: { enabled?: Section; active?: Section } = { enabled: section('service.enabled', 0, 'enabled') };
    if (active !== undefined) entry.active = section('service.active', 0, active);
    return { fixed: new Map(), files: new Map(), packages: new Map(), services: new Map([['a.service', entry]]), sysctl: new Map(), complete: true, systemdRunning };
  }

  it('reports an inactive unit under systemd', () => {
    const findings = compareHost(host, collectedWith(true, 'inactive'), () => undefined);
    expect(findings.map((finding) => `${finding.kind} ${finding.actual}`)).toEqual(['service-active inactive']);
    expect(collectorNotes(host, collectedWith(true, 'inactive'))).toEqual([]);
  });

  it('notes a host without systemd', () => {
    expect(compareHost(host, collectedWith(false, undefined), () => undefined)).toEqual([]);
    expect(collectorNotes(host, collectedWith(false, undefined))).toHaveLength(1);
  });

  it('reports a missing active state under systemd', () => {
    const findings = compareHost(host, collectedWith(true, undefined), () => undefined);
    expect(findings.map((finding) => finding.kind)).toEqual(['collector-error']);
  });
});
