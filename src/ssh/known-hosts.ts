/**
 * Reading, matching and writing OpenSSH known_hosts files, as sshd(8) "SSH_KNOWN_HOSTS FILE
 * FORMAT" describes them: `[@marker] patterns keytype base64-key [comment]`, where patterns are
 * comma-separated names with `*`, `?` and `!` negation, `[host]:port` for ports other than 22,
 * or one hashed name `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** One key line of a known_hosts file. */
export interface KnownHostEntry {
  /** 1-based line number in the file. */
  line: number;
  marker?: 'cert-authority' | 'revoked';
  /** Host patterns as written; a hashed entry has a single `|1|salt|hash` pattern. */
  patterns: string[];
  keyType: string;
  /** Base64 of the public key blob. */
  key: string;
  comment?: string;
}

/** A line that could not be read, with the reason. */
export interface KnownHostsProblem {
  line: number;
  message: string;
}

/** Parsed known_hosts text. */
export interface KnownHosts {
  entries: KnownHostEntry[];
  problems: KnownHostsProblem[];
  /** Name of the file in messages, such as `known_hosts at commit 1a2b3c4d5e6f`. */
  source?: string;
}

/** Verdict of a known_hosts file on a host's presented key. */
export type HostKeyVerdict =
  | { status: 'match'; entry: KnownHostEntry }
  | { status: 'unknown' }
  | { status: 'changed'; expected: KnownHostEntry[] }
  | { status: 'revoked'; entry: KnownHostEntry };

/** Parses known_hosts text; malformed lines become problems and the rest is kept. */
export function parseKnownHosts(text: string): KnownHosts {
  const entries: KnownHostEntry[] = [];
  const problems: KnownHostsProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0]?.startsWith('@')) {
      const name = fields.shift()!.slice(1);
      if (name !== 'cert-authority' && name !== 'revoked') {
        problems.push({ line, message: `unknown marker "@${name}"; use @cert-authority or @revoked` });
        return;
      }
      marker = name;
    }
    const [patternText, keyType, key, ...rest] = fields;
    if (!patternText || !keyType || !key) {
      problems.push({ line, message: 'expected "host-patterns key-type base64-key"' });
      return;
    }
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(key)) {
      problems.push({ line, message: `the key of type ${keyType} is not valid base64` });
      return;
    }
    const patterns = patternText.split(',').filter((pattern) => pattern !== '');
    const badHash = patterns.find((pattern) => pattern.startsWith('|') && !parseHashed(pattern));
    if (badHash) {
      problems.push({ line, message: `hashed host name "${badHash}" is not in the form |1|salt|hash` });
      return;
    }
    const entry: KnownHostEntry = { line, patterns, keyType, key };
    if (marker) entry.marker = marker;
    if (rest.length > 0) entry.comment = rest.join(' ');
    entries.push(entry);
  });
  return { entries, problems };
}

/** Returns the name known_hosts uses for a host and port: `host`, or `[host]:port` unless port 22. */
export function knownHostName(host: string, port: number): string {
  return port === 22 ? host.toLowerCase() : `[${host.toLowerCase()}]:${port}`;
}

function parseHashed(pattern: string): { salt: Buffer; hash: Buffer } | undefined {
  const match = /^\|1\|([A-Za-z0-9+/=]+)\|([A-Za-z0-9+/=]+)$/.exec(pattern);
  if (!match) return undefined;
  const salt = Buffer.from(match[1]!, 'base64');
  const hash = Buffer.from(match[2]!, 'base64');
  // HMAC-SHA1 uses a 20-byte salt and gives a 20-byte hash (OpenSSH hostfile.c).
  return salt.length === 20 && hash.length === 20 ? { salt, hash } : undefined;
}

/** Returns the hashed form of a host name, with a random salt unless one is given. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const hash = createHmac('sha1', salt).update(name).digest();
  return `|1|${salt.toString('base64')}|${hash.toString('base64')}`;
}

/** Matches one wildcard pattern (`*`, `?`) against a name, case-insensitively. */
function matchWildcard(pattern: string, name: string): boolean {
  const source = pattern
    .toLowerCase()
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`).test(name);
}

/**
 * Returns true when an entry's patterns match one of the names. As in OpenSSH, a matching
 * negated pattern (`!name`) excludes the entry even when another pattern matches.
 */
export function entryMatches(entry: KnownHostEntry, names: readonly string[]): boolean {
  let matched = false;
  for (const pattern of entry.patterns) {
    const hashed = pattern.startsWith('|') ? parseHashed(pattern) : undefined;
    for (const name of names) {
      if (hashed) {
        const actual = createHmac('sha1', hashed.salt).update(name).digest();
        if (timingSafeEqual(actual, hashed.hash)) matched = true;
      } else if (pattern.startsWith('!')) {
        if (matchWildcard(pattern.slice(1), name)) return false;
      } else if (matchWildcard(pattern, name)) {
        matched = true;
      }
    }
  }
  return matched;
}

/**
 * Judges a presented host key against the entries for a host, looked up under each of `names`
 * (build them with `knownHostName`). A revoked key wins over everything, then an exact match.
 * When the host has pinned keys but none equals the presented one, the key has changed.
 * `@cert-authority` lines are skipped because the scanner accepts only plain host keys.
 */
export function verifyHostKey(known: KnownHosts, names: readonly string[], keyType: string, key: string): HostKeyVerdict {
  const revoked = known.entries.find((entry) => entry.marker === 'revoked' && entry.key === key);
  if (revoked) return { status: 'revoked', entry: revoked };
  const pinned = known.entries.filter((entry) => entry.marker === undefined && entryMatches(entry, names));
  const match = pinned.find((entry) => entry.keyType === keyType && entry.key === key);
  if (match) return { status: 'match', entry: match };
  return pinned.length === 0 ? { status: 'unknown' } : { status: 'changed', expected: pinned };
}

/** Returns the key types pinned for a host, so a client can ask the server for one of them. */
export function pinnedKeyTypes(known: KnownHosts, names: readonly string[]): string[] {
  const types = known.entries
    .filter((entry) => entry.marker === undefined && entryMatches(entry, names))
    .map((entry) => entry.keyType);
  return [...new Set(types)];
}

/** Formats one known_hosts line; with `hash`, each name becomes its own hashed line. */
export function formatKnownHostLines(names: readonly string[], keyType: string, key: string, hash = false): string[] {
  if (!hash) return [`${names.join(',')} ${keyType} ${key}`];
  return names.map((name) => `${hashHostName(name)} ${keyType} ${key}`);
}

/** Returns the key type named inside an SSH public key blob (RFC 4253 section 6.6). */
export function keyTypeOfBlob(blob: Buffer): string {
  if (blob.length < 4) return '';
  const length = blob.readUInt32BE(0);
  return length > 0 && 4 + length <= blob.length ? blob.subarray(4, 4 + length).toString('latin1') : '';
}
