// Webull orders records (fixtures/imports/webull/: stocks with BOM and CRLF, a cancelled order, a failed one, a partly
// filled then cancelled one, a short and its cover, EST and EDT times; options with the OCC symbol and a short put).
import { describe, expect, it } from "vitest";
import { webullFormat } from "../../src/importers/webull.js";
import { fixture, importJson, readFixture, tradesBySymbol } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const stocks = fixture("webull", "orders-stocks.csv");
const options = fixture("webull", "orders-options.csv");

describe("webull reader", () => {
  it("keeps filled orders only, reads the zone abbreviation as the offset, Short as a short", async () => {
    const { detection, fills, skipped, errors, columns } = await readFixture(stocks, "UTC");
    expect([detection.format.name, detection.layout, detection.confidence]).toEqual(["webull", "orders", 1]);
    expect(errors).toEqual([]);
    expect(skipped).toEqual({ "order not filled (Cancelled)": 1, "order not filled (Failed)": 1 });
    expect(
      fills.map((f) => [f.line, f.executedAt.toISOString(), f.action, f.positionEffect, f.quantity, f.symbol, f.price]),
    ).toEqual([
      // Partly filled, then cancelled: its 30 filled shares. EDT is UTC-4.
      [2, "2025-03-10T14:00:00.000Z", "buy", null, "30", "NVDA", "110"],
      [3, "2025-03-05T20:30:00.000Z", "buy", null, "50", "TSLA", "245.25"],
      [4, "2025-03-05T14:45:00.000Z", "sell", "open", "50", "TSLA", "250"],
      [5, "2025-03-04T19:00:00.000Z", "sell", null, "40", "AAPL", "179"],
      [7, "2025-03-03T15:15:00.000Z", "sell", null, "60", "AAPL", "182.5"],
      // EST is UTC-5.
      [9, "2025-03-03T14:31:00.000Z", "buy", null, "100", "AAPL", "180"],
    ]);
    // The limit price, ordered quantity and placing time are accounted for, never read as the fill's.
    expect(columns).toMatchObject({ Price: "not a fill price (the order's limit)", "Avg Price": "price" });
  });

  it("reports an unknown zone abbreviation and a side it does not know", () => {
    const header = [
      "Name",
      "Symbol",
      "Side",
      "Status",
      "Filled",
      "Total Qty",
      "Price",
      "Avg Price",
      "Time-in-Force",
      "Placed Time",
      "Filled Time",
    ];
    const read = webullFormat.reader(header, { timeZone: "America/New_York", accountId: null, mapping: {} });
    const row = ["Apple", "AAPL", "Cover", "Filled", "1", "1", "@1", "1.00", "DAY", "", "03/03/2025 09:31:00 XYZ"];
    expect(read(row, 4)).toEqual({
      kind: "error",
      errors: [
        { line: 4, column: "Side", value: "Cover", reason: "not Buy, Sell or Short" },
        { line: 4, column: "Filled Time", value: "03/03/2025 09:31:00 XYZ", reason: "unknown time zone 'XYZ'" },
      ],
    });
  });
});

describeEachBackend("webull import", (backend) => {
  const journal = useJournal(backend);

  it("imports the stocks and the options exports: gross P&L (no fees in the export), open positions", async () => {
    const first = await importJson(journal.cli, stocks);
    expect(first.code, first.stderr).toBe(0);
    expect(first.summary).toMatchObject({
      format: "webull",
      newFills: 6,
      skipped: { "order not filled (Cancelled)": 1, "order not filled (Failed)": 1 },
      unmatched: [],
      openPositions: [{ account: "", symbol: "NVDA", quantity: "30" }],
    });
    // AAPL 60 x 2.50 - 40 x 1.00 = 110.00; TSLA short 50 x (250.00 - 245.25) = 237.50.
    expect(first.summary.realizedPnl).toBe("347.50");
    const second = await importJson(journal.cli, options);
    expect(second.code, second.stderr).toBe(0);
    // SPY 2 x 100 x (5.35 - 4.10) = 250.00; the QQQ put sold short stays open.
    expect(second.summary).toMatchObject({
      newFills: 3,
      realizedPnl: "250.00",
      openPositions: [{ account: "", symbol: "QQQ250417P00450000", quantity: "-1" }],
    });
    const trades = await tradesBySymbol(journal.database);
    expect(trades.AAPL).toMatchObject({ closedPnl: "110.00", commission: "0.00", closed: "100", open: "0" });
    expect(trades.TSLA).toMatchObject({ closedPnl: "237.50", closed: "50", side: "short" });
    expect(trades.SPY250321C00560000).toMatchObject({ closedPnl: "250.00", closed: "2", multiplier: "100" });
    expect(trades.QQQ250417P00450000).toMatchObject({ open: "1", side: "short", multiplier: "100" });
  });
});
