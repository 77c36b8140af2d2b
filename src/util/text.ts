/** Small text helpers shared by messages and hints. */

/** Returns the Levenshtein edit distance between two strings. */
export function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let i = 1; i <= left.length; i += 1) {
    let diagonal = previous[0]!;
    previous[0] = i;
    for (let j = 1; j <= right.length; j += 1) {
      const above = previous[j]!;
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      previous[j] = Math.min(above + 1, previous[j - 1]! + 1, diagonal + cost);
      diagonal = above;
    }
  }
  return previous[right.length]!;
}

/** Returns the candidate closest to `word`, when it is close enough to be a likely typo. */
export function closestMatch(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lowered = word.toLowerCase();
  for (const candidate of candidates) {
    const distance = editDistance(lowered, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const limit = word.length < 4 ? 1 : Math.max(2, Math.floor(word.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** Fills `{{name}}` placeholders of a message template from `data`. */
export function fillTemplate(template: string, data: Record<string, unknown> = {}): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    name in data ? String(data[name]) : whole,
  );
}

/** Joins words as `a, b or c`. */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  if (words.length <= 1) {
    return words.join('');
  }
  return `${words.slice(0, -1).join(', ')} ${conjunction} ${words[words.length - 1]}`;
}

/**
 * Compares two strings by UTF-16 code units, like `Array.prototype.sort` without a comparator.
 * Unlike `localeCompare`, the order does not depend on the ICU build or the LANG of the host,
 * so sorted output (findings, file lists, normal forms) is the same on every machine.
 */
export function compareCodeUnits(left: string, right: string): number {
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

/**
 * Wraps text in a Markdown code span (CommonMark 0.29 and later, "Code spans"). The fence is
 * one backtick longer than the longest run of backticks in the text, so a backtick inside
 * cannot end the span early. A space pads each side when the text starts or ends with a
 * backtick, or starts and ends with a space, because CommonMark strips one such space from
 * each side.
 */
export function codeSpan(text: string): string {
  const longestRun = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const padded = /^`|`$/.test(text) || (/^ [^]* $/.test(text) && text.trim() !== '');
  const inner = padded ? ` ${text} ` : text;
  return `${fence}${inner}${fence}`;
}
