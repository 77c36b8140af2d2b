/** Errors the CLI reports as a plain message and exit code 2, never as a stack trace. */
import { ActionableError } from '../errors.js';

/** A problem with how driftgate was called or with its environment; the message says what to do. */
export class UsageError extends ActionableError {}

/** Exit codes of every command; docs/output.md documents them. */
export const EXIT = { clean: 0, findings: 1, failure: 2 } as const;
