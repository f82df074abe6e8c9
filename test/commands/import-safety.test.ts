// Issue 18: imports never drop what the user attached to a trade, never let a bad value reach the database, never
// invent a position on undo, and report what they wrote.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, expect, inject, it } from "vitest";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { importChecked } from "../support/imports.js";

const header = "Date,Symbol,Side,Quantity,Price,Commission,Account,Execution ID\n";
const now = new Date("2024-04-01T12:00:00Z");

describeEachBackend("imports keep what the user wrote", (backend) => {
  let database: TestDatabase;
  let cli: CliRunner;
  let dir: string;
  const csv = (name: string, rows: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, header + rows.map((r) => `${r}\n`).join(""));
    return path;
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(inject("scratchDir"), "import-safety-"));
    database = await createTestDatabase(backend);
    cli = cliFor(database);
    const init = await cli(
      ["init", "--yes", "--username", "keeper", "--email", "k@example.com", "--timezone", "UTC", "--password-stdin"],
      { stdin: "a long enough password" },
    );
    expect(init.code).toBe(0);
  });
  beforeEach(async () => {
    for (const table of ["trade_journal_links", "journal_entries", "trades", "round_trips", "executions"] as const)
      await database.db.deleteFrom(table).execute();
    await database.db.deleteFrom("import_history").execute();
  });
  afterAll(async () => {
    await database?.close();
  });

  /** Imports day 1 (one buy), tags the open trade, writes a journal entry about it; returns its id. */
  async function openAndAnnotate(): Promise<number> {
    const day1 = await importChecked(
      cli,
      database,
      [csv("day1.csv", ["2024-03-01 10:00:00,KEEP,Buy,100,10.00,1.00,U1,B1"])],
      { now },
    );
    expect(day1.code).toBe(0);
    const [trade] = await database.db.selectFrom("trades").select("id").execute();
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
    return database.db
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
    ["a full close", ["2024-03-02 10:00:00,KEEP,Sell,100,11.00,1.00,U1,S1"], [["closed", "100.0000", "long"]], 1],
    [
      "two partial sells",
      ["2024-03-02 10:00:00,KEEP,Sell,40,11.00,1.00,U1,S1", "2024-03-02 11:00:00,KEEP,Sell,60,12.00,1.00,U1,S2"],
      [["closed", "40.0000", "long"]],
      2,
    ],
    ["a flip", ["2024-03-02 10:00:00,KEEP,Sell,150,11.00,1.00,U1,S1"], [["closed", "100.0000", "long"]], 2],
    [
      "a scale-in then close",
      ["2024-03-02 09:00:00,KEEP,Buy,50,10.50,1.00,U1,B2", "2024-03-02 10:00:00,KEEP,Sell,150,11.00,1.00,U1,S1"],
      [["closed", "100.0000", "long"]],
      2,
    ],
    ["a partial close", ["2024-03-02 10:00:00,KEEP,Sell,40,11.00,1.00,U1,S1"], [["open", "60.0000", "long"]], 2],
  ] as const)("keeps the trade's id, tags, notes and journal link after %s", async (_name, rows, kept, total) => {
    const id = await openAndAnnotate();
    const entry = await database.db.selectFrom("journal_entries").select("id").executeTakeFirstOrThrow();
    // Day 2's export repeats day 1's fill, as broker exports of a date range do.
    const day2 = await importChecked(
      cli,
      database,
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
    const count = await database.db
      .selectFrom("trades")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(total);
  });

  it("an undo that removes a trade's opening fill says which trade's notes, tags and links it detached", async () => {
    const first = await importChecked(
      cli,
      database,
      [csv("b.csv", ["2024-03-01 10:00:00,GONE,Buy,100,10.00,1.00,U1,G1"])],
      { now },
    );
    const [trade] = await database.db.selectFrom("trades").select("id").execute();
    const id = (trade as { id: number }).id;
    await cli(["trade", "tag", String(id), "--add", "keep-me"], { now });
    const undone = await cli(["import", "undo", String(first.imports[0]?.importId), "--yes", "--json"], { now });
    expect(undone.code).toBe(0);
    expect(JSON.parse(undone.stdout)).toMatchObject({
      tradesRemoved: 1,
      detached: [{ tradeId: id, symbol: "GONE", tags: ["keep-me"], notes: null, journalEntryIds: [] }],
    });
  });
});
