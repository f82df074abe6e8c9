// A journal at an older schema, for tests of a migration that changes data: the test database is rebuilt with the
// migrations up to a given one, keeping the journal's user, settings and login (made by initJournal with the current
// code), so that the test can write rows in the old shape, migrate to the latest, and run the CLI on the result.
import { type Kysely, sql } from "kysely";
import { migrateUpTo } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";

const KEPT = ["users", "user_settings", "user_sessions"] as const;

/** Drops every table and applies the migrations up to and including `name`, keeping the users and their logins. */
export async function rewindSchema(db: Kysely<Database>, name: string): Promise<void> {
  const saved: { table: string; rows: string }[] = [];
  for (const table of KEPT) {
    const result = await sql<{ rows: string | null }>`
      SELECT json_agg(t)::text AS rows FROM ${sql.table(table)} t`.execute(db);
    saved.push({ table, rows: result.rows[0]?.rows ?? "[]" });
  }
  await sql`DROP SCHEMA public CASCADE`.execute(db);
  await sql`CREATE SCHEMA public`.execute(db);
  await migrateUpTo(db, name);
  for (const { table, rows } of saved) {
    if (rows === "[]") continue;
    // Column by name: a column the old table lacks is left out, one it has beyond the saved rows takes its default.
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns
      WHERE table_schema = 'public' AND table_name = ${table} AND is_generated = 'NEVER'
        AND column_name IN (SELECT json_object_keys(${rows}::json -> 0))`.execute(db);
    const names = sql.join(columns.rows.map((c) => sql.ref(c.column_name)));
    await sql`INSERT INTO ${sql.table(table)} (${names})
      SELECT ${names} FROM json_populate_recordset(NULL::${sql.table(table)}, ${rows}::json)`.execute(db);
    if (columns.rows.some((c) => c.column_name === "id")) {
      await sql`SELECT setval(pg_get_serial_sequence(${table}, 'id'), (SELECT max(id) FROM ${sql.table(table)}))`.execute(
        db,
      );
    }
  }
}
