// Fidelity account history: the all-accounts layout (BOM, blank lines before the header, a legal footer, CRLF) and
// the late-2025 layout (in the same-scenario test), imported as a trader would and checked against hand-computed numbers.
import { describe, expect, it } from "vitest";
import { detectFormat } from "../../src/importers/index.js";
import { trade, useBrokerImport } from "../support/broker-import.js";
import { describeEachBackend } from "../support/databases.js";

describeEachBackend("Fidelity imports", (backend) => {
  const importFixture = useBrokerImport(backend);

  it("all-accounts history: sentences, signed quantities, options, a short, reinvestment, core and footer skipped", async () => {
    const { result, summary, trades } = await importFixture("fidelity/history-all-accounts.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(summary.format).toBe("fidelity");
    expect(summary.newFills).toBe(9);
    expect(summary.failedRows).toBe(0);
    expect(summary.skipped).toEqual({
      "non-trade row (DIVIDEND RECEIVED)": 1,
      "non-trade row (PURCHASE INTO)": 1,
      "money market or cash (core position)": 1,
      "non-trade row (Electronic Funds)": 1,
      "footer text": 3,
    });
    expect(summary.unreadColumns).toEqual([]);
    // MU call expired worthless: -150 - 0.65 = -150.65; MU puts: 2 x 100 x 1.30 = 260 - 2.64 = 257.36;
    // TSLA short: 50 x 4.75 = 237.50 - 0.35 = 237.15; AAPL 40 sold: 40 x -1 - 0.01 = -40.01. In all 303.85.
    expect(summary.realizedPnl).toBe("303.85");
    const account = "Individual Z12345678";
    expect(summary.openPositions).toEqual([
      { account, symbol: "AAPL", quantity: "60" },
      { account, symbol: "VTI", quantity: "0.089" },
    ]);
    expect(trades).toEqual([
      trade("AAPL", "long", "closed", "40", "180", "179", "0.01", "-40.01", "stock", "1", account),
      trade("AAPL", "long", "open", "60", "180", null, "0.00", null, "stock", "1", account),
      trade("MU250321P00095000", "long", "closed", "2", "2.1", "3.4", "2.64", "257.36", "option", "100", account),
      trade("MU250328C00100000", "long", "closed", "1", "1.5", "0", "0.65", "-150.65", "option", "100", account),
      trade("TSLA", "short", "closed", "50", "250", "245.25", "0.35", "237.15", "stock", "1", account),
      trade("VTI", "long", "open", "0.089", "280.9", null, "0.00", null, "stock", "1", account),
    ]);
  }, 60_000);
});

describe("Fidelity detection", () => {
  it.each([
    "Run Date,Action,Symbol,Description,Type,Quantity,Price ($),Commission ($),Fees ($),Accrued Interest ($),Amount ($),Cash Balance ($),Settlement Date",
    "Run Date,Account,Account Number,Action,Symbol,Description,Type,Price ($),Quantity,Commission ($),Fees ($),Accrued Interest ($),Amount ($),Settlement Date",
  ])("%s is Fidelity", (line) => {
    const found = detectFormat([[""], line.split(",")], {});
    expect("format" in found && [found.format.name, found.headerIndex]).toEqual(["fidelity", 1]);
  });
});
