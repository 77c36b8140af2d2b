/**
 * The per-host /etc files of `npm run lab:up`, checked on a real test host: a file edited inside
 * the host changes the host's copy and leaves the machine's file as it was. Needs root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { createLab, labUnavailableReason, type Lab, type LabHost } from '../../src/lab/harness.js';
import { LAB_SYSCTL_FILE, OWN_ETC_FILES, ownEtcFiles } from '../../src/lab/own-etc.js';

const reason = await labUnavailableReason();

describe('ownEtcFiles', () => {
  it('copies the files that exist', () => {
    const etc = mkdtempSync(join(tmpdir(), 'driftgate-etc-'));
    try {
      writeFileSync(join(etc, 'motd'), 'machine motd\n');
      writeFileSync(join(etc, 'hosts'), '127.0.0.1 localhost\n');
      const files = ownEtcFiles(etc);
      expect(files.motd).toBe('machine motd\n');
      expect(files.hosts).toBe('127.0.0.1 localhost\n');
      expect(files['issue.net']).toBeUndefined();
      // Without a sysctl.d folder on the machine there is nothing to bind over.
      expect(files[LAB_SYSCTL_FILE]).toBeUndefined();
    } finally {
      rmSync(etc, { recursive: true, force: true });
    }
  });
});

describe('lab:up hosts', () => {
  let lab: Lab;
  let host: LabHost;
  const etcFiles = ownEtcFiles();
  const names = Object.keys(etcFiles);

  beforeAll(async () => {
    if (reason) throw new Error(`cannot run: ${reason}`);
    lab = await createLab([{ mode: 'sshd', etcFiles }], { prefix: 'dgbase', network: '198.18.112.0' });
    host = lab.hosts[0]!;
  });

  afterAll(async () => {
    await lab?.destroy();
  });

  it('have motd, issue.net, hosts and a sysctl.d file', () => {
    for (const name of ['motd', 'issue.net', 'hosts', LAB_SYSCTL_FILE]) expect(names).toContain(name);
    for (const name of names) expect([...OWN_ETC_FILES, LAB_SYSCTL_FILE]).toContain(name);
  });

  it.each(names)('edit their own /etc/%s', async (name) => {
    const machinePath = join('/etc', name);
    // The sysctl.d file exists only in the hosts, and must stay so.
    const machineBefore = existsSync(machinePath) ? readFileSync(machinePath, 'utf8') : undefined;
    // The host must see its own copy before anything is written from inside it, so that a
    // missing bind fails here and never edits the machine's file.
    writeFileSync(join(host.etcDir, name), `${etcFiles[name]}# host copy\n`);
    expect(await lab.exec(host, ['cat', machinePath])).toContain('# host copy\n');

    await lab.exec(host, ['sh', '-c', `echo '# edited inside' >> ${machinePath}`]);
    expect(readFileSync(join(host.etcDir, name), 'utf8')).toMatch(/# host copy\n# edited inside\n$/);
    expect(existsSync(machinePath) ? readFileSync(machinePath, 'utf8') : undefined).toBe(machineBefore);
  });

  it('show their own files over SSH', () => {
    const ssh = ['-i', lab.clientKeyPath, '-o', `UserKnownHostsFile=${lab.knownHostsPath}`, '-o', 'StrictHostKeyChecking=yes', '-o', 'BatchMode=yes', '-p', String(host.port), `root@${host.address}`];
    const listing = execFileSync('ssh', [...ssh, 'ls', '/etc/sysctl.d'], { encoding: 'utf8' });
    expect(listing.trim().split('\n')).toEqual([LAB_SYSCTL_FILE.split('/')[1]]);
    const motd = execFileSync('ssh', [...ssh, 'cat', '/etc/motd'], { encoding: 'utf8' });
    expect(motd).toBe(readFileSync(join(host.etcDir, 'motd'), 'utf8'));
  });
});
