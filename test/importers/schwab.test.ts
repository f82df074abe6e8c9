// Charles Schwab transactions: the old layout (title and total lines per account, trailing commas, BOM, CRLF) and the
// newer plain one, imported as a trader would (detected, no --broker), checked against numbers computed by hand.
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/importers/index.js";
import { schwabFormat } from "../../src/importers/schwab.js";
import { trade, useBrokerImport } from "../support/broker-import.js";
import { describeEachBackend } from "../support/databases.js";

describeEachBackend("Schwab imports", (backend) => {
  const importFixture = useBrokerImport(backend);

  it("old layout: two accounts, as-of dates, reinvest, cash merger, expiry and assignment, a split of nothing held", async () => {
    const { result, summary, trades } = await importFixture("schwab/transactions-old.csv");
    expect(result.code).toBe(10);
    expect(summary.format).toBe("schwab");
    expect(summary.newFills).toBe(13);
    expect(summary.skipped).toEqual({
      "non-trade row (Qualified Dividend)": 1,
      "non-trade row (Credit Interest)": 1,
      "total line": 2,
      "title line": 1,
      "section header": 1,
    });
    expect(summary.errors).toEqual([]);
    // The NVDA split is kept as a split fill, not applied: the file holds no NVDA shares (an older export would).
    expect(
      summary.unmatched.map((u: { symbol: string; line: number; split?: boolean }) => [u.symbol, u.line, u.split]),
    ).toEqual([
      ["BND", 13, undefined],
      ["NVDA", 7, true],
    ]);
    // AAPL call expired worthless: -250 - 0.66; KO put assigned (closed at 0): 120 - 0.66; OLDCO merged for
    // $1,250.00 = 50 x 25.00: 50 x 5 = 250; MSFT sold as of 03/07: 50 x 5 - 0.05. In all 368.63.
    expect(summary.realizedPnl).toBe("368.63");
    const individual = "Individual ...123";
    expect(summary.openPositions).toEqual([
      { account: individual, symbol: "KO", quantity: "100" },
      { account: individual, symbol: "MSFT", quantity: "50" },
      { account: individual, symbol: "VTI", quantity: "0.3571" },
      { account: "Roth IRA ...456", symbol: "SCHD", quantity: "10" },
    ]);
    expect(trades).toEqual([
      trade("AAPL250328C00230000", "long", "closed", "1", "2.5", "0", "0.66", "-250.66", "option", "100", individual),
      trade("KO", "long", "open", "100", "60", null, "0.00", null, "stock", "1", individual),
      trade("KO250321P00060000", "short", "closed", "1", "1.2", "0", "0.66", "119.34", "option", "100", individual),
      trade("MSFT", "long", "closed", "50", "390", "395", "0.05", "249.95", "stock", "1", individual),
      trade("MSFT", "long", "open", "50", "390", null, "0.00", null, "stock", "1", individual),
      trade("OLDCO", "long", "closed", "50", "20", "25", "0.00", "250.00", "stock", "1", individual),
      trade("SCHD", "long", "open", "10", "27.5", null, "0.00", null, "stock", "1", "Roth IRA ...456"),
      trade("VTI", "long", "open", "0.3571", "280", null, "0.00", null, "stock", "1", individual),
    ]);
  }, 60_000);

  it("new layout: a short and its cover, an exercised call closed at 0 beside its stock leg", async () => {
    const { result, summary, trades } = await importFixture("schwab/transactions-new.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(summary.newFills).toBe(5);
    expect(summary.skipped).toEqual({ "non-trade row (Margin Interest)": 1 });
    // TSLA: 50 x 4.75 - 2.00 = 235.50; the SPY call exercised: -410 - 0.65 = -410.65 (the shares bought at the
    // strike are their own trade, counted once).
    expect(summary.realizedPnl).toBe("-175.15");
    expect(trades).toEqual([
      trade("SPY", "long", "open", "100", "560", null, "0.00", null),
      trade("SPY250321C00560000", "long", "closed", "1", "4.1", "0", "0.65", "-410.65", "option", "100"),
      trade("TSLA", "short", "closed", "50", "250", "245.25", "2.00", "235.50"),
    ]);
  }, 60_000);
});

describe("Schwab detection", () => {
  it("finds the header under the title line, before the generic format would take it", () => {
    const found = detectFormat(
      [
        ["Transactions  for account Individual ...123 as of 04/01/2025 02:21:05 PM ET", ""],
        ["Date", "Action", "Symbol", "Description", "Quantity", "Price", "Fees & Comm", "Amount", ""],
      ],
      {},
    );
    expect("format" in found && [found.format.name, found.headerIndex]).toEqual(["schwab", 1]);
  });
});

describe("Schwab option endings", () => {
  it("refuses an expiry whose opening is not in the file: long or short is unknown", () => {
    const header = ["Date", "Action", "Symbol", "Description", "Quantity", "Price", "Fees & Comm", "Amount"];
    const scan = schwabFormat.scanFile?.();
    const row = ["03/28/2025", "Expired", "AAPL 03/28/2025 230.00 C", "CALL APPLE", "1", "", "", ""];
    scan?.record(header);
    scan?.record(row);
    const read = schwabFormat.reader(header, {
      timeZone: "America/New_York",
      accountId: null,
      mapping: {},
      ...(scan ? { scan } : {}),
    });
    expect(read(row, 3)).toEqual({
      kind: "error",
      errors: [
        {
          line: 3,
          column: "Action",
          value: "Expired",
          reason:
            "the option's opening is not in this file, so whether it closed a long or a short is unknown: import the export that holds the opening with it",
        },
      ],
    });
  });
});
