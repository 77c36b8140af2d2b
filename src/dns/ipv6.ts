/**
 * IPv6 addresses in the canonical text form of RFC 5952 §4, computed without BigInt for the
 * plain hexadecimal notation that nearly every AAAA record uses.
 */

const COLON = 0x3a;

/**
 * Returns the RFC 5952 text of an IPv6 address written as hexadecimal groups with at most one
 * `::`. Returns undefined for any other text, including valid addresses with an embedded IPv4
 * part, so the caller must then use the general parser. Text that is canonical already comes
 * back as the same string, so a zone keeps one copy of it.
 */
export function canonicalIPv6(text: string): string | undefined {
  if (text.length > 39 || text.length < 2) return undefined;
  const groups = readGroups(text);
  if (groups === undefined) return undefined;
  const canonical = formatGroups(groups);
  return canonical === text ? text : canonical;
}

/**
 * Reads hexadecimal groups of one to four digits separated by `:`, with at most one `::`, into
 * eight 16-bit values. Returns undefined for any other text.
 */
function readGroups(text: string): number[] | undefined {
  const written: number[] = [];
  let gapAt = -1;
  let index = 0;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return undefined;
    gapAt = 0;
    index = 2;
  }
  while (index < text.length) {
    let value = 0;
    let digits = 0;
    for (; index < text.length && digits <= 4; index += 1) {
      const digit = hexValue(text.charCodeAt(index));
      if (digit === -1) break;
      value = value * 16 + digit;
      digits += 1;
    }
    if (digits === 0 || digits > 4 || written.length === 8) return undefined;
    written.push(value);
    if (index === text.length) break;
    if (text.charCodeAt(index) !== COLON) return undefined;
    index += 1;
    if (text.charCodeAt(index) === COLON) {
      if (gapAt !== -1) return undefined;
      gapAt = written.length;
      index += 1;
    } else if (index === text.length) {
      return undefined;
    }
  }
  if (gapAt === -1) return written.length === 8 ? written : undefined;
  if (written.length > 7) return undefined;
  const zeros = new Array<number>(8 - written.length).fill(0);
  return [...written.slice(0, gapAt), ...zeros, ...written.slice(gapAt)];
}

/** Returns the value of a hexadecimal digit's character code, or -1 for any other character. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

/**
 * Formats eight 16-bit groups: lower-case hex without leading zeros, and the first longest run
 * of two or more zero groups shortened to `::` (RFC 5952 §4.2).
 */
function formatGroups(groups: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  // Joining an array gives one flat string, where `+=` would leave a chain of partial strings.
  const parts: string[] = [];
  for (let index = 0; index < 8; index += 1) {
    if (index === bestStart) {
      parts.push(index === 0 ? ':' : '');
      index += bestLength - 1;
      if (index === 7) parts.push('');
      continue;
    }
    parts.push(groups[index]!.toString(16));
  }
  return parts.join(':');
}
