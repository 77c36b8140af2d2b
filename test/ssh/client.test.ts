import { describe, expect, it } from 'vitest';

import { hostKeyAlgorithmsFor } from '../../src/ssh/client.js';

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
