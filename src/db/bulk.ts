// Bulk loading with COPY ... FROM STDIN, through an ordinary Kysely transaction.
//
// COPY needs more than a statement: the rows travel beside it, in the engine's own way. So it is a capability of the
// connections the journal is opened with (drivers.ts, chosen by connect.ts): each one can `copyFrom`, PGlite from a
// Blob, a server through pg-copy-streams on the connection's own client. copyInto hands the rows to the connection
// of the transaction it is given, so they are part of that transaction like any INSERT.
import { type InsertType, type Kysely, sql, type Transaction } from "kysely";
import { type Database, tables } from "./schema.js";

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
 * A row's value per column, as the table takes it on insert (schema.ts's types): the keys are a COPY's column list and
 * the values what an UPDATE sets, so a column is named once, by the table type, never written out again.
 */
export type ColumnValues<Table extends keyof Database, Row> = {
  [C in keyof Database[Table]]?: (row: Row) => InsertType<Database[Table][C]>;
};

/**
 * A COPY layout from one value per column (see ColumnValues): each value is written as COPY text for its column's
 * type in schema.ts (a number or NUMERIC string as it is, a timestamp in UTC, a boolean as t or f, text and JSON
 * escaped, null as \N).
 */
export function copyLayout<Table extends keyof Database & string, Row>(
  table: Table,
  values: ColumnValues<Table, Row>,
): CopyLayout<Row> {
  const specs: Record<string, { sqlType: string }> = tables[table];
  const columns = Object.keys(values);
  const encode = columns.map((column) => {
    const value = values[column as keyof Database[Table]] as (row: Row) => unknown;
    const text = copyTextFor(`${table}.${column}`, (specs[column] as { sqlType: string }).sqlType);
    return (row: Row) => text(value(row));
  });
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

/** How a value of a column of this type is written as COPY text. */
function copyTextFor(column: string, sqlType: string): (value: unknown) => string {
  if (sqlType === "integer" || sqlType === "bigint" || sqlType.startsWith("numeric("))
    return (value) => (value === null || value === undefined ? "\\N" : String(value));
  if (sqlType.startsWith("timestamp"))
    return (value) => (value instanceof Date ? copyTimestamp(value) : copyValue(value as string | null | undefined));
  if (sqlType === "jsonb")
    return (value) => copyValue(value === null || typeof value === "string" ? value : JSON.stringify(value));
  if (sqlType === "boolean") return (value) => (value === null || value === undefined ? "\\N" : value ? "t" : "f");
  if (sqlType === "text" || sqlType.startsWith("character varying"))
    return (value) => copyValue(value as string | null | undefined);
  throw new Error(`copyLayout: no COPY text for ${column} (${sqlType})`);
}

/** Rows per statement where a statement names many keys in a VALUES list. */
export const KEYS_PER_STATEMENT = 1000;

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

/**
 * Takes `count` ids from a table's id sequence, for rows written by COPY that other rows point at. Ids are taken ahead
 * in growing blocks per transaction (the first block is exactly what was asked, later ones double up to
 * MAX_ID_BLOCK), so a large import asks the server for ids a few dozen times rather than once per page, and a small
 * one leaves no gap in the sequence.
 */
export async function reserveIds(db: Db, table: "trades" | "round_trips", count: number): Promise<number[]> {
  if (count === 0) return [];
  let pools = idPools.get(db);
  if (!pools) {
    pools = new Map();
    idPools.set(db, pools);
  }
  const pool = pools.get(table) ?? { ids: [], block: 0 };
  pools.set(table, pool);
  if (pool.ids.length < count) {
    pool.block = Math.min(Math.max(pool.block * 2, count - pool.ids.length), Math.max(MAX_ID_BLOCK, count));
    const result = await sql<{ id: number }>`
      select nextval(s.sequence)::int as id
      from (select pg_get_serial_sequence(${table}, 'id')::regclass as sequence) s, generate_series(1, ${pool.block})`.execute(
      db,
    );
    for (const row of result.rows) pool.ids.push(row.id);
  }
  return pool.ids.splice(0, count);
}
const MAX_ID_BLOCK = 50_000;
const idPools = new WeakMap<Db, Map<string, { ids: number[]; block: number }>>();
