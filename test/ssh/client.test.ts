import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

import { SessionError, authMethods, hostKeyAlgorithmsFor } from '../../src/ssh/client.js';

describe('hostKeyAlgorithmsFor', () => {
  it('offers SHA-2 signatures for an ssh-rsa key', () => {
    expect(hostKeyAlgorithmsFor(['ssh-rsa'])).toEqual({ serverHostKey: ['rsa-sha2-512', 'rsa-sha2-256', 'ssh-rsa'] });
  });

  it('keeps other pinned types as they are', () => {
    expect(hostKeyAlgorithmsFor(['ssh-ed25519', 'ecdsa-sha2-nistp256'])).toEqual({ serverHostKey: ['ssh-ed25519', 'ecdsa-sha2-nistp256'] });
  });

  it('falls back to defaults without a supported type', () => {
    expect(hostKeyAlgorithmsFor(['sk-ssh-ed25519@openssh.com'])).toBeUndefined();
    expect(hostKeyAlgorithmsFor([])).toBeUndefined();
  });
});

describe('authMethods', () => {
  const dir = mkdtempSync(join(tmpdir(), 'driftgate-auth-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, 'key')]);
  const privateKey = readFileSync(join(dir, 'key'));

  it('tries the key before the agent', () => {
    const methods = authMethods({ privateKey, agent: '/run/agent.sock' }, 'scan');
    expect(methods.map((method) => method.type)).toEqual(['publickey', 'agent']);
    expect(methods[0]?.username).toBe('scan');
  });

  it('parses one key buffer once', () => {
    const [first] = authMethods({ privateKey }, 'scan');
    const [second] = authMethods({ privateKey }, 'other');
    const keyOf = (method: typeof first) => (method?.type === 'publickey' ? method.key : undefined);
    expect(keyOf(first)).toBeDefined();
    expect(keyOf(second)).toBe(keyOf(first));
  });

  it('rejects an unreadable key as auth-failed', () => {
    let failure: unknown;
    try {
      authMethods({ privateKey: Buffer.from('not a key') }, 'scan');
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(SessionError);
    expect((failure as SessionError).kind).toBe('auth-failed');
    expect((failure as SessionError).message).toMatch(/private key cannot be parsed/);
  });
});
