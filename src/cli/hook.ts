/** `driftgate hook install|uninstall|run`: the git pre-commit hook. */
import { parseArgs } from 'node:util';

import { installHook, uninstallHook, validateStaged } from '../gate/hook.js';
import { formatText } from '../output/text.js';
import { atLeast } from '../model.js';
import { EXIT, UsageError } from './errors.js';
import { writeSkippedNotice } from './validate.js';
import { toolVersion } from './version.js';

export const hookHelp = `Usage: driftgate hook install|uninstall|run

  install     install the pre-commit hook in this repository; an existing hook is kept and
              runs first
  uninstall   remove driftgate's hook and restore the previous one
  run         validate the staged content of staged files (what the hook calls); staged
              files that are neither driftgate documents nor of a format driftgate reads,
              such as CI workflows, are skipped and counted on stderr

Exit codes of run: 0 commit may go ahead, 1 errors in staged files, 2 driftgate could not run.
`;

/** Runs the command and returns its exit code. */
export async function runHook(args: string[], cwd: string): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  const [action] = positionals;
  if (values.help || action === undefined) {
    process.stdout.write(hookHelp);
    return values.help ? EXIT.clean : EXIT.failure;
  }
  switch (action) {
    case 'install':
      process.stderr.write(`driftgate: ${await installHook(cwd)}\n`);
      return EXIT.clean;
    case 'uninstall':
      process.stderr.write(`driftgate: ${await uninstallHook(cwd)}\n`);
      return EXIT.clean;
    case 'run': {
      const result = await validateStaged(cwd);
      if (!result) return EXIT.clean;
      writeSkippedNotice(result.skipped);
      // Findings that a file renamed without changes already had in HEAD do not block.
      const errors = result.findings.filter((finding) => !finding.suppressed && atLeast(finding.severity, 'error'));
      const failing = errors.filter((finding) => finding.baselineState !== 'unchanged');
      if (result.findings.length > 0) {
        process.stdout.write(formatText({ findings: result.findings, files: result.files, rules: result.rules, failOn: 'error', toolVersion }));
      }
      const renamedErrors = errors.length - failing.length;
      if (renamedErrors > 0) {
        process.stderr.write(`driftgate: ${renamedErrors} error(s) above are in files renamed without changes and were already in HEAD, so they do not block the commit.\n`);
      }
      if (failing.length > 0) {
        process.stderr.write('driftgate: commit rejected: fix the errors above in the staged files (git add them), or commit with --no-verify to skip the check.\n');
        return EXIT.findings;
      }
      return EXIT.clean;
    }
    default:
      throw new UsageError(`unknown hook action "${action}"; use install, uninstall or run`);
  }
}
