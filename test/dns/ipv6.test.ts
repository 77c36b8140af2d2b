import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { canonicalIPv6 } from '../../src/dns/ipv6.js';
import { formatAddress, parseAddress } from '../../src/util/ip.js';

/** The general parser's canonical text, or undefined when it rejects the text as IPv6. */
function viaBigInt(text: string): string | undefined {
  const parsed = parseAddress(text);
  return parsed?.version === 6 ? formatAddress(6, parsed.value) : undefined;
}

describe('canonicalIPv6', () => {
  it('writes RFC 5952 text', () => {
    expect(canonicalIPv6('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(canonicalIPv6('2001:0db8::0001')).toBe('2001:db8::1');
    expect(canonicalIPv6('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonicalIPv6('2001:0:0:1:0:0:0:1')).toBe('2001:0:0:1::1');
    expect(canonicalIPv6('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonicalIPv6('::')).toBe('::');
    expect(canonicalIPv6('1::')).toBe('1::');
  });

  it('leaves other notations to the general parser', () => {
    expect(canonicalIPv6('::ffff:192.0.2.1')).toBeUndefined();
    expect(canonicalIPv6('fe80::1%eth0')).toBeUndefined();
    expect(canonicalIPv6('1:::2')).toBeUndefined();
    expect(canonicalIPv6('1::2::3')).toBeUndefined();
    expect(canonicalIPv6('1:2:3:4:5:6:7')).toBeUndefined();
    expect(canonicalIPv6('12345::')).toBeUndefined();
  });

  it('agrees with the BigInt parser on generated addresses', () => {
    const group = fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 0xffff }));
    const written = fc.record({
      groups: fc.array(group, { minLength: 8, maxLength: 8 }),
      upper: fc.boolean(),
      pad: fc.boolean(),
      gapStart: fc.integer({ min: 0, max: 8 }),
      gapLength: fc.integer({ min: 0, max: 8 }),
    });
    fc.assert(
      fc.property(written, ({ groups, upper, pad, gapStart, gapLength }) => {
        let parts = groups.map((value) => (pad ? value.toString(16).padStart(4, '0') : value.toString(16)));
        if (upper) parts = parts.map((part) => part.toUpperCase());
        // Shorten a run of zero groups to `::` where the generated one is all zeros.
        const end = Math.min(8, gapStart + gapLength);
        const canShorten = gapLength > 0 && groups.slice(gapStart, end).every((value) => value === 0);
        const text = canShorten ? `${parts.slice(0, gapStart).join(':')}::${parts.slice(end).join(':')}` : parts.join(':');
        expect(canonicalIPv6(text)).toBe(viaBigInt(text));
      }),
      { numRuns: 5000 },
    );
  });

  it('accepts only what the BigInt parser accepts', () => {
    const text = fc.array(fc.constantFrom('0', '1', 'a', 'F', 'g', ':', '::', '.', 'ffff'), { maxLength: 14 }).map((pieces) => pieces.join(''));
    fc.assert(
      fc.property(text, (value) => {
        const fast = canonicalIPv6(value);
        if (fast !== undefined) expect(fast).toBe(viaBigInt(value));
      }),
      { numRuns: 5000 },
    );
  });
});
