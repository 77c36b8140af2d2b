/** `driftgate validate`: checks configuration files against schemas and rules. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { atLeast } from '../model.js';
import type { Severity } from '../model.js';
import { validatePaths } from '../engine/run.js';
import { formatters } from '../output/index.js';
import type { Report } from '../output/format.js';
import { EXIT, UsageError } from './errors.js';
import { toolVersion } from './version.js';

export const validateHelp = `Usage: driftgate validate [PATH...] [options]

Checks firewall, load-balancer, routing and DNS files against their schemas and rules.
PATH is a file or folder (default: the current folder).

Options:
  --format FORMAT   text, json, sarif, junit, github or markdown (default: text)
  --fail-on LEVEL   lowest severity that makes the exit code 1: error, warning, info or never
                    (default: error)
  --output FILE     write the results to FILE instead of stdout
  --config FILE     use this driftgate.yaml instead of the nearest one above each PATH
  --origin NAME     zone origin for zone files whose name and config give none
  -h, --help        show this help

Exit codes: 0 no finding at or above --fail-on, 1 such findings, 2 driftgate could not run.
`;

const failLevels = ['error', 'warning', 'info', 'never'] as const;

/** Runs the command and returns its exit code. */
export async function runValidate(args: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      output: { type: 'string' },
      config: { type: 'string' },
      origin: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(validateHelp);
    return EXIT.clean;
  }
  const formatter = formatters[values.format];
  if (!formatter) {
    throw new UsageError(`unknown --format "${values.format}"; use one of ${Object.keys(formatters).join(', ')}`);
  }
  const failOn = values['fail-on'] as (typeof failLevels)[number];
  if (!failLevels.includes(failOn)) {
    throw new UsageError(`unknown --fail-on "${values['fail-on']}"; use one of ${failLevels.join(', ')}`);
  }

  const paths = positionals.length > 0 ? positionals : ['.'];
  const result = await validatePaths(paths, { cwd, configPath: values.config, origin: values.origin });
  const report: Report = { findings: result.findings, files: result.files, rules: result.rules, failOn, toolVersion };
  const text = formatter(report);
  if (values.output) {
    writeFileSync(values.output, text);
  } else {
    process.stdout.write(text);
  }
  return failingFindings(report, failOn) > 0 ? EXIT.findings : EXIT.clean;
}

function failingFindings(report: Report, failOn: Severity | 'never'): number {
  if (failOn === 'never') return 0;
  return report.findings.filter((finding) => !finding.suppressed && atLeast(finding.severity, failOn)).length;
}
