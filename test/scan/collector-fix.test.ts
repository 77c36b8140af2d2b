import { describe, expect, it } from 'vitest';

import { collectionFailedFix, collectorFix, failureCause } from '../../src/scan/compare/collector-fix.js';

const FALLBACK = 'the caller fallback';
const unprivileged = { user: 'scan', sudo: false };
const withSudo = { user: 'scan', sudo: true };

describe('failureCause', () => {
  // Error output in the form these programs write it. The stat and sshd lines come from the test
  // hosts, which run Debian 12 and have no sudo.
  const cases: [string, string, ReturnType<typeof failureCause>][] = [
    ['sudo missing, sh', 'sh: 1: sudo: not found', 'sudo-missing'],
    ['sudo missing, bash', 'bash: sudo: command not found', 'sudo-missing'],
    ['sudo password', 'sudo: a password is required', 'sudo-password'],
    ['sudo terminal', 'sudo: a terminal is required to read the password; either use the -S option to read from standard input or configure an askpass helper', 'sudo-password'],
    ['sudoers', 'scan is not in the sudoers file.  This incident will be reported.', 'sudo-password'],
    ['stat permission', "stat: cannot statx '/root/x': Permission denied", 'permission-denied'],
    ['iptables as a user', 'iptables-save v1.8.9 (nf_tables): Could not fetch rule set generation id: Permission denied (you must be root)', 'permission-denied'],
    ['sshd -T as a user', 'Unable to load host key: /etc/ssh/ssh_host_key\r\nsshd: no hostkeys available -- exiting.', 'permission-denied'],
    ['command missing, sh', 'sh: 1: ip: not found', 'command-not-found'],
    ['command missing, bash', 'bash: systemctl: command not found', 'command-not-found'],
    ['other failure', 'dpkg-query: no packages found matching telnetd', undefined],
  ];
  for (const [name, output, cause] of cases) {
    it(name, () => {
      expect(failureCause(output)).toBe(cause);
    });
  }
});

describe('collectorFix', () => {
  it('advises sudo for a denied user', () => {
    const fix = collectorFix(unprivileged, 'sshd -T', 'sshd: no hostkeys available -- exiting.', FALLBACK);
    expect(fix).toContain('The scan user "scan" lacks the rights for `sshd -T`');
    expect(fix).toContain('Set `sudo: true`');
    expect(fix).toContain('scan as a user that can read it');
  });

  it('names sudo rules when sudo was denied', () => {
    const fix = collectorFix(withSudo, '/root/x', "stat: cannot statx '/root/x': Permission denied", FALLBACK);
    expect(fix).toContain('even through sudo');
    expect(fix).not.toContain('Set `sudo: true`');
  });

  it('names the missing command', () => {
    expect(collectorFix(unprivileged, 'ip -j route/addr', 'sh: 1: ip: not found', FALLBACK)).toBe('`ip` is not installed on the host. Install it, then rerun the scan.');
  });

  it('advises sudo: false without sudo', () => {
    const fix = collectorFix(withSudo, 'sshd -T', 'sh: 1: sudo: not found', FALLBACK);
    expect(fix).toContain('sudo is not installed on the host');
    expect(fix).toContain('Set `sudo: false`');
  });

  it('advises NOPASSWD for a password prompt', () => {
    const fix = collectorFix(withSudo, 'sshd -T', 'sudo: a password is required', FALLBACK);
    expect(fix).toContain('Set `sudo: false`');
    expect(fix).toContain('NOPASSWD');
  });

  it('keeps the fallback for other output', () => {
    expect(collectorFix(unprivileged, 'telnetd', 'dpkg-query: no packages found matching telnetd', FALLBACK)).toBe(FALLBACK);
  });
});

describe('collectionFailedFix', () => {
  it('advises on sudo after the home warning', () => {
    const output = 'Could not chdir to home directory /home/scan: No such file or directory\nsh: 1: sudo: not found';
    expect(collectionFailedFix(withSudo, output)).toContain('Set `sudo: false`');
  });

  it('ignores the home warning alone', () => {
    expect(collectionFailedFix(withSudo, 'Could not chdir to home directory /home/scan: Permission denied\n')).toBeUndefined();
  });
});
