/**
 * Presentation-format pieces of master files: domain names, TTLs, classes and RR types
 * (RFC 1035 section 5.1, RFC 2308 section 4 for `$TTL`, RFC 3597 for `TYPEnnn` and `CLASSnnn`).
 */
import { domainToASCII } from 'node:url';

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
  const labels = splitLabels(body);
  if (typeof labels === 'string') {
    return { error: `invalid name \`${text}\`: ${labels}` };
  }
  const ascii = labels.map(toAsciiLabel);
  if (ascii.some((label) => label === undefined)) {
    return { error: `invalid name \`${text}\`: a label is not a valid internationalized label` };
  }
  const joined = (ascii as string[]).join('.');
  const name = absolute ? `${joined}.` : origin === '.' ? `${joined}.` : `${joined}.${origin}`;
  const wireLength = nameWireLength(name);
  if (wireLength > 255) {
    return { error: `name \`${name}\` is ${wireLength} octets long, more than the 255 allowed` };
  }
  return { name };
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

function toAsciiLabel(label: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/^[\u0000-\u007f]*$/.test(label)) {
    return label;
  }
  const ascii = domainToASCII(label);
  return ascii === '' ? undefined : ascii;
}

/** Returns the length of an absolute presentation-form name on the wire, in octets. */
export function nameWireLength(name: string): number {
  if (name === '.') {
    return 1;
  }
  const unescaped = name.replace(/\\[0-9]{3}/g, 'x').replace(/\\./g, 'x');
  return unescaped.length + 1;
}

/** Returns true when `name` is `origin` or below it, compared case-insensitively. */
export function isInZone(name: string, origin: string): boolean {
  const lowerName = name.toLowerCase();
  const lowerOrigin = origin.toLowerCase();
  return lowerOrigin === '.' || lowerName === lowerOrigin || lowerName.endsWith(`.${lowerOrigin}`);
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
 * RR type mnemonics BIND 9 reads, from the IANA "Resource Record (RR) TYPEs" registry.
 * Meta types that cannot appear in a zone are in META_TYPES instead.
 */
const DATA_TYPES = new Set(
  (
    'A NS MD MF CNAME SOA MB MG MR NULL WKS PTR HINFO MINFO MX TXT RP AFSDB X25 ISDN RT NSAP ' +
    'NSAP-PTR SIG KEY PX GPOS AAAA LOC NXT EID NIMLOC SRV ATMA NAPTR KX CERT A6 DNAME SINK ' +
    'APL DS SSHFP IPSECKEY RRSIG NSEC DNSKEY DHCID NSEC3 NSEC3PARAM TLSA SMIMEA HIP NINFO RKEY ' +
    'TALINK CDS CDNSKEY OPENPGPKEY CSYNC ZONEMD SVCB HTTPS DSYNC SPF UINFO UID GID UNSPEC NID ' +
    'L32 L64 LP EUI48 EUI64 URI CAA AVC DOA AMTRELAY RESINFO WALLET CLA IPN TA DLV KEYDATA BRID'
  ).split(' '),
);

/** Types that only exist in queries and transfers (RFC 6895 section 3.1). */
const META_TYPES = new Set(['OPT', 'TKEY', 'TSIG', 'IXFR', 'AXFR', 'MAILB', 'MAILA', 'ANY']);

/** What a type token is: a data type (upper-cased), a meta type, or unknown. */
export type TypeLookup = { type: string } | { meta: string } | { unknown: string };

/** Looks up an RR type mnemonic or an RFC 3597 `TYPEnnn`. */
export function lookupType(text: string): TypeLookup {
  const upper = text.toUpperCase();
  if (DATA_TYPES.has(upper)) {
    return { type: upper };
  }
  if (META_TYPES.has(upper)) {
    return { meta: upper };
  }
  if (/^TYPE[0-9]{1,5}$/.test(upper) && Number(upper.slice(4)) <= 65535) {
    return { type: upper };
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
