// Robinhood activity report (fixtures/imports/robinhood/activity.csv: BOM, CRLF, newest first, quoted multi-line
// descriptions, options, an expiry of a short and of a long option, an assignment with its stock row, a dividend, a
// deposit, the blank row and disclaimer footer).
import { describe, expect, it } from "vitest";
import { fixture, importJson, readFixture, tradesBySymbol } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const file = fixture("robinhood", "activity.csv");

describe("robinhood reader", () => {
  it("detects the activity report and reads fills, fees from Amount, options from the description", async () => {
    const { detection, fills, skipped, errors } = await readFixture(file);
    expect([detection.format.name, detection.layout, detection.confidence]).toEqual(["robinhood", "activity", 1]);
    expect(errors).toEqual([]);
    expect(skipped).toEqual({
      "non-trade row (CDIV)": 1,
      "non-trade row (ACH)": 1,
      "blank row": 1,
      "footer or note row": 1,
    });
    const brief = fills.map((f) => [f.line, f.action, f.positionEffect, f.quantity, f.symbol, f.price, f.commission]);
    expect(brief).toEqual([
      [2, "buy", null, "100", "BND", "73", "0.00"],
      // Assigned: a short put bought back at 0; the shares are the row above.
      [4, "buy", "close", "1", "BND250321P00073000", "0", "0.00"],
      // `1S`: the expiring put was short.
      [5, "buy", "close", "1", "TSLA250321P00240000", "0", "0.00"],
      [6, "sell", "close", "1", "AAPL250314C00200000", "0", "0.00"],
      // $39.96 received for 1 x 0.40 x 100 = 40.00: 0.04 of fees.
      [8, "sell", "open", "1", "BND250321P00073000", "0.4", "0.04"],
      [9, "buy", "open", "1", "AAPL250314C00200000", "0.5", "0.04"],
      [10, "sell", "open", "1", "TSLA250321P00240000", "3", "0.05"],
      [11, "sell", "close", "2", "SPY250321C00560000", "5.35", "1.30"],
      [12, "buy", "open", "2", "SPY250321C00560000", "4.1", "1.30"],
      [13, "sell", null, "40", "AAPL", "179", "0.40"],
      [15, "sell", null, "60", "AAPL", "182.5", "0.60"],
      // ($18,001.00) paid for 100 x 180.00: 1.00 of fees.
      [17, "buy", null, "100", "AAPL", "180", "1.00"],
    ]);
    // A date without a time: midnight in New York.
    expect(fills[0]?.executedAt.toISOString()).toBe("2025-03-21T04:00:00.000Z");
    expect(fills.every((f) => f.dateOnly)).toBe(true);
  });

  it("refuses an Amount that cannot hold the fill's value, rather than inventing a negative fee", async () => {
    const { robinhoodFormat } = await import("../../src/importers/robinhood.js");
    const header = [
      "Activity Date",
      "Process Date",
      "Settle Date",
      "Instrument",
      "Description",
      "Trans Code",
      "Quantity",
      "Price",
      "Amount",
    ];
    const read = robinhoodFormat.reader(header, { timeZone: "America/New_York", accountId: null, mapping: {} });
    expect(read(["3/3/2025", "", "", "AAPL", "Apple", "Buy", "10", "$180.00", "($1,700.00)"], 9)).toEqual({
      kind: "error",
      errors: [
        {
          line: 9,
          column: "Amount",
          value: "($1,700.00)",
          reason: "the net amount is beyond quantity x price (1800.00) by 100.00: cannot tell the fees",
        },
      ],
    });
  });
});

describeEachBackend("robinhood import", (backend) => {
  const journal = useJournal(backend);

  it("imports the activity report: trades, P&L to the cent, commissions, open positions", async () => {
    const { code, stderr, summary } = await importJson(journal.cli, file);
    expect(code, stderr).toBe(0);
    expect(stderr).toBe("");
    expect(summary).toMatchObject({
      format: "robinhood",
      detected: { layout: "activity", confidence: 1 },
      newFills: 12,
      skippedRows: 4,
      failedRows: 0,
      unmatched: [],
      openPositions: [{ account: "", symbol: "BND", quantity: "100" }],
    });
    // AAPL 60 x 2.50 - 1.20 + 40 x -1.00 - 0.80 = 108.00; SPY 2 x 100 x 1.25 - 2.60 = 247.40; TSLA put sold at 3.00,
    // expired: 300 - 0.05 = 299.95; AAPL call bought at 0.50, expired: -50 - 0.04 = -50.04; BND put sold at 0.40,
    // assigned: 40 - 0.04 = 39.96. In all 645.27.
    expect(summary.realizedPnl).toBe("645.27");
    expect(await tradesBySymbol(journal.database)).toEqual({
      AAPL: { closedPnl: "108.00", commission: "2.00", closed: "100", open: "0", side: "long", multiplier: "1" },
      AAPL250314C00200000: {
        closedPnl: "-50.04",
        commission: "0.04",
        closed: "1",
        open: "0",
        side: "long",
        multiplier: "100",
      },
      BND: { closedPnl: "0.00", commission: "0.00", closed: "0", open: "100", side: "long", multiplier: "1" },
      BND250321P00073000: {
        closedPnl: "39.96",
        commission: "0.04",
        closed: "1",
        open: "0",
        side: "short",
        multiplier: "100",
      },
      SPY250321C00560000: {
        closedPnl: "247.40",
        commission: "2.60",
        closed: "2",
        open: "0",
        side: "long",
        multiplier: "100",
      },
      TSLA250321P00240000: {
        closedPnl: "299.95",
        commission: "0.05",
        closed: "1",
        open: "0",
        side: "short",
        multiplier: "100",
      },
    });
  });
});

describeEachBackend("robinhood split rows", (backend) => {
  const journal = useJournal(backend);

  // fixtures/imports/robinhood/split.csv: 10 NVDA bought, then an SPL row (a 10-for-1 split, +90 shares). Skipping
  // it would leave 10 shares where the account holds 100, without a word: it is the row's error (exit 10).
  it("refuses a split row by row instead of skipping it; the buy still imports", async () => {
    const { code, summary } = await importJson(journal.cli, fixture("robinhood", "split.csv"));
    expect(code).toBe(10);
    expect(summary).toMatchObject({
      newFills: 1,
      failedRows: 1,
      openPositions: [{ account: "", symbol: "NVDA", quantity: "10" }],
      errors: [
        {
          line: 2,
          column: "Trans Code",
          value: "SPL",
          reason:
            "a stock split is not applied from Robinhood's export: the position keeps its quantity before the split; record the change by hand",
        },
      ],
    });
  });
});
