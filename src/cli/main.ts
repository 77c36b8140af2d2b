/** The `driftgate` command line: dispatches to a command and turns failures into exit code 2. */
import { ActionableError } from '../errors.js';
import { EXIT } from './errors.js';
import { toolVersion } from './version.js';

type Command = (args: string[], cwd: string) => Promise<number>;

// Commands load on first use, so `validate` does not pay for the git and SSH libraries.
const commands: Record<string, () => Promise<Command>> = {
  validate: async () => (await import('./validate.js')).runValidate,
  check: async () => (await import('./check.js')).runCheck,
  hook: async () => (await import('./hook.js')).runHook,
  scan: async () => (await import('./scan.js')).runScan,
  hostkeys: async () => (await import('./hostkeys.js')).runHostkeys,
  serve: async () => (await import('./serve.js')).runServe,
  diff: async () => (await import('./diff.js')).runDiff,
};

const mainHelp = `Usage: driftgate COMMAND [options]

Commands:
  validate [PATH...]   check configuration files against schemas and rules
  check --base REF     pull-request check: fail only on findings the change adds
  hook install|uninstall|run
                       manage and run the git pre-commit hook
  scan                 compare live hosts over SSH with the desired state in git
  hostkeys trust HOST  record a host's SSH key in known_hosts
  serve                run the drift service: scheduled scans, digests, metrics
  diff DESIRED LIVE    compare two files of one domain by meaning, offline

Run "driftgate COMMAND --help" for a command's options.
Exit codes: 0 clean, 1 findings, 2 driftgate could not do its job.
`;

/** Runs driftgate with command-line arguments and returns the exit code. */
export async function main(argv: string[], cwd = process.cwd()): Promise<number> {
  const [name, ...args] = argv;
  if (name === undefined) {
    // Called without a command: a usage error, so the help goes to stderr with exit code 2.
    process.stderr.write(mainHelp);
    return EXIT.failure;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(mainHelp);
    return EXIT.clean;
  }
  if (name === '--version' || name === '-V') {
    process.stdout.write(`${toolVersion}\n`);
    return EXIT.clean;
  }
  const load = commands[name];
  if (!load) {
    process.stderr.write(`driftgate: unknown command "${name}"\n\n${mainHelp}`);
    return EXIT.failure;
  }
  try {
    const command = await load();
    return await command(args, cwd);
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof ActionableError && error.name === 'ConfigError') {
    process.stderr.write(`driftgate: the configuration cannot be used:\n${error.message}\n`);
  } else if (error instanceof ActionableError) {
    process.stderr.write(`driftgate: ${error.message}\n`);
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    // Node's parseArgs messages add advice about `--` that does not fit driftgate's commands.
    const message = error.message.split('. To specify')[0]!.replace(/^Unknown option '([^']+)'$/, 'unknown option $1');
    process.stderr.write(`driftgate: ${message}; run with --help for the options\n`);
  } else {
    const detail = process.env.DRIFTGATE_DEBUG ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`driftgate: internal error: ${detail}\nThis is a bug; set DRIFTGATE_DEBUG=1 for details and report it.\n`);
  }
  return EXIT.failure;
}
