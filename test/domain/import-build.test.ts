// A position with no trades yet is built by streaming its fills a page at a time (buildPosition); every other
// rebuild runs FIFO over all of a position's fills and diffs (rebuildPosition). Both must give the same trades and
// round trips: after a streamed build, the full rebuild finds nothing to change.
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { type ImportOptions, importFile } from "../../src/import/engine.js";
import { rebuildPosition } from "../../src/import/position-build.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { expectWritten, tradeTotals } from "../support/imports.js";

/** Fills that scale in and out, flip, go flat and reopen, on two symbols in two accounts, with odd commissions. */
function fillsCsv(count: number): string {
  let seed = 7;
  const next = (max: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return Math.floor(seed / 65536) % max;
  };
  const rows = ["Date,Symbol,Side,Quantity,Price,Commission,Account,Execution ID"];
  const position = new Map<string, number>();
  for (let i = 0; i < count; i++) {
    const symbol = i % 3 === 0 ? "MSFT" : "AAPL";
    const account = i % 2 === 0 ? "A1" : "A2";
    const key = `${account}/${symbol}`;
    const held = position.get(key) ?? 0;
    // Every so often close exactly, so round trips end flat as well as by flips.
    const quantity = held !== 0 && next(5) === 0 ? Math.abs(held) : 1 + next(40);
    const buy = held !== 0 && quantity === Math.abs(held) ? held < 0 : next(2) === 0;
    position.set(key, held + (buy ? quantity : -quantity));
    const when = new Date(Date.UTC(2024, 0, 2, 14, 30) + Math.floor(i / 2) * 60_000).toISOString();
    const price = `${100 + next(20)}.${String(next(10000)).padStart(4, "0")}`;
    rows.push(
      `${when.slice(0, 19).replace("T", " ")},${symbol},${buy ? "Buy" : i % 2 ? "Sell" : "Sell Short"},${quantity},${price},${next(3)}.${String(next(100)).padStart(2, "0")},${account},E${i}`,
    );
  }
  return `${rows.join("\n")}\n`;
}

async function createUser(database: TestDatabase, username: string): Promise<number> {
  const user = await database.db
    .insertInto("users")
    .values({ username, email: `${username}@example.com`, hashed_password: "x" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return user.id;
}

/** Imports as `userId`, checking that the summary reports what the import wrote. */
async function importAs(database: TestDatabase, userId: number, path: string, options: Partial<ImportOptions> = {}) {
  const before = await tradeTotals(database);
  const summary = await importFile(database.db, {
    userId,
    path,
    userTimeZone: "UTC",
    mapping: {},
    dryRun: false,
    strict: false,
    now: () => new Date("2024-02-01T00:00:00Z"),
    ...options,
  });
  const written = summary.status === "completed" ? [summary] : [];
  await expectWritten(
    database,
    before,
    written.map((w) => ({ created: w.tradesCreated, removed: w.tradesRemoved, realized: w.realizedPnl as string })),
  );
  return summary;
}

/** Rebuilds the four positions of fillsCsv from all their fills: [created, updated, removed] for each. */
function fullRebuildChanges(database: TestDatabase, userId: number): Promise<number[][]> {
  return database.db.transaction().execute(async (trx) => {
    const results = [];
    for (const [accountId, symbol] of [
      ["A1", "AAPL"],
      ["A1", "MSFT"],
      ["A2", "AAPL"],
      ["A2", "MSFT"],
    ] as const) {
      const result = await rebuildPosition(trx, userId, { accountId, symbol });
      results.push([result.created, result.updated, result.removed]);
    }
    return results;
  });
}

describeEachBackend("building a new position a page at a time", (backend) => {
  let database: TestDatabase;
  let path: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    path = join(mkdtempSync(join(inject("scratchDir"), "paging-")), "fills.csv");
    writeFileSync(path, fillsCsv(600));
  });
  afterAll(() => database.close());

  const snapshot = async (userId: number) => {
    const trades = await sql`
      select t.id, t.import_key, t.side, t.quantity, t.entry_price, t.exit_price, t.entry_date, t.exit_date,
             t.commission, t.pnl, t.status, t.open_execution_id, t.close_execution_id, r.id as round_trip,
             r.side as round_side, r.opened_at, r.closed_at
      from trades t left join round_trips r on r.id = t.round_trip_id
      where t.user_id = ${userId} order by t.id`.execute(database.db);
    const rounds = await sql<{
      closed_at: Date | null;
    }>`select id, account_id, symbol, side, opened_at, closed_at from round_trips
      where user_id = ${userId} order by id`.execute(database.db);
    return { trades: trades.rows, rounds: rounds.rows };
  };

  // Pages of 7 fills; written all at once, or in batches of about 11 trades that span pages and positions, so that a
  // round trip opens in one batch and closes in a later one, or opens and closes within one.
  it.each([
    ["written at the end", { fillPageSize: 7 }],
    ["written in small batches", { fillPageSize: 7, writeBatchTrades: 11 }],
  ])(
    "writes what a full FIFO rebuild would, across page boundaries, and sums the realized P&L (%s)",
    async (name, options) => {
      const userId = await createUser(database, name.replaceAll(" ", "-"));
      const summary = await importAs(database, userId, path, options);
      expect(summary).toMatchObject({ newFills: 600, failedRows: 0, tradesUpdated: 0, tradesRemoved: 0 });
      const built = await snapshot(userId);
      expect(built.trades.length).toBe(summary.tradesCreated);
      // Round trips that ended flat and ones that ended in a flip, several per position, all but the last closed.
      expect(built.rounds.length).toBeGreaterThan(20);
      expect(built.rounds.filter((r) => r.closed_at === null).length).toBeLessThanOrEqual(4);
      const closedPnl = await sql<{ total: string }>`
      select coalesce(sum(pnl), 0)::numeric(15, 2)::text as total from trades
      where user_id = ${userId} and status = 'closed'`.execute(database.db);
      expect(summary.realizedPnl).toBe(closedPnl.rows[0]?.total);
      // Every fill's quantity is accounted for once as an opening and once as a closing part (or still open), except
      // what a plain sell found no shares to close: that part is reported unmatched, by line.
      const unbalanced = await sql<{ line: number; quantity: string }>`
      select e.source_line as line, trim_scale(e.quantity - coalesce(sum(l.quantity), 0))::text as quantity
      from executions e
      left join trade_executions l on l.execution_id = e.id
      where e.user_id = ${userId}
      group by e.id, e.quantity having coalesce(sum(l.quantity), 0) <> e.quantity
      order by e.source_line`.execute(database.db);
      expect(summary.unmatched.length).toBeGreaterThan(0);
      const reported = summary.unmatched.map((u) => ({ line: u.line as number, quantity: u.quantity }));
      expect(unbalanced.rows).toEqual(reported.sort((a, b) => a.line - b.line));

      expect(await fullRebuildChanges(database, userId)).toEqual([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]);
      expect(await snapshot(userId)).toEqual(built);
    },
  );
});

describeEachBackend("continuing a position from its open lots when new fills come after the old", (backend) => {
  let database: TestDatabase;
  let userId: number;
  let dir: string;
  beforeAll(async () => {
    database = await createTestDatabase(backend);
    userId = await createUser(database, "appender");
    dir = mkdtempSync(join(inject("scratchDir"), "append-"));
  });
  afterAll(() => database.close());

  const importPart = (name: string, lines: string[]) => {
    const path = join(dir, name);
    writeFileSync(path, `${lines.join("\n")}\n`);
    return importAs(database, userId, path);
  };

  it("gives the trades and round trips a full rebuild would, and the P&L of the trades the new fills closed", async () => {
    const [header, ...rows] = fillsCsv(600).trim().split("\n") as [string, ...string[]];
    const first = await importPart("first.csv", [header, ...rows.slice(0, 400)]);
    // Four positions (A1 and A2, AAPL and MSFT), all new: built from scratch.
    expect(first.positionPaths).toEqual({ built: 4, continued: 0, rebuilt: 0 });
    // Three days later: every position has open lots, and some of the new fills close them, flip or go flat.
    const second = await importPart("second.csv", [header, ...rows.slice(400)]);
    expect(second).toMatchObject({ newFills: 200, knownFills: 0, failedRows: 0 });
    // The path under test ran: each position continued from its open lots, none fell back to the full rebuild.
    expect(second.positionPaths).toEqual({ built: 0, continued: 4, rebuilt: 0 });
    expect(second.tradesUpdated + second.tradesRemoved).toBeGreaterThan(0);
    const closedBySecond = await sql<{ total: string }>`
      select coalesce(sum(t.pnl), 0)::numeric(15, 2)::text as total
      from trades t join executions e on e.id = t.close_execution_id
      where t.user_id = ${userId} and e.import_id = ${second.importId}`.execute(database.db);
    expect(second.realizedPnl).toBe(closedBySecond.rows[0]?.total);

    const snapshot = async () => ({
      trades: (
        await sql`select id, import_key, quantity, commission, exit_price, exit_date, round_trip_id, open_execution_id,
                         close_execution_id from trades where user_id = ${userId} order by id`.execute(database.db)
      ).rows,
      rounds: (
        await sql`select id, side, opened_at, closed_at from round_trips where user_id = ${userId} order by id`.execute(
          database.db,
        )
      ).rows,
    });
    const appended = await snapshot();
    expect(await fullRebuildChanges(database, userId)).toEqual([
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ]);
    expect(await snapshot()).toEqual(appended);
  });
});
