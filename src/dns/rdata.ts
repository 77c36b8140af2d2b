/**
 * RDATA in zone-file presentation format: fields of the common record types parsed and checked,
 * with a precise problem (which field, why) when they do not parse. The zone-file parser and the
 * rules on canonical documents share it, so both judge RDATA the same way.
 */
import { isIPv4 } from 'node:net';

import { formatAddress, parseAddress } from '../util/ip.js';
import { formatName, parseName } from './names.js';
import type { DomainName } from './names.js';
import { quoteString, tokenizeRdata } from './tokens.js';
import type { RdataToken } from './tokens.js';
import { parseDuration } from './ttl.js';
import { canonicalType } from './types.js';
import { parseLoc } from './loc.js';
import type { LocRdata } from './loc.js';
import { parseSvcParams } from './svcb.js';
import type { SvcParam } from './svcb.js';

export { tokenizeRdata } from './tokens.js';
export type { RdataToken, TokenizeResult } from './tokens.js';

/** RDATA of the types driftgate checks field by field, discriminated by `type`. */
export type TypedRdata =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'NS' | 'CNAME' | 'DNAME' | 'PTR'; target: DomainName }
  | { type: 'SOA'; mname: DomainName; rname: DomainName; serial: number; refresh: number; retry: number; expire: number; minimum: number }
  | { type: 'MX'; preference: number; exchange: DomainName }
  | { type: 'TXT' | 'SPF'; strings: string[] }
  | { type: 'HINFO'; cpu: string; os: string }
  | { type: 'SRV'; priority: number; weight: number; port: number; target: DomainName }
  | { type: 'CAA'; flags: number; tag: string; value: string }
  | { type: 'TLSA'; usage: number; selector: number; matchingType: number; data: string }
  | { type: 'SSHFP'; algorithm: number; fingerprintType: number; fingerprint: string }
  | { type: 'DS'; keyTag: number; algorithm: number; digestType: number; digest: string }
  | { type: 'DNSKEY'; flags: number; protocol: number; algorithm: number; publicKey: string }
  | { type: 'NAPTR'; order: number; preference: number; flags: string; service: string; regexp: string; replacement: DomainName }
  | { type: 'SVCB' | 'HTTPS'; priority: number; target: DomainName; params: SvcParam[] }
  | ({ type: 'LOC' } & LocRdata);

/** Parsed RDATA: typed fields, the RFC 3597 generic form, or an unchecked known type. */
export type Rdata =
  | TypedRdata
  /** RFC 3597 generic form `\# length hex`, for any type. */
  | { type: string; generic: true; data: string }
  /** A known type whose fields driftgate does not check, such as RRSIG or NSEC. */
  | { type: string; unchecked: true; tokens: string[] };

/** A domain name inside RDATA, with the field it came from. */
export interface RdataName {
  field: string;
  name: DomainName;
  /** The name as written. */
  text: string;
}

/** Parsed RDATA with its names and a canonical text for comparing records. */
export interface ParsedRdata {
  rdata: Rdata;
  /** Every domain-name field, in field order. */
  names: RdataName[];
  /**
   * Canonical presentation text: names absolute and lower-cased, IPv6 addresses in RFC 5952
   * form, hex lower-cased, strings quoted. Two records with equal canonical text are duplicates.
   */
  canonical: string;
  /**
   * The same text with names absolute but their letter case kept, for writing a record outside
   * the `$ORIGIN` it was read under.
   * NOTE: types without field checks (RRSIG, NSEC and others) keep their words as written, so a
   * relative name inside them stays relative.
   */
  absolute: string;
}

/** Why RDATA does not parse: the field and the reason. */
export interface RdataProblem {
  /** Field name as the type's RFC spells it, such as `preference` or `exchange`. */
  field: string;
  message: string;
}

/** The outcome of parsing RDATA. */
export type RdataResult = ({ ok: true } & ParsedRdata) | { ok: false; problem: RdataProblem };

/** Settings of one RDATA parse. */
export interface RdataOptions {
  /** Origin that relative names in the RDATA are completed with. */
  origin?: DomainName;
}

class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Parses the RDATA of one record of `type` (a mnemonic or `TYPEnnn`). Call it once per record.
 * RDATA that does not parse yields `ok: false` with the field and the reason, not an exception.
 */
export function parseRdata(type: string, text: string | number, options: RdataOptions = {}): RdataResult {
  const canonical = canonicalType(type);
  if (canonical === undefined) {
    return { ok: false, problem: { field: 'type', message: `\`${type}\` is not a known record type; write a registered mnemonic or \`TYPEnnn\`` } };
  }
  const tokenized = tokenizeRdata(String(text));
  if (!tokenized.ok) return { ok: false, problem: { field: 'rdata', message: tokenized.message } };
  const reader = new FieldReader(tokenized.tokens, options.origin);
  try {
    const rdata = reader.tokens[0]?.raw === '\\#' && !reader.tokens[0].quoted ? parseGeneric(canonical, reader) : parseTyped(canonical, reader);
    reader.end();
    return { ok: true, rdata, names: reader.names, canonical: canonicalText(rdata, (name) => name.text), absolute: canonicalText(rdata, formatName) };
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, problem: { field: error.field, message: error.message } };
    throw error;
  }
}

/** Reads RDATA fields one token at a time, collecting the names it reads. */
class FieldReader {
  readonly names: RdataName[] = [];
  private position = 0;

  constructor(
    readonly tokens: readonly RdataToken[],
    private readonly origin: DomainName | undefined,
  ) {}

  get remaining(): number {
    return this.tokens.length - this.position;
  }

  next(field: string): RdataToken {
    const token = this.tokens[this.position];
    if (!token) throw new FieldError(field, `the ${field} field is missing`);
    this.position += 1;
    return token;
  }

  rest(): RdataToken[] {
    const rest = this.tokens.slice(this.position);
    this.position = this.tokens.length;
    return rest;
  }

  integer(field: string, max: number): number {
    const token = this.next(field);
    if (token.quoted || !/^\d+$/.test(token.raw) || Number(token.raw) > max) {
      throw new FieldError(field, `${field} \`${token.raw}\` is not a whole number from 0 to ${max}`);
    }
    return Number(token.raw);
  }

  name(field: string): DomainName {
    const token = this.next(field);
    const parsed = parseName(token.raw, this.origin);
    if (!parsed.ok) throw new FieldError(field, `${field}: ${parsed.problem.message}`);
    this.names.push({ field, name: parsed.name, text: token.raw });
    return parsed.name;
  }

  characterString(field: string, maxOctets = 255): string {
    const token = this.next(field);
    if (token.octets.length > maxOctets) {
      throw new FieldError(field, `${field} is ${token.octets.length} octets long; the maximum for a character-string is ${maxOctets} (RFC 1035 §3.3)`);
    }
    return token.octets;
  }

  end(): void {
    if (this.remaining > 0) {
      const extra = this.tokens.slice(this.position).map((token) => token.raw).join(' ');
      throw new FieldError('rdata', `unexpected text \`${extra}\` after the last field`);
    }
  }
}

/** Field names of single-name types, as RFC 1035 §3.3 and RFC 6672 spell them. */
const nameFieldOf = { NS: 'nsdname', CNAME: 'cname', DNAME: 'target', PTR: 'ptrdname' } as const;

function parseTyped(type: string, reader: FieldReader): Rdata {
  switch (type) {
    case 'A':
      return { type, address: ipv4(reader.next('address')) };
    case 'AAAA':
      return { type, address: ipv6(reader.next('address')) };
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
      return { type, target: reader.name(nameFieldOf[type]) };
    case 'SOA':
      return parseSoa(reader);
    case 'MX':
      return { type, preference: reader.integer('preference', 65535), exchange: reader.name('exchange') };
    case 'TXT':
    case 'SPF':
      return parseTxt(type, reader);
    case 'HINFO':
      return { type, cpu: reader.characterString('cpu'), os: reader.characterString('os') };
    case 'SRV':
      return { type, priority: reader.integer('priority', 65535), weight: reader.integer('weight', 65535), port: reader.integer('port', 65535), target: reader.name('target') };
    case 'CAA':
      return parseCaa(reader);
    case 'TLSA':
      return parseTlsa(reader);
    case 'SSHFP':
      return parseSshfp(reader);
    case 'DS':
      return parseDs(reader);
    case 'DNSKEY':
      return parseDnskey(reader);
    case 'NAPTR':
      return parseNaptr(reader);
    case 'SVCB':
    case 'HTTPS':
      return parseSvcb(type, reader);
    case 'LOC':
      return parseLocFields(reader);
    default:
      if (type.startsWith('TYPE')) {
        throw new FieldError('rdata', `type ${type} is not a known type, so its RDATA must use the generic form \`\\# length hex\` (RFC 3597 §5)`);
      }
      return { type, unchecked: true, tokens: reader.rest().map((token) => token.raw) };
  }
}

function ipv4(token: RdataToken): string {
  // inet_pton form only: four decimal octets, as BIND's A parser requires.
  if (token.quoted || !isIPv4(token.raw)) throw new FieldError('address', `\`${token.raw}\` is not an IPv4 address`);
  return token.raw;
}

function ipv6(token: RdataToken): string {
  const parsed = token.quoted || token.raw.includes('%') ? undefined : parseAddress(token.raw);
  if (!parsed || parsed.version !== 6) throw new FieldError('address', `\`${token.raw}\` is not an IPv6 address`);
  return formatAddress(6, parsed.value);
}

function parseSoa(reader: FieldReader): Rdata {
  const mname = reader.name('mname');
  const rname = reader.name('rname');
  const serialToken = reader.next('serial');
  // The range 0..4294967295 is judged by the dns-soa-problem rule, which names the RFC 1982 fix.
  if (!/^-?\d+$/.test(serialToken.raw)) throw new FieldError('serial', `serial \`${serialToken.raw}\` is not a whole number`);
  const timer = (field: string): number => seconds(reader.next(field), field, 4294967295);
  return { type: 'SOA', mname, rname, serial: Number(serialToken.raw), refresh: timer('refresh'), retry: timer('retry'), expire: timer('expire'), minimum: timer('minimum') };
}

/** Parses a time field written in seconds or with BIND's units (`1h30m`, `2w`). */
function seconds(token: RdataToken, field: string, max: number): number {
  const value = token.quoted ? undefined : parseDuration(token.raw);
  if (value === undefined) throw new FieldError(field, `${field} \`${token.raw}\` is not a number of seconds or a time such as \`1h\``);
  if (value > max) throw new FieldError(field, `${field} \`${token.raw}\` is above ${max} seconds`);
  return value;
}

function parseTxt(type: 'TXT' | 'SPF', reader: FieldReader): Rdata {
  if (reader.remaining === 0) throw new FieldError('txt-data', `${type} needs at least one character-string`);
  // Strings over 255 octets parse here: the dns-txt-string-too-long rule reports them with the fix.
  return { type, strings: reader.rest().map((token) => token.octets) };
}

function parseCaa(reader: FieldReader): Rdata {
  const flags = reader.integer('flags', 255);
  const tagToken = reader.next('tag');
  // RFC 8659 §4.1: the tag is US-ASCII letters and digits only.
  if (tagToken.quoted || !/^[A-Za-z0-9]+$/.test(tagToken.raw)) {
    throw new FieldError('tag', `tag \`${tagToken.raw}\` must be letters and digits only, such as \`issue\`, \`issuewild\` or \`iodef\``);
  }
  const valueToken = reader.next('value');
  if (reader.remaining > 0) {
    throw new FieldError('value', 'the value must be one word or one quoted string; quote a value that contains spaces');
  }
  return { type: 'CAA', flags, tag: tagToken.raw.toLowerCase(), value: valueToken.octets };
}

/** Digest lengths in octets by DS digest type (RFC 4034, RFC 4509, RFC 5933, RFC 6605). */
const dsDigestOctets: Record<number, number> = { 1: 20, 2: 32, 3: 32, 4: 48 };

/** Algorithm mnemonics that BIND accepts in DS and DNSKEY (RFC 8624 and the IANA registry). */
const algorithmNumbers: Record<string, number> = {
  RSAMD5: 1, DH: 2, DSA: 3, RSASHA1: 5, 'DSA-NSEC3-SHA1': 6, 'RSASHA1-NSEC3-SHA1': 7, RSASHA256: 8,
  RSASHA512: 10, 'ECC-GOST': 12, ECDSAP256SHA256: 13, ECDSAP384SHA384: 14, ED25519: 15, ED448: 16,
  INDIRECT: 252, PRIVATEDNS: 253, PRIVATEOID: 254,
};

function algorithm(reader: FieldReader): number {
  const token = reader.next('algorithm');
  const named = algorithmNumbers[token.raw.toUpperCase()];
  if (named !== undefined) return named;
  if (!/^\d+$/.test(token.raw) || Number(token.raw) > 255) {
    throw new FieldError('algorithm', `algorithm \`${token.raw}\` is not a number from 0 to 255 or a known mnemonic such as ECDSAP256SHA256`);
  }
  return Number(token.raw);
}

function hexField(reader: FieldReader, field: string, expectedOctets?: number): string {
  const hex = reader.rest().map((token) => token.raw).join('');
  if (hex === '' || !/^[0-9A-Fa-f]*$/.test(hex) || hex.length % 2 !== 0) {
    throw new FieldError(field, `${field} must be an even number of hexadecimal digits`);
  }
  if (expectedOctets !== undefined && hex.length / 2 !== expectedOctets) {
    throw new FieldError(field, `${field} is ${hex.length / 2} octets long; this digest type needs ${expectedOctets}`);
  }
  return hex.toLowerCase();
}

function parseTlsa(reader: FieldReader): Rdata {
  const usage = reader.integer('usage', 255);
  const selector = reader.integer('selector', 255);
  const matchingType = reader.integer('matching type', 255);
  // RFC 6698 §2.1.3: matching type 1 is SHA-256 (32 octets), 2 is SHA-512 (64 octets).
  const data = hexField(reader, 'certificate association data', ({ 1: 32, 2: 64 } as Record<number, number>)[matchingType]);
  return { type: 'TLSA', usage, selector, matchingType, data };
}

function parseSshfp(reader: FieldReader): Rdata {
  const algorithmNumber = reader.integer('algorithm', 255);
  const fingerprintType = reader.integer('fingerprint type', 255);
  // RFC 4255 §3.1 and RFC 6594: type 1 is SHA-1 (20 octets), type 2 is SHA-256 (32 octets).
  const fingerprint = hexField(reader, 'fingerprint', ({ 1: 20, 2: 32 } as Record<number, number>)[fingerprintType]);
  return { type: 'SSHFP', algorithm: algorithmNumber, fingerprintType, fingerprint };
}

function parseDs(reader: FieldReader): Rdata {
  const keyTag = reader.integer('key tag', 65535);
  const algorithmNumber = algorithm(reader);
  const digestType = reader.integer('digest type', 255);
  const digest = hexField(reader, 'digest', dsDigestOctets[digestType]);
  return { type: 'DS', keyTag, algorithm: algorithmNumber, digestType, digest };
}

function parseDnskey(reader: FieldReader): Rdata {
  const flags = reader.integer('flags', 65535);
  const protocol = reader.integer('protocol', 255);
  // RFC 4034 §2.1.2: the protocol field must be 3, or the key is treated as invalid.
  if (protocol !== 3) throw new FieldError('protocol', `protocol is ${protocol}; RFC 4034 requires 3`);
  const algorithmNumber = algorithm(reader);
  const publicKey = reader.rest().map((token) => token.raw).join('');
  if (!isBase64(publicKey)) throw new FieldError('public key', 'the public key must be base64 text');
  return { type: 'DNSKEY', flags, protocol, algorithm: algorithmNumber, publicKey };
}

/** Returns true for non-empty, correctly padded base64 text. */
export function isBase64(text: string): boolean {
  return text.length > 0 && text.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(text);
}

function parseNaptr(reader: FieldReader): Rdata {
  const order = reader.integer('order', 65535);
  const preference = reader.integer('preference', 65535);
  const flags = reader.characterString('flags');
  // RFC 3403 §4.1: flags are single letters and digits.
  if (!/^[A-Za-z0-9]*$/.test(flags)) throw new FieldError('flags', `flags \`${flags}\` must be letters and digits only`);
  const service = reader.characterString('service');
  const regexp = reader.characterString('regexp');
  const replacement = reader.name('replacement');
  return { type: 'NAPTR', order, preference, flags, service, regexp, replacement };
}

function parseSvcb(type: 'SVCB' | 'HTTPS', reader: FieldReader): Rdata {
  const priority = reader.integer('priority', 65535);
  const target = reader.name('target');
  const params = parseSvcParams(reader.rest());
  if (!params.ok) throw new FieldError(params.field, params.message);
  return { type, priority, target, params: params.params };
}

function parseLocFields(reader: FieldReader): Rdata {
  const loc = parseLoc(reader.rest().map((token) => token.raw));
  if (!loc.ok) throw new FieldError(loc.field, loc.message);
  return { type: 'LOC', ...loc.value };
}

function parseGeneric(type: string, reader: FieldReader): Rdata {
  reader.next('\\#');
  const length = reader.integer('length', 65535);
  const hex = reader.remaining === 0 ? '' : hexField(reader, 'data');
  if (hex.length / 2 !== length) {
    throw new FieldError('data', `the generic RDATA declares ${length} octets but contains ${hex.length / 2} (RFC 3597 §5)`);
  }
  // NOTE: the wire data of a known type is not decoded, so its fields are not checked.
  return { type, generic: true, data: hex };
}

/** Formats RDATA in one normal spelling, writing names with `nameText`. */
function canonicalText(rdata: Rdata, nameText: (name: DomainName) => string): string {
  if ('generic' in rdata) return `\\# ${rdata.data.length / 2} ${rdata.data}`;
  if ('unchecked' in rdata) return rdata.tokens.join(' ');
  switch (rdata.type) {
    case 'TXT':
    case 'SPF':
      return rdata.strings.map(quoteString).join(' ');
    case 'HINFO':
      return `${quoteString(rdata.cpu)} ${quoteString(rdata.os)}`;
    case 'CAA':
      return `${rdata.flags} ${rdata.tag} ${quoteString(rdata.value)}`;
    case 'NAPTR':
      return [rdata.order, rdata.preference, quoteString(rdata.flags), quoteString(rdata.service), quoteString(rdata.regexp), nameText(rdata.replacement)].join(' ');
    case 'SVCB':
    case 'HTTPS':
      return [rdata.priority, nameText(rdata.target), ...rdata.params.map((param) => (param.value === undefined ? param.key : `${param.key}=${quoteString(param.value)}`))].join(' ');
    default:
      return Object.entries(rdata)
        .filter(([key]) => key !== 'type')
        .map(([, value]) => (typeof value === 'object' && value !== null && 'labels' in value ? nameText(value as DomainName) : String(value)))
        .join(' ');
  }
}

/** Returns the RDATA when its fields were parsed and checked, else undefined. */
export function typedRdata(result: RdataResult): TypedRdata | undefined {
  if (!result.ok || 'generic' in result.rdata || 'unchecked' in result.rdata) return undefined;
  return result.rdata;
}

/** Returns the host name a record points to (NS, MX, SRV, SVCB, HTTPS, PTR, CNAME targets). */
export function targetOf(rdata: Rdata): DomainName | undefined {
  if ('generic' in rdata || 'unchecked' in rdata) return undefined;
  switch (rdata.type) {
    case 'NS':
    case 'CNAME':
    case 'DNAME':
    case 'PTR':
    case 'SRV':
    case 'SVCB':
    case 'HTTPS':
      return rdata.target;
    case 'MX':
      return rdata.exchange;
    default:
      return undefined;
  }
}
