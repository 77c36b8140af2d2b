import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { createLab, labAddresses, labUnavailableReason, listLabNamespaces } from '../../src/lab/harness.js';

const reason = await labUnavailableReason();
const skip = reason !== undefined && process.env.CI !== 'true';

describe('labAddresses', () => {
  it('gives each index its own /30 in 198.18.0.0/20', () => {
    expect(labAddresses(1)).toEqual({ gateway: '198.18.0.5', address: '198.18.0.6' });
    expect(labAddresses(1023)).toEqual({ gateway: '198.18.15.253', address: '198.18.15.254' });
  });

  it('rejects an index outside the block', () => {
    expect(() => labAddresses(0)).toThrow(RangeError);
    expect(() => labAddresses(1024)).toThrow(RangeError);
  });
});

describe.skipIf(skip)('createLab', () => {
  it('removes everything when sshd cannot start', async () => {
    if (reason) throw new Error(`cannot run: ${reason}`);
    // An unknown sshd_config keyword makes sshd exit at start-up.
    const failure = await createLab([{ sshdConfig: 'NoSuchKeyword yes' }]).then(
      () => undefined,
      (error: Error) => error.message,
    );
    expect(failure).toMatch(/did not listen.*\n[\s\S]*NoSuchKeyword/);
    // Other test files may run labs at the same time, so only this lab's namespace is checked.
    const namespace = /test host (dglab-\d+)/.exec(failure ?? '')?.[1];
    expect(namespace).toBeDefined();
    expect(await listLabNamespaces()).not.toContain(namespace);
    expect(existsSync(`/etc/netns/${namespace}`)).toBe(false);
  });
});
