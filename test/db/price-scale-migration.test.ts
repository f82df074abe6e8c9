// Migration 070 on a journal written before it (prices DECIMAL(15, 4)): every row of every table is kept, the prices
// with the same values at the new scale, P&L, notes, tags, strategy, journal links and the report rollups unchanged;
// after it a 6J price with 7 places is stored and counted exactly.
import { sql } from "kysely";
import { expect, it } from "vitest";
import { migrateToLatest } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { rewindPriceScale } from "../support/older-prices.js";
import { fillJournal, ok, type Rows, snapshot } from "../support/snapshot.js";

const PRICES: Record<string, string[]> = {
  trades: ["entry_price", "exit_price", "stop_price"],
  executions: ["price"],
};

/** The rows with each price as its value (trailing zeros dropped): what the scale change must keep. */
function priceValues(rows: Rows): Rows {
  return Object.fromEntries(
    Object.entries(rows).map(([table, list]) => [
      table,
      list.map((row) =>
        Object.fromEntries(
          Object.entries(row).map(([k, v]) => [
            k,
            PRICES[table]?.includes(k) && typeof v === "string" ? v.replace(/\.?0+$/, "") : v,
          ]),
        ),
      ),
    ]),
  );
}

describeEachBackend("migration 070: prices to 10 decimal places on an older journal", (backend) => {
  const journal = useJournal(backend);

  it("keeps every value, then stores a 7-place price exactly", async () => {
    const { database, cli } = journal;
    const db = database.db;
    // A strategy, AAPL with tags and a note, an open short, the generic fixture's fills and trades, a journal entry
    // linked to two trades; a stop price on the open short.
    await fillJournal(cli);
    await ok(cli, ["trade", "edit", "2", "--stop", "410.5"]);

    // Make it the journal the code before 070 wrote: the price columns DECIMAL(15, 4), pnl over them (047's).
    await rewindPriceScale(db);
    const types = await sql<{ type: string }>`
      SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute
      WHERE attrelid = 'executions'::regclass AND attname = 'price'`.execute(db);
    expect(types.rows).toEqual([{ type: "numeric(15,4)" }]);
    const before = await snapshot(db);
    // The journal fillJournal makes: 9 trades, P&L 813.55 (see test/support/snapshot.ts).
    expect(before.trades).toHaveLength(9);
    expect(before.trades?.find((t) => t.symbol === "MSFT")).toMatchObject({ stop_price: "410.5000" });

    expect((await migrateToLatest(db)).applied).toEqual(["070_price_ten_places.sql"]);
    const after = await snapshot(db);
    expect(priceValues(after)).toEqual(priceValues(before));
    const aapl = after.trades?.find((t) => t.symbol === "AAPL");
    // (190.45 - 187.20) x 100 = 325.00, tags and the two-line note as written.
    expect(aapl).toMatchObject({
      entry_price: "187.2000000000",
      exit_price: "190.4500000000",
      pnl: "325.00",
      tags: ["gap", "a\\b"],
      notes: "line one\nline\ttwo",
    });
    const sums = await sql<{ pnl: string; days: string; trips: string }>`
      SELECT (SELECT sum(pnl) FROM trades)::text AS pnl, (SELECT sum(net) FROM report_days)::text AS days,
             (SELECT sum(net) FROM report_round_trips)::text AS trips`.execute(db);
    expect(sums.rows).toEqual([{ pnl: "813.55", days: "813.55", trips: "813.55" }]);

    // After it: a 6J trade at 7 places is exact, (0.0067255 - 0.0067055) x 12,500,000 = 250.00.
    const added = await ok(cli, [
      ...["trade", "add", "--symbol", "6JH26", "--side", "long", "--qty", "1", "--price", "0.0067055"],
      ...["--exit-price", "0.0067255", "--asset-type", "future", "--multiplier", "12500000"],
      ...["--date", "2025-12-03 09:31", "--exit-date", "2025-12-03 09:48", "--json"],
    ]);
    expect(JSON.parse(added.stdout)).toMatchObject({ entryPrice: "0.0067055000", pnl: "250.00" });
  });
});
