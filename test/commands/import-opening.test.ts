// `import csv --opening`: a position held before the export starts (fixtures/imports/opening/: newer.csv sells 100
// BND and covers 50 TSLA that it never opened; older.csv holds the real BND buy).
import { describe, expect, it } from "vitest";
import { parseOpening } from "../../src/domain/opening-balances.js";
import { fixture, importJson, tradesBySymbol } from "../support/broker-files.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const newer = fixture("opening", "newer.csv");
const older = fixture("opening", "older.csv");
const OPENINGS = ["--opening", "BND=100@23.10", "--opening", "U1:TSLA=-50@250"];

describe("--opening parsing", () => {
  it.each([
    ["BND=100@23.10", { account: null, symbol: "BND", quantity: "100", price: "23.1" }],
    ["U1:tsla=-50@250", { account: "U1", symbol: "TSLA", quantity: "-50", price: "250" }],
    ["SPY   250321C00560000=2@4.10", { account: null, symbol: "SPY250321C00560000", quantity: "2", price: "4.1" }],
    // Fractional shares to the 10 places of executions.quantity (migration 047), not rounded to the old 4.
    ["VTI=0.123456789@250.5", { account: null, symbol: "VTI", quantity: "0.123456789", price: "250.5" }],
  ])("%s", (text, expected) => {
    expect(parseOpening(text)).toMatchObject(expected);
  });

  it.each([
    // The domain names the field ("opening"); import csv says it with its flag (the CLI tests below).
    ["BND", "opening 'BND': not a balance (expected SYMBOL=QUANTITY@PRICE, e.g. BND=100@23.10 or U1:BND=-50@23.10)"],
    [
      "BND=0@23",
      "opening 'BND=0@23': quantity 0: must not be zero (expected SYMBOL=QUANTITY@PRICE, e.g. BND=100@23.10 or U1:BND=-50@23.10)",
    ],
    [
      "BND=10@-1",
      "opening 'BND=10@-1': price -1: must not be negative (expected SYMBOL=QUANTITY@PRICE, e.g. BND=100@23.10 or U1:BND=-50@23.10)",
    ],
  ])("refuses %s", (text, message) => {
    expect(() => parseOpening(text)).toThrow(expect.objectContaining({ message }));
  });
});

describeEachBackend("import csv --opening", (backend) => {
  const journal = useJournal(backend);

  it("refuses a bad balance, several files, and a symbol the file does not trade, writing nothing", async () => {
    const bad = await journal.cli(["import", "csv", newer, "--opening", "BND=abc@1"]);
    expect([bad.code, bad.stderr]).toEqual([
      2,
      "error: --opening 'BND=abc@1': quantity abc: not a number (expected SYMBOL=QUANTITY@PRICE, e.g. BND=100@23.10 or U1:BND=-50@23.10)\n",
    ]);
    const two = await journal.cli(["import", "csv", newer, older, "--opening", "BND=100@23.10"]);
    expect([two.code, two.stderr]).toEqual([
      2,
      "error: --opening applies to one file: import the file that starts after the position was opened alone\n",
    ]);
    const absent = await journal.cli(["import", "csv", newer, "--opening", "MSFT=10@400"]);
    expect([absent.code, absent.stderr]).toEqual([
      11,
      "error: --opening 'MSFT=10@400': the file has no MSFT fill to open before\n",
    ]);
    expect(await journal.database.db.selectFrom("executions").select("id").execute()).toEqual([]);
  });

  it("closes the sells against the balances; the same --opening again adds nothing; the older export does not double it", async () => {
    const first = await importJson(journal.cli, newer, ...OPENINGS);
    expect(first.code, first.stderr).toBe(0);
    expect(first.summary.unmatched).toEqual([]);
    expect(first.summary.openings).toEqual([
      // One second before the position's first fill: 2025-03-03 10:00:00 in New York.
      {
        account: "U1",
        symbol: "BND",
        quantity: "100",
        price: "23.1",
        executedAt: "2025-03-03T14:59:59.000Z",
        text: "BND=100@23.10",
      },
      {
        account: "U1",
        symbol: "TSLA",
        quantity: "-50",
        price: "250",
        executedAt: "2025-03-04T15:59:59.000Z",
        text: "U1:TSLA=-50@250",
      },
    ]);
    // BND 100 x (23.50 - 23.10) - 1.00 = 39.00; TSLA short 50 x (250.00 - 245.00) - 1.00 = 249.00.
    expect(first.summary.realizedPnl).toBe("288.00");
    const balances = await journal.database.db
      .selectFrom("executions")
      .select(["symbol", "action", "quantity", "position_effect", "details"])
      .where("position_effect", "=", "balance")
      .orderBy("symbol")
      .execute();
    expect(balances.map((b) => [b.symbol, b.action, Number(b.quantity), b.details])).toEqual([
      ["BND", "buy", 100, { openingBalance: "BND=100@23.10" }],
      ["TSLA", "sell", 50, { openingBalance: "U1:TSLA=-50@250" }],
    ]);
    const show = await journal.cli(["import", "show", String(first.summary.importId)]);
    expect(show.stdout).toContain(
      "  opening balances (--opening): BND 100 @ 23.1 (U1) at 2025-03-03T14:59:59.000Z, TSLA -50 @ 250 (U1) at 2025-03-04T15:59:59.000Z\n",
    );

    const again = await importJson(journal.cli, newer, ...OPENINGS);
    expect(again.code, again.stderr).toBe(0);
    expect(again.summary).toMatchObject({ newFills: 0, knownFills: 5, tradesCreated: 0, realizedPnl: "0.00" });

    // The real buy, a month earlier at 23.00: the balance now adds nothing and the sell closes the real buy:
    // 100 x (23.50 - 23.00) - 2.00 = 48.00, 9.00 more than against the balance.
    const real = await importJson(journal.cli, older);
    expect(real.code, real.stderr).toBe(0);
    expect(real.summary).toMatchObject({ newFills: 1, realizedPnl: "9.00", unmatched: [], openPositions: [] });
    const bnd = (await tradesBySymbol(journal.database)).BND;
    expect(bnd).toEqual({
      closedPnl: "48.00",
      commission: "2.00",
      closed: "100",
      open: "0",
      side: "long",
      multiplier: "1",
    });

    // Undo the older export: the balance holds the position again.
    const undo = await journal.cli(["import", "undo", String(real.summary.importId), "--yes"]);
    expect(undo.code, undo.stderr).toBe(0);
    expect((await tradesBySymbol(journal.database)).BND).toMatchObject({
      closedPnl: "39.00",
      closed: "100",
      open: "0",
    });
  });
});
