/** Fingerprints that match a finding across revisions, so a pull request is judged on what it adds. */
import { createHash } from 'node:crypto';

import type { Finding } from '../model.js';

/**
 * Returns a fingerprint per finding. It is built from the rule, the file, and the message with
 * array indexes and line numbers taken out, so moving lines or inserting a rule above does not
 * make an old finding look new. Identical findings in one file get an ordinal, so adding a
 * second copy of a mistake still counts as new.
 */
export function fingerprints(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((finding) => {
    const identity = [finding.ruleId, finding.file, stableText(finding.message)].join('\u0000');
    const ordinal = seen.get(identity) ?? 0;
    seen.set(identity, ordinal + 1);
    return createHash('sha256').update(`${identity}\u0000${ordinal}`).digest('hex').slice(0, 32);
  });
}

/** Removes what shifts when unrelated lines move: `[12]` indexes and `line 40` / `:40` references. */
function stableText(message: string): string {
  return message
    .replace(/\[\d+\]/g, '[]')
    .replace(/\bline \d+\b/g, 'line')
    .replace(/(\.[A-Za-z]+):\d+(:\d+)?/g, '$1');
}

/** How a finding relates to the base revision, as SARIF's `baselineState` names it. */
export type BaselineState = 'new' | 'unchanged' | 'absent';

/** Splits head and base findings into new, unchanged (present in both) and absent (fixed). */
export function compareWithBase(head: readonly Finding[], base: readonly Finding[]): { finding: Finding; state: BaselineState }[] {
  const baseCounts = new Map<string, number>();
  for (const print of fingerprints(base)) {
    baseCounts.set(print, (baseCounts.get(print) ?? 0) + 1);
  }
  const headPrints = fingerprints(head);
  const result: { finding: Finding; state: BaselineState }[] = head.map((finding, index) => {
    const print = headPrints[index]!;
    const remaining = baseCounts.get(print) ?? 0;
    if (remaining > 0) {
      baseCounts.set(print, remaining - 1);
      return { finding, state: 'unchanged' };
    }
    return { finding, state: 'new' };
  });
  const basePrints = fingerprints(base);
  base.forEach((finding, index) => {
    const print = basePrints[index]!;
    const remaining = baseCounts.get(print) ?? 0;
    if (remaining > 0) {
      baseCounts.set(print, remaining - 1);
      result.push({ finding, state: 'absent' });
    }
  });
  return result;
}

/** Returns the finding with the files that `renames` renamed under their new names, also in its text. */
export function renameFinding(finding: Finding, renames: ReadonlyMap<string, string>): Finding {
  if (renames.size === 0) return finding;
  const rename = (file: string): string => renames.get(file) ?? file;
  let message = finding.message;
  for (const [from, to] of renames) message = message.split(from).join(to);
  return {
    ...finding,
    file: rename(finding.file),
    message,
    ...(finding.related ? { related: finding.related.map((location) => ({ ...location, file: rename(location.file) })) } : {}),
  };
}
