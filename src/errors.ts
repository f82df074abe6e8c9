// One error type per kind of failure; main.ts maps each to one line on stderr and its documented exit code.

export const ExitCode = {
  ok: 0,
  /** A bug or an unexpected failure: a short message, the stack with --debug. */
  unexpected: 1,
  /** A bad command line or a bad value: unknown option, missing flag, invalid number or date. */
  usage: 2,
  /** The thing named does not exist (or belongs to another user). */
  notFound: 3,
  /** The change conflicts with what is there: a duplicate name, a closed trade closed again. */
  conflict: 4,
  /** The database cannot be reached, is not initialised, or a migration failed. */
  database: 5,
  /** Interrupted or cancelled at a prompt. */
  cancelled: 130,
} as const;

export class TradesenseError extends Error {
  readonly exitCode: number = ExitCode.unexpected;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class UsageError extends TradesenseError {
  override readonly exitCode: number = ExitCode.usage;
}

/** A value the user gave is wrong; `field` names the flag or column it came from. */
export class ValidationError extends TradesenseError {
  override readonly exitCode: number = ExitCode.usage;
}

export class NotFoundError extends TradesenseError {
  override readonly exitCode: number = ExitCode.notFound;
}

export class ConflictError extends TradesenseError {
  override readonly exitCode: number = ExitCode.conflict;
}

export class DatabaseError extends TradesenseError {
  override readonly exitCode: number = ExitCode.database;
}

export class CancelledError extends TradesenseError {
  override readonly exitCode: number = ExitCode.cancelled;
}
