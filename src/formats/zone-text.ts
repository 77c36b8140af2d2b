/**
 * Presentation-format pieces of master files: domain names, TTLs, classes and RR types
 * (RFC 1035 section 5.1, RFC 2308 section 4 for `$TTL`, RFC 3597 for `TYPEnnn` and `CLASSnnn`).
 */
import { domainToASCII, domainToUnicode } from 'node:url';

import { MAX_TTL, parseDuration } from '../dns/ttl.js';
import { canonicalType } from '../dns/types.js';

export { MAX_TTL };

/**
 * A name made absolute, or the reason it is invalid. `missingOrigin` marks a name that is only
 * invalid because it is relative and no origin is known.
 */
export type NameResult = { name: string } | { error: string; missingOrigin?: true };

/**
 * Makes `text` absolute against `origin`: `@` is the origin, a name without a trailing dot is
 * relative. Keeps the case as written, rejects empty labels and bad escapes, and converts labels
 * with non-ASCII letters to their punycode A-label (RFC 5891). Lengths are left to the
 * dns-name-too-long rule, which reports them with their octet counts.
 */
export function absoluteName(text: string, origin: string | undefined): NameResult {
  if (text === '@') {
    return origin === undefined
      ? { error: '`@` is used but no origin is known', missingOrigin: true }
      : { name: origin };
  }
  if (text === '.') {
    return { name: '.' };
  }
  const absolute = endsWithUnescapedDot(text);
  if (!absolute && origin === undefined) {
    return { error: `relative name \`${text}\` but no origin is known`, missingOrigin: true };
  }
  const body = absolute ? text.slice(0, -1) : text;
  if (isPlainHostname(body)) {
    return { name: absolute ? text : appendOrigin(body, origin as string) };
  }
  const labels = splitLabels(body);
  if (typeof labels === 'string') {
    return { error: `invalid name \`${text}\`: ${labels}` };
  }
  const ascii = labels.map(toAsciiLabel);
  if (ascii.some((label) => label === undefined)) {
    return {
      error: `invalid name \`${text}\`: a label is not a valid internationalized (IDNA) label`,
    };
  }
  const joined = (ascii as string[]).join('.');
  return { name: absolute ? `${joined}.` : appendOrigin(joined, origin as string) };
}

function appendOrigin(relative: string, origin: string): string {
  // Joining gives one flat string, where `+` gives V8's pair of the two parts (a cons string).
  // The zone index keys its maps by these names, and hashes and compares flat strings faster.
  return origin === '.' ? [relative, ''].join('.') : [relative, origin].join('.');
}

const plainLabels = /^[A-Za-z0-9_*-]+(?:\.[A-Za-z0-9_*-]+)*$/;

/** Returns true for the common case of ASCII labels without escapes, which needs no further checks. */
function isPlainHostname(body: string): boolean {
  return plainLabels.test(body) && !/(?:^|\.)xn--/i.test(body);
}

function endsWithUnescapedDot(text: string): boolean {
  if (!text.endsWith('.')) {
    return false;
  }
  let backslashes = 0;
  for (let index = text.length - 2; index >= 0 && text[index] === '\\'; index -= 1) {
    backslashes += 1;
  }
  return backslashes % 2 === 0;
}

/** Splits a name on unescaped dots and checks its escapes. Returns an error text for an invalid label. */
function splitLabels(body: string): string[] | string {
  const labels: string[] = [];
  let start = 0;
  for (let index = 0; index <= body.length; index += 1) {
    const char = body[index];
    if (index === body.length || char === '.') {
      if (index === start) {
        return 'empty label (two dots in a row, or a leading dot)';
      }
      labels.push(body.slice(start, index));
      start = index + 1;
    } else if (char === '\\') {
      const digits = /^[0-9]{3}/.exec(body.slice(index + 1, index + 4));
      if (digits) {
        if (Number(digits[0]) > 255) {
          return `escape \`\\${digits[0]}\` is above 255`;
        }
        index += 3;
      } else if (/^[0-9]/.test(body.slice(index + 1, index + 2))) {
        return 'a `\\` followed by a digit needs exactly three digits (`\\DDD`)';
      } else if (index + 1 >= body.length) {
        return 'the name ends with a lone `\\`';
      } else {
        index += 1;
      }
    }
  }
  return labels;
}

/**
 * Returns the A-label of `label`: an ASCII label as is, a label with non-ASCII letters in
 * punycode (lower case). Returns undefined for a non-ASCII label that IDNA rejects, and for an
 * `xn--` label that does not decode to one that encodes back to it (RFC 5890 section 2.3.2.1).
 */
function toAsciiLabel(label: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(label)) {
    if (!/^xn--/i.test(label)) {
      return label;
    }
    const unicode = domainToUnicode(label);
    return unicode !== '' && domainToASCII(unicode) === label.toLowerCase() ? label : undefined;
  }
  const ascii = domainToASCII(label);
  return ascii === '' ? undefined : ascii;
}

/**
 * Parses a TTL in seconds, plain (`3600`) or with BIND's units (`1h30m`, `2w`). Returns
 * undefined for text that is no TTL and for values above 2^32 - 1, which BIND rejects.
 */
export function parseTtl(text: string): number | undefined {
  const seconds = parseDuration(text);
  return seconds === undefined || seconds > 0xffffffff ? undefined : seconds;
}

/** Classes by mnemonic and by RFC 3597 number, mapped to the schema's spelling. */
const CLASSES: Record<string, string> = {
  IN: 'IN',
  CH: 'CH',
  CHAOS: 'CH',
  HS: 'HS',
  HESIOD: 'HS',
  NONE: 'NONE',
  ANY: 'ANY',
  CLASS1: 'IN',
  CLASS3: 'CH',
  CLASS4: 'HS',
  CLASS254: 'NONE',
  CLASS255: 'ANY',
};

/** Returns the class a token names (`IN`, `CHAOS`, `CLASS1`...), or undefined for none. */
export function parseClass(text: string): string | undefined {
  const upper = text.toUpperCase();
  const known = CLASSES[upper];
  if (known) {
    return known;
  }
  return /^CLASS[0-9]{1,5}$/.test(upper) && Number(upper.slice(5)) <= 65535 ? upper : undefined;
}

/** Types that only exist in queries and transfers (RFC 6895 section 3.1). */
const META_TYPES = new Set(['OPT', 'TKEY', 'TSIG', 'IXFR', 'AXFR', 'MAILB', 'MAILA', 'ANY']);
const META_NUMBERS = new Set([0, 41, 249, 250, 251, 252, 253, 254, 255]);

/**
 * Kind of a type token: a data type, a meta type, or unknown. `known` is false for an RFC 3597
 * `TYPEnnn` whose number has no mnemonic, so its RDATA must be written as `\\# length hex`.
 */
export type TypeLookup = { type: string; known: boolean } | { meta: string } | { unknown: string };

/** Looks up an RR type mnemonic or `TYPEnnn`. `TYPE1` comes back as `A`, as BIND prints it. */
export function lookupType(text: string): TypeLookup {
  const upper = text.toUpperCase();
  if (META_TYPES.has(upper)) {
    return { meta: upper };
  }
  const numbered = /^TYPE([0-9]+)$/.exec(upper);
  if (numbered && META_NUMBERS.has(Number(numbered[1]))) {
    return { meta: upper };
  }
  const type = canonicalType(text);
  if (type === undefined) {
    return { unknown: text };
  }
  return { type, known: !/^TYPE[0-9]+$/.test(type) };
}

/**
 * Positions of domain names in the RDATA of each type, so relative names can be made absolute
 * against the `$ORIGIN` in force where the record is written (RFC 1035 section 5.1).
 */
export const RDATA_NAME_FIELDS: Record<string, readonly number[]> = {
  NS: [0],
  MD: [0],
  MF: [0],
  CNAME: [0],
  MB: [0],
  MG: [0],
  MR: [0],
  PTR: [0],
  DNAME: [0],
  NSEC: [0],
  NXT: [0],
  SOA: [0, 1],
  MINFO: [0, 1],
  RP: [0, 1],
  TALINK: [0, 1],
  MX: [1],
  AFSDB: [1],
  RT: [1],
  KX: [1],
  LP: [1],
  PX: [1, 2],
  SRV: [3],
  NAPTR: [5],
  SVCB: [1],
  HTTPS: [1],
  RRSIG: [7],
  SIG: [7],
};

/**
 * Returns the positions of domain names in `rdata` of `type`. Besides the fixed positions above,
 * AMTRELAY and IPSECKEY carry a name when their gateway type is 3 (RFC 8777, RFC 4025), and HIP
 * lists rendezvous servers after its third field (RFC 8005).
 */
export function nameFieldsOf(type: string, rdata: readonly { text: string }[]): readonly number[] {
  // AMTRELAY is `precedence discovery type relay`, IPSECKEY `precedence type algorithm gateway key`.
  if (
    (type === 'AMTRELAY' && rdata[2]?.text === '3') ||
    (type === 'IPSECKEY' && rdata[1]?.text === '3')
  ) {
    return [3];
  }
  if (type === 'HIP') {
    return rdata.map((_token, index) => index).filter((index) => index >= 3);
  }
  return RDATA_NAME_FIELDS[type] ?? [];
}
