// One error type per kind of failure; main.ts maps each to one line on stderr and its documented exit code.
import type { Command, Option } from "commander";

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

/**
 * A message that names input fields, in the domain's words ("quantity must be greater than 0", "from 2025-03-02 is
 * after to 2025-03-01"): `say` words it with a name for each field, in the order of `fields` (the input's keys, which
 * match the options that carry them on a command line: `qty` for --qty, `exitPrice` for --exit-price, `noStop` for
 * --no-stop). Flag names live in the commands: main.ts says the message again with the running command's flags
 * (namingFlagOf), so a command line reads "--qty must be..."; elsewhere the labels name the fields.
 */
export class FieldWording {
  readonly fields: readonly string[];
  /** What the fields are called when no flag names them: the fields' words by default (`exitDate`: "exit date"). */
  readonly labels: readonly string[];
  constructor(
    fields: string | readonly string[],
    readonly say: (...names: string[]) => string,
    labels?: string | readonly string[],
  ) {
    this.fields = [fields].flat();
    this.labels = labels === undefined ? this.fields.map(wordsOf) : [labels].flat();
  }
}

/** `exitDate` -> "exit date". */
function wordsOf(field: string): string {
  return field.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`);
}

export class TradesenseError extends Error {
  readonly exitCode: number = ExitCode.unexpected;
  /** How the message names input fields, when it does: a command says it again with its flags (namingFlagOf). */
  readonly wording: FieldWording | undefined;
  constructor(message: string | FieldWording, options?: { cause?: unknown }) {
    super(typeof message === "string" ? message : message.say(...message.labels), options);
    this.name = new.target.name;
    this.wording = typeof message === "string" ? undefined : message;
  }

  /** The same error, said again naming the fields of its wording by `names` (flags), in their order. */
  named(...names: string[]): this {
    if (this.wording) this.message = this.wording.say(...names);
    return this;
  }
}

export class UsageError extends TradesenseError {
  override readonly exitCode: number = ExitCode.usage;
}

/** A value the user gave is wrong; `field` names the flag or column it came from. */
export class ValidationError extends TradesenseError {
  override readonly exitCode: number = ExitCode.usage;
}

/** A bad value of named fields (a FieldWording): "quantity must be greater than 0", "--qty must be..." on a command line. */
export class FieldError extends ValidationError {
  declare readonly wording: FieldWording;
  constructor(
    fields: string | readonly string[],
    say: (...names: string[]) => string,
    labels?: string | readonly string[],
  ) {
    super(new FieldWording(fields, say, labels));
  }

  /** The first (usually the only) field named. */
  get field(): string {
    return this.wording.fields[0] as string;
  }
}

/**
 * An error said where no command line names the flags (a prompt, a report outside main, one file of several): the
 * fields of its wording are named by `flags`, a flag of the first field or a flag for each field by key, the others
 * by their labels. Anything else is returned as it is.
 */
export function withFlags(error: unknown, flags: string | Readonly<Record<string, string | undefined>>): unknown {
  if (!(error instanceof TradesenseError) || !error.wording) return error;
  const { fields, labels } = error.wording;
  const flagOf = (field: string, i: number) =>
    typeof flags === "string" ? (i === 0 ? flags : undefined) : flags[field];
  return error.named(...fields.map((field, i) => flagOf(field, i) ?? (labels[i] as string)));
}

/** Runs a domain parser for a flag's value outside main: an error naming fields names them by `flags` (withFlags). */
export function parsedAs<T>(flags: string | Readonly<Record<string, string>>, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw withFlags(error, flags);
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
 * The error a user sees for `error` thrown while `command` ran: one with a FieldWording (the domain names fields, never
 * flags) names each field by the command's option of that attribute name (`qty` -> `--qty`, `noStop` -> `--no-stop`),
 * or by its label where the command has none; anything else is returned as it is.
 */
export function namingFlagOf(error: unknown, command: Command | undefined): unknown {
  if (!(error instanceof TradesenseError) || !error.wording || !command) return error;
  const flags = command.options.filter((o) => o.long).map((o) => [attributeOf(o), o.long] as const);
  return withFlags(error, Object.fromEntries(flags.reverse()));
}

/** An option's key as the domain names it: its attribute name, `no` and that for a negated flag (--no-stop). */
function attributeOf(option: Option): string {
  const name = option.attributeName();
  return option.negate ? `no${name[0]?.toUpperCase() ?? ""}${name.slice(1)}` : name;
}
