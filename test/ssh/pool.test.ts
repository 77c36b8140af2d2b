import { describe, expect, it } from 'vitest';

import { mapPool } from '../../src/ssh/pool.js';

describe('mapPool', () => {
  it('keeps at most the limit in flight', async () => {
    let running = 0;
    let highest = 0;
    const results = await mapPool(Array.from({ length: 50 }, (_, index) => index), 7, async (item) => {
      running += 1;
      highest = Math.max(highest, running);
      await new Promise((resolve) => setTimeout(resolve, 1));
      running -= 1;
      return item * 2;
    });
    expect(highest).toBe(7);
    expect(results).toEqual(Array.from({ length: 50 }, (_, index) => index * 2));
  });

  it('returns an empty list for no items', async () => {
    expect(await mapPool([], 32, async () => 1)).toEqual([]);
  });
});
