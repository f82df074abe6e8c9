// Makes a migrated test journal the journal the code before migrations 066 and 067 wrote: fills under the identity
// of migration 023 (the format's name and the commission in it), the two migrations not yet applied.
import { type Kysely, sql } from "kysely";
import { migrationTable } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";

export async function rewindFillIdentity(db: Kysely<Database>) {
  await sql`DELETE FROM ${sql.table(migrationTable)}
    WHERE name IN ('066_generic_option_symbols_occ', '067_fill_identity')`.execute(db);
  await sql`DROP INDEX idx_executions_marked_copies`.execute(db);
  await sql`DROP INDEX idx_executions_user_fingerprint`.execute(db);
  // migrations/023_fill_fingerprint_bytea.sql's expression, as db/imports.ts wrote it before 067.
  await sql`UPDATE executions SET fingerprint = numbered.fingerprint
    FROM (
      SELECT id,
        CASE WHEN coalesce(execution_id, '') <> ''
          THEN sha256(convert_to('id|' || broker || '|' || account_id || '|' || execution_id, 'UTF8'))
          ELSE sha256(convert_to(fields || '#' || (row_number() OVER (PARTITION BY user_id, fields ORDER BY id) - 1)::text, 'UTF8'))
        END AS fingerprint
      FROM (
        SELECT id, user_id, broker, account_id, execution_id,
          'fields|' || broker || '|' || account_id || '|' || to_char(executed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US')
            || '|' || symbol || '|' || action || '|' || trim_scale(quantity)::text
            || '|' || trim_scale(price)::text || '|' || trim_scale(commission)::text AS fields
        FROM executions
      ) AS described
    ) AS numbered
    WHERE executions.id = numbered.id`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint)`.execute(db);
}
