import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';
import { TestRepository } from '../helpers/git-repo.js';

/** Runs the CLI in process and returns its exit code and output. */
async function runMain(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => stdout.push(String(chunk)) > 0);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => stderr.push(String(chunk)) > 0);
  try {
    const code = await main(args);
    return { code, stdout: stdout.join(''), stderr: stderr.join('') };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

describe('driftgate scan credentials', () => {
  let repo: TestRepository;
  let encryptedKey: string;

  beforeAll(() => {
    repo = new TestRepository();
    // The scan must stop before it connects, so the host is a closed port on loopback.
    repo.write('inventory.yaml', 'kind: inventory\nhosts:\n  - name: web1\n    address: 127.0.0.1\n    port: 9\n');
    repo.write('known_hosts', '');
    repo.commit('desired state');
    encryptedKey = join(repo.root, 'id_ed25519');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', 'a passphrase', '-f', encryptedKey]);
  });

  afterAll(() => repo.remove());

  it('rejects a passphrase-protected key once', async () => {
    const run = await runMain(['scan', '--repo', repo.root, '--identity', encryptedKey, '--format', 'json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`the private key ${encryptedKey} is protected by a passphrase`);
    expect(run.stderr).toContain(`ssh-add ${encryptedKey}`);
    expect(run.stderr).toContain(`chmod 600 ${encryptedKey}`);
    expect(run.stderr).not.toContain('auth-failed');
  });
});
