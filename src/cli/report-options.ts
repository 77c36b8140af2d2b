/** The `--format` and `--fail-on` options that validate and check share. */
import type { Severity } from '../model.js';
import { formatters } from '../output/index.js';
import type { Formatter } from '../output/format.js';
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
