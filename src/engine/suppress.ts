/**
 * Suppressions (driftgate.yaml) and waivers (driftgate.yaml or driftgate.waivers.yaml):
 * accepted findings, each with a reason, a waiver also with an owner, both with an optional expiry.
 */
import { relative, resolve, sep } from 'node:path';

import { BUILTIN_CHECKS } from '../model.js';
import type { Finding } from '../model.js';
import { matchesAny } from '../util/glob.js';
import type { Acceptance, ResolvedConfig } from './config.js';

/**
 * Marks the findings that a live suppression or waiver covers. An expired one covers nothing and
 * becomes an error finding at its own place, naming it, so the findings it hid fail again. With
 * `reportUnused`, a live one that covers no finding becomes a warning; callers set it only when
 * the run read every file under the configuration's folder.
 */
export function applySuppressions(findings: Finding[], config: ResolvedConfig, today: string, cwd: string, reportUnused = false): Finding[] {
  const result = [...findings];
  for (const acceptance of config.acceptances) {
    if (acceptance.expires !== undefined && acceptance.expires < today) {
      result.push(expiredFinding(acceptance));
      continue;
    }
    let used = false;
    for (const finding of result) {
      if (!finding.suppressed && covers(acceptance, finding, config.root, cwd)) {
        finding.suppressed = { kind: acceptance.kind, reason: acceptance.reason, owner: acceptance.owner, expires: acceptance.expires };
        used = true;
      }
    }
    if (!used && reportUnused) {
      result.push(unusedFinding(acceptance));
    }
  }
  return result;
}

function expiredFinding(acceptance: Acceptance): Finding {
  const owner = acceptance.owner ? `, owner ${acceptance.owner}` : '';
  return {
    ruleId: acceptance.kind === 'waiver' ? BUILTIN_CHECKS.expiredWaiver : BUILTIN_CHECKS.expiredSuppression,
    severity: 'error',
    message: `${acceptance.kind} of ${acceptance.rule}${acceptance.target ? ` for "${acceptance.target}"` : ''} expired on ${acceptance.expires} (reason: ${acceptance.reason}${owner}); the findings it covered count again`,
    file: acceptance.document.file,
    ...acceptance.document.locator.locate([...acceptance.path, 'expires']),
    fix: 'Fix the findings it covered, or extend `expires` after reviewing the reason.',
  };
}

function unusedFinding(acceptance: Acceptance): Finding {
  return {
    ruleId: BUILTIN_CHECKS.unusedSuppression,
    severity: 'warning',
    message: `${acceptance.kind} of ${acceptance.rule} covers no finding (reason given: ${acceptance.reason})`,
    file: acceptance.document.file,
    ...acceptance.document.locator.locate(acceptance.path),
    fix: `Remove the ${acceptance.kind} if the findings it covered are fixed, or correct its \`files\` and \`target\`.`,
  };
}

function covers(acceptance: Acceptance, finding: Finding, root: string, cwd: string): boolean {
  if (acceptance.rule !== finding.ruleId) {
    return false;
  }
  if (acceptance.files) {
    const path = relative(root, resolve(cwd, finding.file)).split(sep).join('/');
    if (!matchesAny(path, acceptance.files)) {
      return false;
    }
  }
  if (acceptance.target) {
    return finding.message.includes(acceptance.target) || (finding.path ?? '').includes(acceptance.target);
  }
  return true;
}
