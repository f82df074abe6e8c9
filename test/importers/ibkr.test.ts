// Interactive Brokers: the Activity Statement, the Flex Query in its framings and the portal's Transaction History,
// each imported as a trader would (detected, no --broker) and checked against numbers computed by hand.
import { describe, expect, it } from "vitest";
import { brokerPnlDifferences } from "../../src/domain/broker-pnl.js";
import { ibkrFormat } from "../../src/importers/ibkr/index.js";
import { detectFormat } from "../../src/importers/index.js";
import { trade, useBrokerImport } from "../support/broker-import.js";
import { describeEachBackend } from "../support/databases.js";

const CANCEL_WITHOUT_TRADE =
  "cancels a trade this file does not hold (the same symbol, quantity and price): import the query that holds both, after undoing an import that brought the trade";

describeEachBackend("IBKR imports", (backend) => {
  const importFixture = useBrokerImport(backend);

  it("Activity Statement: Order rows of every section, headers re-read, lot detail and totals skipped", async () => {
    const { result, summary, trades } = await importFixture("ibkr/activity-statement.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(summary.format).toBe("ibkr");
    expect(summary.newFills).toBe(8);
    expect(summary.failedRows).toBe(0);
    expect(summary.skipped).toEqual({
      "closed lot detail": 1,
      "subtotal or total row": 6,
      "section header": 2,
      "forex conversion": 1,
      "not a trade (section Dividends)": 3,
      "not a trade (section Fees)": 2,
      "not a trade (section Financial Instrument Information)": 6,
      "not a trade (section Codes)": 4,
    });
    expect(summary.unreadColumns).toEqual([]);
    // MSFT FIFO: 400 x (395 - 390.25) = 1900 - (3 x 400/600 = 2.00 opening + 2 closing) = 1896.00;
    // NVDA short: 100 x (120 - 118) - 2 = 198.00; the AAPL call expired worthless: -320 - 0.65 = -320.65.
    expect(summary.realizedPnl).toBe("1773.35");
    expect(summary.openPositions).toEqual([
      { account: "", symbol: "MSFT", quantity: "1200" },
      { account: "", symbol: "SAP", quantity: "10" },
    ]);
    expect(trades).toEqual([
      trade("AAPL250328C00222500", "long", "closed", "1", "3.2", "0", "0.65", "-320.65", "option", "100"),
      trade("MSFT", "long", "closed", "400", "390.25", "395", "4.00", "1896.00"),
      trade("MSFT", "long", "open", "200", "390.25", null, "1.00", null),
      trade("MSFT", "long", "open", "1000", "391", null, "5.00", null),
      trade("NVDA", "short", "closed", "100", "120", "118", "2.00", "198.00"),
      trade("SAP", "long", "open", "10", "200", null, "3.00", null),
    ]);
    // IBKR sold the 391.00 lot: 158000 - 2 - (156400 + 2) = 1596; the journal's FIFO says 1896.00.
    expect(summary.brokerPnlDifferences).toEqual([
      {
        account: "",
        symbol: "MSFT",
        broker: "1596.00",
        journal: "1896.00",
        difference: "-300.00",
        message:
          "MSFT: the broker reports realized P&L 1596.00, the journal 1896.00 (difference -300.00): lots matched otherwise than FIFO, or fills outside this file",
      },
    ]);
  }, 60_000);

  it("Activity Statement on a terminal's stderr: the P&L difference is one warning line, exit 0", async () => {
    const { result } = await importFixture("ibkr/activity-statement.csv", [], false);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      "warning: activity-statement.csv: MSFT: the broker reports realized P&L 1596.00, the journal 1896.00 (difference -300.00): lots matched otherwise than FIFO, or fills outside this file\n",
    );
  }, 60_000);

  it("Activity Statement: a Code Ca (cancelled) row nets with the trade it cancels, one without its trade is refused", async () => {
    const { result, summary, trades } = await importFixture("ibkr/activity-cancel.csv");
    // PEP's Ca row cancels a sale the file does not hold: its row's error, exit 10, and no PEP fill.
    expect(result.code).toBe(10);
    expect(summary.errors).toEqual([
      {
        line: 11,
        column: "Code",
        value: "Ca",
        reason:
          "IBKR cancelled this trade (Ca) and the file holds no trade it cancels (the same symbol, quantity and price): not read as a fill",
      },
    ]);
    // KO 50 @ 62.40 and its Ca row (50 @ 62.40 with its commission given back) are neither a fill.
    expect(summary.newFills).toBe(2);
    expect(summary.skipped).toMatchObject({
      "cancelled trade (netted with its Code Ca row)": 1,
      "cancelled (Code Ca, netted with its trade)": 1,
    });
    // KO: 200 x (63 - 62.10) = 180.00 - (1 + 1) = 178.00, as IBKR's Realized P/L says; nothing of the cancelled 50.
    expect(summary.realizedPnl).toBe("178.00");
    expect(summary.brokerPnlDifferences).toEqual([]);
    expect(summary.openPositions).toEqual([]);
    expect(trades).toEqual([trade("KO", "long", "closed", "200", "62.1", "63", "2.00", "178.00")]);
  }, 60_000);

  it("Flex Query with BOF/BOS framing: executions read, ORDER and CLOSED_LOT rows, conversions and CTRN skipped", async () => {
    const { result, summary, trades } = await importFixture("ibkr/flex-framed.csv");
    expect(result.code, result.stderr).toBe(0);
    expect(summary.newFills).toBe(6);
    expect(summary.skipped).toEqual({
      "ORDER row (not a fill)": 1,
      "CLOSED_LOT row (not a fill)": 1,
      "forex conversion": 1,
      "Flex framing record": 5,
      "section header": 1,
      "not a trade (another Flex section)": 1,
    });
    // MSFT: 60 x 1.75 - (0.6 + 0.6) = 103.80 and 40 x 1.75 - (0.4 + 0.4) = 69.20 (173 as IBKR says);
    // the SPY put: 100 x (3.10 - 2.50) - 1.40 = 58.60.
    expect(summary.realizedPnl).toBe("231.60");
    expect(summary.brokerPnlDifferences).toEqual([]);
    expect(summary.openPositions).toEqual([{ account: "U7654321", symbol: "AMD", quantity: "-50" }]);
    expect(trades).toEqual([
      trade("AMD", "short", "open", "50", "110", null, "1.00", null, "stock", "1", "U7654321"),
      trade("MSFT", "long", "closed", "60", "390.25", "392", "1.20", "103.80", "stock", "1", "U7654321"),
      trade("MSFT", "long", "closed", "40", "390.25", "392", "0.80", "69.20", "stock", "1", "U7654321"),
      trade("SPY250321P00550000", "long", "closed", "1", "2.5", "3.1", "1.40", "58.60", "option", "100", "U7654321"),
    ]);
  }, 60_000);

  it("Flex Query with HEADER/DATA prefixes (Trade Confirmation): Tax summed, a TradeCancel without its trade refused, POST skipped", async () => {
    const { result, summary, trades } = await importFixture("ibkr/flex-prefixed.csv");
    expect(result.code).toBe(10);
    expect(summary.newFills).toBe(3);
    expect(summary.errors).toEqual([
      {
        line: 5,
        column: "TransactionType",
        value: "TradeCancel",
        reason: CANCEL_WITHOUT_TRADE,
      },
    ]);
    expect(summary.skipped).toEqual({ "not a trade (Flex section POST)": 2 });
    // KO: 200 x (63 - 62.10) = 180 - (1 + 1 + 0.05 tax) = 177.95.
    expect(summary.realizedPnl).toBe("177.95");
    expect(trades).toEqual([
      trade("KO", "long", "closed", "200", "62.1", "63", "2.05", "177.95", "stock", "1", "U7654321"),
      trade("KO250418C00065000", "short", "open", "2", "1.15", null, "1.30", null, "option", "100", "U7654321"),
    ]);
  }, 60_000);

  it("Flex Query with TradeCancel rows: each nets with the trade it cancels (by OrigTradeID or by its fields)", async () => {
    const { result, summary, trades } = await importFixture("ibkr/flex-cancel.csv");
    // The MSFT cancel names trade 9001, which the file does not hold: its row's error, exit 10.
    expect(result.code).toBe(10);
    expect(summary.errors).toEqual([
      { line: 8, column: "TransactionType", value: "TradeCancel", reason: CANCEL_WITHOUT_TRADE },
    ]);
    // KO 50 @ 62.40 cancelled by 9103 (OrigTradeID 9102); PEP 10 @ 170 by 9105 (same symbol, quantity and price).
    expect(summary.newFills).toBe(2);
    expect(summary.skipped).toEqual({
      "cancelled trade (netted with its TradeCancel row)": 2,
      "trade cancel (netted with its trade)": 2,
    });
    // KO: 200 x (63.00 - 62.10) = 180.00 - (1.00 + 1.00) = 178.00; nothing of the cancelled 50 or of PEP.
    expect(summary.realizedPnl).toBe("178.00");
    expect(summary.openPositions).toEqual([]);
    expect(trades).toEqual([
      trade("KO", "long", "closed", "200", "62.1", "63", "2.00", "178.00", "stock", "1", "U7654321"),
    ]);
  }, 60_000);

  it("Transaction History: dates only, newest first, a sale of shares bought before the export is unmatched", async () => {
    const { result, summary, trades } = await importFixture("ibkr/transaction-history.csv");
    expect(result.code).toBe(10);
    expect(summary.newFills).toBe(5);
    expect(summary.skipped).toEqual({ "non-trade row (Dividend)": 1, "non-trade row (Deposit)": 1 });
    expect(summary.unmatched.map((u: { symbol: string; quantity: string }) => [u.symbol, u.quantity])).toEqual([
      ["BND", "100"],
    ]);
    // Same day, newest first: the 50 @ 180.50 came before the 100 @ 180.00. The 60 sold: 50 x 2.00 + 10 x 2.50 = 125
    // - (0.50 + 0.10 opening + 0.60 closing) = 123.80.
    expect(summary.realizedPnl).toBe("123.80");
    expect(trades).toEqual([
      trade("AAPL", "long", "closed", "50", "180.5", "182.5", "1.00", "99.00", "stock", "1", "U***4321"),
      trade("AAPL", "long", "closed", "10", "180", "182.5", "0.20", "24.80", "stock", "1", "U***4321"),
      trade("AAPL", "long", "open", "90", "180", null, "0.90", null, "stock", "1", "U***4321"),
      trade("SPY250321C00560000", "long", "open", "2", "4.1", null, "1.30", null, "option", "100", "U***4321"),
    ]);
  }, 60_000);
});

describe("IBKR detection", () => {
  it.each([
    [
      "Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Quantity,T. Price,C. Price,Proceeds,Comm/Fee,Basis,Realized P/L,MTM P/L,Code",
    ],
    [
      '"HEADER","TRNT","ClientAccountID","AssetClass","Symbol","DateTime","Buy/Sell","Quantity","TradePrice","IBCommission"',
    ],
    ["ClientAccountID,AssetClass,Symbol,DateTime,Buy/Sell,Quantity,TradePrice,IBCommission,IBExecID"],
    [
      "Transaction History,Header,Date,Account,Description,Transaction Type,Symbol,Quantity,Price,Gross Amount,Commission,Net Amount",
    ],
  ])("%s is IBKR", (line) => {
    const header = line.split(",").map((c) => c.replace(/^"|"$/g, ""));
    const found = detectFormat([["Statement", "Header", "Field Name", "Field Value"], header], {});
    expect("format" in found && found.format.name).toBe("ibkr");
    expect("headerIndex" in found && found.headerIndex).toBe(1);
  });
});

describe("broker P&L against the journal's", () => {
  const journal = new Map([
    ["U1\u0000AAPL", "100.00"],
    ["U1\u0000MSFT", "-5.00"],
  ]);
  it("reports a cent or more, per position, broker minus journal; rounds the broker's figure half-up first", () => {
    expect(
      brokerPnlDifferences(
        [
          { accountId: "U1", symbol: "AAPL", pnl: "100.004" },
          { accountId: "U1", symbol: "MSFT", pnl: "-5.01" },
          { accountId: "U1", symbol: "TSLA", pnl: "0.005" },
        ],
        journal,
      ).map((d) => [d.symbol, d.broker, d.journal, d.difference]),
    ).toEqual([
      ["MSFT", "-5.01", "-5.00", "-0.01"],
      ["TSLA", "0.01", "0.00", "0.01"],
    ]);
  });
});

describe("IBKR Activity Statement rows", () => {
  const header =
    "Trades,Header,DataDiscriminator,Asset Category,Currency,Symbol,Date/Time,Quantity,T. Price,C. Price,Proceeds,Comm/Fee,Basis,Realized P/L,MTM P/L,Code".split(
      ",",
    );
  const read = (row: string) => {
    const scan = ibkrFormat.scanFile?.();
    const reader = ibkrFormat.reader(header, {
      timeZone: "America/New_York",
      accountId: null,
      mapping: {},
      ...(scan ? { scan } : {}),
    });
    return reader(row.split("|"), 9);
  };

  it("refuses an option whose Proceeds do not fit the multiplier it would be given", () => {
    // A mini option (multiplier 10) with no Financial Instrument Information: 1 x 3.20 x 100 is not 32.
    expect(
      read(
        "Trades|Data|Order|Equity and Index Options|USD|AAPL 28MAR25 222.5 C|2025-03-07, 10:00:00|1|3.2|3.1|-32|-0.65|32.65|0|0|O",
      ),
    ).toEqual({
      kind: "error",
      errors: [
        {
          line: 9,
          column: "Proceeds",
          value: "-32",
          reason:
            "does not equal -Quantity x T. Price x multiplier 100 (-320.00): the multiplier is not what the file says",
        },
      ],
    });
  });

  it("refuses a commission rebate rather than store a negative commission", () => {
    const result = read("Trades|Data|Order|Stocks|USD|AAPL|2025-03-07, 10:00:00|10|180|181|-1800|0.35|1799.65|0|10|O");
    expect(result.kind === "error" && result.errors.map((e) => e.column)).toEqual(["Comm/Fee"]);
  });
});
