import { describe, expect, it } from 'vitest';

import { loadRules } from '../../src/engine/registry.js';
import { validateWithSchema } from '../../src/load/schemas.js';

// driftgate.yaml checks rule options only when it sets some, so the defaults must be valid.
describe('rule option defaults', () => {
  it('match every rule options schema', async () => {
    for (const rule of await loadRules()) {
      if (!rule.options) continue;
      expect(validateWithSchema(rule.options.schema, rule.options.defaults), rule.id).toEqual([]);
    }
  });
});
