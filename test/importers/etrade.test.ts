// E*TRADE transaction history, both layouts (fixtures/imports/etrade/): the 2025 layout with its preamble, BOM, CRLF
// and disclaimer footer, fees only in Amount $, a short, options in fixed-width descriptions, an expiry, a dividend
// and a transfer; the legacy layout with `For Account:`, a short, an option that expires, a dividend.
import { describe, expect, it } from "vitest";
import { fixture, importJson, readFixture, tradesBySymbol } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const current = fixture("etrade", "transactions.csv");
const legacy = fixture("etrade", "legacy.csv");

describe("etrade reader", () => {
  it("reads the 2025 layout after its preamble: costs from Amount $, options, an expiry by the quantity's sign", async () => {
    const { detection, fills, skipped, errors } = await readFixture(current);
    expect([detection.format.name, detection.layout, detection.headerIndex]).toEqual(["etrade", "transactions", 3]);
    expect(errors).toEqual([]);
    expect(skipped).toEqual({
      "non-trade row (Dividend)": 1,
      "non-trade row (Online Transfer)": 1,
      "footer or note row": 1,
    });
    expect(fills.map((f) => [f.line, f.action, f.positionEffect, f.quantity, f.symbol, f.price, f.commission])).toEqual(
      [
        // Expired with quantity +1: the short put is bought back at 0.
        [8, "buy", "close", "1", "TSLA250321P00240000", "0", "0.00"],
        [10, "buy", null, "10", "MSFT", "390", "0.00"],
        // Sold Short on an option is a sell to open; 300.00 - 299.49 = 0.51 (0.50 commission, 0.01 fee).
        [11, "sell", "open", "1", "TSLA250321P00240000", "3", "0.51"],
        [12, "sell", null, "2", "SPY250321C00560000", "5.35", "1.32"],
        [13, "buy", "open", "2", "SPY250321C00560000", "4.1", "1.30"],
        [14, "buy", "close", "50", "TSLA", "245.25", "1.00"],
        [15, "sell", "open", "50", "TSLA", "250", "1.10"],
        [16, "sell", null, "40", "AAPL", "179", "0.41"],
        [17, "sell", null, "60", "AAPL", "182.5", "0.62"],
        [18, "buy", null, "100", "AAPL", "180", "1.00"],
      ],
    );
  });

  it("reads the legacy layout after `For Account:`", async () => {
    const { detection, fills, skipped, errors } = await readFixture(legacy);
    expect([detection.format.name, detection.layout]).toEqual(["etrade", "legacy"]);
    expect(errors).toEqual([]);
    expect(skipped).toEqual({ "non-trade row (Dividend)": 1 });
    expect(fills.map((f) => [f.action, f.positionEffect, f.quantity, f.symbol, f.price, f.commission])).toEqual([
      ["sell", "close", "1", "AAPL230421C00165000", "0", "0.00"],
      ["buy", "open", "1", "AAPL230421C00165000", "2.5", "0.65"],
      ["buy", "close", "10", "GME", "18.5", "0.00"],
      ["sell", "open", "10", "GME", "20", "0.01"],
      ["sell", null, "2", "AMZN", "101.1", "0.01"],
      ["buy", null, "5", "AMZN", "100", "0.00"],
    ]);
  });
});

describeEachBackend("etrade import", (backend) => {
  const journal = useJournal(backend);

  it("imports the 2025 layout: P&L to the cent with the fees in Amount $, an open position", async () => {
    const { code, stderr, summary } = await importJson(journal.cli, current, "--account", "E1234");
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({
      format: "etrade",
      detected: { layout: "transactions", confidence: 1 },
      newFills: 10,
      skippedRows: 3,
      unmatched: [],
      openPositions: [{ account: "E1234", symbol: "MSFT", quantity: "10" }],
    });
    // AAPL 60 x 2.50 - (0.60 + 0.62) + 40 x -1.00 - (0.40 + 0.41) = 107.97; TSLA 50 x 4.75 - 2.10 = 235.40;
    // SPY 2 x 100 x 1.25 - 2.62 = 247.38; TSLA put 300.00 - 0.51 = 299.49. In all 890.24.
    expect(summary.realizedPnl).toBe("890.24");
    const trades = await tradesBySymbol(journal.database);
    expect(trades.AAPL).toMatchObject({ closedPnl: "107.97", commission: "2.03" });
    expect(trades.TSLA).toMatchObject({ closedPnl: "235.40", commission: "2.10", side: "short" });
    expect(trades.SPY250321C00560000).toMatchObject({ closedPnl: "247.38", commission: "2.62", multiplier: "100" });
    expect(trades.TSLA250321P00240000).toMatchObject({ closedPnl: "299.49", side: "short" });
  });

  it("imports the legacy layout", async () => {
    const { code, stderr, summary } = await importJson(journal.cli, legacy, "--account", "L3525");
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({
      newFills: 6,
      openPositions: [{ account: "L3525", symbol: "AMZN", quantity: "3" }],
    });
    // AMZN 2 x 1.10 - 0.01 = 2.19; GME short 10 x 1.50 - 0.01 = 14.99; AAPL call -250.00 - 0.65 = -250.65.
    expect(summary.realizedPnl).toBe("-233.47");
    const trades = await tradesBySymbol(journal.database);
    expect(trades.GME).toMatchObject({ closedPnl: "14.99", side: "short" });
    expect(trades.AAPL230421C00165000).toMatchObject({ closedPnl: "-250.65", commission: "0.65" });
  });
});
