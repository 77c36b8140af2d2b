/** Links from output to driftgate's docs: a page per rule, a section per built-in check. */
import { pathToFileURL } from 'node:url';

import { BUILTIN_CHECKS, NATIVE_CHECKS } from '../model.js';
import { packageRoot } from '../paths.js';
import type { Report } from './format.js';

/** One-line descriptions of the checks that run while loading, before any rule. */
export const BUILTIN_DESCRIPTIONS: Record<string, string> = {
  [BUILTIN_CHECKS.syntax]: 'Reports YAML and JSON text that does not parse',
  [BUILTIN_CHECKS.schema]: 'Reports documents that do not match the JSON Schema of their kind',
  [BUILTIN_CHECKS.unknownKind]: 'Reports documents whose `kind` is missing or unknown',
  [BUILTIN_CHECKS.unreadable]: 'Reports named files that cannot be read or are not configuration text',
  [BUILTIN_CHECKS.expiredSuppression]: 'Reports suppressions in driftgate.yaml whose expiry date has passed',
  [BUILTIN_CHECKS.unusedSuppression]: 'Reports suppressions in driftgate.yaml that cover no finding',
  [BUILTIN_CHECKS.ruleFailure]: 'Reports a rule that failed with an internal error on a document',
  [NATIVE_CHECKS.notUnderstood]: 'Reports valid native-format input that driftgate does not model',
  [NATIVE_CHECKS.toolWarning]: 'Reports warnings that the tool which wrote a native file printed into it',
};

/** Ids of the built-in checks, in the order docs/output.md lists them. */
export const BUILTIN_IDS: readonly string[] = Object.values(BUILTIN_CHECKS);

/**
 * Returns the base URL that docs links start from, without a trailing slash.
 * NOTE: driftgate has no public docs site yet, so the default is a file URL of the installed
 * package. That URL resolves only on the machine that ran the check, so CI sets `docsBaseUrl`.
 */
export function docsBase(report: Report): string {
  const base = report.docsBaseUrl ?? pathToFileURL(packageRoot).href;
  return base.replace(/\/+$/, '');
}

/** Ids of the checks that parsers of native formats report, documented beside the built-in ones. */
const NATIVE_IDS: readonly string[] = Object.values(NATIVE_CHECKS);

/**
 * Returns the URL of a rule's docs page, or of the section in docs/output.md of a built-in check
 * or of a check of the native parsers.
 */
export function ruleDocsUrl(report: Report, ruleId: string): string {
  if (BUILTIN_IDS.includes(ruleId) || NATIVE_IDS.includes(ruleId)) {
    return `${docsBase(report)}/docs/output.md#${ruleId}`;
  }
  return `${docsBase(report)}/docs/rules/${ruleId}.md`;
}
