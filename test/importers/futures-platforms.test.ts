// The futures platforms' exports (fixtures/imports/<broker>/, written by us in each export's documented layout):
// detection, fills with the contract's point value from the table, commissions, trades and P&L to the cent; and the
// same futures day exported by Tradovate, NinjaTrader (US and European locale) and TradeStation imported, each into
// its own journal, to the same trades and the same P&L.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { type Backend, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { importChecked } from "../support/imports.js";
import { useFreshJournals } from "../support/journal.js";

const fixtures = join(import.meta.dirname, "../../fixtures/imports");

interface TradeRow {
  symbol: string;
  side: string;
  asset_type: string;
  multiplier: string;
  quantity: string;
  entry_price: string;
  exit_price: string;
  entry_date: string;
  exit_date: string;
  commission: string;
  pnl: string;
}

async function tradesOf(database: TestDatabase): Promise<TradeRow[]> {
  const result = await sql<TradeRow>`select symbol, side, asset_type, multiplier::text, quantity::text,
      entry_price::text, exit_price::text, to_char(entry_date, 'YYYY-MM-DD"T"HH24:MI:SS') as entry_date,
      to_char(exit_date, 'YYYY-MM-DD"T"HH24:MI:SS') as exit_date, commission::text, pnl::text
    from trades order by entry_date, id`.execute(database.db);
  return result.rows;
}

// The day every fixture holds (times UTC; the files say 09:31:05 ... in New York, EST = UTC-5), hand-computed:
//   NQZ25 long 1: (21005.25 - 21000.00) x 1 x 20 - 3.00 = 102.00
//   MESZ25 short 2: (6850.00 - 6847.75) x 2 x 5 - 2.48 = 20.02
//   MESZ25 long 1: (6848.75 - 6848.00) x 1 x 5 - 1.24 = 2.51
//   day: 124.53 (with multiplier 1 it would have been 5.25 + 4.50 + 0.75 - 6.72 = 3.78)
const nq = { symbol: "NQZ25", asset_type: "future", multiplier: "20.0000", quantity: "1.0000000000" };
const mes = { symbol: "MESZ25", asset_type: "future", multiplier: "5.0000" };
const DAY: TradeRow[] = [
  {
    ...nq,
    side: "long",
    entry_price: "21000.0000000000",
    exit_price: "21005.2500000000",
    entry_date: "2025-12-03T14:31:05",
    exit_date: "2025-12-03T14:35:10",
    commission: "3.00",
    pnl: "102.00",
  },
  {
    ...mes,
    side: "short",
    quantity: "2.0000000000",
    entry_price: "6850.0000000000",
    exit_price: "6847.7500000000",
    entry_date: "2025-12-03T15:02:00",
    exit_date: "2025-12-03T15:10:30",
    commission: "2.48",
    pnl: "20.02",
  },
  {
    ...mes,
    side: "long",
    quantity: "1.0000000000",
    entry_price: "6848.0000000000",
    exit_price: "6848.7500000000",
    entry_date: "2025-12-03T16:00:00",
    exit_date: "2025-12-03T16:05:00",
    commission: "1.24",
    pnl: "2.51",
  },
];
/** The same trades with no commission (exports that carry none: Tradovate Orders and Performance). */
const GROSS: TradeRow[] = DAY.map((t, i) => ({
  ...t,
  commission: "0.00",
  pnl: ["105.00", "22.50", "3.75"][i] as string,
}));

interface Case {
  file: string;
  format: string;
  fills: number;
  skipped: Record<string, number>;
  trades: TradeRow[];
  realized: string;
}

const CASES: Case[] = [
  { file: "tradovate/fills.csv", format: "tradovate", fills: 6, skipped: {}, trades: DAY, realized: "124.53" },
  {
    file: "tradovate/orders.csv",
    format: "tradovate",
    fills: 6,
    skipped: { "order not filled (Canceled)": 1 },
    trades: GROSS,
    realized: "131.25",
  },
  { file: "tradovate/performance.csv", format: "tradovate", fills: 6, skipped: {}, trades: GROSS, realized: "131.25" },
  { file: "ninjatrader/executions.csv", format: "ninjatrader", fills: 6, skipped: {}, trades: DAY, realized: "124.53" },
  {
    file: "ninjatrader/executions-european.csv",
    format: "ninjatrader",
    fills: 6,
    skipped: {},
    trades: DAY,
    realized: "124.53",
  },
  { file: "ninjatrader/trades.csv", format: "ninjatrader", fills: 6, skipped: {}, trades: DAY, realized: "124.53" },
  {
    file: "tradestation/filled-orders.csv",
    format: "tradestation",
    fills: 6,
    skipped: { "order not filled (Canceled)": 1 },
    trades: DAY,
    realized: "124.53",
  },
];

describeEachBackend("futures platforms' exports", (backend: Backend) => {
  const journal = useFreshJournals(backend);
  const trades = new Map<string, TradeRow[]>();

  it.each(CASES)("$file: detected, fills, trades and P&L to the cent", async (c) => {
    const { database, cli } = await journal();
    const result = await importChecked(cli, database, [join(fixtures, c.file)]);
    expect(result.code, result.stderr).toBe(0);
    // No warning of an unread money, quantity or time column: every column of the layout is accounted for.
    expect(result.stderr).toBe("");
    const [summary] = result.imports;
    expect(summary).toMatchObject({
      format: c.format,
      newFills: c.fills,
      failedRows: 0,
      skipped: c.skipped,
      tradesCreated: 3,
      realizedPnl: c.realized,
      unmatched: [],
      unreadColumns: [],
    });
    const executions = await database.db
      .selectFrom("executions")
      .select(["symbol", "asset_type", "multiplier", "currency"])
      .distinct()
      .orderBy("symbol")
      .execute();
    expect(executions).toEqual([
      { symbol: "MESZ25", asset_type: "future", multiplier: "5.0000", currency: "USD" },
      { symbol: "NQZ25", asset_type: "future", multiplier: "20.0000", currency: "USD" },
    ]);
    const rows = await tradesOf(database);
    expect(rows).toEqual(c.trades);
    trades.set(c.file, rows);
  });

  it("the same day from Tradovate, NinjaTrader (US and European) and TradeStation gives the same trades and P&L", () => {
    const files = [
      "tradovate/fills.csv",
      "ninjatrader/executions.csv",
      "ninjatrader/executions-european.csv",
      "ninjatrader/trades.csv",
      "tradestation/filled-orders.csv",
    ];
    const first = trades.get(files[0] as string);
    expect(first).toHaveLength(3);
    for (const file of files.slice(1)) expect(trades.get(file), file).toEqual(first);
  });

  describe("refusals and row errors", () => {
    it("an unknown root is the row's error naming the root and the command that adds it, never multiplier 1", async () => {
      const { database, cli } = await journal();
      const file = join(tmpdir(), `tradovate-unknown-${backend}-${process.pid}.csv`);
      writeFileSync(
        file,
        "Fill ID,Order ID,Timestamp,Account,B/S,Quantity,Price,Contract,commission\n" +
          "1,1,12/03/2025 09:31:05,D1,Buy,1,100.00,ZZXZ5,1.00\n" +
          "2,2,12/03/2025 09:32:05,D1,Buy,1,21000.00,NQZ5,1.00\n",
      );
      const result = await importChecked(cli, database, [file]);
      expect(result.code).toBe(10);
      expect(result.imports[0]).toMatchObject({
        failedRows: 1,
        errors: [
          {
            line: 2,
            column: "Contract",
            value: "ZZXZ5",
            reason: "unknown futures root 'ZZX': add its point value with `tradesense futures set ZZX --point-value V`",
          },
        ],
      });
      // Added, the root imports with its point value.
      expect((await cli(["futures", "set", "ZZX", "--point-value", "250"])).code).toBe(0);
      const again = await importChecked(cli, database, [file]);
      expect(again.code, again.stderr).toBe(0);
      const row = await database.db
        .selectFrom("executions")
        .select(["symbol", "multiplier"])
        .where("symbol", "=", "ZZXZ25")
        .executeTakeFirstOrThrow();
      expect(row).toEqual({ symbol: "ZZXZ25", multiplier: "250.0000" });
    });

    it("the generic format with asset type future takes the point value from the table", async () => {
      const { database, cli } = await journal();
      const file = join(tmpdir(), `generic-futures-${backend}-${process.pid}.csv`);
      // A day on NQ and MES that made 130.17 (the bug printed a few dollars with multiplier 1):
      //   NQ: (21010.50 - 21004.25) x 1 x 20 - 0.54 = 124.46; MES: (6851.50 - 6850.25) x 1 x 5 - 0.54 = 5.71
      //   124.46 + 5.71 = 130.17 (multiplier 1: 6.25 + 1.25 - 1.08 = 6.42)
      writeFileSync(
        file,
        "Date,Symbol,Side,Quantity,Price,Commission,Asset Type\n" +
          "2025-12-03 09:40:00,NQ 12-25,Buy,1,21004.25,0.27,future\n" +
          "2025-12-03 09:45:00,NQ 12-25,Sell,1,21010.50,0.27,future\n" +
          "2025-12-03 10:00:00,/MESZ25,Buy,1,6850.25,0.27,future\n" +
          "2025-12-03 10:05:00,MESZ5,Sell,1,6851.50,0.27,future\n",
      );
      const result = await importChecked(cli, database, [file]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.imports[0]).toMatchObject({ realizedPnl: "130.17", tradesCreated: 2 });
      expect((await tradesOf(database)).map((t) => [t.symbol, t.multiplier, t.pnl])).toEqual([
        ["NQZ25", "20.0000", "124.46"],
        ["MESZ25", "5.0000", "5.71"],
      ]);
    });
  });
});
