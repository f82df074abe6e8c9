// Makes a migrated test journal the journal the code before migrations 066 and 067 wrote: fills under the identity
// of migration 023 (the format's name and the commission in it), the two migrations not yet applied.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { defaultMigrationsDir, migrationTable } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";
import { splitSqlStatements } from "../../src/db/split-sql.js";

export async function rewindFillIdentity(db: Kysely<Database>) {
  await sql`DELETE FROM ${sql.table(migrationTable)}
    WHERE name IN ('066_generic_option_symbols_occ', '067_fill_identity')`.execute(db);
  await sql`DROP INDEX idx_executions_marked_copies`.execute(db);
  await sql`DROP INDEX idx_executions_user_fingerprint`.execute(db);
  // The fingerprints imports wrote before 067: migrations/023_fill_fingerprint_bytea.sql's own statement (the
  // format's name and the commission in the fields), run on the column it filled.
  const statements = splitSqlStatements(
    readFileSync(join(defaultMigrationsDir, "023_fill_fingerprint_bytea.sql"), "utf8"),
  );
  const fill = statements.find((s) => s.text.startsWith("UPDATE executions"));
  if (!fill) throw new Error("023's UPDATE statement not found");
  await sql.raw(fill.text.replace("SET fingerprint_bytes =", "SET fingerprint =")).execute(db);
  await sql`CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint)`.execute(db);
}
