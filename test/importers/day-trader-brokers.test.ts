// The day traders' and European brokers' formats (issue 17 part B): TradeZero, Lightspeed, DAS Trader, Trading 212
// (three column sets, several currencies) and Degiro (English and Dutch headers). Each fixture in
// fixtures/imports/<broker>/ is written by us in the documented layout; the tests import it as a user would and check
// the fills, the trades, P&L to the cent, commissions and which format was detected.
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { fromDecimalComma } from "../../src/importers/degiro.js";
import { detectFormat } from "../../src/importers/index.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const fixture = (path: string) => join(import.meta.dirname, "../../fixtures/imports", path);

describe("detecting the broker formats", () => {
  it.each([
    ["Account,T/D,S/D,Currency,Type,Side,Symbol,Qty,Price,Exec Time,Comm,SEC,TAF", "tradezero"],
    ["Account Number,Side,Symbol,Buy/Sell,Trade Date,Price,Qty,Trade Number,Execution Time,Transtype", "lightspeed"],
    ["Time,Symb,Side,Price,Qty,Route,Account,Type", "das-trader"],
    ["Action,Time,ISIN,Ticker,Name,No. of shares,Price / share,Currency (Price / share),Exchange rate", "trading212"],
    ["Datum,Tijd,Product,ISIN,Beurs,Uitvoeringsplaats,Aantal,Koers,,Lokale waarde,,Waarde,,Wisselkoers", "degiro"],
    [
      "Datum,Uhrzeit,Produkt,ISIN,Referenzbörse,Ausführungsort,Anzahl,Kurs,,Wert in Lokalwährung,,Wert,,Wechselkurs",
      "degiro",
    ],
    ["Date,Symbol,Side,Quantity,Price", "generic"],
  ])("%s is %s", (header, name) => {
    const found = detectFormat([header.split(",")], {});
    expect("format" in found ? found.format.name : found).toBe(name);
  });

  it.each([
    ["131,1700", "131.1700"],
    ["-1.234,56", "-1234.56"],
    ["4", "4"],
    ["200.5", "200.5"],
    ["1.234", undefined],
  ])("reads Degiro's %s as %s", (text, value) => {
    expect(fromDecimalComma(text)).toBe(value);
  });
});

describeEachBackend("importing the day traders' and European brokers' exports", (backend) => {
  const journal = useJournal(backend);
  beforeEach(async () => {
    for (const table of ["trades", "round_trips", "executions", "import_history", "notifications"] as const)
      await journal.database.db.deleteFrom(table).execute();
  });

  const fills = () =>
    journal.database.db
      .selectFrom("executions")
      .select(["symbol", "action", "position_effect", "quantity", "price", "commission", "currency", "executed_at"])
      .orderBy("executed_at")
      .orderBy("id")
      .execute()
      .then((rows) =>
        rows.map((f) => [
          f.symbol,
          f.action,
          f.position_effect,
          f.quantity,
          f.price,
          f.commission,
          f.currency,
          f.executed_at.toISOString(),
        ]),
      );
  const trades = () =>
    journal.database.db
      .selectFrom("trades")
      .select(["symbol", "side", "quantity", "entry_price", "exit_price", "commission", "pnl", "status"])
      .orderBy("entry_date")
      .orderBy("id")
      .execute()
      .then((rows) =>
        rows.map((t) => [t.symbol, t.side, t.quantity, t.entry_price, t.exit_price, t.commission, t.pnl, t.status]),
      );

  it("TradeZero: T/D + Exec Time in New York, SS opens and BC covers a short, every venue fee summed, a plain S unmatched", async () => {
    const result = await journal.cli(["import", "csv", fixture("tradezero/trades.csv")]);
    expect(result.code).toBe(10);
    expect(result.stdout).toMatch(/^trades\.csv \(tradezero, import \d+, completed\): 5 rows$/m);
    expect(result.stdout).toContain("realized P&L 205.53");
    expect(result.stderr).toContain("trades.csv:6: sold 10 NVDA with no open position");
    expect(await fills()).toEqual([
      // Comm 0.99 + NSCC 0.02 + ECN Remove 0.30 = 1.31; 09:31:05 EST is 14:31:05 UTC.
      ["AAPL", "buy", null, "100.0000000000", "180.2500000000", "1.31", "USD", "2025-03-04T14:31:05.000Z"],
      // 0.99 + SEC 0.05 + TAF 0.02 + NSCC 0.02 - ECN Add rebate 0.20 = 0.88.
      ["AAPL", "sell", null, "100.0000000000", "181.1000000000", "0.88", "USD", "2025-03-04T14:45:10.000Z"],
      ["TSLA", "sell", "open", "50.0000000000", "250.0000000000", "1.14", "USD", "2025-03-04T15:02:00.000Z"],
      ["TSLA", "buy", "close", "50.0000000000", "247.5000000000", "1.14", "USD", "2025-03-04T15:30:00.000Z"],
      ["NVDA", "sell", null, "10.0000000000", "900.0000000000", "1.02", "USD", "2025-03-04T16:00:00.000Z"],
    ]);
    expect(await trades()).toEqual([
      // (181.10 - 180.25) x 100 = 85.00 - (1.31 + 0.88) = 82.81.
      ["AAPL", "long", "100.0000000000", "180.2500000000", "181.1000000000", "2.19", "82.81", "closed"],
      // (250.00 - 247.50) x 50 = 125.00 - 2.28 = 122.72.
      ["TSLA", "short", "50.0000000000", "250.0000000000", "247.5000000000", "2.28", "122.72", "closed"],
    ]);
  });

  it("Lightspeed: Short Sell / Short Buy, signed Qty, Commission Amount + Fee columns, only Transtype Trade rows", async () => {
    const result = await journal.cli(["import", "csv", fixture("lightspeed/blotter.csv")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^blotter\.csv \(lightspeed, import \d+, completed\): 5 rows$/m);
    expect(result.stdout).toContain("1 skipped (1 non-trade row (Journal))");
    expect(result.stdout).toContain("realized P&L 194.18");
    expect(result.stderr).toBe("");
    expect(await fills()).toEqual([
      ["MSFT", "buy", null, "200.0000000000", "390.2500000000", "1.00", "USD", "2025-03-04T14:41:07.000Z"],
      // 1.00 + FeeSEC 0.41 + Fee1 0.10 + FeeTAF 0.02 = 1.53.
      ["MSFT", "sell", null, "200.0000000000", "392.0000000000", "1.53", "USD", "2025-03-04T15:15:00.000Z"],
      ["AMD", "sell", "open", "300.0000000000", "120.5000000000", "1.79", "USD", "2025-03-04T16:00:00.000Z"],
      ["AMD", "buy", "close", "300.0000000000", "121.0000000000", "1.50", "USD", "2025-03-04T16:30:00.000Z"],
    ]);
    expect(await trades()).toEqual([
      // (392.00 - 390.25) x 200 = 350.00 - 2.53 = 347.47.
      ["MSFT", "long", "200.0000000000", "390.2500000000", "392.0000000000", "2.53", "347.47", "closed"],
      // (120.50 - 121.00) x 300 = -150.00 - 3.29 = -153.29.
      ["AMD", "short", "300.0000000000", "120.5000000000", "121.0000000000", "3.29", "-153.29", "closed"],
    ]);
  });

  it("DAS Trader: times of one day dated by --trade-date, refused row by row without it", async () => {
    const undated = await journal.cli(["import", "csv", fixture("das-trader/trades.csv")]);
    expect(undated.code).toBe(11);
    expect(undated.stderr).toContain(
      "trades.csv:2: Time: '09:30:15': a time without a date: give the trading day with --trade-date YYYY-MM-DD\n",
    );
    expect(await fills()).toEqual([]);
    const bad = await journal.cli(["import", "csv", fixture("das-trader/trades.csv"), "--trade-date", "2025-02-30"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe("error: --trade-date must be a date as YYYY-MM-DD, got '2025-02-30'\n");

    const result = await journal.cli(["import", "csv", fixture("das-trader/trades.csv"), "--trade-date", "2025-03-04"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^trades\.csv \(das-trader, import \d+, completed\): 4 rows$/m);
    expect(result.stdout).toContain("realized P&L 110.00");
    expect((await fills()).map((f) => [f[0], f[1], f[2], f[7]])).toEqual([
      ["SPY", "buy", null, "2025-03-04T14:30:15.000Z"],
      ["SPY", "sell", null, "2025-03-04T14:35:00.000Z"],
      ["QQQ", "sell", "open", "2025-03-04T15:00:00.000Z"],
      ["QQQ", "buy", null, "2025-03-04T15:20:30.000Z"],
    ]);
    expect(await trades()).toEqual([
      // (510.60 - 510.10) x 100 = 50.00; no costs in the window.
      ["SPY", "long", "100.0000000000", "510.1000000000", "510.6000000000", "0.00", "50.00", "closed"],
      // The plain B covers the short: (440.00 - 438.80) x 50 = 60.00.
      ["QQQ", "short", "50.0000000000", "440.0000000000", "438.8000000000", "0.00", "60.00", "closed"],
    ]);
  });

  it("Trading 212 (2024 columns): USD, EUR and GBX fills each in their currency, fees converted at the row's rate", async () => {
    const result = await journal.cli(["import", "csv", fixture("trading212/history-2024.csv"), "--json"]);
    expect(result.code).toBe(0);
    const summary = JSON.parse(result.stdout).imports[0];
    expect(summary.format).toBe("trading212");
    expect(summary.skipped).toEqual({ "non-trade row (Deposit)": 1, "non-trade row (Dividend (Dividend))": 1 });
    expect(await fills()).toEqual([
      // 0.59 EUR conversion fee x 1.0800 USD per EUR = 0.6372 -> 0.64 USD.
      ["AAPL", "buy", null, "2.1234567890", "200.0000000000", "0.64", "USD", "2025-03-03T14:30:03.613Z"],
      ["SAP", "buy", null, "3.0000000000", "250.0000000000", "0.00", "EUR", "2025-03-04T09:15:00.000Z"],
      // 0.35 GBP stamp duty = 35 pence.
      ["VOD", "buy", null, "100.0000000000", "70.5000000000", "35.00", "GBX", "2025-03-04T10:00:00.000Z"],
      // 0.64 EUR x 1.0500 = 0.672 -> 0.67 USD.
      ["AAPL", "sell", null, "2.1234567890", "210.0000000000", "0.67", "USD", "2025-03-05T15:00:00.100Z"],
      ["SAP", "sell", null, "1.5000000000", "260.0000000000", "0.00", "EUR", "2025-03-06T10:00:00.000Z"],
    ]);
    expect(await trades()).toEqual([
      // (210 - 200) x 2.123456789 = 21.23456789 - 1.31 = 19.92456789 -> 19.92 USD.
      ["AAPL", "long", "2.1234567890", "200.0000000000", "210.0000000000", "1.31", "19.92", "closed"],
      // (260 - 250) x 1.5 = 15.00 EUR; 1.5 shares stay open.
      ["SAP", "long", "1.5000000000", "250.0000000000", "260.0000000000", "0.00", "15.00", "closed"],
      ["SAP", "long", "1.5000000000", "250.0000000000", null, "0.00", null, "open"],
      ["VOD", "long", "100.0000000000", "70.5000000000", null, "35.00", null, "open"],
    ]);
  });

  it("Trading 212 (2021 and 2023 columns): currencies in the header names or in their own columns, 10-place shares", async () => {
    const old = await journal.cli(["import", "csv", fixture("trading212/history-2021.csv")]);
    expect(old.code).toBe(0);
    expect(old.stdout).toMatch(/\(trading212, import \d+, completed\)/);
    const mid = await journal.cli(["import", "csv", fixture("trading212/history-2023.csv")]);
    expect(mid.code).toBe(0);
    expect(mid.stdout).toContain("1 skipped (1 non-trade row (Interest on cash))");
    expect(await trades()).toEqual([
      // Finra fee 0.01 EUR x 1.21 = 0.0121 -> 0.01 USD; (220 - 200) x 0.5 = 10.00 - 0.01 = 9.99.
      ["MSFT", "long", "0.5000000000", "200.0000000000", "220.0000000000", "0.01", "9.99", "closed"],
      // 0.01 GBP x 1.25 = 0.0125 -> 0.01 USD a side; (300 - 200) x 0.0123456789 = 1.23456789 - 0.02 -> 1.21.
      ["TSLA", "long", "0.0123456789", "200.0000000000", "300.0000000000", "0.02", "1.21", "closed"],
    ]);
  });

  it("Trading 212: a Total that fits neither reading of the rate is the row's error, never a guessed fee", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "t212-")), "bad.csv");
    writeFileSync(
      file,
      "Action,Time,Ticker,No. of shares,Price / share,Currency (Price / share),Exchange rate,Total,Currency (Total),Currency conversion fee,Currency (Currency conversion fee)\n" +
        "Market buy,2025-03-03 14:30:00,AAPL,1,200.00,USD,1.08,250.00,EUR,0.30,EUR\n",
    );
    const result = await journal.cli(["import", "csv", file]);
    expect(result.code).toBe(11);
    expect(result.stderr).toContain(
      "bad.csv:2: Total: '250.00': does not equal shares x price at the exchange rate 1.08 with the fees: cannot convert the fees exactly\n",
    );
  });

  it("Degiro (English, BOM, CRLF): decimal commas, dd-MM-yyyy in Amsterdam time, ISIN symbols, EUR costs in USD", async () => {
    const result = await journal.cli(["import", "csv", fixture("degiro/transactions-en.csv")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^transactions-en\.csv \(degiro, import \d+, completed\): 3 rows$/m);
    expect(await fills()).toEqual([
      // (0.93 + 2.00) EUR x 1.0800 = 3.1644 -> 3.16 USD; 15:31 CET is 14:31 UTC.
      ["US0378331005", "buy", null, "10.0000000000", "200.0000000000", "3.16", "USD", "2025-03-03T14:31:00.000Z"],
      ["DE0007164600", "buy", null, "4.0000000000", "1234.5000000000", "4.90", "EUR", "2025-03-04T08:05:00.000Z"],
      // (1.00 + 2.00) EUR x 1.0500 = 3.15 USD.
      ["US0378331005", "sell", null, "10.0000000000", "210.5000000000", "3.15", "USD", "2025-03-05T15:02:00.000Z"],
    ]);
    expect(await trades()).toEqual([
      // (210.50 - 200.00) x 10 = 105.00 - 6.31 = 98.69 USD.
      ["US0378331005", "long", "10.0000000000", "200.0000000000", "210.5000000000", "6.31", "98.69", "closed"],
      ["DE0007164600", "long", "4.0000000000", "1234.5000000000", null, "4.90", null, "open"],
    ]);
  });

  it("refuses a position whose fills are in two currencies (one ISIN bought in EUR, sold in USD): nothing imported", async () => {
    const { writeFileSync, mkdtempSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = join(mkdtempSync(join(tmpdir(), "degiro-")), "mixed.csv");
    writeFileSync(
      file,
      "Date,Time,Product,ISIN,Reference exchange,Venue,Quantity,Price,,Local value,,Value EUR,Exchange rate,AutoFX Fee,Transaction and/or third party fees EUR,Total EUR,Order ID\n" +
        '03-03-2025,09:05,SAP SE,DE0007164600,XET,XETA,4,"200,0000",EUR,"-800,00",EUR,"-800,00",,,"-2,00","-802,00",o-1\n' +
        '05-03-2025,16:05,SAP SE,DE0007164600,NSY,XNYS,-4,"220,0000",USD,"880,00",USD,"800,00","1,1000",,"-2,00","798,00",o-2\n',
    );
    const result = await journal.cli(["import", "csv", file]);
    expect(result.code).toBe(11);
    expect(result.stderr).toBe(
      "error: mixed.csv: DE0007164600 has fills in EUR and USD: one position cannot add two currencies; nothing imported\n",
    );
    expect(await fills()).toEqual([]);
  });

  it("Degiro (Dutch headers, currency columns, newest first): the same rules", async () => {
    const result = await journal.cli(["import", "csv", fixture("degiro/transactions-nl.csv")]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("(degiro, import");
    expect(await trades()).toEqual([
      // (640.25 - 650.00) x 2 = -19.50 - 4.00 = -23.50 EUR.
      ["NL0010273215", "long", "2.0000000000", "650.0000000000", "640.2500000000", "4.00", "-23.50", "closed"],
    ]);
  });
});
