// strategy add/list/show/edit/archive/activate/delete, and performance_metrics kept current by trade changes.
import { beforeAll, beforeEach, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { otherUser, useJournal } from "../support/journal.js";
import { expectJsonShape, STRATEGY_JSON, versioned } from "../support/json-shape.js";
import { addTrade, tradeFlags } from "../support/trades.js";

describeEachBackend("tradesense strategy", (backend) => {
  const journal = useJournal(backend);
  const now = new Date("2024-03-15T18:00:00Z");
  beforeAll(async () => {
    await otherUser(journal.database);
  });
  beforeEach(async () => {
    await journal.database.db.deleteFrom("trades").where("user_id", "=", journal.userId).execute();
    await journal.database.db.deleteFrom("strategies").where("user_id", "=", journal.userId).execute();
  });

  const mine = () =>
    journal.database.db.selectFrom("strategies").selectAll().where("user_id", "=", journal.userId).execute();
  const metrics = async (name: string) =>
    (
      await journal.database.db
        .selectFrom("strategies")
        .select("performance_metrics")
        .where("user_id", "=", journal.userId)
        .where("name", "=", name)
        .executeTakeFirstOrThrow()
    ).performance_metrics;
  const add = (...args: string[]) => addTrade(journal.cli, args, { now });

  it("adds a strategy with structured rules; a duplicate name is refused, another user's name is free", async () => {
    const result = await journal.cli(
      [
        ...["strategy", "add", " ORB ", "--description", "Opening range breakout"],
        ...["--rule", "entry: Break of the 5-minute high", "--rule", "exit: Close below VWAP"],
        ...["--rule", "check: Trend agrees", "--rule", "stop: 0.50", "--rule", "max-loss: 250"],
      ],
      { now },
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toMatch(/^Created strategy \d+: ORB\n$/);
    const [row] = await mine();
    expect(row).toMatchObject({
      name: "ORB",
      description: "Opening range breakout",
      is_active: true,
      rules: {
        entry: ["Break of the 5-minute high"],
        exit: ["Close below VWAP"],
        checklist: ["Trend agrees"],
        risk: { stopDistance: "0.5", maxLoss: "250" },
      },
      performance_metrics: { trades: 0, closed: 0, netPnl: "0.00", winRate: null, asOf: now.toISOString() },
    });
    expect(await journal.cli(["strategy", "add", "ORB"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: you already have a strategy named 'ORB'\n",
    });
    expect(await journal.cli(["strategy", "add", "Theirs"])).toMatchObject({ code: 0 });
    expect(await mine()).toHaveLength(2);
  });

  it.each([
    [
      ["--rule", "whenever"],
      "error: --rule must start with entry:, exit:, check:, stop:, risk: or max-loss:, got 'whenever'",
    ],
    [["--rule", "stop: -1"], "error: --rule stop: must be greater than 0, got '-1'"],
    [["--rule", "risk: 10.001"], "error: --rule risk: allows at most 2 decimal places, got '10.001'"],
  ])("refuses %j with one line and writes nothing", async (flags, message) => {
    expect(await journal.cli(["strategy", "add", "Gap fade", ...flags])).toEqual({
      code: 2,
      stdout: "",
      stderr: `${message}\n`,
    });
    expect(await mine()).toEqual([]);
  });

  it("refuses a name over 100 characters and an empty one", async () => {
    expect(await journal.cli(["strategy", "add", "x".repeat(101)])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: strategy name is longer than 100 characters\n",
    });
    expect(await journal.cli(["strategy", "add", "  "])).toMatchObject({
      code: 2,
      stderr: "error: strategy name must not be empty\n",
    });
    expect(await mine()).toEqual([]);
  });

  it("keeps performance_metrics current as its trades are added, closed, edited and deleted", async () => {
    await journal.cli(["strategy", "add", "ORB"], { now });
    const winner = await add(
      ...["--symbol", "AAPL", "--side", "long", "--qty", "100", "--price", "187.20", "--exit-price", "189.85"],
      ...["--commission", "2", "--date", "2024-03-01 09:45", "--risk", "100", "--strategy", "ORB"],
    );
    const open = await add(
      ...tradeFlags({
        symbol: "TSLA",
        side: "short",
        qty: "20",
        price: "202.50",
        risk: "50",
        strategy: "ORB",
        date: "2024-03-04",
      }),
    );
    expect(await metrics("ORB")).toMatchObject({
      trades: 2,
      open: 1,
      closed: 1,
      wins: 1,
      netPnl: "263.00",
      averageR: "2.63",
    });

    // Closing the short at a loss: -(207.90 - 202.50) x 20 = -108.00.
    expect(
      (await journal.cli(["trade", "close", String(open.id), "--price", "207.90", "--date", "2024-03-05"], { now }))
        .code,
    ).toBe(0);
    expect(await metrics("ORB")).toEqual({
      trades: 2,
      open: 0,
      closed: 2,
      wins: 1,
      losses: 1,
      breakeven: 0,
      winRate: "50.00",
      netPnl: "155.00",
      grossProfit: "263.00",
      grossLoss: "108.00",
      averageWin: "263.00",
      averageLoss: "-108.00",
      profitFactor: "2.44",
      expectancy: "77.50",
      averageR: "0.24", // (2.63 + -2.16) / 2 = 0.235 -> 0.24
      maxDrawdown: "108.00",
      asOf: now.toISOString(),
    });

    // Editing the winner's exit moves the figures; moving it to no strategy takes it out.
    await journal.cli(["trade", "edit", String(winner.id), "--exit-price", "188.20"], { now });
    expect(await metrics("ORB")).toMatchObject({ netPnl: "-10.00", wins: 1, grossProfit: "98.00" });
    await journal.cli(["trade", "edit", String(winner.id), "--no-strategy"], { now });
    expect(await metrics("ORB")).toMatchObject({ trades: 1, netPnl: "-108.00", wins: 0, losses: 1, winRate: "0.00" });

    await journal.cli(["trade", "delete", String(open.id), "--yes"], { now });
    expect(await metrics("ORB")).toMatchObject({
      trades: 0,
      closed: 0,
      netPnl: "0.00",
      winRate: null,
      maxDrawdown: "0.00",
    });
  });

  it("lists strategies with trades, win rate and net P&L, and shows one with rules and figures", async () => {
    await journal.cli(["strategy", "add", "ORB", "--rule", "entry: Break of the high", "--rule", "risk: 100"], { now });
    await journal.cli(["strategy", "add", "Gap fade"], { now });
    await add(
      ...tradeFlags({
        symbol: "AAPL",
        side: "long",
        qty: "10",
        price: "100",
        exitPrice: "110",
        strategy: "ORB",
        date: "2024-03-01",
      }),
    );
    await add(
      ...tradeFlags({
        symbol: "MSFT",
        side: "long",
        qty: "10",
        price: "100",
        exitPrice: "95",
        strategy: "ORB",
        date: "2024-03-02",
      }),
    );
    await journal.cli(["strategy", "archive", "Gap fade"]);
    const list = await journal.cli(["strategy", "list"]);
    expect(list.stdout.replace(/^\d+\t/gm, "#\t")).toBe(
      [
        "ID\tName\tActive\tTrades\tWin rate %\tNet P&L",
        "#\tGap fade\tno\t0\t\t0.00",
        "#\tORB\tyes\t2\t50.00\t50.00",
        "",
      ].join("\n"),
    );
    expect(
      JSON.parse((await journal.cli(["strategy", "list", "--active", "--json"])).stdout).strategies.map(
        (s: { name: string }) => s.name,
      ),
    ).toEqual(["ORB"]);
    const listed = JSON.parse((await journal.cli(["strategy", "list", "--json"])).stdout);
    expectJsonShape(listed, versioned({ strategies: "array" }), "strategy list --json");
    for (const s of listed.strategies) expectJsonShape(s, STRATEGY_JSON, "a listed strategy");
    const shown = await journal.cli(["strategy", "show", "ORB"]);
    expect(shown.stdout.replace(/^Strategy \d+/, "Strategy #")).toBe(
      [
        "Strategy #: ORB",
        "",
        "Entry:",
        "  - Break of the high",
        "",
        "Risk:",
        "  - risk per trade 100",
        "",
        "Performance:",
        "  Trades:        2 (2 closed, 0 open)",
        "  Wins / losses: 1 / 1",
        "  Win rate:      50.00%",
        "  Net P&L:       50.00",
        "  Average win:   100.00",
        "  Average loss:  -50.00",
        "  Profit factor: 2.00",
        "  Expectancy:    25.00",
        "  Average R:     0.25R",
        "  Max drawdown:  50.00",
        "  As of:         2024-03-15 14:00",
        "",
      ].join("\n"),
    );
    expect(await journal.cli(["strategy", "show", "Theirs"])).toEqual({
      code: 3,
      stdout: "",
      stderr: "error: unknown strategy 'Theirs'\n",
    });
    await journal.cli(["strategy", "activate", "Gap fade"]);
    expect((await mine()).every((s) => s.is_active)).toBe(true);
  });

  it("gives new trades the playbook's default risk or stop", async () => {
    await journal.cli(["strategy", "add", "ORB", "--rule", "stop: 0.50"]);
    await journal.cli(["strategy", "add", "Fixed", "--rule", "risk: 75"]);
    const stopped = await add(
      ...tradeFlags({ symbol: "AAPL", side: "short", qty: "100", price: "20", strategy: "ORB" }),
    );
    expect(stopped).toMatchObject({ stopPrice: "20.5000000000", initialRisk: "50.00" });
    const fixed = await add(
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "100", price: "20", strategy: "Fixed" }),
    );
    expect(fixed).toMatchObject({ stopPrice: null, initialRisk: "75.00" });
    const own = await add(
      ...tradeFlags({ symbol: "AAPL", side: "long", qty: "100", price: "20", stop: "19", strategy: "ORB" }),
    );
    expect(own).toMatchObject({ stopPrice: "19.0000000000", initialRisk: "100.00" });
  });

  it("edits name, description and rules", async () => {
    await journal.cli(["strategy", "add", "ORB", "--rule", "entry: Break"]);
    await journal.cli(["strategy", "add", "Other"]);
    expect(
      (await journal.cli(["strategy", "edit", "ORB", "--name", "ORB 5m", "--add-rule", "check: Volume"])).code,
    ).toBe(0);
    expect(await journal.cli(["strategy", "edit", "ORB 5m", "--name", "Other"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: you already have a strategy named 'Other'\n",
    });
    const edited = JSON.parse(
      (await journal.cli(["strategy", "edit", "ORB 5m", "--description", "Five-minute range", "--json"])).stdout,
    );
    expectJsonShape(edited, versioned(STRATEGY_JSON), "strategy edit --json");
    expectJsonShape(edited.rules, { entry: "string[]", exit: "string[]", checklist: "string[]", risk: "object" });
    expect(edited).toMatchObject({
      version: 1,
      active: true,
      name: "ORB 5m",
      description: "Five-minute range",
      rules: { entry: ["Break"], checklist: ["Volume"] },
    });
    await journal.cli(["strategy", "edit", "ORB 5m", "--rule", "exit: Target hit"]);
    expect((await mine()).find((s) => s.name === "ORB 5m")?.rules).toEqual({
      entry: [],
      exit: ["Target hit"],
      checklist: [],
      risk: {},
    });
  });

  it("refuses to delete a strategy in use unless --detach, and asks for --yes off a terminal", async () => {
    await journal.cli(["strategy", "add", "ORB"]);
    const trade = await add(...tradeFlags({ symbol: "AAPL", side: "long", qty: "1", price: "1", strategy: "ORB" }));
    expect(await journal.cli(["strategy", "delete", "ORB"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --yes is required when not running in a terminal\n",
    });
    expect(await journal.cli(["strategy", "delete", "ORB", "--yes"])).toEqual({
      code: 4,
      stdout: "",
      stderr: "error: strategy 'ORB' is used by 1 trade(s): use --detach to keep them without a strategy\n",
    });
    expect(await mine()).toHaveLength(1);
    const deleted = await journal.cli(["strategy", "delete", "ORB", "--detach", "--yes"]);
    expect(deleted.stdout).toMatch(/^Deleted strategy \d+: ORB \(1 trade\(s\) detached\)\n$/);
    expect(await mine()).toEqual([]);
    const row = await journal.database.db
      .selectFrom("trades")
      .select("strategy_id")
      .where("id", "=", trade.id)
      .executeTakeFirstOrThrow();
    expect(row.strategy_id).toBeNull();
  });
});
