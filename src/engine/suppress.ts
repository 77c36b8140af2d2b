/** Suppressions in driftgate.yaml: accepted findings, each with a reason and an optional expiry. */
import { relative, resolve, sep } from 'node:path';

import { BUILTIN_CHECKS } from '../model.js';
import type { Finding } from '../model.js';
import type { Suppression } from '../types/config.js';
import { matchesAny } from '../util/glob.js';
import type { ResolvedConfig } from './config.js';

/**
 * Marks the findings that a live suppression covers. An expired suppression covers nothing and
 * becomes an error finding at its own place in driftgate.yaml, so the findings it hid come back.
 * With `reportUnused`, a live suppression that covers no finding becomes a warning. Callers set
 * it only when the run read every file under the configuration's folder.
 */
export function applySuppressions(findings: Finding[], config: ResolvedConfig, today: string, cwd: string, reportUnused = false): Finding[] {
  const suppressions = config.data.suppressions ?? [];
  if (suppressions.length === 0 || !config.document) {
    return findings;
  }
  const document = config.document;
  const result = [...findings];

  suppressions.forEach((suppression, index) => {
    const expired = suppression.expires !== undefined && suppression.expires < today;
    if (expired) {
      result.push({
        ruleId: BUILTIN_CHECKS.expiredSuppression,
        severity: 'error',
        message: `suppression of ${suppression.rule} expired on ${suppression.expires} (reason given: ${suppression.reason})`,
        file: document.file,
        ...document.locator.locate(['suppressions', index, 'expires']),
        fix: 'Fix the findings it covered, or extend `expires` after reviewing the reason again.',
      });
      return;
    }
    let used = false;
    for (const finding of result) {
      if (!finding.suppressed && covers(suppression, finding, config.root, cwd)) {
        finding.suppressed = { reason: suppression.reason, expires: suppression.expires };
        used = true;
      }
    }
    if (!used && reportUnused) {
      result.push({
        ruleId: BUILTIN_CHECKS.unusedSuppression,
        severity: 'warning',
        message: `suppression of ${suppression.rule} covers no finding (reason given: ${suppression.reason})`,
        file: document.file,
        ...document.locator.locate(['suppressions', index]),
        fix: 'Remove the suppression if the findings it covered are fixed, or correct its `files` and `target`.',
      });
    }
  });
  return result;
}

function covers(suppression: Suppression, finding: Finding, root: string, cwd: string): boolean {
  if (suppression.rule !== finding.ruleId) {
    return false;
  }
  if (suppression.files) {
    const path = relative(root, resolve(cwd, finding.file)).split(sep).join('/');
    if (!matchesAny(path, suppression.files)) {
      return false;
    }
  }
  if (suppression.target) {
    return finding.message.includes(suppression.target) || (finding.path ?? '').includes(suppression.target);
  }
  return true;
}
