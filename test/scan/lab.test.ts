import { existsSync, readdirSync } from 'node:fs';
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
    const overlays = () => (existsSync('/etc/netns') ? readdirSync('/etc/netns') : []);
    const before = await listLabNamespaces();
    const overlaysBefore = overlays();
    // An unknown sshd_config keyword makes sshd exit at start-up.
    await expect(createLab([{ sshdConfig: 'NoSuchKeyword yes' }])).rejects.toThrow(/did not listen.*\n[\s\S]*NoSuchKeyword/);
    const after = await listLabNamespaces();
    expect(after.filter((name) => !before.includes(name))).toEqual([]);
    expect(overlays().filter((name) => !overlaysBefore.includes(name))).toEqual([]);
  });
});
