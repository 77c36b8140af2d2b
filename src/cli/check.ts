/** `driftgate check --base REF`: the pull-request check. */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

import { checkChange } from '../gate/check.js';
import type { ImpactItem } from '../gate/impact/index.js';
import { failsGate } from '../output/format.js';
import type { Report } from '../output/format.js';
import { EXIT, UsageError } from './errors.js';
import { reportLocations, reportOptions } from './report-options.js';
import { toolVersion } from './version.js';

export const checkHelp = `Usage: driftgate check --base REF [PATH...] [options]

Validates the head revision (HEAD) and the merge base with REF the same way, and fails only
on findings the change introduces. Also explains what the change does to traffic, servers,
routes and records.

Options:
  --base REF        branch the change goes into, such as origin/main (required)
  --all             fail on every finding, not only new ones
  --format FORMAT   text, json, sarif, junit, github or markdown (default: text)
  --fail-on LEVEL   lowest severity that fails: error, warning, info or never (default: error)
  --output FILE     write the results to FILE instead of stdout
  -h, --help        show this help

Environment:
  DRIFTGATE_DOCS_URL   web address of a copy of driftgate's repository, without the trailing
                       /docs, that rule links in SARIF and Markdown output start from
                       (default: the installed package, as a file URL)

Exit codes: 0 nothing new at or above --fail-on, 1 such findings, 2 driftgate could not run.
`;

/** Runs the command and returns its exit code. */
export async function runCheck(args: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      base: { type: 'string' },
      all: { type: 'boolean', default: false },
      format: { type: 'string', default: 'text' },
      'fail-on': { type: 'string', default: 'error' },
      output: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(checkHelp);
    return EXIT.clean;
  }
  if (!values.base) {
    throw new UsageError('check needs --base REF, the branch the change goes into (such as origin/main)');
  }
  const { loadFormatter, failOn } = reportOptions(values.format, values['fail-on']);

  const result = await checkChange({ cwd, base: values.base, paths: positionals.length > 0 ? positionals : undefined });
  const shown = result.findings.filter((finding) => finding.baselineState !== 'absent' && (values.all || finding.baselineState === 'new'));
  // SARIF carries every finding with its baselineState, as code-scanning tools expect.
  const listed = values.format === 'sarif' ? result.findings : shown;
  const report: Report = {
    findings: listed,
    files: result.files,
    rules: result.rules,
    failOn,
    toolVersion,
    impact: result.impact,
    baseCommit: result.baseCommit,
    // Check paths are relative to the repository's top folder, not to the working folder.
    ...reportLocations(result.root),
  };
  let text = (await loadFormatter())(report);
  if (values.format === 'text') {
    text = appendTextContext(text, result.findings, result.impact, values.all);
  }
  if (values.output) writeFileSync(values.output, text);
  else process.stdout.write(text);

  const failing = shown.filter((finding) => failsGate(finding, failOn));
  return failing.length > 0 ? EXIT.findings : EXIT.clean;
}

function appendTextContext(text: string, findings: { baselineState?: string }[], impact: ImpactItem[], all: boolean): string {
  const lines: string[] = [];
  const unchanged = findings.filter((finding) => finding.baselineState === 'unchanged').length;
  const fixed = findings.filter((finding) => finding.baselineState === 'absent').length;
  if (!all && unchanged > 0) lines.push(`${unchanged} finding${unchanged === 1 ? '' : 's'} existed before this change and do not fail it (--all shows them).`);
  if (fixed > 0) lines.push(`${fixed} finding${fixed === 1 ? '' : 's'} fixed by this change.`);
  if (impact.length > 0) {
    lines.push('', 'Change impact:');
    for (const item of impact) lines.push(`  ${item.file}:${item.line}  ${item.text}`);
  }
  return lines.length > 0 ? `${text}${lines.join('\n')}\n` : text;
}
