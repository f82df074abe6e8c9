// `tradesense report` on both databases, against figures computed by hand from one fixed set of trades (New York
// time; daylight saving starts on Sunday 2025-03-09):
//   T1 MSFT (import, account U2): buy 100 @ 50.00 on 03-03 10:00 (1.00), sell 60 @ 52 on 03-05 15:00 (0.60), sell
//      40 @ 49 on 03-06 10:00 (0.40): rows 118.80 (03-05) and -40.80 (03-06); round trip +78.00, flat 03-06 10:00.
//   T2 AAPL (manual, U1, strategy Breakout, risk 300): 300 @ 100 on 03-04 09:45 (3.00), closed in three parts:
//      100 @ 102 on 03-04 15:00 -> 198.00; 100 @ 99 on 03-07 10:00 -> -102.00; 100 @ 101 on 03-10 00:30 EDT (04:30 UTC)
//      -> 98.00. Round trip +194.00, R 194/300.
//   T3 TSLA short 10 @ 200 -> 210 on 03-05 09:30-11:00 (1.00), risk 50: -101.00, R -2.02.
//   T4 SPY250321C500 option x100, 2 @ 1.50 -> 2.25 on 03-06 10:00-14:00 (1.30), risk 300: +148.70.
//   T5 NVDA 10 @ 100 -> 100.20 (2.00) closed 03-07 23:30 EST (03-08 04:30 UTC): 0.00, a scratch, on 03-07.
//   T6 AMD (strategy Breakout, risk 100) 50 @ 80 on 03-10 10:00 (0.50); 20 closed @ 85 on 03-11 10:00 (0.20): 99.60
//      realized, 30 still open (cost 2400.00): the round trip is open, never a win or loss.
//   T7 META 10 @ 500 -> 480 on 03-12 10:00-15:00 (2.00): -202.00.
// Flat order: T3 L, T1 W, T4 W, T5 S, T2 W, T7 L.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { scratchHome } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { expectJsonShape, versioned } from "../support/json-shape.js";

const now = new Date("2025-03-14T16:00:00Z");

describeEachBackend("report", (backend) => {
  const journal = useJournal(backend);
  const run = (args: string[], options: { tty?: boolean } = {}) => journal.cli(args, { now, ...options });
  const ok = async (args: string[]) => {
    const result = await run(args);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };
  const json = async (args: string[]) => JSON.parse(await ok([...args, "--json"]));
  const addTrade = async (...args: string[]) => (await json(["trade", "add", ...args])).id as number;

  beforeAll(async () => {
    const csv = join(scratchHome(), "msft.csv");
    writeFileSync(
      csv,
      [
        "Date,Time,Symbol,Side,Quantity,Price,Commission,Account,Execution ID",
        "2025-03-03,10:00:00,MSFT,Buy,100,50.00,1.00,U2,M1",
        "2025-03-05,15:00:00,MSFT,Sell,60,52.00,0.60,U2,M2",
        "2025-03-06,10:00:00,MSFT,Sell,40,49.00,0.40,U2,M3",
        "",
      ].join("\n"),
    );
    await ok(["import", "csv", csv]);
    await ok(["strategy", "add", "Breakout"]);
    const aapl = await addTrade(
      ...["--symbol", "AAPL", "--side", "long", "--qty", "300", "--price", "100", "--date", "2025-03-04 09:45"],
      ...["--commission", "3.00", "--risk", "300", "--account", "U1", "--strategy", "Breakout"],
    );
    const close = async (id: number, ...args: string[]) =>
      (await json(["trade", "close", String(id), ...args])) as {
        remainder: { id: number } | null;
      };
    const first = await close(
      aapl,
      "--qty",
      "100",
      "--price",
      "102",
      "--date",
      "2025-03-04 15:00",
      "--commission",
      "1.00",
    );
    const second = await close(
      first.remainder?.id as number,
      ...["--qty", "100", "--price", "99", "--date", "2025-03-07 10:00", "--commission", "1.00"],
    );
    await close(second.remainder?.id as number, "--price", "101", "--date", "2025-03-10 00:30", "--commission", "1.00");
    await addTrade(
      ...["--symbol", "TSLA", "--side", "short", "--qty", "10", "--price", "200", "--date", "2025-03-05 09:30"],
      ...["--exit-price", "210", "--exit-date", "2025-03-05 11:00", "--commission", "1.00", "--risk", "50"],
      ...["--account", "U1"],
    );
    await addTrade(
      ...["--symbol", "SPY250321C500", "--side", "long", "--qty", "2", "--price", "1.50", "--asset-type", "option"],
      ...["--date", "2025-03-06 10:00", "--exit-price", "2.25", "--exit-date", "2025-03-06 14:00"],
      ...["--commission", "1.30", "--risk", "300", "--account", "U1"],
    );
    await addTrade(
      ...["--symbol", "NVDA", "--side", "long", "--qty", "10", "--price", "100", "--date", "2025-03-07 10:00"],
      ...["--exit-price", "100.20", "--exit-date", "2025-03-07 23:30", "--commission", "2.00", "--account", "U1"],
    );
    const amd = await addTrade(
      ...["--symbol", "AMD", "--side", "long", "--qty", "50", "--price", "80", "--date", "2025-03-10 10:00"],
      ...["--commission", "0.50", "--risk", "100", "--account", "U1", "--strategy", "Breakout"],
    );
    await close(amd, "--qty", "20", "--price", "85", "--date", "2025-03-11 10:00", "--commission", "0.20");
    await addTrade(
      ...["--symbol", "META", "--side", "long", "--qty", "10", "--price", "500", "--date", "2025-03-12 10:00"],
      ...["--exit-price", "480", "--exit-date", "2025-03-12 15:00", "--commission", "2.00", "--account", "U1"],
    );
  });

  it("gives every figure of the summary exactly", async () => {
    const report = await json(["report"]);
    expect(report.version).toBe(1);
    expect(report.period).toEqual({ label: "all", from: null, to: null, timeZone: "America/New_York" });
    expect(report.figures).toEqual({
      netPnl: "217.30",
      grossPnl: "232.00",
      commissions: "14.70",
      roundTrips: 6,
      wins: 3,
      losses: 2,
      scratches: 1,
      winRate: "60.00",
      averageWin: "140.23",
      averageLoss: "-151.50",
      payoffRatio: "0.9256",
      profitFactor: "1.3884",
      expectancy: "19.62",
      expectancyR: "-0.2926",
      largestWin: "194.00",
      largestLoss: "-202.00",
      averageR: "-0.2926",
      totalR: "-0.8777",
      roundTripsWithR: 3,
      roundTripsWithoutR: 3,
      sqn: "-0.34",
      maxDrawdown: {
        amount: "202.00",
        percent: "48.18",
        start: "2025-03-11",
        peak: "419.30",
        trough: "2025-03-12",
        recovery: null,
      },
      longestWinStreak: 2,
      longestLossStreak: 1,
      averageHoldSecondsWin: 251700,
      averageHoldSecondsLoss: 11700,
      bestDay: { day: "2025-03-04", netPnl: "198.00" },
      worstDay: { day: "2025-03-12", netPnl: "-202.00" },
      tradingDays: 7,
    });
    expect(report.openPositions).toEqual([
      {
        symbol: "AMD",
        account: "U1",
        side: "long",
        assetType: "stock",
        trades: 1,
        quantity: "30.0000000000",
        cost: "2400.00",
      },
    ]);
    expect(report.notes).toEqual([
      "3 round trip(s) without an initial risk are left out of the R figures.",
      "SQN rests on 3 round trip(s): under 30, it says little.",
    ]);
  });

  it("books each closed part on its own day in the user's zone (DST, 00:30 and 23:30 closes)", async () => {
    const report = await json(["report", "daily"]);
    const rows = report.groups.map((g: Record<string, unknown>) => [
      g.group,
      g.netPnl,
      g.roundTrips,
      g.wins,
      g.losses,
      g.scratches,
    ]);
    expect(rows).toEqual([
      ["2025-03-04", "198.00", 0, 0, 0, 0],
      ["2025-03-05", "17.80", 1, 0, 1, 0],
      ["2025-03-06", "107.90", 2, 2, 0, 0],
      ["2025-03-07", "-102.00", 1, 0, 0, 1],
      ["2025-03-10", "98.00", 1, 1, 0, 0],
      ["2025-03-11", "99.60", 0, 0, 0, 0],
      ["2025-03-12", "-202.00", 1, 0, 1, 0],
    ]);
  });

  it("breaks down by week, symbol and account with the same counts", async () => {
    const weekly = await json(["report", "weekly"]);
    expect(weekly.groups.map((g: Record<string, unknown>) => [g.group, g.netPnl, g.roundTrips, g.winRate])).toEqual([
      ["2025-03-03", "221.70", 4, "66.67"],
      ["2025-03-10", "-4.40", 2, "50.00"],
    ]);
    const symbols = await json(["report", "symbols"]);
    expect(symbols.groups.map((g: Record<string, unknown>) => [g.group, g.netPnl, g.roundTrips])).toEqual([
      ["AAPL", "194.00", 1],
      ["AMD", "99.60", 0],
      ["META", "-202.00", 1],
      ["MSFT", "78.00", 1],
      ["NVDA", "0.00", 1],
      ["SPY250321C500", "148.70", 1],
      ["TSLA", "-101.00", 1],
    ]);
    const accounts = await json(["report", "accounts", "--sort", "net:desc"]);
    expect(
      accounts.groups.map((g: Record<string, unknown>) => [g.group, g.netPnl, g.roundTrips, g.wins, g.losses]),
    ).toEqual([
      ["U1", "139.30", 5, 2, 2],
      ["U2", "78.00", 1, 1, 0],
    ]);
    const limited = await json(["report", "symbols", "--sort", "net", "--limit", "2"]);
    expect(limited.groups.map((g: Record<string, unknown>) => g.group)).toEqual(["AAPL", "SPY250321C500"]);
  });

  it("counts the same round trips in trade list totals, report summary, daily, symbols and the strategy metrics", async () => {
    const listed = await json(["trade", "list"]);
    expect(listed.totals).toEqual({
      trades: 11,
      closed: 10,
      roundTrips: 6,
      wins: 3,
      losses: 2,
      netPnl: "217.30",
      netPnlByCurrency: null,
    });
    const summary = (await json(["report"])).figures;
    const sum = (groups: { roundTrips: number; wins: number; losses: number }[]) => [
      groups.reduce((n, g) => n + g.roundTrips, 0),
      groups.reduce((n, g) => n + g.wins, 0),
      groups.reduce((n, g) => n + g.losses, 0),
    ];
    expect([summary.roundTrips, summary.wins, summary.losses]).toEqual([6, 3, 2]);
    expect(sum((await json(["report", "daily"])).groups)).toEqual([6, 3, 2]);
    expect(sum((await json(["report", "symbols"])).groups)).toEqual([6, 3, 2]);
    const strategy = await json(["strategy", "show", "Breakout"]);
    expect(strategy.performanceMetrics).toMatchObject({
      trades: 2,
      open: 1,
      closed: 1,
      wins: 1,
      losses: 0,
      netPnl: "293.60",
    });
    const byStrategy = (await json(["report", "--strategy", "Breakout"])).figures;
    expect([byStrategy.roundTrips, byStrategy.wins, byStrategy.losses, byStrategy.netPnl]).toEqual([1, 1, 0, "293.60"]);
  });

  it("reports one week, compared with the week before", async () => {
    const report = await json(["report", "--period", "2025-W11", "--compare", "previous"]);
    expect(report.period).toEqual({
      label: "2025-W11",
      from: "2025-03-10",
      to: "2025-03-16",
      timeZone: "America/New_York",
    });
    expect(report.previous.period).toMatchObject({ from: "2025-03-03", to: "2025-03-09" });
    expect([report.figures.netPnl, report.previous.figures.netPnl, report.previous.change.netPnl]).toEqual([
      "-4.40",
      "221.70",
      "-226.10",
    ]);
    expect([report.figures.roundTrips, report.previous.figures.roundTrips, report.previous.change.roundTrips]).toEqual([
      2, 4, -2,
    ]);
    expect(report.previous.figures.winRate).toBe("66.67");
  });

  it("refuses --compare previous for all time, naming the flag, with nothing on stdout", async () => {
    for (const command of [["report"], ["report", "summary"]]) {
      const result = await run([...command, "--period", "all", "--compare", "previous"]);
      expect([result.stdout, result.stderr, result.code]).toEqual([
        "",
        "error: --compare previous needs a period with a start (not all time)\n",
        2,
      ]);
    }
  });

  it("applies the scratch tolerance in money or R, and --scratch-as", async () => {
    const money = (await json(["report", "--scratch", "100"])).figures;
    expect([money.wins, money.losses, money.scratches, money.winRate]).toEqual([2, 2, 2, "50.00"]);
    const inR = (await json(["report", "--scratch", "0.5R"])).figures;
    expect([inR.wins, inR.losses, inR.scratches]).toEqual([2, 2, 2]);
    const asLoss = (await json(["report", "--scratch-as", "loss"])).figures;
    expect([asLoss.wins, asLoss.losses, asLoss.scratches, asLoss.winRate]).toEqual([3, 3, 1, "50.00"]);
    await ok(["config", "set", "report.scratch", "100"]);
    const fromSetting = (await json(["report"])).figures;
    await ok(["config", "set", "report.scratch", "0"]);
    expect(fromSetting.scratches).toBe(2);
  });

  it("lists streaks with their round trips and the drawdown periods", async () => {
    const streaks = await json(["report", "streaks", "--show"]);
    expect(
      streaks.streaks.map(
        (s: { outcome: string; length: number; netPnl: string; roundTrips: { symbol: string }[] }) => [
          s.outcome,
          s.length,
          s.netPnl,
          s.roundTrips.map((t) => t.symbol),
        ],
      ),
    ).toEqual([
      ["win", 2, "226.70", ["MSFT", "SPY250321C500"]],
      ["loss", 1, "-101.00", ["TSLA"]],
    ]);
    const drawdown = await json(["report", "drawdown"]);
    expect(drawdown.drawdowns).toEqual([
      {
        amount: "102.00",
        percent: "31.51",
        start: "2025-03-06",
        peak: "323.70",
        trough: "2025-03-07",
        recovery: "2025-03-11",
      },
      { amount: "202.00", percent: "48.18", start: "2025-03-11", peak: "419.30", trough: "2025-03-12", recovery: null },
    ]);
  });

  it("prints tab-separated lines off a terminal, csv and markdown, and writes -o files by extension", async () => {
    const tsv = await ok(["report", "symbols", "--period", "2025-03"]);
    const lines = tsv.trimEnd().split("\n");
    expect(lines[0]?.split("\t").slice(0, 3)).toEqual(["Symbol", "Net P&L", "Gross"]);
    expect(lines[1]?.split("\t").slice(0, 5)).toEqual(["AAPL", "194.00", "200.00", "6.00", "1"]);
    const csv = (await run(["report", "--format", "csv"])).stdout;
    expect(csv.split("\n")[0]).toBe("Figure,Value");
    expect(csv).toContain("Net P&L,217.30\n");
    const md = (await run(["report", "drawdown", "--format", "markdown"])).stdout;
    expect(md.split("\n")[2]).toBe("| 2025-03-06 | 323.70 | 2025-03-07 | 102.00 | 31.51 | 2025-03-11 |");
    const file = join(scratchHome(), "report.json");
    const written = await run(["report", "-o", file]);
    expect([written.code, written.stdout, written.stderr]).toEqual([0, "", `Wrote ${file}\n`]);
    const { readFileSync } = await import("node:fs");
    expect(JSON.parse(readFileSync(file, "utf8")).figures.netPnl).toBe("217.30");
  });

  it("colours profit and loss on a terminal only when colour is on", async () => {
    const plain = await journal.cli(["report", "--period", "2025-W11"], { now, tty: true });
    expect(plain.stdout).toContain("-4.40");
    expect(plain.stdout).not.toContain("\u001b[");
    const coloured = await journal.cli(["report", "--period", "2025-W11"], { now, tty: true, color: true });
    expect(coloured.stdout).toContain("\u001b[31m-4.40");
  });

  it.each([
    [["report", "--period", "last-fortnight"], "error: unknown period 'last-fortnight'"],
    [["report", "--from", "2025-03-10", "--to", "2025-03-01"], "error: --from 2025-03-10 is after --to 2025-03-01"],
    [["report", "--period", "2025", "--from", "2025-01-01"], "error: --period cannot be used with --from or --to"],
    [["report", "--scratch", "-1"], "error: --scratch must not be negative, got '-1'"],
    [["report", "-o", "report.xlsx"], "error: cannot tell the format of 'report.xlsx'"],
    [["report", "daily", "--sort", "luck"], "error: --sort must be one of"],
  ])("refuses %j with one line and exit 2", async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
  });

  it("makes an empty report that says so for an unknown strategy or tag", async () => {
    const strategy = await json(["report", "--strategy", "Nope"]);
    expect([strategy.figures.roundTrips, strategy.figures.netPnl]).toEqual([0, "0.00"]);
    expect(strategy.notes[0]).toBe("No strategy is named 'Nope': the report is empty.");
    const tag = await run(["report", "--tag", "nope"]);
    expect(tag.code).toBe(0);
    expect(tag.stderr).toContain("No trade is tagged 'nope': the report is empty.");
  });
  it('each report verb\'s --json has its declared shape (README "Reports", JSON)', async () => {
    // Written from the README's field lists, not from the code: money and ratios are strings, dates YYYY-MM-DD.
    const period = { label: "string", from: "string?", to: "string?", timeZone: "string" } as const;
    const scratch = { unit: "string", tolerance: "decimal", countAs: "string" } as const;
    // The figures a summary and every breakdown group share.
    const OUTCOMES = {
      netPnl: "decimal",
      grossPnl: "decimal",
      commissions: "decimal",
      roundTrips: "integer",
      wins: "integer",
      losses: "integer",
      scratches: "integer",
      winRate: "decimal?",
      averageWin: "decimal?",
      averageLoss: "decimal?",
      payoffRatio: "decimal?",
      profitFactor: "decimal?",
      expectancy: "decimal?",
    } as const;
    const summary = await json(["report", "--period", "2025-03"]);
    expectJsonShape(
      summary,
      versioned({
        report: "string",
        period: "object",
        filters: "object",
        scratch: "object",
        figures: "object",
        openPositions: "array",
        notes: "string[]",
      }),
      "report summary",
    );
    expectJsonShape(summary.period, period, "report summary: period");
    expectJsonShape(summary.scratch, scratch, "report summary: scratch");
    expectJsonShape(
      summary.figures,
      {
        ...OUTCOMES,
        expectancyR: "decimal?",
        largestWin: "decimal?",
        largestLoss: "decimal?",
        averageR: "decimal?",
        totalR: "decimal?",
        roundTripsWithR: "integer",
        roundTripsWithoutR: "integer",
        sqn: "decimal?",
        maxDrawdown: "object?",
        longestWinStreak: "integer",
        longestLossStreak: "integer",
        averageHoldSecondsWin: "integer?",
        averageHoldSecondsLoss: "integer?",
        bestDay: "object?",
        worstDay: "object?",
        tradingDays: "integer",
      },
      "report summary: figures",
    );
    for (const open of summary.openPositions) {
      expectJsonShape(
        open,
        {
          symbol: "string",
          account: "string?",
          side: "string",
          assetType: "string",
          trades: "integer",
          quantity: "decimal",
          cost: "decimal",
        },
        "report summary: an open position",
      );
    }
    const daily = await json(["report", "daily"]);
    expectJsonShape(
      daily,
      versioned({
        report: "string",
        period: "object",
        filters: "object",
        scratch: "object",
        groups: "array",
        notes: "string[]",
      }),
      "report daily",
    );
    for (const group of daily.groups) {
      expectJsonShape(
        group,
        {
          group: "string",
          ...OUTCOMES,
          averageR: "decimal?",
          totalR: "decimal?",
          largestWin: "decimal?",
          largestLoss: "decimal?",
        },
        "report daily: a group",
      );
    }
    const streaks = await json(["report", "streaks"]);
    expectJsonShape(
      streaks,
      versioned({ report: "string", period: "object", streaks: "array", notes: "string[]" }),
      "report streaks",
    );
    const drawdown = await json(["report", "drawdown"]);
    expectJsonShape(
      drawdown,
      versioned({ report: "string", period: "object", drawdowns: "array", notes: "string[]" }),
      "report drawdown",
    );
    for (const verb of ["calendar", "equity"]) {
      const chart = await json(["report", verb, "--period", "2025-03"]);
      expectJsonShape(
        chart,
        versioned({
          report: "string",
          period: "object",
          filters: "object",
          days: "array",
          maxDrawdown: "object?",
          notes: "string[]",
        }),
        `report ${verb}`,
      );
      for (const day of chart.days) {
        expectJsonShape(
          day,
          { day: "string", netPnl: "decimal", roundTrips: "integer", equity: "decimal", drawdown: "decimal" },
          `report ${verb}: a day`,
        );
      }
    }
  });
});
