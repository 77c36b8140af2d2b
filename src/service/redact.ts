/**
 * Removal of secrets from text the service stores and mails: private keys, password hashes,
 * tokens and `password=` style settings. Redaction runs before anything is written to the store,
 * so neither the database nor a digest contains the secret.
 */

/** Text put in place of a removed secret; it names what kind of secret was there. */
export function redactionMarker(kind: string): string {
  return `[redacted ${kind}]`;
}

interface Pattern {
  kind: string;
  regex: RegExp;
  /** Returns the replacement of one match; the default replaces the whole match. */
  replace?: (match: string, ...groups: string[]) => string;
}

// PEM (RFC 7468) and OpenSSH private keys. A block cut before its END line is removed to the end
// of the text, because a truncated diff still carries most of the key.
const PRIVATE_KEY = /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY)-----[\s\S]*?(?:-----END \1-----|$(?![\s\S]))/g;

const patterns: Pattern[] = [
  { kind: 'private key', regex: PRIVATE_KEY },
  // crypt(3) hashes as in /etc/shadow: MD5 $1$, bcrypt $2a$/$2b$/$2y$, SHA-256 $5$, SHA-512 $6$,
  // yescrypt $y$, gost-yescrypt $gy$, scrypt $7$, and argon2 PHC strings.
  {
    kind: 'password hash',
    regex: /\$(?:1|2[abxy]|5|6|7|y|gy|sha1|md5|argon2(?:id|i|d))\$[A-Za-z0-9./+=,$-]{4,}/g,
  },
  // HTTP Authorization values (RFC 6750 bearer tokens, basic credentials).
  {
    kind: 'token',
    regex: /\b(Bearer|Basic|Token)(\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
    replace: (_match, scheme: string, space: string) => `${scheme}${space}${redactionMarker('token')}`,
  },
  { kind: 'JSON web token', regex: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}/g },
  // AWS access key ids (AKIA long-term, ASIA temporary); the secret key is caught as a setting.
  { kind: 'AWS access key', regex: /\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g },
  // GitHub (ghp_, gho_, ghs_, ghu_, ghr_, github_pat_) and Slack (xoxb-, xoxp-, ...) tokens.
  { kind: 'token', regex: /\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})\b/g },
  { kind: 'token', regex: /\bxox[abeprs]-[A-Za-z0-9-]{10,}/g },
  // Directives whose secret follows a space: Redis requirepass/masterauth, keepalived auth_pass,
  // HAProxy userlist passwords, OpenLDAP bindpw, Cisco-style `password`, `secret` and key-string.
  {
    kind: 'secret',
    regex: /\b(requirepass|masterauth|auth_pass|insecure-password|password|passwd|secret|bindpw|bind_pw|key-string|pre-shared-key)([ \t]+)(?:[0-7][ \t]+)?([^\s"']\S*|"[^"\n]*"|'[^'\n]*')/gi,
    replace: (_match, name: string, space: string) => `${name}${space}${redactionMarker('secret')}`,
  },
  // HAProxy `stats auth USER:PASSWORD` keeps the user name.
  {
    kind: 'secret',
    regex: /\b(stats[ \t]+auth[ \t]+[^:\s]+):(\S+)/g,
    replace: (_match, prefix: string) => `${prefix}:${redactionMarker('secret')}`,
  },
  // Settings whose name says they hold a secret: `password=...`, `api_key: ...`, `secret "..."`.
  {
    kind: 'secret',
    regex:
      /\b([A-Za-z0-9_.-]*(?:passw(?:or)?d|passphrase|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|credentials?|requirepass)[A-Za-z0-9_.-]*)(\s*[=:]\s*|\s+(?=["']))("[^"\n]*"|'[^'\n]*'|[^\s,;]+)/gi,
    replace: (_match, name: string, separator: string) => `${name}${separator}${redactionMarker('secret')}`,
  },
];

/** Returns `text` with every secret it recognizes replaced by a marker naming the kind of secret. */
export function redact(text: string): string {
  // Markers are held as NUL-delimited placeholders until the end, so that a later pattern never
  // matches the words of an earlier marker (such as "password" in "[redacted password hash]").
  const markers: string[] = [];
  const hold = (marker: string): string => {
    markers.push(marker);
    return `\u0000${markers.length - 1}\u0000`;
  };
  let result = text;
  for (const pattern of patterns) {
    const replace = pattern.replace;
    result = result.replace(pattern.regex, (match: string, ...groups: unknown[]) =>
      replace ? replace(match, ...(groups as string[])) : redactionMarker(pattern.kind),
    );
    result = result.replace(/\[redacted [a-zA-Z ]+\]/g, hold);
  }
  return result.replace(/\u0000(\d+)\u0000/g, (_match, index: string) => markers[Number(index)] ?? '');
}
