/** `driftgate validate`: checks configuration files against schemas and rules. */
import { statSync, writeFileSync } from 'node:fs';
import { basename, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';

import type { DocumentKind } from '../model.js';
import { CONFIG_FILE, WAIVERS_FILE } from '../engine/config.js';
import { validatePaths } from '../engine/run.js';
import type { ValidationResult } from '../engine/run.js';
import { failsGate } from '../output/format.js';
import type { Report } from '../output/format.js';
import { EXIT, UsageError } from './errors.js';
import { reportLocations, reportOptions } from './report-options.js';
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
  --only-recognised skip named files that are neither driftgate documents nor of a format
                    driftgate reads, and print their count on stderr, instead of failing
                    on them (for hooks that pass every staged .yaml and .json file)
  -h, --help        show this help

Environment:
  DRIFTGATE_DOCS_URL   web address of a copy of driftgate's repository, without the trailing
                       /docs, that rule links in SARIF and Markdown output start from
                       (default: the installed package, as a file URL)

Exit codes: 0 no finding at or above --fail-on, 1 such findings, 2 driftgate could not run,
including when a folder PATH holds no file that driftgate checks.
`;

/** Summary of the files driftgate checks in a folder, which docs/formats.md details. */
const recognisedFiles = `In a folder, driftgate checks *.yaml, *.yml and *.json documents with a top-level \`kind\`,
netplan YAML, iptables-save files (names containing "iptables", or ending in .v4 or .v6),
HAProxy files (*.cfg, names containing "haproxy"), nft rulesets (*.nft, nftables.conf), \`ip route\` output
(names starting with "ip-route" or "iproute") and zone files (*.zone, *.db, db.*). Name a file
of another name on the command line, or match it with \`include\` in driftgate.yaml. See
docs/formats.md.`;

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
      'only-recognised': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(validateHelp);
    return EXIT.clean;
  }
  const { loadFormatter, failOn } = reportOptions(values.format, values['fail-on']);

  const paths = positionals.length > 0 ? positionals : ['.'];
  const result = await validatePaths(paths, {
    cwd,
    configPath: values.config,
    origin: values.origin,
    onlyRecognised: values['only-recognised'],
  });
  writeSkippedNotice(result.skipped);
  const report = buildReport(result, failOn, cwd);
  const text = (await loadFormatter())(report);
  if (values.output) {
    writeOutput(resolve(cwd, values.output), values.output, text);
  } else {
    process.stdout.write(text);
  }
  const unchecked = foldersWithoutCheckedFiles(paths, result, cwd);
  if (unchecked.length > 0) {
    const names = unchecked.map((folder) => `"${folder}"`).join(', ');
    process.stderr.write(`driftgate: no file in ${names} is of a format driftgate reads, so nothing was checked and the run fails.\n${recognisedFiles}\n`);
    return EXIT.failure;
  }
  return report.findings.some((finding) => failsGate(finding, failOn)) ? EXIT.findings : EXIT.clean;
}

/** Writes to stderr how many named files `--only-recognised` skipped, if any. */
export function writeSkippedNotice(skipped: readonly string[]): void {
  if (skipped.length === 0) {
    return;
  }
  const count = skipped.length === 1 ? '1 file' : `${skipped.length} files`;
  const shownNames = skipped.slice(0, 5).join(', ');
  const more = skipped.length > 5 ? ` and ${skipped.length - 5} more` : '';
  process.stderr.write(`driftgate: skipped ${count} that driftgate does not read (no top-level \`kind\` and no recognised format): ${shownNames}${more}\n`);
}

/**
 * Returns the named folders in which no file gave a document or a finding, as they were
 * named. A gate over such a folder checked nothing, so it must not report success. Named
 * files are left out, because an unrecognised named file is already a finding.
 */
function foldersWithoutCheckedFiles(paths: readonly string[], result: ValidationResult, cwd: string): string[] {
  const settings = new Set([CONFIG_FILE, WAIVERS_FILE]);
  const checked = [
    ...result.documents.map((document) => document.file),
    ...result.findings.map((finding) => finding.file).filter((file) => !settings.has(basename(file))),
  ];
  return paths.filter((path) => {
    const absolute = resolve(cwd, path);
    if (!statSync(absolute, { throwIfNoEntry: false })?.isDirectory()) {
      return false;
    }
    const folder = relative(cwd, absolute).split(sep).join('/');
    return !checked.some((file) => folder === '' || file.startsWith(`${folder}/`));
  });
}

function buildReport(result: ValidationResult, failOn: Report['failOn'], cwd: string): Report {
  const kinds: Record<string, DocumentKind[]> = {};
  for (const document of result.documents) {
    (kinds[document.file] ??= []).push(document.kind);
  }
  return {
    findings: result.findings,
    files: result.files,
    rules: result.rules,
    failOn,
    toolVersion,
    kinds,
    ...reportLocations(cwd),
  };
}

/** Writes the results file; a path that cannot be written is a usage problem, exit code 2. */
function writeOutput(absolutePath: string, shown: string, text: string): void {
  try {
    writeFileSync(absolutePath, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new UsageError(`cannot write --output ${shown} (${code}); check that its folder exists and is writable`);
  }
}
