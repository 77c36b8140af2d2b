/** The base of errors a user can act on: the CLI prints their message and exits with 2, never a stack trace. */
export class ActionableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
