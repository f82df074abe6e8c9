// trade close / show / edit / delete / tag, list filters and positions, on both databases.
import { sql } from "kysely";
import { beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { otherUser, useJournal } from "../support/journal.js";
import { expectJsonShape, type JsonShape, TRADE_JSON, versioned } from "../support/json-shape.js";
import { addTrade, tradeFlags } from "../support/trades.js";

/** An open position in `positions --json` (README "JSON output"). */
const POSITION_JSON: JsonShape = {
  symbol: "string",
  accountId: "string?",
  side: "string",
  assetType: "string",
  trades: "integer",
  quantity: "decimal",
  averageEntry: "decimal",
  cost: "decimal",
  commission: "decimal",
};

describeEachBackend("trade close / show / edit / delete / tag / positions", (backend) => {
  const journal = useJournal(backend);
  let other: Awaited<ReturnType<typeof otherUser>>;
  const now = new Date("2024-03-15T18:00:00Z");
  beforeAll(async () => {
    other = await otherUser(journal.database);
    expect(other.userId).not.toBe(journal.userId);
  });
  beforeEach(async () => {
    await journal.database.db.deleteFrom("trades").where("symbol", "!=", "XYZ").execute();
    await journal.database.db.deleteFrom("strategies").where("name", "!=", "Theirs").execute();
  });

  const add = (...args: string[]) => addTrade(journal.cli, args, { now });
  const rows = () =>
    journal.database.db.selectFrom("trades").selectAll().where("symbol", "!=", "XYZ").orderBy("id").execute();

  it("closes part of a trade: the closed part keeps the id, the rest stays open, quantity and commission add up", async () => {
    const open = await add(
      ...["--symbol", "AAPL", "--side", "long", "--qty", "300", "--price", "187.20", "--commission", "1.00"],
      ...["--date", "2024-03-01 09:45", "--stop", "185.20", "--tags", "gap", "--account", "U1"],
    );
    expect(open.initialRisk).toBe("600.00"); // (187.20 - 185.20) x 300
    const result = await journal.cli(
      [
        "trade",
        "close",
        String(open.id),
        "--price",
        "190",
        "--qty",
        "100",
        "--commission",
        "0.35",
        "--date",
        "2024-03-04 15:55",
      ],
      { now },
    );
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const [closed, rest] = await rows();
    // Entry commission 1.00 shared 100:200 is 0.33 / 0.67 (largest remainder); the closed part adds the exit's 0.35.
    expect(closed).toMatchObject({
      id: open.id,
      quantity: "100.0000000000",
      commission: "0.68",
      initial_risk: "200.00",
      exit_price: "190.0000000000",
      status: "closed",
      pnl: "279.32", // 2.80 x 100 - 0.68
      tags: ["gap"],
      account_id: "U1",
    });
    expect(closed?.exit_date?.toISOString()).toBe("2024-03-04T20:55:00.000Z");
    expect(rest).toMatchObject({
      quantity: "200.0000000000",
      commission: "0.67",
      initial_risk: "400.00",
      stop_price: "185.2000000000",
      status: "open",
      exit_price: null,
      pnl: null,
      tags: ["gap"],
      account_id: "U1",
    });
    expect(rest?.entry_date.toISOString()).toBe(closed?.entry_date.toISOString());
    expect(result.stdout).toBe(
      `Trade ${open.id}: long 100 AAPL @ 187.2 on 2024-03-01 09:45, closed @ 190 on 2024-03-04 15:55: P&L 279.32 (1.49%)\n` +
        `Still open: Trade ${rest?.id}: long 200 AAPL @ 187.2 on 2024-03-01 09:45 (open)\n`,
    );
    // The entry commission is conserved: 0.33 (closed share) + 0.67 (kept) = 1.00.
    const total = await sql<{
      q: string;
      c: string;
    }>`select sum(quantity) as q, sum(commission) as c from trades where symbol = 'AAPL'`.execute(journal.database.db);
    expect(total.rows[0]).toEqual({ q: "300.0000000000", c: "1.35" });
    // R-multiple shown by `trade show`: 279.32 / 200 = 1.40R.
    const shown = JSON.parse((await journal.cli(["trade", "show", String(open.id), "--json"])).stdout);
    expect(shown.rMultiple).toBe("1.40");
  });

  it("closes a whole trade, and refuses to close it again (exit 4) or close another user's (exit 3)", async () => {
    const open = await add(
      ...tradeFlags({ symbol: "TSLA", side: "short", qty: "20", price: "202.50", commission: "1.30" }),
    );
    const closed = await journal.cli(["trade", "close", String(open.id), "--price", "198.10", "--json"], { now });
    expect(closed.code).toBe(0);
    const result = JSON.parse(closed.stdout);
    expectJsonShape(result, versioned({ closed: "object", remainder: "object?" }), "trade close --json");
    expectJsonShape(result.closed, TRADE_JSON, "the closed trade");
    expect(result.remainder).toBeNull();
    expect(result.closed).toMatchObject({
      status: "closed",
      pnl: "86.70",
      pnlPercent: "2.14",
      quantity: "20.0000000000",
    });
    expect(result.closed.exitDate).toBe(now.toISOString());
    const again = await journal.cli(["trade", "close", String(open.id), "--price", "1"], { now });
    expect(again).toEqual({ code: 4, stdout: "", stderr: `error: trade ${open.id} is already closed\n` });
    const theirs = await journal.cli(["trade", "close", String(other.tradeId), "--price", "6"], { now });
    expect(theirs).toEqual({ code: 3, stdout: "", stderr: `error: trade ${other.tradeId} not found\n` });
    const untouched = await journal.database.db
      .selectFrom("trades")
      .selectAll()
      .where("id", "=", other.tradeId)
      .executeTakeFirstOrThrow();
    expect(untouched).toMatchObject({ status: "open", exit_price: null });
  });

  it.each([
    [["--qty", "30"], "error: --qty 30 is more than the open quantity 20"],
    [["--qty", "0"], "error: --qty must be greater than 0, got '0'"],
    [["--price", "-1"], "error: --price must be greater than 0, got '-1'"],
    [["--price", "1.23456789012"], "error: --price allows at most 10 decimal places, got '1.23456789012'"],
    [["--commission", "0.001"], "error: --commission allows at most 2 decimal places, got '0.001'"],
    [["--date", "2024-02-01"], "error: --date is before the trade's entry date"],
    [
      ["--date", "2024-13-01"],
      "error: --date is not a valid date, got '2024-13-01' (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or an ISO 8601 time)",
    ],
  ])("refuses close %j with one line and changes nothing", async (flags, message) => {
    const open = await add(
      ...tradeFlags({ symbol: "MSFT", side: "long", qty: "20", price: "410", date: "2024-03-01" }),
    );
    const before = await rows();
    const options: Record<string, string> = { "--price": "415" };
    for (let i = 0; i < flags.length; i += 2) options[flags[i] as string] = flags[i + 1] as string;
    const result = await journal.cli(["trade", "close", String(open.id), ...Object.entries(options).flat()], { now });
    expect(result).toEqual({ code: 2, stdout: "", stderr: `${message}\n` });
    expect(await rows()).toEqual(before);
  });

  it("computes an option trade with multiplier 100 and a future with its point value", async () => {
    const option = await add(
      ...["--symbol", "spy240315c510", "--asset-type", "option", "--side", "long", "--qty", "2", "--price", "3.10"],
      ...["--exit-price", "4.25", "--commission", "1.30", "--date", "2024-03-01", "--stop", "2.10"],
    );
    // (4.25 - 3.10) x 2 x 100 - 1.30 = 228.70; percent over 3.10 x 2 x 100 = 620.
    expect(option).toMatchObject({
      symbol: "SPY240315C510",
      assetType: "option",
      multiplier: "100.0000",
      pnl: "228.70",
      pnlPercent: "36.89",
      initialRisk: "200.00",
    });
    const future = await add(
      ...["--symbol", "ES", "--asset-type", "future", "--multiplier", "50", "--side", "short", "--qty", "1"],
      ...["--price", "5120.25", "--exit-price", "5131.50", "--commission", "4.50", "--date", "2024-03-01"],
    );
    expect(future).toMatchObject({ multiplier: "50.0000", pnl: "-567.00", pnlPercent: "-0.22" });
    const shown = await journal.cli(["trade", "show", String(option.id)]);
    expect(shown.stdout).toContain("Asset:        option (multiplier 100)\n");
    expect(shown.stdout).toContain("R-multiple:   1.14R\n");
  });

  it("shows a trade with its linked journal entries, and hides another user's", async () => {
    const trade = await add(
      ...tradeFlags({
        symbol: "NVDA",
        side: "long",
        qty: "15",
        price: "860",
        date: "2024-03-05 10:00",
        notes: "Earnings run",
      }),
    );
    const userId = (
      await journal.database.db
        .selectFrom("users")
        .select("id")
        .where("username", "=", "trader")
        .executeTakeFirstOrThrow()
    ).id;
    const entry = await journal.database.db
      .insertInto("journal_entries")
      .values({ user_id: userId, title: "Chased the open", mood: "anxious", created_at: "2024-03-05T16:00:00Z" })
      .returning("id")
      .executeTakeFirstOrThrow();
    await journal.database.db
      .insertInto("trade_journal_links")
      .values({ trade_id: trade.id, journal_entry_id: entry.id })
      .execute();
    const shown = await journal.cli(["trade", "show", String(trade.id)]);
    expect(shown).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        `Trade:        ${trade.id}`,
        "Symbol:       NVDA",
        "Side:         long",
        "Asset:        stock",
        "Quantity:     15",
        "Entry:        860 on 2024-03-05 10:00",
        "Status:       open",
        "Commission:   0.00",
        "Notes:        Earnings run",
        "",
        "Journal entries (1):",
        `  #${entry.id} 2024-03-05 11:00 Chased the open [anxious]`,
        "",
      ].join("\n"),
    });
    const json = JSON.parse((await journal.cli(["trade", "show", String(trade.id), "--json"])).stdout);
    expectJsonShape(
      json,
      versioned({ trade: "object", strategy: "string?", rMultiple: "decimal?", journalEntries: "array" }),
      "trade show --json",
    );
    expectJsonShape(json.trade, TRADE_JSON, "trade show's trade");
    expect([json.version, json.strategy, json.rMultiple]).toEqual([1, null, null]);
    expect(json.journalEntries).toEqual([
      { id: entry.id, title: "Chased the open", mood: "anxious", createdAt: "2024-03-05T16:00:00.000Z" },
    ]);
    expect(await journal.cli(["trade", "show", String(other.tradeId)])).toEqual({
      code: 3,
      stdout: "",
      stderr: `error: trade ${other.tradeId} not found\n`,
    });
    expect(await journal.cli(["trade", "show", "abc"])).toMatchObject({ code: 2, stdout: "" });
  });

  it("edits a trade by flags; the generated P&L and the stop's risk follow", async () => {
    const trade = await add(
      ...tradeFlags({ symbol: "AMD", side: "long", qty: "100", price: "180", stop: "178", date: "2024-03-01" }),
    );
    expect(trade.initialRisk).toBe("200.00");
    const edited = await journal.cli(
      [
        "trade",
        "edit",
        String(trade.id),
        "--qty",
        "50",
        "--exit-price",
        "184",
        "--exit-date",
        "2024-03-02",
        "--commission",
        "2",
      ],
      { now },
    );
    expect(edited).toEqual({
      code: 0,
      stderr: "",
      stdout: `Trade ${trade.id}: long 50 AMD @ 180 on 2024-03-01 00:00, closed @ 184 on 2024-03-02 00:00: P&L 198.00 (2.20%)\n`,
    });
    const [row] = await rows();
    expect(row).toMatchObject({ quantity: "50.0000000000", initial_risk: "100.00", pnl: "198.00", status: "closed" });
    const reopened = await journal.cli(
      ["trade", "edit", String(trade.id), "--reopen", "--side", "short", "--stop", "185", "--json"],
      { now },
    );
    expect(JSON.parse(reopened.stdout)).toMatchObject({
      side: "short",
      status: "open",
      pnl: null,
      initialRisk: "250.00",
    });
    const bad = await journal.cli(["trade", "edit", String(trade.id), "--stop", "170"], { now });
    expect(bad).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --stop must be above the entry price for a short trade, got '170'\n",
    });
    expect(await journal.cli(["trade", "edit", String(trade.id)])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: give at least one field to change, e.g. --exit-price\n",
    });
    expect(await journal.cli(["trade", "edit", String(other.tradeId), "--qty", "1"])).toMatchObject({ code: 3 });
    expect((await rows())[0]).toMatchObject({ side: "short", stop_price: "185.0000000000", quantity: "50.0000000000" });
    const cleared = await journal.cli(["trade", "edit", String(trade.id), "--no-stop", "--json"], { now });
    expectJsonShape(JSON.parse(cleared.stdout), versioned(TRADE_JSON), "trade edit --json");
    expect(JSON.parse(cleared.stdout)).toMatchObject({ stopPrice: null, initialRisk: null });
    const riskOnly = await journal.cli(["trade", "edit", String(trade.id), "--risk", "80", "--json"], { now });
    expect(JSON.parse(riskOnly.stdout)).toMatchObject({ stopPrice: null, initialRisk: "80.00" });
  });

  it("deletes with --yes, refuses without it off a terminal, and never touches another user's trade", async () => {
    const trade = await add("--symbol", "META", "--side", "long", "--qty", "5", "--price", "500");
    expect(await journal.cli(["trade", "delete", String(trade.id)])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --yes is required when not running in a terminal\n",
    });
    expect(await rows()).toHaveLength(1);
    expect(await journal.cli(["trade", "delete", String(trade.id), "--yes"])).toEqual({
      code: 0,
      stdout: `Deleted trade ${trade.id}.\n`,
      stderr: "",
    });
    expect(await rows()).toEqual([]);
    const again = await add("--symbol", "META", "--side", "long", "--qty", "5", "--price", "500");
    const deleted = JSON.parse((await journal.cli(["trade", "delete", String(again.id), "--yes", "--json"])).stdout);
    expectJsonShape(deleted, versioned(TRADE_JSON), "trade delete --json");
    expect([deleted.id, deleted.symbol, deleted.entryPrice]).toEqual([again.id, "META", "500.0000000000"]);
    expect(await rows()).toEqual([]);
    expect(await journal.cli(["trade", "delete", String(other.tradeId), "--yes"])).toEqual({
      code: 3,
      stdout: "",
      stderr: `error: trade ${other.tradeId} not found\n`,
    });
    expect(
      await journal.database.db.selectFrom("trades").select("id").where("id", "=", other.tradeId).execute(),
    ).toHaveLength(1);
  });

  it("adds and removes tags", async () => {
    const trade = await add("--symbol", "QQQ", "--side", "long", "--qty", "1", "--price", "440", "--tags", "gap");
    expect((await journal.cli(["trade", "tag", String(trade.id), "--add", "A-Setup, gap,news"])).stdout).toBe(
      `Trade ${trade.id} tags: gap, a-setup, news\n`,
    );
    await journal.cli(["trade", "tag", String(trade.id), "--remove", "gap,news"]);
    expect((await rows())[0]?.tags).toEqual(["a-setup"]);
    const untagged = JSON.parse(
      (await journal.cli(["trade", "tag", String(trade.id), "--remove", "a-setup", "--json"])).stdout,
    );
    expectJsonShape(untagged, versioned(TRADE_JSON), "trade tag --json");
    // No tags left: stored as NULL, declared as an empty list.
    expect(untagged.tags).toEqual([]);
    expect((await rows())[0]?.tags).toBeNull();
    expect(await journal.cli(["trade", "tag", String(trade.id)])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: give --add or --remove\n",
    });
  });

  it("filters the list by strategy, tag and account, and sorts it", async () => {
    await journal.cli(["strategy", "add", "ORB"]);
    const a = await add(
      ...tradeFlags({
        symbol: "A",
        side: "long",
        qty: "1",
        price: "10",
        exitPrice: "15",
        strategy: "ORB",
        tags: "gap",
        account: "U1",
        date: "2024-03-01",
      }),
    );
    const b = await add(
      ...tradeFlags({
        symbol: "B",
        side: "long",
        qty: "1",
        price: "10",
        exitPrice: "8",
        account: "U2",
        date: "2024-03-02",
      }),
    );
    const c = await add(
      ...tradeFlags({
        symbol: "C",
        side: "long",
        qty: "1",
        price: "10",
        exitPrice: "30",
        tags: "gap",
        account: "U1",
        date: "2024-03-03",
      }),
    );
    const ids = async (...args: string[]) =>
      JSON.parse((await journal.cli(["trade", "list", ...args, "--json"])).stdout).trades.map(
        (t: { id: number }) => t.id,
      );
    expect(await ids("--strategy", "ORB")).toEqual([a.id]);
    expect(await ids("--tag", "GAP")).toEqual([c.id, a.id]);
    expect(await ids("--account", "U1", "--sort", "date:asc")).toEqual([a.id, c.id]);
    expect(await ids("--sort", "pnl")).toEqual([c.id, a.id, b.id]);
    expect(await ids("--sort", "symbol")).toEqual([a.id, b.id, c.id]);
    const totals = JSON.parse((await journal.cli(["trade", "list", "--tag", "gap", "--json"])).stdout).totals;
    expect(totals).toEqual({
      trades: 2,
      closed: 2,
      roundTrips: 2,
      wins: 2,
      losses: 0,
      netPnl: "25.00",
      netPnlByCurrency: null,
    });
    expect(await journal.cli(["trade", "list", "--strategy", "Theirs"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown strategy 'Theirs'\n",
    });
    const badSort = await journal.cli(["trade", "list", "--sort", "size"]);
    expect(badSort.code).toBe(2);
    expect(badSort.stderr).toContain("use one of date, exit, symbol, pnl, pnl-percent, r");
  });

  it("aggregates open trades into positions by symbol and account", async () => {
    await add(
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "100", price: "180", account: "U1", commission: "1" }),
    );
    await add(
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "50", price: "186.10", account: "U1", commission: "0.50" }),
    );
    await add("--symbol", "AAPL", "--side", "long", "--qty", "10", "--price", "185", "--account", "U2");
    await add("--symbol", "SPY", "--asset-type", "option", "--side", "long", "--qty", "2", "--price", "3.10");
    await add(
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "10", price: "185", exitPrice: "186", account: "U1" }),
    );
    const result = await journal.cli(["positions"]);
    expect(result).toEqual({
      code: 0,
      stderr: "",
      stdout: [
        "Symbol\tAccount\tSide\tAsset\tTrades\tQty\tAvg entry\tCost\tCommission",
        "AAPL\tU1\tlong\tstock\t2\t150\t182.0333\t27305.00\t1.50",
        "AAPL\tU2\tlong\tstock\t1\t10\t185\t1850.00\t0.00",
        "SPY\t\tlong\toption\t1\t2\t3.1\t620.00\t0.00",
        "",
      ].join("\n"),
    });
    const json = JSON.parse((await journal.cli(["positions", "--json"])).stdout);
    expectJsonShape(json, versioned({ positions: "array" }), "positions --json");
    for (const p of json.positions) expectJsonShape(p, POSITION_JSON, "a position");
    // The table's rows above, as declared JSON: the AAPL U1 row's two trades (100 and 50 shares).
    expect(json.positions[0]).toEqual({
      symbol: "AAPL",
      accountId: "U1",
      side: "long",
      assetType: "stock",
      trades: 2,
      quantity: "150.0000000000",
      averageEntry: "182.0333",
      cost: "27305.00",
      commission: "1.50",
    });
    expect(json.positions.map((p: { symbol: string; accountId: string | null }) => [p.symbol, p.accountId])).toEqual([
      ["AAPL", "U1"],
      ["AAPL", "U2"],
      ["SPY", null],
    ]);
  });
});
