import { describe, expect, it } from 'vitest';

import { codeSpan } from '../../src/util/text.js';

describe('codeSpan', () => {
  const cases: [string, string, string][] = [
    ['plain text', '-A INPUT -j ACCEPT', '`-A INPUT -j ACCEPT`'],
    ['one backtick inside', 'comment "a`b"', '``comment "a`b"``'],
    ['a run of two', 'x ``y`` z', '```x ``y`` z```'],
    ['backtick at the start', '`a', '`` `a ``'],
    ['backtick at the end', 'a`', '`` a` ``'],
    ['spaces on both sides', ' a ', '`  a  `'],
    ['only spaces', '  ', '`  `'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      expect(codeSpan(text)).toBe(expected);
    });
  }
});
