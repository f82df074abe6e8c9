// Bulk loading with COPY ... FROM STDIN, through an ordinary Kysely transaction.
//
// COPY needs more than a statement: the rows travel beside it, in the engine's own way. So it is a capability of the
// connections the journal is opened with (drivers.ts, chosen by connect.ts): each one can `copyFrom`, PGlite from a
// Blob, a server through pg-copy-streams on the connection's own client. copyInto hands the rows to the connection
// of the transaction it is given, so they are part of that transaction like any INSERT.
import type { Kysely, Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Chunks of COPY text (strings, or their UTF-8 bytes): whole lines, each ending with "\n". */
export type CopySource = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

/**
 * A database connection that can run `statement` (`copy "table" ("column", ...)`, the source left for the connection
 * to add) with the rows of `source`; returns the rows copied.
 */
export interface CopyCapable {
  copyFrom(statement: string, source: CopySource): Promise<number>;
}

function isCopyCapable(connection: object): connection is CopyCapable {
  return typeof (connection as Partial<CopyCapable>).copyFrom === "function";
}

/**
 * Runs `COPY table (columns) FROM STDIN` (text format) with `source` as its data, on the connection of `db` (a
 * transaction's own); returns the number of rows copied. Table and column names are quoted as they are given.
 */
export async function copyInto(db: Db, table: string, columns: readonly string[], source: CopySource): Promise<number> {
  const statement = `copy ${ident(table)} (${columns.map(ident).join(", ")})`;
  // Kysely has no public way to reach a transaction's connection; getExecutor() is how its own `sql` templates run.
  return db.getExecutor().provideConnection(async (connection) => {
    if (!isCopyCapable(connection)) {
      throw new Error("this database connection cannot COPY: open the database with db/connect.ts");
    }
    return connection.copyFrom(statement, source);
  });
}

const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** One table's COPY lines: its columns (in order) and how to write a row as a line of COPY text. */
export interface CopyLayout<Row> {
  table: string;
  columns: string[];
  line(row: Row): string;
}

/**
 * A COPY layout from one encoder per column, typed against schema.ts: the map's keys are the COPY's column list, so
 * a column is named once, by the table type, never written out again beside the values.
 */
export function copyLayout<Table extends keyof Database & string, Row>(
  table: Table,
  encoders: { [C in keyof Database[Table]]?: (row: Row) => string },
): CopyLayout<Row> {
  const columns = Object.keys(encoders);
  const encode = Object.values(encoders) as ((row: Row) => string)[];
  return {
    table,
    columns,
    line(row) {
      let line = "";
      for (let i = 0; i < encode.length; i++)
        line += i === 0 ? (encode[i] as (row: Row) => string)(row) : `\t${(encode[i] as (row: Row) => string)(row)}`;
      return `${line}\n`;
    },
  };
}

/**
 * COPY text in pieces of bytes, `rowsPerPiece` lines each: a string built line by line is a tree of small strings that
 * costs several times its length until flattened, and PGlite takes each piece as a Blob (smaller pieces, less
 * WebAssembly memory).
 */
export function copyPieces(lines: Iterable<string>, rowsPerPiece = 1000): Buffer[] {
  const pieces: Buffer[] = [];
  let piece = "";
  let rows = 0;
  for (const line of lines) {
    piece += line;
    if (++rows % rowsPerPiece === 0) {
      pieces.push(Buffer.from(piece));
      piece = "";
    }
  }
  if (piece !== "") pieces.push(Buffer.from(piece));
  return pieces;
}

/** One value in COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
export function copyValue(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "\\N";
  const text = String(value);
  return /[\\\t\n\r]/.test(text)
    ? text.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"))
    : text;
}

/** A TIMESTAMP value as COPY reads it, in UTC like every stored time. */
export function copyTimestamp(value: Date | null): string {
  return value === null ? "\\N" : value.toISOString().slice(0, 23).replace("T", " ");
}
