/** The `driftgate` command line: dispatches to a command and turns failures into exit code 2. */
import { ConfigError } from '../engine/config.js';
import { PathError } from '../load/discover.js';
import { EXIT, UsageError } from './errors.js';
import { runValidate } from './validate.js';
import { toolVersion } from './version.js';

type Command = (args: string[], cwd: string) => Promise<number>;

const commands: Record<string, Command> = {
  validate: runValidate,
};

const mainHelp = `Usage: driftgate COMMAND [options]

Commands:
  validate [PATH...]   check configuration files against schemas and rules

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
  const command = commands[name];
  if (!command) {
    process.stderr.write(`driftgate: unknown command "${name}"\n\n${mainHelp}`);
    return EXIT.failure;
  }
  try {
    return await command(args, cwd);
  } catch (error) {
    return reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof ConfigError) {
    process.stderr.write(`driftgate: the configuration cannot be used:\n${error.message}\n`);
  } else if (error instanceof UsageError || error instanceof PathError) {
    process.stderr.write(`driftgate: ${error.message}\n`);
  } else if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`driftgate: ${error.message}; run with --help for the options\n`);
  } else {
    const detail = process.env.DRIFTGATE_DEBUG ? (error as Error).stack : (error as Error).message;
    process.stderr.write(`driftgate: internal error: ${detail}\nThis is a bug; set DRIFTGATE_DEBUG=1 for details and report it.\n`);
  }
  return EXIT.failure;
}
