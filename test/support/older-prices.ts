// Makes a migrated test journal the journal the code before migration 070 wrote: prices DECIMAL(15, 4) (every stored
// price rounded half-up to 4 places, the trades' P&L over the rounded prices, as 047's generated columns computed it),
// the fills' fingerprints made from the rounded prices (as that code made them, numbered per import), 070 not applied.
import { type Kysely, sql } from "kysely";
import { migrationTable } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";

export async function rewindPriceScale(db: Kysely<Database>): Promise<void> {
  await sql`DELETE FROM ${sql.table(migrationTable)} WHERE name = '070_price_ten_places'`.execute(db);
  await sql`ALTER TABLE trades DROP COLUMN pnl_percent`.execute(db);
  await sql`ALTER TABLE trades DROP COLUMN pnl`.execute(db);
  for (const column of ["entry_price", "exit_price", "stop_price"]) {
    await sql`ALTER TABLE trades ALTER COLUMN ${sql.ref(column)} TYPE DECIMAL(15, 4)`.execute(db);
  }
  await sql`ALTER TABLE executions ALTER COLUMN price TYPE DECIMAL(15, 4)`.execute(db);
  const pnl = sql`CASE WHEN side = 'long' THEN (exit_price - entry_price) * quantity * multiplier - commission
      ELSE (entry_price - exit_price) * quantity * multiplier - commission END`;
  await sql`ALTER TABLE trades ADD COLUMN pnl DECIMAL(15, 2) GENERATED ALWAYS AS (
      CASE WHEN exit_price IS NOT NULL THEN ${pnl} ELSE NULL END) STORED`.execute(db);
  await sql`ALTER TABLE trades ADD COLUMN pnl_percent DECIMAL(8, 2) GENERATED ALWAYS AS (
      CASE WHEN exit_price IS NOT NULL AND entry_price > 0
                AND abs((CAST(${pnl} AS DECIMAL(15, 2)) / (entry_price * quantity * multiplier)) * 100) < 999999.995
           THEN (CAST(${pnl} AS DECIMAL(15, 2)) / (entry_price * quantity * multiplier)) * 100 END) STORED`.execute(db);
  // Fills without an execution id: the fields with the rounded price, numbered among the identical fills of their
  // import (its file), as db/import-staging.ts#stagedFingerprint (then db/imports.ts) did over a staging table of DECIMAL(15, 4) prices.
  await sql`DROP INDEX idx_executions_user_fingerprint`.execute(db);
  await sql`
    UPDATE executions SET fingerprint = numbered.fingerprint
    FROM (
      SELECT id, sha256(convert_to(fields || '#'
               || (row_number() OVER (PARTITION BY user_id, import_id, fields ORDER BY id) - 1)::text, 'UTF8'))
               AS fingerprint
      FROM (
        SELECT id, user_id, import_id,
          'fields|' || account_id || '|' || to_char(executed_at, 'YYYY-MM-DD"T"HH24:MI:SS.US') || '|' || symbol
            || '|' || action || '|' || trim_scale(quantity)::text || '|' || trim_scale(price)::text AS fields
        FROM executions WHERE coalesce(execution_id, '') = ''
      ) AS described
    ) AS numbered
    WHERE executions.id = numbered.id`.execute(db);
  await sql`CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint)`.execute(db);
}
