// Migration 065 on a journal written before it (trades without a currency, rollups without one): every trade is
// kept with no currency (NULL: "none given", which reports read as the journal's own currency, as 065 says; there is
// no account currency to take), the rollups keep their rows and figures under currency '' (unspecified), and the
// reports give the same figures as before. Hand-worked, the user in New York (EDT = UTC-4):
//   T1 AAPL long 10 @ 100 -> 110, commission 2.00, exit 2025-06-02 15:00 UTC (11:00 EDT): +98.00
//   T2 MSFT short 5 @ 400 -> 390, commission 1.00, exit 2025-06-03 20:30 UTC (16:30 EDT): +49.00
//   T3 NVDA long 3 @ 120, open.
//   Net 147.00; days 06-02 98.00 and 06-03 49.00; 3 round trips (two flat).
import { sql } from "kysely";
import { expect, it } from "vitest";
import { migrateToLatest } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { rewindSchema } from "../support/older-schema.js";

describeEachBackend("migration 065: a journal written before currencies", (backend) => {
  const journal = useJournal(backend);

  it("keeps every trade and rollup, in no currency, and reports the same figures", async () => {
    const { database, cli, userId } = journal;
    const db = database.db;
    await rewindSchema(db, "061_report_trading_day_session");
    const columns = await sql<{ column_name: string }>`
      SELECT column_name FROM information_schema.columns WHERE table_name = 'trades' AND column_name = 'currency'`.execute(
      db,
    );
    expect(columns.rows).toEqual([]);
    await sql`INSERT INTO trades (user_id, symbol, side, quantity, entry_price, exit_price, entry_date, exit_date,
        commission, status, tags, notes) VALUES
      (${userId}, 'AAPL', 'long', 10, 100, 110, '2025-06-02 14:00', '2025-06-02 15:00', 2.00, 'closed',
        ARRAY['gap'], 'kept note'),
      (${userId}, 'MSFT', 'short', 5, 400, 390, '2025-06-03 14:00', '2025-06-03 20:30', 1.00, 'closed', NULL, NULL),
      (${userId}, 'NVDA', 'long', 3, 120, NULL, '2025-06-04 14:00', NULL, 0, 'open', NULL, NULL)`.execute(db);
    const days = () =>
      sql<Record<string, unknown>>`SELECT * FROM report_days ORDER BY day`.execute(db).then((r) => r.rows);
    const trips = () =>
      sql<Record<string, unknown>>`SELECT * FROM report_round_trips ORDER BY opened_at`.execute(db).then((r) => r.rows);
    const daysBefore = await days();
    const tripsBefore = await trips();
    expect(daysBefore.map((d) => [d.net, d.closed_rows])).toEqual([
      ["98.00", 1],
      ["49.00", 1],
    ]);
    expect(tripsBefore.map((t) => [t.symbol, t.net, t.closed_rows, t.open_rows])).toEqual([
      ["AAPL", "98.00", 1, 0],
      ["MSFT", "49.00", 1, 0],
      ["NVDA", "0.00", 0, 1],
    ]);

    const applied = (await migrateToLatest(db)).applied;
    expect(applied).toContain("065_trade_currency.sql");
    const trades = await db
      .selectFrom("trades")
      .select(["symbol", "currency", "pnl", "tags", "notes", "status"])
      .orderBy("id")
      .execute();
    expect(trades).toEqual([
      { symbol: "AAPL", currency: null, pnl: "98.00", tags: ["gap"], notes: "kept note", status: "closed" },
      { symbol: "MSFT", currency: null, pnl: "49.00", tags: null, notes: null, status: "closed" },
      { symbol: "NVDA", currency: null, pnl: null, tags: null, notes: null, status: "open" },
    ]);
    // The rollups keep their rows, each now under currency '' (unspecified).
    expect(await days()).toEqual(daysBefore.map((d) => ({ ...d, currency: "" })));
    expect(await trips()).toEqual(tripsBefore.map((t) => ({ ...t, currency: "" })));

    const report = await cli(["report", "--period", "2025-06", "--json"], { now: new Date("2025-06-10T12:00:00Z") });
    expect(report.code, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).figures).toMatchObject({ netPnl: "147.00", roundTrips: 2, tradingDays: 2 });
    // A trade added in EUR afterwards stands apart: the journal's figures are then given per currency.
    const added = await cli(
      [
        ...["trade", "add", "--symbol", "SAP", "--side", "long", "--qty", "1", "--price", "200", "--exit-price", "210"],
        ...["--date", "2025-06-05 10:00", "--currency", "EUR"],
      ],
      { now: new Date("2025-06-10T12:00:00Z") },
    );
    expect(added.code, added.stderr).toBe(0);
    const split = JSON.parse(
      (await cli(["report", "--period", "2025-06", "--json"], { now: new Date("2025-06-10T12:00:00Z") })).stdout,
    );
    expect(
      split.byCurrency.map((c: { currency: string; figures: { netPnl: string } }) => [c.currency, c.figures.netPnl]),
    ).toEqual([
      ["unspecified", "147.00"],
      ["EUR", "10.00"],
    ]);
  });
});
