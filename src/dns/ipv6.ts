/**
 * IPv6 addresses in the canonical text form of RFC 5952 §4, computed without BigInt for the
 * plain hexadecimal notation that nearly every AAAA record uses.
 */

const COLON = 0x3a;

/**
 * Returns the RFC 5952 text of an IPv6 address written as hexadecimal groups with at most one
 * `::`. Returns undefined for any other text, including valid addresses with an embedded IPv4
 * part, so the caller must then use the general parser. Text that is canonical already comes
 * back as the same string, without building another, so a zone keeps one copy of it.
 */
export function canonicalIPv6(text: string): string | undefined {
  if (text.length > 39 || text.length < 2) return undefined;
  const written = readGroups(text);
  if (written === -1) return undefined;
  const groups = fullGroups;
  const gapLength = gapAt === -1 ? 0 : 8 - written;
  for (let index = 0; index < 8; index += 1) {
    if (gapAt === -1 || index < gapAt) groups[index] = writtenGroups[index]!;
    else if (index < gapAt + gapLength) groups[index] = 0;
    else groups[index] = writtenGroups[index - gapLength]!;
  }
  longestZeroRun(groups);
  // Written in lower case without leading zeros, with `::` exactly where RFC 5952 puts it.
  if (plainGroups && (gapAt === -1 ? runStart === -1 : runStart === gapAt && runLength === gapLength)) return text;
  return formatGroups(groups);
}

/** Groups as written, and the eight groups with the `::` gap filled; reused by every call. */
const writtenGroups = new Uint16Array(8);
const fullGroups = new Uint16Array(8);
/**
 * Results of the last {@link readGroups}: the group index of `::` (-1 for none), and whether
 * every group is written canonically.
 */
let gapAt = -1;
let plainGroups = true;
/** Results of the last {@link longestZeroRun}. */
let runStart = -1;
let runLength = 1;

/**
 * Reads hexadecimal groups of one to four digits separated by `:`, with at most one `::`, into
 * {@link writtenGroups}, and returns how many there are. Returns -1 for any other text.
 */
function readGroups(text: string): number {
  let count = 0;
  let index = 0;
  gapAt = -1;
  plainGroups = true;
  if (text.charCodeAt(0) === COLON) {
    if (text.charCodeAt(1) !== COLON) return -1;
    gapAt = 0;
    index = 2;
  }
  while (index < text.length) {
    const start = index;
    let value = 0;
    let digits = 0;
    for (; index < text.length && digits <= 4; index += 1) {
      const code = text.charCodeAt(index);
      const digit = hexValue(code);
      if (digit === -1) break;
      // Upper-case letters are not canonical (RFC 5952 §4.3).
      if (code <= 0x46 && code >= 0x41) plainGroups = false;
      value = value * 16 + digit;
      digits += 1;
    }
    if (digits === 0 || digits > 4 || count === 8) return -1;
    // Nor are leading zeros (RFC 5952 §4.1).
    if (digits > 1 && text.charCodeAt(start) === DIGIT_ZERO) plainGroups = false;
    writtenGroups[count] = value;
    count += 1;
    if (index === text.length) break;
    if (text.charCodeAt(index) !== COLON) return -1;
    index += 1;
    if (text.charCodeAt(index) === COLON) {
      if (gapAt !== -1) return -1;
      gapAt = count;
      index += 1;
    } else if (index === text.length) {
      return -1;
    }
  }
  if (gapAt === -1) return count === 8 ? count : -1;
  return count > 7 ? -1 : count;
}

const DIGIT_ZERO = 0x30;

/** Finds the first longest run of two or more zero groups, which RFC 5952 §4.2 shortens to `::`. */
function longestZeroRun(groups: ArrayLike<number>): void {
  runStart = -1;
  runLength = 1;
  for (let start = 0; start < 8; ) {
    if (groups[start] !== 0) {
      start += 1;
      continue;
    }
    let end = start;
    while (end < 8 && groups[end] === 0) end += 1;
    if (end - start > runLength) {
      runStart = start;
      runLength = end - start;
    }
    start = end;
  }
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
function formatGroups(groups: ArrayLike<number>): string {
  longestZeroRun(groups);
  // Joining an array gives one flat string, where `+=` would leave a chain of partial strings.
  const parts: string[] = [];
  for (let index = 0; index < 8; index += 1) {
    if (index === runStart) {
      parts.push(index === 0 ? ':' : '');
      index += runLength - 1;
      if (index === 7) parts.push('');
      continue;
    }
    parts.push(groups[index]!.toString(16));
  }
  return parts.join(':');
}
