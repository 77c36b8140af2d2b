import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

import { main } from '../../src/cli/main.js';

describe('driftgate hostkeys trust', () => {
  const outside = mkdtempSync(join(tmpdir(), 'driftgate-hostkeys-'));
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  it('names the missing inventory and --repo', async () => {
    const stderr: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      stderr.push(String(chunk));
      return true;
    });
    let code: number;
    try {
      code = await main(['hostkeys', 'trust', 'web1'], outside);
    } finally {
      spy.mockRestore();
    }
    const message = stderr.join('');
    expect(code).toBe(2);
    expect(message).toContain(`inventory ${join(outside, 'inventory.yaml')} not found`);
    expect(message).toContain('--repo PATH');
    expect(message).not.toContain('ENOENT');
  });
});
