// Bulk loading with COPY ... FROM STDIN, through an ordinary Kysely transaction.
//
// COPY needs the driver's own connection, which Kysely hides. So a caller registers the rows under a one-time token
// and sends a marked COPY statement through its transaction; the wrapped driver client in connect.ts (the only code
// that knows PGlite from pg) recognises the mark, takes the rows and streams them: pg-copy-streams on a server, a Blob
// read from PGlite's /dev/blob in the embedded database. The statement runs on the transaction's connection, so the
// rows are part of the transaction like any INSERT.
import { randomUUID } from "node:crypto";
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Chunks of COPY text (strings, or their UTF-8 bytes): whole lines, each ending with "\n". */
export type CopySource = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

const MARK = "/* tradesense-copy:";
const pending = new Map<string, CopySource>();

/** Runs `COPY <target> FROM STDIN` (text format) with `source` as its data; returns the number of rows copied. */
export async function copyInto(db: Db, target: string, source: CopySource): Promise<number> {
  const token = randomUUID();
  pending.set(token, source);
  try {
    const result = await sql.raw(`${MARK}${token} */ copy ${target} from stdin`).execute(db);
    return Number(result.numAffectedRows ?? 0);
  } finally {
    pending.delete(token);
  }
}

/** For the driver wrappers: the statement's rows when it is a marked COPY, else undefined. */
export function takeCopySource(statement: string): { statement: string; source: CopySource } | undefined {
  if (!statement.startsWith(MARK)) return undefined;
  const end = statement.indexOf(" */ ");
  const source = pending.get(statement.slice(MARK.length, end));
  if (!source) throw new Error("COPY statement without rows");
  return { statement: statement.slice(end + 4), source };
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
