/**
 * IPv6 addresses in the canonical text form of RFC 5952 §4, computed without BigInt for the
 * plain hexadecimal notation that nearly every AAAA record uses.
 */

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;

/**
 * Returns the RFC 5952 text of an IPv6 address written as hexadecimal groups with at most one
 * `::`. Returns undefined for any other text, including valid addresses with an embedded IPv4
 * part, so the caller must then use the general parser.
 */
export function canonicalIPv6(text: string): string | undefined {
  if (text.length > 39 || text.length < 2) return undefined;
  const gap = text.indexOf('::');
  if (gap !== -1 && text.includes('::', gap + 1)) return undefined;
  const head = gap === -1 ? text : text.slice(0, gap);
  const tail = gap === -1 ? '' : text.slice(gap + 2);
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const written = headGroups.length + tailGroups.length;
  if (gap === -1 ? written !== 8 : written > 7) return undefined;
  const groups: number[] = [];
  for (const group of headGroups) {
    if (!HEX_GROUP.test(group)) return undefined;
    groups.push(parseInt(group, 16));
  }
  for (let index = written; index < 8; index += 1) groups.push(0);
  for (const group of tailGroups) {
    if (!HEX_GROUP.test(group)) return undefined;
    groups.push(parseInt(group, 16));
  }
  return formatGroups(groups);
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
  let text = '';
  for (let index = 0; index < 8; index += 1) {
    if (index === bestStart) {
      text += '::';
      index += bestLength - 1;
      continue;
    }
    if (text !== '' && !text.endsWith(':')) text += ':';
    text += groups[index]!.toString(16);
  }
  return text;
}
