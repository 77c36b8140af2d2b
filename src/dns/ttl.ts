/**
 * TTL values as zone files write them: seconds, or BIND's unit form such as `1h30m` or `2w`
 * (units s, m, h, d, w, either case).
 */

/** Largest TTL: RFC 2181 §8 limits a TTL to 0..2^31-1 seconds. */
export const MAX_TTL = 2147483647;

/** The outcome of parsing a TTL: seconds, or why the text is not a TTL. */
export type TtlResult = { ok: true; seconds: number } | { ok: false; message: string };

const unitSeconds: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Parses a TTL given as a number of seconds or as text with optional units. A bare number in
 * text means seconds. Units may repeat and come in any order, and their values add up.
 */
export function parseTtl(value: number | string): TtlResult {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) return { ok: false, message: `${value} is not a whole number of seconds` };
    return value > MAX_TTL ? tooLarge(String(value)) : { ok: true, seconds: value };
  }
  const text = value.trim();
  const seconds = parseDuration(text);
  if (seconds === undefined) {
    return { ok: false, message: `\`${text}\` is not a TTL; write seconds or units such as \`1h30m\`, \`1d\` or \`2w\`` };
  }
  return checkRange(text, seconds);
}

/**
 * Returns the seconds of a duration written as digits or with units (`1h30m`), with no upper
 * limit; undefined when the text is neither. SOA timers share this syntax in BIND.
 */
export function parseDuration(text: string): number | undefined {
  if (/^\d+$/.test(text)) return Number(text);
  if (!/^(\d+[smhdw])+$/i.test(text)) return undefined;
  let seconds = 0;
  for (const [, amount, unit] of text.matchAll(/(\d+)([smhdw])/gi)) {
    seconds += Number(amount) * unitSeconds[unit!.toLowerCase()]!;
  }
  return seconds;
}

function checkRange(text: string, seconds: number): TtlResult {
  return seconds > MAX_TTL ? tooLarge(text) : { ok: true, seconds };
}

function tooLarge(text: string): TtlResult {
  return { ok: false, message: `\`${text}\` is above the maximum TTL of ${MAX_TTL} seconds (RFC 2181 §8)` };
}

/** Formats seconds in the largest whole units, such as `1h30m` for 5400 or `0` for 0. */
export function formatTtl(seconds: number): string {
  if (seconds === 0) return '0';
  let rest = seconds;
  let text = '';
  for (const unit of ['w', 'd', 'h', 'm', 's']) {
    const size = unitSeconds[unit]!;
    if (rest >= size) {
      text += `${Math.floor(rest / size)}${unit}`;
      rest %= size;
    }
  }
  return text;
}
