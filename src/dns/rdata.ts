/**
 * RDATA in zone-file presentation format: fields of the common record types parsed and checked,
 * with a precise problem (which field, why) when they do not parse. The zone-file parser and the
 * rules on canonical documents share it, so both judge RDATA the same way.
 */
import { isIPv4 } from 'node:net';

import { formatAddress, parseAddress } from '../util/ip.js';
import { canonicalIPv6 } from './ipv6.js';
import { formatName, parseNameCached } from './names.js';
import type { DomainName, NameResult } from './names.js';
import { quoteString, tokenizeRdata } from './tokens.js';
import type { RdataToken } from './tokens.js';
import { parseDuration } from './ttl.js';
import { canonicalType } from './types.js';
import { parseLoc } from './loc.js';
import type { LocRdata } from './loc.js';
import { dnsServerParamsProblem, isDnsServerName, parseSvcParams } from './svcb.js';
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
  | { type: 'DS' | 'CDS'; keyTag: number; algorithm: number; digestType: number; digest: string }
  | { type: 'DNSKEY' | 'CDNSKEY'; flags: number; protocol: number; algorithm: number; publicKey: string }
  | { type: 'EUI48' | 'EUI64'; address: string }
  | { type: 'NSAP'; data: string }
  | { type: 'NSEC3'; hashAlgorithm: number; flags: number; iterations: number; salt: string; nextHashedOwner: string; types: string[] }
  | { type: 'NSEC3PARAM'; hashAlgorithm: number; flags: number; iterations: number; salt: string }
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
  /** The record's owner, for RDATA whose rules depend on it, such as SVCB at `_dns` names. */
  owner?: DomainName;
  /** Parsed names of earlier records under the same origin, shared to save work and memory. */
  nameCache?: Map<string, NameResult>;
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
  const reader = new FieldReader(tokenized.tokens, options.origin, options.nameCache, options.owner);
  try {
    const rdata = reader.tokens[0]?.raw === '\\#' && !reader.tokens[0].quoted ? parseGeneric(canonical, reader) : parseTyped(canonical, reader);
    reader.end();
    return new ParsedRecordData(rdata, reader.names);
  } catch (error) {
    if (error instanceof FieldError) return { ok: false, problem: { field: error.field, message: error.message } };
    throw error;
  }
}

/** The name list of RDATA without names, shared so that A, AAAA and TXT records allocate none. */
const NO_NAMES: RdataName[] = Object.freeze([]) as unknown as RdataName[];

/**
 * A successful parse. The canonical texts are built on first use, because most records of a
 * large zone never need them.
 */
class ParsedRecordData implements ParsedRdata {
  constructor(
    readonly rdata: Rdata,
    readonly names: RdataName[],
  ) {}

  /** True, on the prototype, so that each of the many records stores two fields only. */
  get ok(): true {
    return true;
  }

  get canonical(): string {
    let text = canonicalTexts.get(this);
    if (text === undefined) {
      text = canonicalText(this.rdata, (name) => name.text);
      canonicalTexts.set(this, text);
    }
    return text;
  }

  get absolute(): string {
    let text = absoluteTexts.get(this);
    if (text === undefined) {
      text = canonicalText(this.rdata, formatName);
      absoluteTexts.set(this, text);
    }
    return text;
  }
}

/** Texts of {@link ParsedRecordData} built so far, kept aside because few records need them. */
const canonicalTexts = new WeakMap<ParsedRecordData, string>();
const absoluteTexts = new WeakMap<ParsedRecordData, string>();

/** Reads RDATA fields one token at a time, collecting the names it reads. */
class FieldReader {
  /** Names read so far. Most RDATA has none or one, so the list is created at the first name. */
  names: RdataName[] = NO_NAMES;
  private position = 0;

  constructor(
    readonly tokens: readonly RdataToken[],
    private readonly origin: DomainName | undefined,
    private readonly nameCache: Map<string, NameResult> | undefined,
    readonly owner: DomainName | undefined,
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
    const parsed = parseNameCached(token.raw, this.origin, this.nameCache);
    if (!parsed.ok) throw new FieldError(field, `${field}: ${parsed.problem.message}`);
    const entry = { field, name: parsed.name, text: token.raw };
    if (this.names === NO_NAMES) this.names = [entry];
    else this.names.push(entry);
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
    case 'CDS':
      return parseDs(type, reader);
    case 'DNSKEY':
    case 'CDNSKEY':
      return parseDnskey(type, reader);
    case 'EUI48':
    case 'EUI64':
      return parseEui(type, reader);
    case 'NSAP':
      return parseNsap(reader);
    case 'NSEC3':
      return parseNsec3(reader);
    case 'NSEC3PARAM':
      return { type, ...parseNsec3Parameters(reader) };
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
  const fast = token.quoted ? undefined : canonicalIPv6(token.raw);
  if (fast !== undefined) return fast;
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

function parseDs(type: 'DS' | 'CDS', reader: FieldReader): Rdata {
  const keyTag = reader.integer('key tag', 65535);
  const algorithmNumber = algorithm(reader);
  const digestType = reader.integer('digest type', 255);
  const digest = hexField(reader, 'digest', dsDigestOctets[digestType]);
  return { type, keyTag, algorithm: algorithmNumber, digestType, digest };
}

function parseDnskey(type: 'DNSKEY' | 'CDNSKEY', reader: FieldReader): Rdata {
  const flags = reader.integer('flags', 65535);
  const protocol = reader.integer('protocol', 255);
  // RFC 4034 §2.1.2: the protocol field must be 3, or the key is treated as invalid.
  if (protocol !== 3) throw new FieldError('protocol', `protocol is ${protocol}; RFC 4034 requires 3`);
  const algorithmNumber = algorithm(reader);
  const publicKey = reader.rest().map((token) => token.raw).join('');
  if (!isBase64(publicKey)) throw new FieldError('public key', 'the public key must be base64 text');
  return { type, flags, protocol, algorithm: algorithmNumber, publicKey };
}

/** RFC 7043 §3.2 and §4.2: six or eight groups of exactly two hex digits joined by hyphens. */
const euiPatterns = { EUI48: /^[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}$/, EUI64: /^[0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){7}$/ };

function parseEui(type: 'EUI48' | 'EUI64', reader: FieldReader): Rdata {
  const token = reader.next('address');
  if (token.quoted || !euiPatterns[type].test(token.raw)) {
    const groups = type === 'EUI48' ? 'six' : 'eight';
    throw new FieldError('address', `\`${token.raw}\` is not ${groups} groups of two hexadecimal digits joined by \`-\`, such as \`00-00-5e-00-53-2a\``);
  }
  return { type, address: token.raw.toLowerCase() };
}

function parseNsap(reader: FieldReader): Rdata {
  const token = reader.next('address');
  // RFC 1706 §5: `0x`, then hex digits with optional `.` separators for readability.
  const digits = /^0x[0-9A-Fa-f.]*$/i.test(token.raw) ? token.raw.slice(2).replaceAll('.', '') : undefined;
  if (token.quoted || digits === undefined || digits === '' || digits.length % 2 !== 0) {
    throw new FieldError('address', `\`${token.raw}\` is not \`0x\` followed by an even number of hexadecimal digits (RFC 1706)`);
  }
  return { type: 'NSAP', data: digits.toLowerCase() };
}

/** NSEC3 hash algorithm 1 is SHA-1, whose hashes are 20 octets (RFC 5155 §11). */
const NSEC3_SHA1 = 1;
const SHA1_OCTETS = 20;

function parseNsec3Parameters(reader: FieldReader): { hashAlgorithm: number; flags: number; iterations: number; salt: string } {
  const hashAlgorithm = reader.integer('hash algorithm', 255);
  const flags = reader.integer('flags', 255);
  const iterations = reader.integer('iterations', 65535);
  const saltToken = reader.next('salt');
  // RFC 5155 §3.3: `-` is the empty salt, else an even number of hex digits, at most 255 octets.
  const salt = saltToken.raw === '-' ? '' : saltToken.raw;
  if (saltToken.quoted || !/^(?:[0-9A-Fa-f]{2})*$/.test(salt) || salt.length > 510) {
    throw new FieldError('salt', `salt \`${saltToken.raw}\` must be \`-\` or an even number of hexadecimal digits, at most 255 octets`);
  }
  return { hashAlgorithm, flags, iterations, salt: salt.toLowerCase() };
}

function parseNsec3(reader: FieldReader): Rdata {
  const parameters = parseNsec3Parameters(reader);
  const hashToken = reader.next('next hashed owner name');
  const octets = base32HexOctets(hashToken.raw);
  if (hashToken.quoted || octets === undefined) {
    throw new FieldError('next hashed owner name', `\`${hashToken.raw}\` is not base32hex without padding (RFC 5155 §3.3: digits 0-9 and letters A-V, no \`=\`)`);
  }
  if (parameters.hashAlgorithm === NSEC3_SHA1 && octets !== SHA1_OCTETS) {
    throw new FieldError('next hashed owner name', `the next hashed owner name is ${octets} octets long; a SHA-1 hash (algorithm 1) is ${SHA1_OCTETS}`);
  }
  const types = reader.rest().map((token) => {
    const type = token.quoted ? undefined : canonicalType(token.raw);
    if (type === undefined) throw new FieldError('type bit maps', `\`${token.raw}\` is not a record type mnemonic or \`TYPEnnn\``);
    return type;
  });
  return { type: 'NSEC3', ...parameters, nextHashedOwner: hashToken.raw.toLowerCase(), types };
}

/**
 * Returns the number of octets that base32hex text without padding encodes (RFC 4648 §7, as
 * RFC 5155 §3.3 writes hashes), or undefined when the text is not such base32hex.
 */
export function base32HexOctets(text: string): number | undefined {
  // A final group of 1, 3 or 6 characters cannot come from whole octets.
  if (text === '' || !/^[0-9A-Va-v]+$/.test(text) || [1, 3, 6].includes(text.length % 8)) return undefined;
  return Math.floor((text.length * 5) / 8);
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
  // Priority 0 is AliasMode, which carries no SvcParams to judge (RFC 9460 §2.4.2).
  if (priority > 0 && reader.owner && isDnsServerName(reader.owner)) {
    const problem = dnsServerParamsProblem(params.params);
    if (problem) throw new FieldError(problem.field, problem.message);
  }
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
    case 'NSEC3':
      return [rdata.hashAlgorithm, rdata.flags, rdata.iterations, rdata.salt || '-', rdata.nextHashedOwner, ...rdata.types].join(' ');
    case 'NSEC3PARAM':
      return [rdata.hashAlgorithm, rdata.flags, rdata.iterations, rdata.salt || '-'].join(' ');
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
