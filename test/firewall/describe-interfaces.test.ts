import { describe, expect, it } from 'vitest';

import { describeInterfaces } from '../../src/firewall/analysis/format.js';

describe('describeInterfaces', () => {
  it.each([
    ['a listed name', ['eth0'], ['(unlisted)', 'eth0'], 'eth0'],
    ['every name but one', ['(unlisted)'], ['(unlisted)', 'eth0'], 'any interface except eth0'],
    ['every name but a pattern', ['(unlisted)', 'eth0'], ['(unlisted)', 'eth0', 'wg+ (unlisted)', 'wg0'], 'any interface except wg+'],
    ['a whole pattern', ['eth+ (unlisted)', 'eth0'], ['(unlisted)', 'eth+ (unlisted)', 'eth0'], 'eth+'],
    ['a pattern but one name', ['eth+ (unlisted)'], ['(unlisted)', 'eth+ (unlisted)', 'eth0'], 'eth+ except eth0'],
    ['a name and part of a pattern', ['eth+ (unlisted)', 'lo'], ['(unlisted)', 'eth+ (unlisted)', 'eth0', 'lo'], '(eth+ except eth0), lo'],
    ['nested exceptions', ['(unlisted)', 'eth0'], ['(unlisted)', 'eth+ (unlisted)', 'eth0'], 'any interface except (eth+ except eth0)'],
    ['a longer prefix inside a pattern', ['eth+ (unlisted)'], ['(unlisted)', 'eth+ (unlisted)', 'eth1+ (unlisted)'], 'eth+ except eth1+'],
  ])('%s', (_name, names, all, text) => {
    expect(describeInterfaces(names, all)).toBe(text);
  });
});
