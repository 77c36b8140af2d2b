import { describe, expect, it } from 'vitest';

import { matchesAny } from '../../src/util/glob.js';

describe('matchesAny', () => {
  const cases: [string, string, boolean][] = [
    ['*.yaml', 'firewall/edge.yaml', true],
    ['firewall/*.yaml', 'firewall/edge.yaml', true],
    ['firewall/*.yaml', 'firewall/sub/edge.yaml', false],
    ['firewall/**/*.yaml', 'firewall/sub/edge.yaml', true],
    ['**/*.{yaml,yml}', 'a/b.yml', true],
    ['{fw,lb}/*.yaml', 'lb/x.yaml', true],
    // A comma outside braces is a literal character, also after a brace group.
    ['{fw,lb}/a,b.yaml', 'fw/a,b.yaml', true],
    ['{fw,lb}/a,b.yaml', 'fw/a', false],
    ['a,b.yaml', 'a,b.yaml', true],
    ['a,b.yaml', 'b.yaml', false],
    ['}odd.yaml', '}odd.yaml', true],
    ['{a,b', 'b', true],
  ];
  for (const [glob, path, expected] of cases) {
    it(`${glob} on ${path}`, () => {
      expect(matchesAny(path, [glob])).toBe(expected);
    });
  }
});
