/**
 * Tokens of RDATA in zone-file presentation format (RFC 1035 §5.1): words separated by white
 * space, quoted character-strings with `\"`, `\\` and `\DDD` escapes, and parentheses that only
 * group lines.
 */

/** One word of RDATA. */
export interface RdataToken {
  /** The word as written, escapes kept and surrounding quotes removed. */
  raw: string;
  /** The octets after decoding escapes, one character per octet (codes 0-255). */
  octets: string;
  /** True when the whole word was one quoted string. */
  quoted: boolean;
}

/** The outcome of tokenizing: the words, or why the text cannot be split into words. */
export type TokenizeResult = { ok: true; tokens: RdataToken[] } | { ok: false; message: string };

const encoder = new TextEncoder();

/** Returns text as octets, one character per octet, encoding non-ASCII characters as UTF-8. */
export function toOctets(text: string): string {
  if (!/[^\x00-\x7f]/.test(text)) return text;
  return String.fromCharCode(...encoder.encode(text));
}

/**
 * Splits RDATA into words. A `"` opens a string that runs to the next unescaped `"`, also in
 * the middle of a word (`ech="..."` in SVCB). Unquoted `(` and `)` are dropped when they
 * balance, because zone files use them only to continue a record over several lines.
 */
export function tokenizeRdata(text: string): TokenizeResult {
  // An address or a name alone, as in A, AAAA, NS and CNAME records, is the commonest RDATA.
  if (PLAIN_WORD.test(text)) return { ok: true, tokens: [{ raw: text, octets: text, quoted: false }] };
  if (PLAIN_RDATA.test(text)) return { ok: true, tokens: splitPlainWords(text) };
  const tokens: RdataToken[] = [];
  let depth = 0;
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    const code = text.charCodeAt(index);
    if (code < 0x80 ? isSpace(code) : /\s/.test(char)) {
      index += 1;
    } else if (char === '(' || char === ')') {
      depth += char === '(' ? 1 : -1;
      if (depth < 0) return { ok: false, message: 'a `)` has no matching `(`' };
      index += 1;
    } else {
      const word = readWord(text, index);
      if ('message' in word) return { ok: false, message: word.message };
      tokens.push(word.token);
      index = word.end;
    }
  }
  if (depth !== 0) return { ok: false, message: 'a `(` is not closed' };
  return { ok: true, tokens };
}

/** One word of printable ASCII without quotes, escapes or parentheses. */
const PLAIN_WORD = /^[\x21\x23-\x27\x2a-\x5b\x5d-\x7e]+$/;

/** RDATA of printable ASCII and white space without quotes, escapes or parentheses. */
const PLAIN_RDATA = /^[\x21\x23-\x27\x2a-\x5b\x5d-\x7e\s]*$/;

/** Splits RDATA that matches {@link PLAIN_RDATA}, whose words are their own octets. */
function splitPlainWords(text: string): RdataToken[] {
  const tokens: RdataToken[] = [];
  for (const word of text.split(/\s+/)) {
    if (word !== '') tokens.push({ raw: word, octets: word, quoted: false });
  }
  return tokens;
}

function readWord(text: string, start: number): { token: RdataToken; end: number } | { message: string } {
  return readAsciiWord(text, start) ?? readEscapedWord(text, start);
}

/**
 * Reads a word of printable ASCII without escapes, such as most TXT strings, by slicing the
 * text. Returns undefined for any other word, which {@link readEscapedWord} decodes instead.
 */
function readAsciiWord(text: string, start: number): { token: RdataToken; end: number } | undefined {
  let index = start;
  let inQuotes = false;
  let quotedParts = 0;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH || code > LAST_ASCII) return undefined;
    if (!inQuotes && (code === OPEN || code === CLOSE || isSpace(code))) break;
    if (code === QUOTE) {
      inQuotes = !inQuotes;
      quotedParts += 1;
    }
    index += 1;
  }
  if (inQuotes) return undefined;
  const quoted = quotedParts === 2 && text.charCodeAt(start) === QUOTE && text.charCodeAt(index - 1) === QUOTE;
  const raw = quoted ? text.slice(start + 1, index - 1) : text.slice(start, index).replaceAll('"', '');
  return { token: { raw, octets: raw, quoted }, end: index };
}

const BACKSLASH = 0x5c;
const QUOTE = 0x22;
const OPEN = 0x28;
const CLOSE = 0x29;
const LAST_ASCII = 0x7f;

/** Returns true for ASCII white space, the characters of `\s` below 0x80. */
function isSpace(code: number): boolean {
  return code === 0x20 || (code >= 0x09 && code <= 0x0d);
}

function readEscapedWord(text: string, start: number): { token: RdataToken; end: number } | { message: string } {
  let raw = '';
  let octets = '';
  let index = start;
  let inQuotes = false;
  let quotedParts = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (!inQuotes && (/\s/.test(char) || char === '(' || char === ')')) break;
    if (char === '"') {
      inQuotes = !inQuotes;
      quotedParts += 1;
      index += 1;
      continue;
    }
    if (char === '\\') {
      const escape = decodeEscape(text, index);
      if ('message' in escape) return escape;
      raw += text.slice(index, escape.end);
      octets += escape.octet;
      index = escape.end;
      continue;
    }
    raw += char;
    octets += toOctets(char);
    index += 1;
  }
  if (inQuotes) return { message: `the quoted string starting \`${text.slice(start, start + 20)}\` is not closed` };
  const quoted = quotedParts === 2 && text[start] === '"' && text[index - 1] === '"';
  return { token: { raw, octets, quoted }, end: index };
}

/** Decodes `\DDD` (a decimal octet) or `\X` (the character X itself) at `index`. */
export function decodeEscape(text: string, index: number): { octet: string; end: number } | { message: string } {
  const digits = text.slice(index + 1, index + 4);
  if (/^\d{3}$/.test(digits)) {
    const value = Number(digits);
    if (value > 255) return { message: `escape \`\\${digits}\` is above 255` };
    return { octet: String.fromCharCode(value), end: index + 4 };
  }
  const next = text[index + 1];
  if (next === undefined || /\d/.test(next)) {
    return { message: `incomplete escape \`${text.slice(index, index + 4)}\`; write \`\\DDD\` with three decimal digits` };
  }
  return { octet: toOctets(next), end: index + 2 };
}

/** Formats octets as one quoted character-string, escaping `"`, `\` and non-printable octets. */
export function quoteString(octets: string): string {
  let text = '"';
  for (const char of octets) {
    const code = char.charCodeAt(0);
    if (char === '"' || char === '\\') text += `\\${char}`;
    else if (code < 0x20 || code >= 0x7f) text += `\\${String(code).padStart(3, '0')}`;
    else text += char;
  }
  return `${text}"`;
}
