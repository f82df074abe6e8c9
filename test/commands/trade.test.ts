import { beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { otherUser, useJournal } from "../support/journal.js";
import { expectJsonShape, LISTED_TRADE_JSON, TRADE_JSON, versioned } from "../support/json-shape.js";
import { tradeFlags } from "../support/trades.js";

describeEachBackend("tradesense trade add / list", (backend) => {
  const journal = useJournal(backend);
  const now = new Date("2024-03-15T18:00:00Z");
  beforeAll(async () => {
    await otherUser(journal.database);
  });
  beforeEach(async () => {
    await journal.database.db.deleteFrom("trades").where("symbol", "!=", "XYZ").execute();
  });

  it("logs a closed long trade in the user's time zone and prints it", async () => {
    const result = await journal.cli(
      [
        "trade",
        "add",
        ...tradeFlags({
          symbol: " aapl ",
          side: "buy",
          qty: "100",
          price: "187.20",
          exitPrice: "189.85",
          commission: "2",
          date: "2024-03-01 09:45",
          exitDate: "2024-03-01 15:30",
          tags: "Momentum, gap",
        }),
      ],
      { now },
    );
    expect(result).toEqual({
      code: 0,
      stdout:
        "Trade 1: long 100 AAPL @ 187.2 on 2024-03-01 09:45, closed @ 189.85 on 2024-03-01 15:30: P&L 263.00 (1.40%)\n".replace(
          "Trade 1",
          `Trade ${(await journal.database.db.selectFrom("trades").select("id").where("symbol", "=", "AAPL").executeTakeFirstOrThrow()).id}`,
        ),
      stderr: "",
    });
    const row = await journal.database.db
      .selectFrom("trades")
      .selectAll()
      .where("symbol", "=", "AAPL")
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      symbol: "AAPL",
      side: "long",
      quantity: "100.0000000000",
      entry_price: "187.2000000000",
      exit_price: "189.8500000000",
      commission: "2.00",
      status: "closed",
      pnl: "263.00",
      pnl_percent: "1.40",
      tags: ["momentum", "gap"],
    });
    // 09:45 in New York on 1 March (EST, UTC-5) is 14:45 UTC.
    expect(row.entry_date.toISOString()).toBe("2024-03-01T14:45:00.000Z");
    expect(row.exit_date?.toISOString()).toBe("2024-03-01T20:30:00.000Z");
  });

  it("logs an open short trade at 'now' and lists it with --json totals", async () => {
    const added = await journal.cli(
      ["trade", "add", "--symbol", "TSLA", "--side", "short", "--qty", "20", "--price", "202.5", "--json"],
      { now },
    );
    expect(added.code).toBe(0);
    const trade = JSON.parse(added.stdout);
    expectJsonShape(trade, versioned(TRADE_JSON), "trade add --json");
    expect(trade.version).toBe(1);
    expect(trade).toMatchObject({
      symbol: "TSLA",
      side: "short",
      status: "open",
      pnl: null,
      entryDate: now.toISOString(),
    });
    await journal.cli(
      [
        "trade",
        "add",
        ...tradeFlags({
          symbol: "NVDA",
          side: "long",
          qty: "15",
          price: "860",
          exitPrice: "842.75",
          commission: "1",
          date: "2024-03-05",
        }),
      ],
      { now },
    );
    const listed = JSON.parse((await journal.cli(["trade", "list", "--json"])).stdout);
    expect(listed.trades.map((t: { symbol: string }) => t.symbol)).toEqual(["TSLA", "NVDA"]);
    expectJsonShape(listed, { version: "integer", trades: "array", totals: "object" }, "trade list --json");
    expect(listed.version).toBe(1);
    for (const t of listed.trades) expectJsonShape(t, LISTED_TRADE_JSON, "a listed trade");
    // NVDA: (842.75 - 860) x 15 - 1 = -259.75; TSLA is open. One currency: no per-currency sums.
    expect(listed.totals).toEqual({
      trades: 2,
      closed: 1,
      roundTrips: 1,
      wins: 0,
      losses: 1,
      netPnl: "-259.75",
      netPnlByCurrency: null,
    });
    const open = JSON.parse((await journal.cli(["trade", "list", "--open", "--json"])).stdout);
    expect(open.trades.map((t: { symbol: string }) => t.symbol)).toEqual(["TSLA"]);
  });

  it("lists tab-separated rows off a terminal and a table with totals on one", async () => {
    await journal.cli([
      "trade",
      "add",
      ...tradeFlags({
        symbol: "MSFT",
        side: "long",
        qty: "50",
        price: "410.10",
        exitPrice: "415.65",
        commission: "1.50",
        date: "2024-03-06 10:30",
        exitDate: "2024-03-07 10:00",
      }),
    ]);
    const plain = await journal.cli(["trade", "list"]);
    expect(plain.stdout.split("\n")[1]).toMatch(
      /^\d+\t2024-03-06 10:30\tMSFT\tlong\t50\t410.1\t415.65\t2024-03-07 10:00\t276.00\t1.35\t\tclosed$/,
    );
    const tty = await journal.cli(["trade", "list"], { tty: true });
    expect(tty.stdout).toContain("│ MSFT");
    expect(tty.stdout).toMatch(
      /1 trade matches; 1 closed; 1 round trips flat: 1 won, 0 lost, win rate 100\.0%; net P&L 276\.00\n$/,
    );
    expect(tty.stdout).not.toContain("\u001b[");
  });

  it.each([
    [["--side", "sideways"], "error: --side must be long or short (or buy/sell), got 'sideways'"],
    [["--qty", "-1"], "error: --qty must be greater than 0, got '-1'"],
    [["--qty", "0"], "error: --qty must be greater than 0, got '0'"],
    [["--price", "abc"], "error: --price must be a number, got 'abc'"],
    [["--price", "1e5"], "error: --price must be a number, got '1e5'"],
    [["--price", "10.12345678901"], "error: --price allows at most 10 decimal places, got '10.12345678901'"],
    [["--qty", "123456789012"], "error: --qty is too large, got '123456789012'"],
    [["--commission", "1.005"], "error: --commission allows at most 2 decimal places, got '1.005'"],
    [
      ["--symbol", "ABCDEFGHIJKLMNOPQRSTU"],
      "error: --symbol is longer than 20 characters, got 'ABCDEFGHIJKLMNOPQRSTU'",
    ],
    [
      ["--date", "2024-02-30"],
      "error: --date is not a valid date, got '2024-02-30' (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or an ISO 8601 time)",
    ],
    [
      ["--exit-price", "11", "--date", "2024-03-02", "--exit-date", "2024-03-01"],
      "error: --exit-date is before the entry date",
    ],
    [["--strategy", "nope"], "error: unknown strategy 'nope'"],
    [["--strategy", "Theirs"], "error: unknown strategy 'Theirs'"],
    [
      ["--date", "2024-02-30 25:00"],
      "error: --date is not a valid date, got '2024-02-30 25:00' (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or an ISO 8601 time)",
    ],
    [
      ["--asset-type", "bond"],
      "error: --asset-type must be one of stock, etf, option, future, forex, crypto, other, got 'bond'",
    ],
    [["--multiplier", "0"], "error: --multiplier must be greater than 0, got '0'"],
    [["--multiplier", "0.00001"], "error: --multiplier allows at most 4 decimal places, got '0.00001'"],
    [["--stop", "10.5"], "error: --stop must be below the entry price for a long trade, got '10.5'"],
    [["--side", "short", "--stop", "9"], "error: --stop must be above the entry price for a short trade, got '9'"],
    [["--risk", "12.345"], "error: --risk allows at most 2 decimal places, got '12.345'"],
    [["--risk", "0"], "error: --risk must be greater than 0, got '0'"],
    [
      ["--asset-type", "option", "--qty", "10000000", "--price", "10000", "--exit-price", "99999999999"],
      "error: the P&L of this trade is too large to store (over 13 digits)",
    ],
  ])("refuses %j with one line, exit 2, and writes nothing", async (flags, message) => {
    const base: Record<string, string> = { "--symbol": "AAPL", "--side": "long", "--qty": "10", "--price": "10" };
    for (let i = 0; i < flags.length; i += 2) base[flags[i] as string] = flags[i + 1] as string;
    const result = await journal.cli(["trade", "add", ...Object.entries(base).flat()], { now });
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
    expect(await journal.database.db.selectFrom("trades").selectAll().where("symbol", "!=", "XYZ").execute()).toEqual(
      [],
    );
  });

  it("stores a sub-penny trade whose P&L percentage NUMERIC(8, 2) cannot hold, with pnl_percent NULL", async () => {
    const flags = ["--symbol", "PENY", "--side", "long", "--qty", "1000", "--price", "0.0001", "--exit-price", "1"];
    const result = await journal.cli(["trade", "add", ...flags], { now });
    expect(result.code).toBe(0);
    // (1.00 - 0.0001) x 1000 = 999.90, 999,900 % of 0.10: NUMERIC(8, 2) holds it. Sold at 100: 99,999.90, which is
    // 99,999,900 %, more than it holds.
    const big = ["--symbol", "PENZ", "--side", "long", "--qty", "1000", "--price", "0.0001", "--exit-price", "100"];
    expect((await journal.cli(["trade", "add", ...big], { now })).code).toBe(0);
    const rows = await journal.database.db
      .selectFrom("trades")
      .select(["symbol", "pnl", "pnl_percent"])
      .where("symbol", "in", ["PENY", "PENZ"])
      .orderBy("symbol")
      .execute();
    expect(rows).toEqual([
      { symbol: "PENY", pnl: "999.90", pnl_percent: "999900.00" },
      { symbol: "PENZ", pnl: "99999.90", pnl_percent: null },
    ]);
  });

  it.each([
    ["buy", "long"],
    ["B", "long"],
    ["sell", "short"],
    ["s", "short"],
    ["Short", "short"],
  ])("reads side %s as %s", async (alias, side) => {
    const result = await journal.cli(
      ["trade", "add", "--symbol", "aapl", "--side", alias, "--qty", "1", "--price", "1", "--json"],
      {
        now,
      },
    );
    expect(JSON.parse(result.stdout)).toMatchObject({ side, symbol: "AAPL" });
  });

  it("names the missing flag off a terminal", async () => {
    const result = await journal.cli(["trade", "add", "--symbol", "AAPL", "--side", "long", "--qty", "10"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --price is required when not running in a terminal\n",
    });
  });

  it("refuses --open with --closed", async () => {
    const result = await journal.cli(["trade", "list", "--open", "--closed"]);
    expect(result).toEqual({ code: 2, stdout: "", stderr: "error: --open and --closed cannot be used together\n" });
  });
});
