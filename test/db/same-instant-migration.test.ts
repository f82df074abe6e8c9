// Migration 068 on a journal written before it: fills of one position at one instant from two imports were ordered by
// import, then by their place in their file. The migration numbers them in that order, so FIFO matches the same lots
// after it as before (without the numbers, file places alone would order them: another FIFO).

import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import { migrateToLatest, migrationTable } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const HEADER = "Date,Time,Symbol,Side,Quantity,Price,Commission,Account,Execution ID";

describeEachBackend("migration 068: fills at one instant from several imports keep their order", (backend) => {
  const journal = useJournal(backend);

  it("numbers them by import, then place in the file; FIFO after it matches the lots it matched before", async () => {
    const { database, cli } = journal;
    const db = database.db;
    const dir = mkdtempSync(join(inject("scratchDir"), "instant-"));
    const write = (name: string, rows: string[]) => {
      const path = join(dir, name);
      writeFileSync(path, [HEADER, ...rows, ""].join("\n"));
      return path;
    };
    // Import 1: U at 09:00, then X and Y at 10:00 (places 1 and 2 in its file); import 2: W at 10:00 (place 0).
    const first = write("first.csv", [
      "2025-03-03,09:00:00,ACME,Buy,100,8.00,0,U1,U",
      "2025-03-03,10:00:00,ACME,Buy,100,10.00,0,U1,X",
      "2025-03-03,10:00:00,ACME,Buy,100,11.00,0,U1,Y",
    ]);
    const second = write("second.csv", ["2025-03-03,10:00:00,ACME,Buy,100,9.00,0,U1,W"]);
    for (const file of [first, second]) expect((await cli(["import", "csv", file])).code).toBe(0);

    // The journal the code before 068 wrote: no same_instant_order column.
    await sql`DELETE FROM ${sql.table(migrationTable)} WHERE name = '068_same_instant_fill_order'`.execute(db);
    await sql`ALTER TABLE executions DROP COLUMN same_instant_order`.execute(db);
    expect((await migrateToLatest(db)).applied).toEqual(["068_same_instant_fill_order.sql"]);
    const orders = await sql<{ execution_id: string; same_instant_order: number }>`
      SELECT execution_id, same_instant_order FROM executions ORDER BY execution_id`.execute(db);
    // U is alone at its instant (0); at 10:00 import 1's X, Y, then import 2's W.
    expect(orders.rows.map((r) => [r.execution_id, Number(r.same_instant_order)])).toEqual([
      ["U", 0],
      ["W", 3],
      ["X", 1],
      ["Y", 2],
    ]);

    // Selling 200 at 12.00 closes U and X as before 068: 100 x (12 - 8) + 100 x (12 - 10) = 600.00 (W instead of X
    // would give 700.00).
    const sale = write("sale.csv", ["2025-03-03,11:00:00,ACME,Sell,200,12.00,0,U1,S"]);
    const result = await cli(["import", "csv", sale, "--json"]);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout).imports[0].realizedPnl).toBe("600.00");
  });
});
