/**
 * Domain names in zone-file presentation format (RFC 1035 §5.1). Covers relative names and `@`
 * against an origin, `\.` and `\DDD` escapes, and lengths in wire octets. IDN labels become
 * their ACE (punycode) form, and host names follow RFC 952 and RFC 1123 §2.1.
 */
import { domainToASCII, domainToUnicode } from 'node:url';

import { decodeEscape } from './tokens.js';

/** Maximum octets of one label on the wire (RFC 1035 §2.3.4). */
export const MAX_LABEL_OCTETS = 63;

/**
 * Maximum octets of a whole name on the wire, length octets and the root label included
 * (RFC 1035 §2.3.4). In presentation form that is at most 253 characters without the final dot
 * when no label needs escapes.
 */
export const MAX_NAME_OCTETS = 255;

/** A domain name parsed from presentation text. */
export interface DomainName {
  /**
   * Labels from the leftmost one, escapes decoded, one character per octet (codes 0-255),
   * IDN labels converted to their ACE form. The root label is not included.
   */
  labels: string[];
  /** Canonical presentation text: absolute, ASCII letters lower-cased, ending in `.`. */
  text: string;
  /** Length in wire octets, length octets and the root label included. */
  wireLength: number;
}

/** The reason a name did not parse. */
export interface NameProblem {
  message: string;
}

/** The outcome of parsing a name: the name, or a problem. */
export type NameResult = { ok: true; name: DomainName } | { ok: false; problem: NameProblem };

/** Canonical name of the root zone. */
export const ROOT_NAME = '.';

/**
 * Parses a presentation name. A name that does not end in an unescaped `.` is relative and gets
 * `origin` appended; `@` is the origin itself. Lengths are not judged here, so that a rule can
 * report an over-long name with its length instead of failing to parse it.
 */
export function parseName(text: string, origin?: DomainName): NameResult {
  if (text === '@') {
    return origin ? { ok: true, name: origin } : fail('`@` needs an origin, and none is set');
  }
  if (text === '.') {
    return { ok: true, name: makeName([]) };
  }
  const plain = parsePlainName(text, origin);
  if (plain) return { ok: true, name: plain };
  const split = splitLabels(text);
  if ('message' in split) return { ok: false, problem: split };
  if (!split.absolute && !origin) {
    return fail(`\`${text}\` is a relative name, and no origin is set to complete it`);
  }
  const labels = [];
  for (const label of split.labels) {
    const converted = toAsciiLabel(label);
    if (converted === undefined) {
      return fail(`label \`${label.raw}\` is not a valid internationalised (IDNA) label`);
    }
    labels.push(converted);
  }
  return { ok: true, name: makeName(split.absolute ? labels : [...labels, ...(origin?.labels ?? [])]) };
}

/**
 * Parses a name like {@link parseName}, keeping results in `cache`, which must belong to one
 * `origin`. Zones repeat owner and target names often, so the zone index shares the parsed names.
 * Callers must not change the returned names.
 */
export function parseNameCached(text: string, origin: DomainName | undefined, cache: Map<string, NameResult> | undefined): NameResult {
  if (!cache) return parseName(text, origin);
  let result = cache.get(text);
  if (!result) {
    result = parseName(text, origin);
    cache.set(text, result);
  }
  return result;
}

/** Parses a zone origin; an origin is absolute even when written without the final dot. */
export function parseOrigin(text: string): NameResult {
  const trimmed = text.trim();
  if (trimmed === '' || trimmed === '@') return fail('the origin is empty');
  return parseName(/(^|[^\\])(\\\\)*\.$/.test(trimmed) ? trimmed : `${trimmed}.`);
}

/**
 * Labels of letters, digits, `-`, `_` and `*` only, not starting with `xn--`, separated by
 * single dots. Names in real zones are nearly all like this, and they need neither escape decoding,
 * nor IDNA conversion, nor escaping when formatted, so they take a shorter path.
 */
const PLAIN_NAME = /^(?!xn--)[A-Za-z0-9_*-]+(?:\.(?!xn--)[A-Za-z0-9_*-]+)*\.?$/i;
const PLAIN_LABEL = /^[A-Za-z0-9_*-]+$/;

/** Parses a name that matches {@link PLAIN_NAME}; undefined for any other text or a missing origin. */
function parsePlainName(text: string, origin: DomainName | undefined): DomainName | undefined {
  if (!PLAIN_NAME.test(text)) return undefined;
  const absolute = text.endsWith('.');
  // ASCII-only text, so toLowerCase changes the letters A-Z only, as RFC 4343 comparison needs.
  if (absolute) return { labels: absoluteLabels(text, origin), text: text.toLowerCase(), wireLength: text.length + 1 };
  const written = text;
  const labels = written.split('.');
  const lowered = written.toLowerCase();
  if (!origin) return undefined;
  if (origin.labels.length === 0) return { labels, text: `${lowered}.`, wireLength: written.length + 2 };
  return {
    labels: labels.concat(origin.labels),
    text: `${lowered}.${origin.text}`,
    wireLength: written.length + 1 + origin.wireLength,
  };
}

/**
 * Returns the labels of a plain absolute name. A name below `origin` that spells the origin with
 * the same letter case shares the origin's label strings, because a large zone repeats them in
 * every name.
 */
function absoluteLabels(text: string, origin: DomainName | undefined): string[] {
  if (origin !== undefined && origin.labels.length > 0) {
    const suffix = writtenText(origin);
    const prefixLength = text.length - suffix.length - 1;
    if (prefixLength > 0 && text.charCodeAt(prefixLength) === DOT && text.endsWith(suffix)) {
      return text.slice(0, prefixLength).split('.').concat(origin.labels);
    }
  }
  return text.slice(0, -1).split('.');
}

const DOT = 0x2e;

/** Origins written with their letter case kept ({@link formatName}), computed once per origin. */
const writtenOrigins = new WeakMap<DomainName, string>();

function writtenText(name: DomainName): string {
  let text = writtenOrigins.get(name);
  if (text === undefined) {
    text = formatName(name);
    writtenOrigins.set(name, text);
  }
  return text;
}

interface RawLabel {
  /** The label as written, escapes included. */
  raw: string;
  /** Octets after decoding escapes. */
  octets: string;
  /** True when the label contained an escape, so it is not an IDN candidate. */
  escaped: boolean;
}

/** Splits presentation text into labels at unescaped dots, decoding `\.`, `\\` and `\DDD`. */
function splitLabels(text: string): { labels: RawLabel[]; absolute: boolean } | NameProblem {
  const labels: RawLabel[] = [];
  let current: RawLabel = { raw: '', octets: '', escaped: false };
  let absolute = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (char === '\\') {
      const escape = decodeEscape(text, index);
      if ('message' in escape) return escape;
      current.octets += escape.octet;
      current.raw += text.slice(index, escape.end);
      index = escape.end - 1;
      current.escaped = true;
      continue;
    }
    if (char === '.') {
      if (current.raw === '') return { message: `\`${text}\` has an empty label` };
      labels.push(current);
      current = { raw: '', octets: '', escaped: false };
      if (index === text.length - 1) absolute = true;
      continue;
    }
    if (/\s/.test(char)) return { message: `\`${text}\` contains white space; escape it as \`\\032\`` };
    current.raw += char;
    current.octets += char;
  }
  if (current.raw !== '') labels.push(current);
  if (labels.length === 0) return { message: 'the name is empty' };
  return { labels, absolute };
}

/**
 * Returns the label in its ACE form: non-ASCII labels through UTS #46 processing
 * (`url.domainToASCII`, IDNA2008 non-transitional), `xn--` labels checked by decoding them.
 * Undefined when the label is not valid IDNA. Other labels keep their octets.
 */
function toAsciiLabel(label: RawLabel): string | undefined {
  const nonAscii = /[^\x00-\x7f]/.test(label.octets);
  const ace = /^xn--/i.test(label.octets);
  if (label.escaped || (!nonAscii && !ace)) {
    return label.octets;
  }
  const converted = domainToASCII(label.octets);
  // domainToASCII works on whole host names: a converted label must stay one label.
  if (converted === '' || converted.includes('.')) return undefined;
  return converted;
}

function makeName(labels: string[]): DomainName {
  if (labels.length === 0) return { labels, text: ROOT_NAME, wireLength: 1 };
  // Labels without dots or characters that need escaping are written as they are, lower-cased.
  const plain = labels.every((label) => PLAIN_LABEL.test(label));
  const text = plain ? `${labels.join('.').toLowerCase()}.` : `${labels.map((label) => formatLabel(lowerAscii(label))).join('.')}.`;
  return { labels, text, wireLength: wireLength(labels) };
}

function fail(message: string): NameResult {
  return { ok: false, problem: { message } };
}

/** Formats a name as absolute presentation text with the letter case of its labels kept. */
export function formatName(name: DomainName): string {
  return name.labels.length === 0 ? ROOT_NAME : `${name.labels.map(formatLabel).join('.')}.`;
}

/** Returns the wire length of a name with these labels: one length octet per label, plus the root. */
export function wireLength(labels: readonly string[]): number {
  return labels.reduce((total, label) => total + label.length + 1, 1);
}

/** Lower-cases ASCII letters only, as DNS comparison does (RFC 4343 §3). */
export function lowerAscii(text: string): string {
  return text.replace(/[A-Z]/g, (char) => char.toLowerCase());
}

/** Formats a label's octets as presentation text, escaping what a zone file cannot hold plainly. */
export function formatLabel(octets: string): string {
  let text = '';
  for (const char of octets) {
    const code = char.charCodeAt(0);
    if (code <= 0x20 || code >= 0x7f) {
      text += `\\${String(code).padStart(3, '0')}`;
    } else if ('.\\"();$@'.includes(char)) {
      text += `\\${char}`;
    } else {
      text += char;
    }
  }
  return text;
}

/** Returns true when two names are equal under DNS comparison (ASCII case-insensitive). */
export function namesEqual(left: DomainName, right: DomainName): boolean {
  return left.text === right.text;
}

/** Returns true when `name` equals `ancestor` or lies below it. */
export function isAtOrBelow(name: DomainName, ancestor: DomainName): boolean {
  if (ancestor.labels.length > name.labels.length) return false;
  const text = name.text;
  const tail = ancestor.text;
  if (tail === ROOT_NAME || text === tail) return true;
  // `text` ends with `.` and `tail`, tested without building that string: zones ask once per record.
  return text.length > tail.length && text.charCodeAt(text.length - tail.length - 1) === DOT && text.endsWith(tail);
}

/** Returns true when `name` lies strictly below `ancestor`. */
export function isBelow(name: DomainName, ancestor: DomainName): boolean {
  return name.labels.length > ancestor.labels.length && isAtOrBelow(name, ancestor);
}

/** Returns the name without its leftmost label; the root has no parent. */
export function parentName(name: DomainName): DomainName | undefined {
  if (name.labels.length === 0) return undefined;
  if (name.labels.length === 1) return makeName([]);
  const first = name.labels[0]!;
  return { labels: name.labels.slice(1), text: parentText(name), wireLength: name.wireLength - first.length - 1 };
}

/** Returns the canonical text of the name without its leftmost label; `.` for a top-level name. */
export function parentText(name: DomainName): string {
  if (name.labels.length <= 1) return ROOT_NAME;
  const first = name.labels[0]!;
  // The canonical text of the parent is the tail of this name's text, after the first label.
  // A plain label is written as it is, so its length in the text is its length in octets.
  const firstLength = PLAIN_LABEL.test(first) ? first.length : formatLabel(lowerAscii(first)).length;
  return name.text.slice(firstLength + 1);
}

/** Returns the name `label.name`, such as the wildcard `*.name`. */
export function childName(label: string, name: DomainName): DomainName {
  return makeName([label, ...name.labels]);
}

/** Returns the labels of a name whose octets exceed {@link MAX_LABEL_OCTETS}. */
export function longLabels(name: DomainName): string[] {
  return name.labels.filter((label) => label.length > MAX_LABEL_OCTETS);
}

const hostLabel = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/;

/**
 * Returns true when the name is a host name: every label letters, digits and hyphens, neither
 * starting nor ending with a hyphen (RFC 952, with RFC 1123 §2.1 allowing a leading digit).
 * With `allowWildcard`, a leftmost `*` label passes, as BIND's check-names allows for owners.
 */
export function isHostName(name: DomainName, allowWildcard = false): boolean {
  const labels = name.labels;
  for (let index = allowWildcard && labels[0] === '*' ? 1 : 0; index < labels.length; index += 1) {
    if (!hostLabel.test(labels[index]!)) return false;
  }
  return true;
}

/**
 * Returns true when the name is a valid owner name for ordinary data: host-name labels, plus
 * labels starting with `_` (RFC 8552 attribute leaves such as `_dmarc` and `_sip._tcp`) and a
 * leftmost `*`.
 */
export function isOwnerName(name: DomainName): boolean {
  const labels = name.labels[0] === '*' ? name.labels.slice(1) : name.labels;
  return labels.every((label) => hostLabel.test(label) || /^_[A-Za-z0-9_-]*$/.test(label));
}

/** Formats a name for messages, adding the Unicode form of `xn--` labels: `ööö (xn--ndaaa)`. */
export function displayName(name: DomainName): string {
  if (!name.labels.some((label) => /^xn--/i.test(label))) return name.text;
  const unicode = name.labels.map((label) => (/^xn--/i.test(label) ? toUnicodeLabel(label) : formatLabel(label)));
  return `${unicode.join('.')}. (${name.text})`;
}

function toUnicodeLabel(label: string): string {
  return domainToUnicode(label) || label;
}
