import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  displayName,
  isAtOrBelow,
  isBelow,
  isHostName,
  isOwnerName,
  longLabels,
  parentName,
  parentText,
  parseName,
  parseOrigin,
} from '../../src/dns/names.js';
import type { DomainName } from '../../src/dns/names.js';

function origin(text: string): DomainName {
  const parsed = parseOrigin(text);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.name;
}

function name(text: string, base?: DomainName): DomainName {
  const parsed = parseName(text, base);
  if (!parsed.ok) throw new Error(parsed.problem.message);
  return parsed.name;
}

describe('parseName', () => {
  const example = origin('Example.COM');

  it('completes relative names with the origin', () => {
    expect(name('www', example).text).toBe('www.example.com.');
    expect(name('a.b', example).labels).toEqual(['a', 'b', 'Example', 'COM']);
  });

  it('treats @ as the origin', () => {
    expect(name('@', example).text).toBe('example.com.');
  });

  it('keeps absolute names as they are', () => {
    expect(name('Mail.Example.NET.', example).text).toBe('mail.example.net.');
  });

  it('parses the root name', () => {
    expect(name('.').text).toBe('.');
    expect(name('.').wireLength).toBe(1);
  });

  it('decodes escaped dots and decimal escapes', () => {
    const parsed = name('a\\.b.c\\065.example.', example);
    expect(parsed.labels).toEqual(['a.b', 'cA', 'example']);
    expect(parsed.text).toBe('a\\.b.ca.example.');
  });

  it('rejects an escape above 255', () => {
    const parsed = parseName('a\\256.example.');
    expect(parsed.ok).toBe(false);
  });

  it('rejects an incomplete escape', () => {
    expect(parseName('a\\25').ok).toBe(false);
  });

  it('rejects empty labels', () => {
    expect(parseName('a..example.').ok).toBe(false);
  });

  it('rejects a relative name without an origin', () => {
    const parsed = parseName('hostmaster');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problem.message).toContain('relative');
  });

  it('converts Unicode labels to punycode', () => {
    expect(name('ööö', example).text).toBe('xn--ndaaa.example.com.');
    expect(name('ÖÖÖ.example.com.').text).toBe('xn--ndaaa.example.com.');
  });

  it('compares punycode and Unicode spellings equal', () => {
    expect(name('xn--ndaaa.example.com.').text).toBe(name('ööö.example.com.').text);
  });

  it('rejects an invalid xn-- label', () => {
    const parsed = parseName('xn--garbage.example.com.');
    expect(parsed.ok).toBe(false);
  });

  it('keeps numeric labels as labels', () => {
    expect(name('127.0.0.1', origin('example')).text).toBe('127.0.0.1.example.');
  });

  it('counts wire octets with length octets and the root', () => {
    expect(name('www.example.com.').wireLength).toBe(17);
  });
});

describe('parseOrigin', () => {
  it('makes an origin without a final dot absolute', () => {
    expect(origin('example.com').text).toBe('example.com.');
  });

  it('rejects an empty origin', () => {
    expect(parseOrigin(' ').ok).toBe(false);
  });
});

describe('name lengths', () => {
  it('finds labels over 63 octets', () => {
    const long = 'a'.repeat(64);
    expect(longLabels(name(`${long}.example.`))).toEqual([long]);
    expect(longLabels(name(`${'a'.repeat(63)}.example.`))).toEqual([]);
  });

  it('measures a 255-octet name', () => {
    const label = 'a'.repeat(63);
    // Four 63-octet labels: 4 * 64 + 1 = 257 octets.
    expect(name(`${label}.${label}.${label}.${label}.`).wireLength).toBe(257);
  });
});

describe('name relations', () => {
  const zone = origin('example.com.');

  it('tests at-or-below and below', () => {
    expect(isAtOrBelow(name('example.com.'), zone)).toBe(true);
    expect(isBelow(name('example.com.'), zone)).toBe(false);
    expect(isBelow(name('a.b.example.com.'), zone)).toBe(true);
  });

  it('does not match a name that only ends in the same text', () => {
    expect(isAtOrBelow(name('badexample.com.'), zone)).toBe(false);
  });

  it('puts every name below the root', () => {
    expect(isAtOrBelow(name('example.com.'), name('.'))).toBe(true);
  });

  it('finds parents of plain and escaped names', () => {
    expect(parentText(name('WWW.Example.com.'))).toBe('example.com.');
    expect(parentText(name('a\\.b.example.com.'))).toBe('example.com.');
    expect(parentText(name('Caf\\233.example.com.'))).toBe('example.com.');
    expect(parentText(name('com.'))).toBe('.');
    expect(parentText(name('.'))).toBe('.');
    expect(parentName(name('a\\.b.Example.com.'))).toEqual(name('Example.com.'));
    expect(parentName(name('.'))).toBeUndefined();
  });

  it('shares origin labels only for the same letter case', () => {
    const mixed = origin('Example.COM.');
    expect(name('host.Example.COM.', mixed).labels).toEqual(['host', 'Example', 'COM']);
    expect(name('host.example.com.', mixed).labels).toEqual(['host', 'example', 'com']);
    expect(name('host.example.com.', mixed).text).toBe('host.example.com.');
    expect(name('xexample.com.', zone).labels).toEqual(['xexample', 'com']);
  });
});

describe('host names', () => {
  it('accepts letters, digits and inner hyphens', () => {
    expect(isHostName(name('mail-1.example.com.'))).toBe(true);
    expect(isHostName(name('3com.example.'))).toBe(true);
  });

  it('rejects underscores and edge hyphens', () => {
    expect(isHostName(name('_name.example.net.'))).toBe(false);
    expect(isHostName(name('-a.example.'))).toBe(false);
    expect(isHostName(name('a-.example.'))).toBe(false);
  });

  it('accepts a leading wildcard only when allowed', () => {
    expect(isHostName(name('*.example.'), true)).toBe(true);
    expect(isHostName(name('*.example.'))).toBe(false);
  });

  it('accepts underscore labels in owner names', () => {
    expect(isOwnerName(name('_sip._tcp.example.'))).toBe(true);
    expect(isOwnerName(name('a b.example.'.replace(' ', '\\032')))).toBe(false);
  });
});

describe('displayName', () => {
  it('shows both spellings of an IDN', () => {
    expect(displayName(name('xn--ndaaa.example.com.'))).toBe('ööö.example.com. (xn--ndaaa.example.com.)');
  });
});

describe('parseName on arbitrary text', () => {
  it('returns a result and never throws', () => {
    const base = origin('example.com.');
    fc.assert(
      fc.property(fc.string(), (text) => {
        expect(typeof parseName(text, base).ok).toBe('boolean');
      }),
      { numRuns: 3000 },
    );
  });
});
