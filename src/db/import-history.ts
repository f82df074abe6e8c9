// The import_history table: a run's row from 'pending' to 'completed' or 'failed', the advisory locks that serialise a
// user's imports and tell a dead run from a live one, and the listing `import history` shows.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, JsonObject, JsonValue } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function createImport(db: Db, input: NewImport) {
  const row = await db
    .insertInto("import_history")
    .values(pendingImport(input))
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * The import row a dry run's fills belong to until its transaction rolls back. Its id is not drawn from the sequence
 * (a sequence value is never given back), so a dry run leaves no gap and the next real import is not "import 2";
 * minus the backend's pid keeps two sessions' dry runs apart.
 */
export async function createDryRunImport(db: Db, input: NewImport) {
  const row = await db
    .insertInto("import_history")
    .values({ ...pendingImport(input), id: sql<number>`-pg_backend_pid()` })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

type NewImport = { userId: number; filename: string; broker: string; accountId: string | null };

const pendingImport = (input: NewImport) => ({
  user_id: input.userId,
  filename: input.filename.slice(-255),
  broker: input.broker,
  account_id: input.accountId,
  status: "pending" as const,
});

/** Advisory lock key space of a running import: (RUNNING_IMPORT, import id), held by the run's session. */
const RUNNING_IMPORT = 7_310_002;

/**
 * Creates a run's import_history row ('pending') and, in the same statement, takes a session-level lock on its id
 * that the run holds until it ends or its session does. The row is never visible without its lock held, so "is the
 * lock free?" tells a dead run from a live one (one waiting for the user's import lock, say). `db` must be a single
 * connection (Kysely#connection), which releaseImportLock then uses.
 */
export async function startImport(db: Db, input: NewImport) {
  const row = await db
    .insertInto("import_history")
    .values(pendingImport(input))
    .returning(["id", sql<boolean>`pg_try_advisory_lock(${RUNNING_IMPORT}, id)`.as("locked")])
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Moves the run's lock into its transaction, before that waits for the user's import lock: if the process dies, the
 * transaction's end frees this lock together with the user's, so the import that gets the user's lock next finds the
 * run dead. (A session lock is freed only later in a dying backend's shutdown.)
 */
export async function holdImportLockInTransaction(trx: Transaction<Database>, importId: number) {
  await sql`select pg_advisory_xact_lock(${RUNNING_IMPORT}, ${importId})`.execute(trx);
  await sql`select pg_advisory_unlock(${RUNNING_IMPORT}, ${importId})`.execute(trx);
}

/** Frees the run's session lock if it still holds one (the run ended before its transaction took it over). */
export async function releaseImportLock(db: Db, importId: number) {
  await sql`
    select pg_advisory_unlock(${RUNNING_IMPORT}, ${importId}) from pg_locks
    where locktype = 'advisory' and pid = pg_backend_pid() and classid = ${RUNNING_IMPORT} and objid = ${importId}
      and objsubid = 2 and granted`.execute(db);
}

export async function markProcessing(db: Db, importId: number, now: Date) {
  await db
    .updateTable("import_history")
    .set({ status: "processing", started_at: now })
    .where("id", "=", importId)
    .execute();
}

export interface ImportCounts {
  totalRows: number;
  importedRows: number;
  failedRows: number;
}

export async function finishImport(
  db: Db,
  importId: number,
  outcome: {
    status: "completed" | "failed";
    counts: ImportCounts;
    errors: JsonValue[];
    summary: JsonObject;
    now: Date;
  },
) {
  await db
    .updateTable("import_history")
    .set({
      status: outcome.status,
      total_rows: outcome.counts.totalRows,
      imported_rows: outcome.counts.importedRows,
      failed_rows: outcome.counts.failedRows,
      errors: JSON.stringify(outcome.errors),
      summary: JSON.stringify(outcome.summary),
      completed_at: outcome.now,
    })
    .where("id", "=", importId)
    .execute();
}

/** Serialises imports of one user: a second import waits for the first to commit or roll back. */
export async function lockUserImports(trx: Transaction<Database>, userId: number) {
  await sql`select pg_advisory_xact_lock(${7_310_001}, ${userId})`.execute(trx);
}

/**
 * A run still 'pending' or 'processing' while we hold the user's import lock, whose run lock is free, was killed: its
 * transaction rolled back.
 */
export async function failInterruptedImports(trx: Db, userId: number, exceptId: number | null, now: Date) {
  let query = trx
    .updateTable("import_history")
    .set({
      status: "failed",
      completed_at: now,
      errors: JSON.stringify([
        { line: null, column: null, value: null, reason: "interrupted: nothing from this file was saved" },
      ]),
    })
    .where("user_id", "=", userId)
    .where("status", "in", ["pending", "processing"]);
  if (exceptId !== null) query = query.where("id", "!=", exceptId);
  // Only a run whose session is gone: a live one (waiting for the user's import lock) holds its lock (startImport).
  query = query.where(sql<boolean>`pg_try_advisory_xact_lock(${RUNNING_IMPORT}, id)`);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export async function listImports(db: Db, userId: number, limit: number) {
  return db
    .selectFrom("import_history")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function findImport(db: Db, userId: number, importId: number) {
  return db
    .selectFrom("import_history")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", importId)
    .executeTakeFirst();
}

/** Replaces an import's summary (undo marks it with undoneAt). */
export async function updateImportSummary(db: Db, importId: number, summary: JsonObject) {
  await db
    .updateTable("import_history")
    .set({ summary: JSON.stringify(summary) })
    .where("id", "=", importId)
    .execute();
}
