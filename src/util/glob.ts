/** Glob patterns as git and most tools read them: `*`, `?`, `**` and `{a,b}`. */

const cache = new Map<string, RegExp>();

/** Converts a glob into a regular expression over `/`-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = '';
  let index = 0;
  let braceDepth = 0;
  const pattern = glob.replace(/^\.\//, '');

  while (index < pattern.length) {
    const char = pattern[index]!;
    if (char === '*' && pattern[index + 1] === '*') {
      const slash = pattern[index + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      index += slash ? 3 : 2;
      continue;
    }
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      source += '(?:';
      braceDepth += 1;
    } else if (char === '}' && braceDepth > 0) {
      source += ')';
      braceDepth -= 1;
    } else if (char === ',' && braceDepth > 0) source += '|';
    else source += char.replace(/[.+^$()|[\]\\{}]/g, '\\$&');
    index += 1;
  }
  // An unclosed `{` still gives a valid expression: its alternatives run to the end.
  source += ')'.repeat(braceDepth);

  // A pattern without a slash matches the file name in any folder, as in .gitignore.
  const anchored = pattern.includes('/') ? `^${source}$` : `(?:^|/)${source}$`;
  const expression = new RegExp(anchored);
  cache.set(glob, expression);
  return expression;
}

/** Returns true when the relative path matches any of the globs. */
export function matchesAny(path: string, globs: readonly string[]): boolean {
  return globs.some((glob) => globToRegExp(glob).test(path));
}
