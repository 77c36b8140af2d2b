/**
 * Normalisation of sshd settings so a desired sshd_config keyword and the effective `sshd -T`
 * output compare equal when OpenSSH treats them as the same setting.
 */

/**
 * Keywords renamed by OpenSSH; `sshd -T` prints only the new name. ChallengeResponseAuthentication
 * became an alias of KbdInteractiveAuthentication in OpenSSH 8.7 (release notes).
 */
const KEYWORD_ALIASES: Record<string, string> = {
  challengeresponseauthentication: 'kbdinteractiveauthentication',
  pubkeyacceptedkeytypes: 'pubkeyacceptedalgorithms',
  hostbasedacceptedkeytypes: 'hostbasedacceptedalgorithms',
};

/**
 * Values OpenSSH accepts under two spellings. servconf.c lists `without-password` and
 * `prohibit-password` for the same PermitRootLogin state, and `sshd -T` prints whichever the
 * version lists first, so both map to one form here.
 */
const VALUE_ALIASES: Record<string, Record<string, string>> = {
  permitrootlogin: { 'without-password': 'prohibit-password' },
};

/** Keywords whose values are times; `sshd -T` prints them in seconds. */
const TIME_KEYWORDS = new Set(['logingracetime', 'clientaliveinterval']);

/** Units of sshd_config(5) TIME FORMATS, in seconds. */
const TIME_UNITS: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400, w: 604800 };

/** Returns the keyword as `sshd -T` prints it: lower case, with renamed keywords resolved. */
export function normalizeSshdKeyword(keyword: string): string {
  const lower = keyword.toLowerCase();
  return KEYWORD_ALIASES[lower] ?? lower;
}

/** Returns a value in the form used for comparison. */
export function normalizeSshdValue(keyword: string, value: string): string {
  let text = value.trim().replace(/\s+/g, ' ');
  if (/^(true|false)$/i.test(text)) text = /^true$/i.test(text) ? 'yes' : 'no';
  if (/^[A-Za-z-]+$/.test(text)) text = text.toLowerCase();
  if (TIME_KEYWORDS.has(keyword)) text = String(parseSshdTime(text) ?? text);
  // Algorithm lists keep their order (it is the preference order) but not spaces after commas.
  text = text.replace(/\s*,\s*/g, ',');
  return VALUE_ALIASES[keyword]?.[text] ?? text;
}

/** Parses an sshd time such as `1h30m` or `90` into seconds; undefined when malformed. */
export function parseSshdTime(text: string): number | undefined {
  let total = 0;
  let matched = '';
  for (const match of text.matchAll(/(\d+)([smhdw]?)/gi)) {
    total += Number(match[1]) * TIME_UNITS[match[2]!.toLowerCase()]!;
    matched += match[0];
  }
  return matched === text && text !== '' ? total : undefined;
}

/** Parses `sshd -T` output into keyword → values, keeping repeated keywords in order. */
export function parseSshdT(output: string): Map<string, string[]> {
  const settings = new Map<string, string[]>();
  for (const line of output.split('\n')) {
    const match = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!match) continue;
    const keyword = normalizeSshdKeyword(match[1]!);
    const values = settings.get(keyword) ?? [];
    values.push(normalizeSshdValue(keyword, match[2]!));
    settings.set(keyword, values);
  }
  return settings;
}
