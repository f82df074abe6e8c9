// Migrations 023 and 067: fills stored with today's 64-character hex fingerprints (test/db/fixtures/executions-before-023.json,
// dumped from a journal that the code before it imported generic-fifo.csv and fills-without-ids.csv into) get 32-byte
// fingerprints from their values, and re-importing those files, or the same fills spelled differently, adds nothing.

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import { migrateToLatest, migrationTable } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const fixtures = join(import.meta.dirname, "fixtures");
const storedFills: Record<string, unknown>[] = JSON.parse(
  readFileSync(join(fixtures, "executions-before-023.json"), "utf8"),
);

describeEachBackend("migration 023: 32-byte fill fingerprints from values", (backend) => {
  const journal = useJournal(backend);

  it("keeps every stored fill known: re-importing its files, or the same fills spelled otherwise, adds nothing", async () => {
    const { database, cli, userId } = journal;
    const db = database.db;
    // The executions table as 014 created it, before 023 ran (and 067 after it, which the same journal also needs).
    await sql`DELETE FROM ${sql.table(migrationTable)}
      WHERE name IN ('023_fill_fingerprint_bytea', '067_fill_identity')`.execute(db);
    await sql`DROP INDEX idx_executions_marked_copies`.execute(db);
    await sql`DROP INDEX idx_executions_user_fingerprint`.execute(db);
    await sql`ALTER TABLE executions DROP COLUMN fingerprint`.execute(db);
    await sql`ALTER TABLE executions ADD COLUMN fingerprint CHAR(64) NOT NULL`.execute(db);
    await sql`CREATE UNIQUE INDEX idx_executions_user_fingerprint ON executions (user_id, fingerprint)`.execute(db);
    const history = await db
      .insertInto("import_history")
      .values({ user_id: userId, filename: "before-023.csv", broker: "generic", status: "completed" })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const fill of storedFills) {
      await sql`INSERT INTO executions (user_id, import_id, fingerprint, broker, account_id, symbol, asset_type,
          multiplier, action, quantity, price, commission, executed_at, file_sequence, execution_id, order_id,
          currency, details, source_line)
        VALUES (${userId}, ${history.id}, ${fill.fingerprint}, ${fill.broker}, ${fill.account_id}, ${fill.symbol},
          ${fill.asset_type}, ${fill.multiplier}, ${fill.action}, ${fill.quantity}, ${fill.price}, ${fill.commission},
          ${fill.executed_at}::timestamptz AT TIME ZONE 'UTC', ${fill.file_sequence}, ${fill.execution_id},
          ${fill.order_id}, ${fill.currency}, ${JSON.stringify(fill.details)}, ${fill.source_line})`.execute(db);
    }

    expect((await migrateToLatest(db)).applied).toEqual(["023_fill_fingerprint_bytea.sql", "067_fill_identity.sql"]);
    const sizes = await sql<{ bytes: number; fills: number }>`
      SELECT min(octet_length(fingerprint)) AS bytes, count(*)::int AS fills FROM executions`.execute(db);
    expect(sizes.rows[0]).toEqual({ bytes: 32, fills: 13 });

    const again = await cli(["import", "csv", join(import.meta.dirname, "../../fixtures/imports/generic-fifo.csv")]);
    expect(again.stdout, again.stderr).toContain("fills: 0 new, 10 already known");
    for (const file of ["fills-without-ids.csv", "fills-without-ids-respelled.csv"]) {
      const result = await cli(["import", "csv", join(fixtures, file)]);
      expect(result.stdout, result.stderr).toContain("fills: 0 new, 3 already known");
    }
    const after = await db
      .selectFrom("executions")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirst();
    expect(Number(after?.n)).toBe(13);
  });

  it("stores a new fill under a 32-byte fingerprint and knows it the second time", async () => {
    const { database, cli } = journal;
    const file = join(mkdtempSync(join(inject("scratchDir"), "fingerprint-")), "new-fills.csv");
    writeFileSync(file, readFileSync(join(fixtures, "fills-without-ids.csv"), "utf8").replaceAll("ZETA", "NEWX"));
    const first = await cli(["import", "csv", file]);
    expect(first.stdout, first.stderr).toContain("fills: 3 new, 0 already known");
    const second = await cli(["import", "csv", file]);
    expect(second.stdout, second.stderr).toContain("fills: 0 new, 3 already known");
    const bytes = await sql<{
      bytes: number;
    }>`SELECT DISTINCT octet_length(fingerprint) AS bytes FROM executions`.execute(database.db);
    expect(bytes.rows).toEqual([{ bytes: 32 }]);
  });
});
