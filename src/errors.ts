// One error type per kind of failure; main.ts maps each to one line on stderr and its documented exit code.
import type { Command } from "commander";

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
  /** A mail could not be handed to the mail command; what came before it (a report, a notification) was kept. */
  mail: 6,
  /** import csv: imported, but some rows could not be read, or a closing fill found nothing to close. */
  partialImport: 10,
  /** import csv: nothing imported (a refused file, every row bad, --strict found a bad row). */
  nothingImported: 11,
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

/**
 * A bad value of one named field, said in the domain's words ("quantity must be greater than 0"). Flag names live in
 * the commands: main.ts says it again with the flag of the running command whose option is named `field` (commander's
 * attribute name: `qty` for --qty, `exitPrice` for --exit-price), so a command line reads "--qty must be...".
 */
export class FieldError extends ValidationError {
  constructor(
    /** The input's key for the value, matching the option that carries it on a command line. */
    readonly field: string,
    private readonly say: (name: string) => string,
    /** What the field is called when no flag names it. */
    label: string = field,
  ) {
    super(say(label));
  }

  /** The same error, naming the field by `name` (a flag). */
  named(name: string): ValidationError {
    return new ValidationError(this.say(name), { cause: this });
  }
}

/** Runs a domain parser for one flag's value: a FieldError it throws names that flag. */
export function parsedAs<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof FieldError ? error.named(flag) : error;
  }
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

/** A file refused before anything is written (binary, empty, too large, unknown format): nothing imported. */
export class ImportRefusedError extends TradesenseError {
  override readonly exitCode: number = ExitCode.nothingImported;
}

export class CancelledError extends TradesenseError {
  override readonly exitCode: number = ExitCode.cancelled;
}

/**
 * A confirmation answered "no": the user's choice, not a failure. It ends the run with the cancelled exit code, so a
 * caller can tell nothing was done, but its line says what was left alone rather than "error:".
 */
export class DeclinedError extends CancelledError {}

/** A message could not be handed to the configured mail command, or there is none, or no verified address. */
export class MailDeliveryError extends TradesenseError {
  override readonly exitCode: number = ExitCode.mail;
}

/** PostgreSQL's SQLSTATE for a unique index hit. */
const UNIQUE_VIOLATION = "23505";

/** What a table's row is called in a message (each takes "a"); another table's is "a row in <table>". */
const ROW_NAMES: Record<string, string> = {
  strategies: "strategy",
  users: "user",
  trades: "trade",
  executions: "fill",
  import_mappings: "saved column mapping",
  user_settings: "settings row",
  user_sessions: "login session",
  subscriptions: "subscription",
};

/** Key columns whose values are never echoed, even hashed. */
const SECRET_COLUMN = /password|token|secret|hash/i;

/**
 * A unique_violation from either driver (pg's DatabaseError and PGlite's carry the same fields) becomes a conflict
 * that names what already exists. It is what a command's own check-then-insert reports when another process inserted
 * the same name in between. Any other error is left alone (undefined): it stays a bug or a database failure.
 */
export function conflictFromDatabaseError(error: unknown): ConflictError | undefined {
  const candidate = error instanceof Error && !isDriverError(error) && error.cause ? error.cause : error;
  if (!isDriverError(candidate) || candidate.code !== UNIQUE_VIOLATION) return undefined;
  const table = typeof candidate.table === "string" ? candidate.table : undefined;
  const row = (table && ROW_NAMES[table]) ?? (table ? `row in ${table}` : "row");
  const key = typeof candidate.detail === "string" ? describeKey(candidate.detail) : undefined;
  if (key) return new ConflictError(`a ${row} with ${key} already exists`, { cause: candidate });
  const constraint = typeof candidate.constraint === "string" ? ` (${candidate.constraint})` : "";
  return new ConflictError(`a ${row} like this already exists${constraint}`, { cause: candidate });
}

/**
 * A data exception from either driver (SQLSTATE class 22: a number or date out of range, a byte the encoding cannot
 * hold) or a CHECK violation (23514): the input was bad, not the program. Undefined for anything else.
 */
export function dataExceptionMessage(error: unknown): string | undefined {
  const candidate = error instanceof Error && !isDriverError(error) && error.cause ? error.cause : error;
  if (!isDriverError(candidate)) return undefined;
  if (!candidate.code.startsWith("22") && candidate.code !== "23514") return undefined;
  return candidate.message.replaceAll("\u0000", "\\0");
}

interface DriverError extends Error {
  code: string;
  detail?: unknown;
  table?: unknown;
  constraint?: unknown;
}

function isDriverError(error: unknown): error is DriverError {
  return error instanceof Error && typeof (error as { code?: unknown }).code === "string";
}

/**
 * "Key (user_id, name)=(1, Momentum) already exists." -> "name 'Momentum'". The owner column is left out (it is the
 * user's own id). Values are not quoted in the detail, so a value holding ", " cannot be split exactly: the last
 * column takes what is left over, which is right for every unique index in the schema (a text column after ids).
 */
function describeKey(detail: string): string | undefined {
  const match = /^Key \((.+?)\)=\((.*)\) already exists\.?$/s.exec(detail.trim());
  if (!match) return undefined;
  const columns = (match[1] as string).split(", ");
  const parts = (match[2] as string).split(", ");
  const values = [...parts.slice(0, columns.length - 1), parts.slice(columns.length - 1).join(", ")];
  const named = columns
    .map((column, i) => ({ column, value: values[i] ?? "" }))
    .filter(({ column }) => column !== "user_id");
  if (named.length === 0) return undefined;
  return named
    .map(({ column, value }) => {
      if (SECRET_COLUMN.test(column)) return `that ${column}`;
      const oneLine = value.replace(/\s+/g, " ");
      return `${column} '${oneLine.length > 80 ? `${oneLine.slice(0, 77)}...` : oneLine}'`;
    })
    .join(" and ");
}

/**
 * The error a user sees for `error` thrown while `command` ran: a FieldError (the domain names a field, never a flag)
 * names the command's option of that attribute name (`qty` -> `--qty`); anything else is returned as it is.
 */
export function namingFlagOf(error: unknown, command: Command | undefined): unknown {
  if (!(error instanceof FieldError) || !command) return error;
  const option = command.options.find((o) => o.attributeName() === error.field);
  return option?.long ? error.named(option.long) : error;
}
