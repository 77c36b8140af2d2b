/**
 * Presentation-format pieces of master files: domain names, TTLs, classes and RR types
 * (RFC 1035 section 5.1, RFC 2308 section 4 for `$TTL`, RFC 3597 for `TYPEnnn` and `CLASSnnn`).
 */
import { domainToASCII, domainToUnicode } from 'node:url';

/** Largest TTL that BIND accepts as written (RFC 2181 section 8 allows up to 2^31 - 1). */
export const MAX_TTL = 2147483647;

/** A name made absolute, or the reason it is invalid. */
export type NameResult = { name: string } | { error: string };

/**
 * Makes `text` absolute against `origin`: `@` is the origin, a name without a trailing dot is
 * relative. Checks label and name lengths in octets (RFC 1035 section 2.3.4: 63 and 255) and
 * converts labels with non-ASCII letters to their punycode A-label (RFC 5891).
 */
export function absoluteName(text: string, origin: string | undefined): NameResult {
  if (text === '@') {
    return origin === undefined ? { error: '`@` is used but no origin is known' } : { name: origin };
  }
  if (text === '.') {
    return { name: '.' };
  }
  const absolute = endsWithUnescapedDot(text);
  if (!absolute && origin === undefined) {
    return { error: `relative name \`${text}\` but no origin is known` };
  }
  const body = absolute ? text.slice(0, -1) : text;
  if (isPlainHostname(body)) {
    const name = absolute ? text : origin === '.' ? `${body}.` : `${body}.${origin}`;
    // Without escapes, a name's wire length is its text length plus the root label's octet.
    return name.length + 1 > 255 ? { error: `name \`${name}\` is ${name.length + 1} octets long, more than the 255 allowed` } : { name };
  }
  const labels = splitLabels(body);
  if (typeof labels === 'string') {
    return { error: `invalid name \`${text}\`: ${labels}` };
  }
  const ascii = labels.map(toAsciiLabel);
  if (ascii.some((label) => label === undefined)) {
    return { error: `invalid name \`${text}\`: a label is not a valid internationalized (IDNA) label` };
  }
  const joined = (ascii as string[]).join('.');
  const name = absolute ? `${joined}.` : origin === '.' ? `${joined}.` : `${joined}.${origin}`;
  const wireLength = nameWireLength(name);
  if (wireLength > 255) {
    return { error: `name \`${name}\` is ${wireLength} octets long, more than the 255 allowed` };
  }
  return { name };
}

const plainLabels = /^[A-Za-z0-9_*-]{1,63}(?:\.[A-Za-z0-9_*-]{1,63})*$/;

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

/** Splits on unescaped dots and checks each label; returns an error text when one is invalid. */
function splitLabels(body: string): string[] | string {
  const labels: string[] = [];
  let start = 0;
  let octets = 0;
  for (let index = 0; index <= body.length; index += 1) {
    const char = body[index];
    if (index === body.length || char === '.') {
      if (index === start) {
        return 'empty label (two dots in a row, or a leading dot)';
      }
      if (octets > 63) {
        return `label \`${body.slice(start, index)}\` is ${octets} octets long, more than the 63 allowed`;
      }
      labels.push(body.slice(start, index));
      start = index + 1;
      octets = 0;
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
      octets += 1;
    } else {
      octets += Buffer.byteLength(char as string);
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

/** Returns the length of an absolute presentation-form name on the wire, in octets. */
export function nameWireLength(name: string): number {
  if (name === '.') {
    return 1;
  }
  if (!name.includes('\\')) {
    return name.length + 1;
  }
  const unescaped = name.replace(/\\[0-9]{3}/g, 'x').replace(/\\./g, 'x');
  return unescaped.length + 1;
}

const TTL_UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/**
 * Parses a TTL in seconds, plain (`3600`) or with BIND's units (`1h30m`, `2w`). Returns
 * undefined for text that is no TTL and for values above 2^32 - 1, which BIND rejects.
 */
export function parseTtl(text: string): number | undefined {
  let seconds: number;
  if (/^[0-9]+$/.test(text)) {
    seconds = Number(text);
  } else if (/^([0-9]+[smhdwSMHDW])+$/.test(text)) {
    seconds = 0;
    for (const match of text.matchAll(/([0-9]+)([smhdwSMHDW])/g)) {
      seconds += Number(match[1]) * (TTL_UNITS[(match[2] as string).toLowerCase()] as number);
    }
  } else {
    return undefined;
  }
  return seconds > 0xffffffff ? undefined : seconds;
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

/**
 * RR type numbers by mnemonic for the data types BIND 9 reads, from the IANA "Resource Record
 * (RR) TYPEs" registry (KEYDATA is BIND's private type). Meta types are in META_TYPES instead.
 */
const TYPE_NUMBERS: Record<string, number> = {
  A: 1, NS: 2, MD: 3, MF: 4, CNAME: 5, SOA: 6, MB: 7, MG: 8, MR: 9, NULL: 10, WKS: 11, PTR: 12,
  HINFO: 13, MINFO: 14, MX: 15, TXT: 16, RP: 17, AFSDB: 18, X25: 19, ISDN: 20, RT: 21, NSAP: 22,
  'NSAP-PTR': 23, SIG: 24, KEY: 25, PX: 26, GPOS: 27, AAAA: 28, LOC: 29, NXT: 30, EID: 31,
  NIMLOC: 32, SRV: 33, ATMA: 34, NAPTR: 35, KX: 36, CERT: 37, A6: 38, DNAME: 39, SINK: 40,
  APL: 42, DS: 43, SSHFP: 44, IPSECKEY: 45, RRSIG: 46, NSEC: 47, DNSKEY: 48, DHCID: 49,
  NSEC3: 50, NSEC3PARAM: 51, TLSA: 52, SMIMEA: 53, HIP: 55, NINFO: 56, RKEY: 57, TALINK: 58,
  CDS: 59, CDNSKEY: 60, OPENPGPKEY: 61, CSYNC: 62, ZONEMD: 63, SVCB: 64, HTTPS: 65, DSYNC: 66,
  BRID: 68, SPF: 99, UINFO: 100, UID: 101, GID: 102, UNSPEC: 103, NID: 104, L32: 105, L64: 106,
  LP: 107, EUI48: 108, EUI64: 109, URI: 256, CAA: 257, AVC: 258, DOA: 259, AMTRELAY: 260,
  RESINFO: 261, WALLET: 262, CLA: 263, IPN: 264, TA: 32768, DLV: 32769, KEYDATA: 65533,
};

const MNEMONICS = new Map(Object.entries(TYPE_NUMBERS).map(([mnemonic, number]) => [number, mnemonic]));

/** Types that only exist in queries and transfers (RFC 6895 section 3.1). */
const META_TYPES = new Set(['OPT', 'TKEY', 'TSIG', 'IXFR', 'AXFR', 'MAILB', 'MAILA', 'ANY']);
const META_NUMBERS = new Set([0, 41, 249, 250, 251, 252, 253, 254, 255]);

/**
 * What a type token is: a data type, a meta type, or unknown. `known` is false for an RFC 3597
 * `TYPEnnn` whose number has no mnemonic, whose RDATA must then be written as `\\# length hex`.
 */
export type TypeLookup = { type: string; known: boolean } | { meta: string } | { unknown: string };

/** Looks up an RR type mnemonic or `TYPEnnn`; `TYPE1` comes back as `A`, as BIND prints it. */
export function lookupType(text: string): TypeLookup {
  const upper = text.toUpperCase();
  if (TYPE_NUMBERS[upper] !== undefined) {
    return { type: upper, known: true };
  }
  if (META_TYPES.has(upper)) {
    return { meta: upper };
  }
  const number = /^TYPE[0-9]{1,5}$/.test(upper) ? Number(upper.slice(4)) : Number.NaN;
  if (number <= 65535) {
    const mnemonic = MNEMONICS.get(number);
    if (mnemonic !== undefined) {
      return { type: mnemonic, known: true };
    }
    return META_NUMBERS.has(number) ? { meta: upper } : { type: `TYPE${number}`, known: false };
  }
  return { unknown: text };
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
