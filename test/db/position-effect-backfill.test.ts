// Migration 045 on a journal written before it: the code before 045 opened a short with a plain sell that found no
// long lots. Such a sell must keep its short after the migration (marked 'open'), so that a later import touching the
// position still closes the short instead of turning its opening sell into an "unmatched" fill.

import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import { migrateToLatest, migrationTable } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const HEADER = "Date,Time,Symbol,Side,Quantity,Price,Commission,Account,Execution ID";

describeEachBackend("migration 045: sells that opened shorts before it stay shorts", (backend) => {
  const journal = useJournal(backend);

  it("marks a pre-045 short's opening sell 'open', a plain sell that closed a long stays unmarked", async () => {
    const { database, cli } = journal;
    const db = database.db;
    const dir = mkdtempSync(join(inject("scratchDir"), "effect-"));
    // A short of 100 SHRT opened by the journal (recorded as a short side) and a long LNG bought then sold.
    const opening = join(dir, "opening.csv");
    writeFileSync(
      opening,
      [
        HEADER,
        "2025-03-03,09:31:00,SHRT,Short,100,50.00,1.00,U1,S1",
        "2025-03-03,09:32:00,LNG,Buy,10,20.00,1.00,U1,L1",
        "2025-03-03,10:00:00,LNG,Sell,10,21.00,1.00,U1,L2",
        "",
      ].join("\n"),
    );
    const first = await cli(["import", "csv", opening]);
    expect(first.code, first.stderr).toBe(0);

    // Make it the journal the code before 045 wrote: no position_effect column, the short's sell a plain "sell".
    await sql`DELETE FROM ${sql.table(migrationTable)} WHERE name = '045_fill_position_effect'`.execute(db);
    await sql`ALTER TABLE executions DROP COLUMN position_effect`.execute(db);
    expect((await migrateToLatest(db)).applied).toEqual(["045_fill_position_effect.sql"]);
    const effects = await sql<{ execution_id: string; position_effect: string | null }>`
      SELECT execution_id, position_effect FROM executions ORDER BY execution_id`.execute(db);
    expect(effects.rows).toEqual([
      { execution_id: "L1", position_effect: null },
      { execution_id: "L2", position_effect: null },
      { execution_id: "S1", position_effect: "open" },
    ]);

    // The next export covers the short with a plain buy: one closed short trade, nothing unmatched.
    const closing = join(dir, "closing.csv");
    writeFileSync(closing, [HEADER, "2025-03-04,10:00:00,SHRT,Buy,100,48.00,1.00,U1,S2", ""].join("\n"));
    const second = await cli(["import", "csv", closing, "--json"]);
    expect(second.code, second.stderr).toBe(0);
    expect(JSON.parse(second.stdout).imports[0].unmatched).toEqual([]);
    const trades = await db
      .selectFrom("trades")
      .select(["symbol", "side", "quantity", "status", "pnl"])
      .where("symbol", "=", "SHRT")
      .execute();
    // (50.00 - 48.00) x 100 - 2.00 commission = 198.00.
    expect(trades).toEqual([
      { symbol: "SHRT", side: "short", quantity: "100.0000000000", status: "closed", pnl: "198.00" },
    ]);
  });
});
