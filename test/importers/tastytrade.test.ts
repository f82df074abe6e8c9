// tastytrade transactions (fixtures/imports/tastytrade/): the current layout (BOM, CRLF, offsets, Average Price per
// contract, an assignment with its stock leg, an expiry, a money movement, an ACAT), the layout with Total (an exercise
// with its stock leg, a cash-settled assignment, a futures row it reports), and tastyworks' legacy layout.
import { describe, expect, it } from "vitest";
import { fixture, importJson, readFixture, tradesBySymbol } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const current = fixture("tastytrade", "transactions.csv");
const withTotal = fixture("tastytrade", "transactions-total.csv");
const legacy = fixture("tastytrade", "legacy.csv");

describe("tastytrade reader", () => {
  it("reads offsets, per-contract prices, and removes options at their value, stock legs as their own rows", async () => {
    const { detection, fills, skipped, errors } = await readFixture(current, "UTC");
    expect([detection.format.name, detection.layout]).toEqual(["tastytrade", "transactions"]);
    expect(errors).toEqual([]);
    expect(skipped).toEqual({
      "non-trade row (Money Movement: Balance Adjustment)": 1,
      "non-trade row (Receive Deliver: ACAT)": 1,
    });
    expect(
      fills
        .slice(0, 5)
        .map((f) => [
          f.line,
          f.executedAt.toISOString(),
          f.action,
          f.positionEffect,
          f.quantity,
          f.symbol,
          f.price,
          f.commission,
        ]),
    ).toEqual([
      // The assigned put's shares, at the strike: Receive Deliver's own row.
      [2, "2025-03-21T20:00:00.000Z", "buy", "open", "100", "TSLA", "240", "0.00"],
      [3, "2025-03-21T20:00:00.000Z", "buy", "close", "1", "TSLA250321P00240000", "0", "0.00"],
      [4, "2025-03-14T20:00:00.000Z", "sell", "close", "1", "AAPL250314C00200000", "0", "0.00"],
      // Average Price -50.00 per contract is 0.50 a share; commissions 1.00 and fees 0.12.
      [6, "2025-03-10T14:05:00.000Z", "buy", "open", "1", "AAPL250314C00200000", "0.5", "1.12"],
      [7, "2025-03-10T14:00:00.000Z", "sell", "open", "1", "TSLA250321P00240000", "3", "1.14"],
    ]);
    expect(fills.find((f) => f.line === 9)).toMatchObject({
      price: "4.1",
      orderId: "3002",
      currency: "USD",
      multiplier: "100",
    });
  });

  it("checks Total, prices a cash-settled removal at its cash, and reports a futures row", async () => {
    const { detection, fills, errors } = await readFixture(withTotal, "UTC");
    expect(detection.layout).toBe("transactions-total");
    expect(errors).toEqual([
      {
        line: 5,
        column: "Instrument Type",
        value: "Future",
        reason: "not read by this format (Equity, Equity Option, Cryptocurrency)",
      },
    ]);
    // Cash settled: 1,500.00 for 1 contract x 100 is 15.00 a share.
    expect(fills[0]).toMatchObject({
      symbol: "SPXW250417C05500000",
      action: "buy",
      price: "15",
      positionEffect: "close",
    });
  });

  it("reads the legacy layout: the contract from its columns, the account, times in the given zone", async () => {
    const { detection, fills, skipped, errors } = await readFixture(legacy, "America/Chicago");
    expect([detection.format.name, detection.layout]).toEqual(["tastytrade", "legacy"]);
    expect(errors).toEqual([]);
    expect(skipped).toEqual({ "non-trade row (Money Movement: Deposit)": 1 });
    expect(fills[0]).toMatchObject({ symbol: "TSLA250321P00240000", action: "buy", price: "0", accountId: "5WT00001" });
    // 9:31 AM in Chicago (CST, UTC-6).
    expect(fills.at(-1)?.executedAt.toISOString()).toBe("2025-03-03T15:31:00.000Z");
  });
});

describeEachBackend("tastytrade import", (backend) => {
  const journal = useJournal(backend);

  it("imports the current layout: assignment, expiry, P&L to the cent, the delivered shares open", async () => {
    const { code, stderr, summary } = await importJson(journal.cli, current, "--account", "T1");
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({
      newFills: 12,
      unmatched: [],
      openPositions: [{ account: "T1", symbol: "TSLA", quantity: "100" }],
    });
    // The week's 590.90; TSLA put 300.00 - 1.14 = 298.86 (assigned, closed at 0); AAPL call -50.00 - 1.12 = -51.12.
    expect(summary.realizedPnl).toBe("838.64");
    const trades = await tradesBySymbol(journal.database);
    expect(trades.TSLA250321P00240000).toMatchObject({ closedPnl: "298.86", commission: "1.14", side: "short" });
    expect(trades.AAPL250314C00200000).toMatchObject({ closedPnl: "-51.12", commission: "1.12" });
    expect(trades.TSLA).toMatchObject({ closedPnl: "235.50", closed: "50", open: "100" });
  });

  it("imports the layout with Total: exit 10 for the futures row, exercise and cash settlement priced right", async () => {
    const { code, summary } = await importJson(journal.cli, withTotal, "--account", "T2");
    expect(code).toBe(10);
    expect(summary).toMatchObject({
      newFills: 7,
      failedRows: 1,
      openPositions: [{ account: "T2", symbol: "NVDA", quantity: "100" }],
    });
    // QQQ 3 x 100 x 0.60 - 3.80 = 176.20; NVDA call exercised: -500.00 - 1.14 = -501.14; SPXW call sold at 12.00,
    // cash-settled at 15.00: -300.00 - 1.66 = -301.66. In all -626.60.
    expect(summary.realizedPnl).toBe("-626.60");
  });

  it("imports the legacy layout", async () => {
    const { code, stderr, summary } = await importJson(journal.cli, legacy);
    expect(code, stderr).toBe(0);
    expect(summary).toMatchObject({
      newFills: 6,
      openPositions: [{ account: "5WT00001", symbol: "AAPL", quantity: "40" }],
    });
    // AAPL 60 x 2.50 - 1.20 = 148.80; SPY 247.40; TSLA put expired: 300.00 - 1.14 = 298.86.
    expect(summary.realizedPnl).toBe("695.06");
  });
});
