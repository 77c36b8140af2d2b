/** The report settings that validate and check share: `--format`, `--fail-on` and the links. */
import { relative, sep } from 'node:path';

import type { Severity } from '../model.js';
import { formatters } from '../output/index.js';
import type { Formatter, Report } from '../output/format.js';
import { UsageError } from './errors.js';

const failLevels = ['error', 'warning', 'info', 'never'] as const;

/**
 * Returns the threshold that the options name and a loader of the formatter, or raises a
 * UsageError naming the bad value.
 */
export function reportOptions(format: string, failOnText: string): { loadFormatter: () => Promise<Formatter>; failOn: Severity | 'never' } {
  const loadFormatter = formatters[format];
  if (!loadFormatter) {
    throw new UsageError(`unknown --format "${format}"; use one of ${Object.keys(formatters).join(', ')}`);
  }
  const failOn = failOnText as (typeof failLevels)[number];
  if (!failLevels.includes(failOn)) {
    throw new UsageError(`unknown --fail-on "${failOnText}"; use one of ${failLevels.join(', ')}`);
  }
  return { loadFormatter, failOn };
}

/**
 * Returns the report fields that place findings: `folder` (the absolute folder that finding
 * paths are relative to), the docs URL from DRIFTGATE_DOCS_URL, and in GitHub Actions the
 * folder's path in the checkout and its web URL at the checked-out commit.
 */
export function reportLocations(folder: string): Pick<Report, 'cwd' | 'docsBaseUrl' | 'sourceBaseUrl' | 'repositoryFolder'> {
  return {
    cwd: folder,
    docsBaseUrl: process.env.DRIFTGATE_DOCS_URL || undefined,
    sourceBaseUrl: githubSourceUrl(folder),
    repositoryFolder: workspaceFolder(folder),
  };
}

/**
 * Returns the web URL of the checked-out commit's files below `cwd` when running in GitHub
 * Actions, from the variables that GitHub sets in every job.
 */
function githubSourceUrl(cwd: string): string | undefined {
  const { GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_SHA } = process.env;
  const below = workspaceFolder(cwd);
  if (!GITHUB_SERVER_URL || !GITHUB_REPOSITORY || !GITHUB_SHA || below === undefined) {
    return undefined;
  }
  const base = `${GITHUB_SERVER_URL}/${GITHUB_REPOSITORY}/blob/${GITHUB_SHA}`;
  return below === '' ? base : `${base}/${below}`;
}

/**
 * Returns `cwd` relative to the checkout in GitHub Actions (`GITHUB_WORKSPACE`), with `/`
 * separators, or undefined outside Actions or outside the checkout.
 */
function workspaceFolder(cwd: string): string | undefined {
  const workspace = process.env.GITHUB_WORKSPACE;
  if (!workspace) {
    return undefined;
  }
  const below = relative(workspace, cwd).split(sep).join('/');
  return below.startsWith('..') ? undefined : below;
}
