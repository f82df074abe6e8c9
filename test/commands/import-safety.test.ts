// Issue 18: imports never drop what the user attached to a trade, never let a bad value reach the database, never
// invent a position on undo, and report what they wrote.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, beforeEach, expect, it } from "vitest";
import type { CliRunner } from "../support/cli.js";
import { describeEachBackend, type TestDatabase } from "../support/databases.js";
import { importChecked } from "../support/imports.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape } from "../support/json-shape.js";

const header = "Date,Symbol,Side,Quantity,Price,Commission,Account,Execution ID\n";
const now = new Date("2024-04-01T12:00:00Z");

describeEachBackend("imports keep what the user wrote", (backend) => {
  const journal = useJournal(backend, "keeper", "UTC");
  let cli: CliRunner;
  let dir: string;
  const csv = (name: string, rows: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, header + rows.map((r) => `${r}\n`).join(""));
    return path;
  };
  beforeAll(async () => {
    dir = journal.dir;
    cli = journal.cli;
  });
  beforeEach(async () => {
    for (const table of ["trade_journal_links", "journal_entries", "trades", "round_trips", "executions"] as const)
      await journal.database.db.deleteFrom(table).execute();
    await journal.database.db.deleteFrom("import_history").execute();
  });

  /** Imports day 1 (one buy), tags the open trade, writes a journal entry about it; returns its id. */
  async function openAndAnnotate(): Promise<number> {
    const day1 = await importChecked(
      cli,
      journal.database,
      [csv("day1.csv", ["2024-03-01 10:00:00,KEEP,Buy,100,10.00,1.00,U1,B1"])],
      { now },
    );
    expect(day1.code).toBe(0);
    const [trade] = await journal.database.db.selectFrom("trades").select("id").execute();
    const id = (trade as { id: number }).id;
    expect((await cli(["trade", "tag", String(id), "--add", "keep-me"], { now })).code).toBe(0);
    expect((await cli(["trade", "edit", String(id), "--notes", "my plan"], { now })).code).toBe(0);
    const entry = await cli(["journal", "write", "--title", "why", "--content", "the reason", "--trade", String(id)], {
      now,
    });
    expect(entry.code).toBe(0);
    return id;
  }

  async function annotated() {
    return journal.database.db
      .selectFrom("trades")
      .leftJoin("trade_journal_links as l", "l.trade_id", "trades.id")
      .select([
        "trades.id",
        "trades.status",
        "trades.quantity",
        "trades.side",
        "trades.tags",
        "trades.notes",
        "l.journal_entry_id",
      ])
      .where("trades.tags", "is not", null)
      .execute();
  }

  it.each([
    ["a full close", ["2024-03-02 10:00:00,KEEP,Sell,100,11.00,1.00,U1,S1"], [["closed", "100.0000000000", "long"]], 1],
    [
      "two partial sells",
      ["2024-03-02 10:00:00,KEEP,Sell,40,11.00,1.00,U1,S1", "2024-03-02 11:00:00,KEEP,Sell,60,12.00,1.00,U1,S2"],
      [["closed", "40.0000000000", "long"]],
      2,
    ],
    // A flip of shares says so: a plain Sell beyond the long lots would be reported unmatched, not opened short.
    ["a flip", ["2024-03-02 10:00:00,KEEP,Sell Short,150,11.00,1.00,U1,S1"], [["closed", "100.0000000000", "long"]], 2],
    [
      "a scale-in then close",
      ["2024-03-02 09:00:00,KEEP,Buy,50,10.50,1.00,U1,B2", "2024-03-02 10:00:00,KEEP,Sell,150,11.00,1.00,U1,S1"],
      [["closed", "100.0000000000", "long"]],
      2,
    ],
    ["a partial close", ["2024-03-02 10:00:00,KEEP,Sell,40,11.00,1.00,U1,S1"], [["open", "60.0000000000", "long"]], 2],
  ] as const)("keeps the trade's id, tags, notes and journal link after %s", async (_name, rows, kept, total) => {
    const id = await openAndAnnotate();
    const entry = await journal.database.db.selectFrom("journal_entries").select("id").executeTakeFirstOrThrow();
    // Day 2's export repeats day 1's fill, as broker exports of a date range do.
    const day2 = await importChecked(
      cli,
      journal.database,
      [csv("day2.csv", ["2024-03-01 10:00:00,KEEP,Buy,100,10.00,1.00,U1,B1", ...rows])],
      { now },
    );
    expect(day2.code).toBe(0);
    expect(day2.imports[0]).toMatchObject({ tradesRemoved: 0 });
    expect(await annotated()).toEqual(
      kept.map(([status, quantity, side]) => ({
        id,
        status,
        quantity,
        side,
        tags: ["keep-me"],
        notes: "my plan",
        journal_entry_id: entry.id,
      })),
    );
    const count = await journal.database.db
      .selectFrom("trades")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(total);
  });

  it("moves a removed trade's tags and journal link to the trade that now holds its opening fill", async () => {
    const sells = [
      "2024-03-01 10:00:00,MOVE,Buy,100,10.00,0,U1,MB1",
      "2024-03-02 10:00:00,MOVE,Sell,50,11.00,0,U1,MS1",
      "2024-03-03 10:00:00,MOVE,Sell,50,12.00,0,U1,MS2",
    ];
    await importChecked(cli, journal.database, [csv("sells.csv", sells)], { now });
    const rows = await journal.database.db.selectFrom("trades").select("id").orderBy("exit_date").execute();
    const [first, second] = rows.map((r) => r.id) as [number, number];
    await cli(["trade", "tag", String(first), "--add", "first"], { now });
    await cli(["trade", "tag", String(second), "--add", "second"], { now });
    await cli(["journal", "write", "--title", "t", "--content", "c", "--trade", String(second)], { now });
    const entry = await journal.database.db.selectFrom("journal_entries").select("id").executeTakeFirstOrThrow();
    // An older export: a buy before MB1 takes both sells by FIFO, and MB1's 100 stay open as one trade.
    const older = await importChecked(
      cli,
      journal.database,
      [csv("older.csv", ["2024-02-29 10:00:00,MOVE,Buy,100,9.00,0,U1,MB0"])],
      { now },
    );
    expect(older.imports[0]).toMatchObject({ tradesCreated: 2, tradesRemoved: 1, detached: [] });
    const open = await journal.database.db
      .selectFrom("trades")
      .leftJoin("trade_journal_links as l", "l.trade_id", "trades.id")
      .select(["trades.id", "trades.status", "trades.quantity", "trades.tags", "l.journal_entry_id"])
      .where("trades.status", "=", "open")
      .execute();
    expect(open).toEqual([
      {
        id: expect.toSatisfy((id: number) => id === first || id === second),
        status: "open",
        quantity: "100.0000000000",
        tags: ["first", "second"],
        journal_entry_id: entry.id,
      },
    ]);
  });

  it("an undo that removes a trade's opening fill says which trade's notes, tags and links it detached", async () => {
    const first = await importChecked(
      cli,
      journal.database,
      [csv("b.csv", ["2024-03-01 10:00:00,GONE,Buy,100,10.00,1.00,U1,G1"])],
      { now },
    );
    const [trade] = await journal.database.db.selectFrom("trades").select("id").execute();
    const id = (trade as { id: number }).id;
    await cli(["trade", "tag", String(id), "--add", "keep-me"], { now });
    const undone = await cli(["import", "undo", String(first.imports[0]?.importId), "--yes", "--json"], { now });
    expect(undone.code).toBe(0);
    const undoJson = JSON.parse(undone.stdout);
    expectJsonShape(
      undoJson.detached[0],
      {
        tradeId: "integer",
        symbol: "string",
        tags: "string[]?",
        notes: "string?",
        strategyId: "integer?",
        journalEntryIds: "array",
      },
      "a detached trade in import undo --json",
    );
    expect(undoJson).toMatchObject({
      version: 1,
      tradesRemoved: 1,
      detached: [{ tradeId: id, symbol: "GONE", tags: ["keep-me"], notes: null, journalEntryIds: [] }],
    });
  });
});

describeEachBackend("import csv checks every value against its column", (backend) => {
  const journal = useJournal(backend, "ranger", "UTC");
  let cli: CliRunner;
  let dir: string;
  beforeAll(async () => {
    dir = journal.dir;
    cli = journal.cli;
  });

  it("turns out-of-range numbers and dates, NUL bytes and control characters into row errors naming the line", async () => {
    const digits = "9".repeat(100_000);
    const path = join(dir, "ranges.csv");
    writeFileSync(
      path,
      [
        header.trimEnd(),
        "2024-03-01 10:00:00,GOOD,Buy,10,10.00,1.00,U1,R1",
        "2024-03-01 10:00:00,BIGQ,Buy,99999999999999999999,10.00,1.00,U1,R2",
        "2024-03-01 10:00:00,BIGC,Buy,10,10.00,123456789012,U1,R3",
        "0000-01-01,ZERO,Buy,10,10.00,1.00,U1,R4",
        `2024-03-01 10:00:00,LONG,Buy,10,${digits},1.00,U1,R5`,
        "2024-03-01 10:00:00,NUL,Buy,10,10.00,1.00,U1,R\u0000X",
        "1800-01-01,OLD,Buy,10,10.00,1.00,U1,R7",
        "1899-12-31,OLD,Buy,10,10.00,1.00,U1,R8",
        "9999-12-31,FAR,Buy,10,10.00,1.00,U1,R9",
        '2024-03-01 10:00:00,"A\nB",Buy,10,10.00,1.00,U1,R10',
        "2024-03-01 10:00:00,A\u0007B,Buy,10,10.00,1.00,U1,R11",
        `2024-03-01 10:00:00,ACCT,Buy,10,10.00,1.00,${"U".repeat(51)},R12`,
        "",
      ].join("\n"),
    );
    const result = await importChecked(cli, journal.database, [path], { now });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(10);
    const range = "out of range: dates run from 1970-01-01 to 2034-04-01";
    const expected = [
      {
        line: 3,
        column: "Quantity",
        value: "99999999999999999999",
        reason: "out of range: at most 11 digits before the decimal point",
      },
      {
        line: 4,
        column: "Commission",
        value: "123456789012",
        reason: "out of range: at most 8 digits before the decimal point",
      },
      { line: 5, column: "Date", value: "0000-01-01", reason: range },
      { line: 6, column: "Price", value: digits, reason: "out of range: at most 11 digits before the decimal point" },
      { line: 7, column: "Execution ID", value: "R\\0X", reason: "contains a NUL byte" },
      { line: 8, column: "Date", value: "1800-01-01", reason: range },
      { line: 9, column: "Date", value: "1899-12-31", reason: range },
      { line: 10, column: "Date", value: "9999-12-31", reason: range },
      { line: 11, column: "Symbol", value: "A\nB", reason: "contains a line break or control character" },
      { line: 13, column: "Symbol", value: "A\u0007B", reason: "contains a line break or control character" },
      { line: 14, column: "Account", value: "U".repeat(51), reason: "longer than 50 characters" },
    ];
    expect(result.imports[0]).toMatchObject({ newFills: 1, failedRows: 11, errors: expected });
    const history = await journal.database.db.selectFrom("import_history").select(["status", "errors"]).execute();
    expect(history).toEqual([{ status: "completed", errors: expected }]);
    const fills = await journal.database.db.selectFrom("executions").select("symbol").execute();
    expect(fills).toEqual([{ symbol: "GOOD" }]);
    const longAccount = await cli(["import", "csv", path, "--account", "A".repeat(51)], { now });
    expect(longAccount).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: --account must be at most 50 characters, got '${"A".repeat(51)}'\n`,
    });
  });

  it("refuses a file whose trade P&L would not fit, in one line with exit 11, and records the failure", async () => {
    const path = join(dir, "huge.csv");
    writeFileSync(
      path,
      `${header}2024-03-01 10:00:00,HUGE,Buy,99999999999,0.0001,0,U1,H1\n2024-03-02 10:00:00,HUGE,Sell,99999999999,99999999999,0,U1,H2\n`,
    );
    const result = await cli(["import", "csv", path], { now });
    expect(result).toEqual({
      code: 11,
      stdout: "",
      stderr: "error: huge.csv: a value is out of range for the journal (numeric field overflow): nothing imported\n",
    });
    const last = await journal.database.db
      .selectFrom("import_history")
      .select(["status", "filename"])
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    expect(last).toEqual({ status: "failed", filename: "huge.csv" });
    expect(
      await journal.database.db.selectFrom("executions").select("symbol").where("symbol", "=", "HUGE").execute(),
    ).toEqual([]);
  });

  it("refuses typed dates outside 1970 to ten years ahead, and a --limit beyond an integer, with exit 2", async () => {
    const old = await cli(
      ["trade", "add", "--symbol", "T", "--side", "long", "--qty", "1", "--price", "1", "--date", "1969-06-01"],
      { now },
    );
    expect(old).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --date is out of range, got '1969-06-01' (dates run from 1970-01-01 to 2034-04-01)\n",
    });
    const far = await cli(
      ["trade", "add", "--symbol", "T", "--side", "long", "--qty", "1", "--price", "1", "--date", "2034-04-02"],
      { now },
    );
    expect(far.code).toBe(2);
    const fine = await cli(
      ["trade", "add", "--symbol", "T", "--side", "long", "--qty", "1", "--price", "1", "--date", "1970-01-02"],
      { now },
    );
    expect(fine.code).toBe(0);
    for (const args of [
      ["trade", "list"],
      ["journal", "list"],
      ["journal", "search", "x"],
      ["audit"],
      ["import", "history"],
    ]) {
      const result = await cli([...args, "--limit", "99999999999999999999"], { now });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^error: option '--limit <n>' argument '99999999999999999999' is invalid\. .*\n$/);
    }
  });
});

describeEachBackend("import undo keeps what other imports vouch for", (backend) => {
  const undoer = useJournal(backend, "undoer", "UTC");
  /** Another journal, where only fills2 is imported: what undoing import 1 must leave. */
  const other = useJournal(backend, "witness", "UTC");
  let database: TestDatabase;
  let witness: TestDatabase;
  let cli: CliRunner;
  let alone: CliRunner;
  let dir: string;
  const file = (name: string, rows: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, header + rows.map((r) => `${r}\n`).join(""));
    return path;
  };
  const msftBuy = "2024-03-01 10:00:00,MSFT,Buy,100,400.00,0,U1,M1";
  const msftSell1 = "2024-03-02 10:00:00,MSFT,Sell,50,410.00,0,U1,M2";
  const msftSell2 = "2024-03-03 10:00:00,MSFT,Sell,50,415.00,0,U1,M3";
  const spyBuy = "2024-03-03 11:00:00,SPY,Buy,10,600.00,0,U1,S1";
  const spySell = "2024-03-04 11:00:00,SPY,Sell,10,603.25,0,U1,S2";
  beforeAll(() => {
    ({ dir, database, cli } = undoer);
    ({ database: witness, cli: alone } = other);
  });

  const positions = async (runner: CliRunner) => {
    const result = await runner(["positions", "--json"], { now });
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  };
  const tradesOf = async (journal: TestDatabase) =>
    journal.db
      .selectFrom("trades")
      .select(["symbol", "side", "quantity", "entry_price", "exit_price", "pnl", "status"])
      .orderBy("symbol")
      .orderBy("entry_date")
      .execute();

  it("undoing the first of two overlapping imports keeps the fills the second also held, inventing no position", async () => {
    const fills1 = file("fills1.csv", [msftBuy, msftSell1, msftSell2, spyBuy]);
    const fills2 = file("fills2.csv", [msftSell2, spyBuy, spySell]);
    const first = await importChecked(cli, database, [fills1], { now });
    expect(first.imports[0]).toMatchObject({ newFills: 4, realizedPnl: "1250.00" });
    const second = await importChecked(cli, database, [fills2], { now });
    expect(second.imports[0]).toMatchObject({ newFills: 1, knownFills: 2, realizedPnl: "32.50" });

    const undone = await cli(["import", "undo", String(first.imports[0]?.importId), "--yes"], { now });
    expect(undone).toEqual({
      code: 0,
      stdout: `Undid import ${first.imports[0]?.importId}: 1 position(s) rebuilt, 2 trade(s) removed, 0 recreated.\n  kept 2 fill(s) that import ${second.imports[0]?.importId} also contained\n`,
      stderr: "",
    });
    // SPY's buy stays (fills2 holds it): no short SPY; MSFT's sells, their buy gone, are unmatched: no invented short.
    // The journal is what fills2 alone gives.
    await importChecked(alone, witness, [fills2], { now });
    expect(await tradesOf(database)).toEqual(await tradesOf(witness));
    expect(await tradesOf(database)).toEqual([
      {
        symbol: "SPY",
        side: "long",
        quantity: "10.0000000000",
        entry_price: "600.0000000000",
        exit_price: "603.2500000000",
        pnl: "32.50",
        status: "closed",
      },
    ]);
    expect(await positions(cli)).toEqual(await positions(alone));

    // Re-importing fills2 changes nothing and says so.
    const again = await importChecked(cli, database, [fills2], { now });
    expect(again.imports[0]).toMatchObject({ newFills: 0, knownFills: 3, realizedPnl: "0.00", tradesCreated: 0 });
  });

  it("reports the realized P&L of trades it closed with another import's fill, read back from the trades table", async () => {
    const spySellOnly = file("spy-sell.csv", [spySell.replace("S2", "T2")]);
    await witness.db.deleteFrom("trades").execute();
    await witness.db.deleteFrom("executions").execute();
    const sold = await importChecked(alone, witness, [spySellOnly], { now });
    expect(sold.code).toBe(10);
    expect(sold.imports[0]).toMatchObject({ realizedPnl: "0.00", tradesCreated: 0 });
    // Its buy arrives later in an older export: the closed SPY trade is this import's doing.
    const later = await importChecked(alone, witness, [file("older.csv", [spyBuy.replace("S1", "T1")])], { now });
    // The sell was kept unmatched (no short invented): the buy matches it.
    expect(later.imports[0]).toMatchObject({ realizedPnl: "32.50", tradesCreated: 1, tradesRemoved: 0, unmatched: [] });
  });
});
