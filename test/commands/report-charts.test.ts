// `report calendar`, `report equity` and `report r` on both databases: pictures on a terminal, the data rows off one
// or with --format, and the flags' errors. Trades (New York time, March 2025), figures by hand:
//   AAPL +99.00 on 03-03 (R 1.98), MSFT -101.00 on 03-04 (R -2.02), TSLA +49.00 on 03-05 (no risk),
//   NVDA -20.00 on 03-10 (R -0.50), AMD +148.00 on 03-12 (R 1.48).
// Equity 99.00, -2.00, 47.00, 27.00, 175.00; drawdown 0, -101, -52, -72, 0; the deepest 101.00 (03-03 to 03-04).
import { beforeAll, expect, it } from "vitest";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";
import { addMarchTrades } from "../support/march-trades.js";

const now = new Date("2025-03-14T16:00:00Z");

describeEachBackend("report calendar, equity and r", (backend) => {
  const journal = useJournal(backend);
  const run = (args: string[], options: { tty?: boolean; color?: boolean } = {}) =>
    journal.cli(args, { now, ...options });
  const ok = async (args: string[], options: { tty?: boolean; color?: boolean } = {}) => {
    const result = await run(args, options);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    await addMarchTrades(ok);
  });

  const DAY_ROWS = [
    "Day\tNet P&L\tRound trips\tEquity\tDrawdown",
    "2025-03-03\t99.00\t1\t99.00\t0.00",
    "2025-03-04\t-101.00\t1\t-2.00\t-101.00",
    "2025-03-05\t49.00\t1\t47.00\t-52.00",
    "2025-03-10\t-20.00\t1\t27.00\t-72.00",
    "2025-03-12\t148.00\t1\t175.00\t0.00",
  ];

  it("calendar: a month's grid on a terminal (100 columns), the days' rows off one", async () => {
    const grid = (await ok(["report", "calendar", "--month", "2025-03"], { tty: true })).split("\n");
    expect(grid.slice(0, 8)).toEqual([
      "2025-03  net +175.00, 5 trading day(s)",
      "Mon         Tue         Wed         Thu         Fri         Sat         Sun",
      `${" ".repeat(60)}1           2`,
      "",
      "3           4           5           6           7           8           9",
      "     +99.00     -101.00      +49.00",
      "10          11          12          13          14          15          16",
      "     -20.00                 +148.00",
    ]);
    // This month (the clock says 2025-03-14) is the default.
    expect(await ok(["report", "calendar"], { tty: true })).toBe(grid.join("\n"));
    expect((await ok(["report", "calendar", "--month", "2025-03"])).trimEnd().split("\n")).toEqual(DAY_ROWS);
    const coloured = await ok(["report", "calendar", "--month", "2025-03"], { tty: true, color: true });
    expect(coloured).toContain("\u001b[42m\u001b[30m    +148.00\u001b[39m\u001b[49m");
    expect(coloured).toContain("\u001b[31m     -20.00\u001b[39m");
  });

  it("equity: the curve with the drawdown marked on a terminal, rows or JSON off one", async () => {
    const lines = (await ok(["report", "equity"], { tty: true })).trimEnd().split("\n");
    expect(lines.slice(-5)).toEqual([
      "        ^       v",
      "        2025-03-03                    2025-03-12",
      "Max drawdown -101.00",
      "^ peak 2025-03-03, v trough 2025-03-04",
      "Equity 175.00 over 5 trading day(s)",
    ]);
    expect((await ok(["report", "equity", "--format", "tsv"], { tty: true })).trimEnd().split("\n")).toEqual(DAY_ROWS);
    const json = JSON.parse(await ok(["report", "equity", "--json"]));
    expect(json).toMatchObject({
      version: 1,
      report: "equity",
      period: { label: "all", from: null, to: null, timeZone: "America/New_York" },
      maxDrawdown: { amount: "101.00", peakDay: "2025-03-03", troughDay: "2025-03-04" },
    });
    expect(json.days.map((d: { equity: string }) => d.equity)).toEqual(["99.00", "-2.00", "47.00", "27.00", "175.00"]);
  });

  it("r: a histogram on a terminal, the breakdown table with --format or off one", async () => {
    const lines = (await ok(["report", "r"], { tty: true })).trimEnd().split("\n");
    // 100 columns: label 9, count 1, net 7, four spaces: bars of up to 79 for the 2 round trips, 40 for 1.
    expect(lines).toEqual([
      "R multiple, round trips, net P&L",
      `< -2R     1 ${"-".repeat(40)}${" ".repeat(39)} -101.00`,
      `-1R to 0R 1 ${"-".repeat(40)}${" ".repeat(39)}  -20.00`,
      `1R to 2R  2 ${"+".repeat(79)} +247.00`,
      `no R      1 ${".".repeat(40)}${" ".repeat(39)}  +49.00`,
    ]);
    const table = await ok(["report", "r", "--format", "table"], { tty: true });
    expect(table).toContain("│ 1R to 2R  │  247.00 │");
    const tsv = (await ok(["report", "r"])).split("\n");
    expect(tsv[0]?.startsWith("R\tNet P&L\t")).toBe(true);
    expect(tsv.slice(1, 5).map((l) => l.split("\t").slice(0, 2))).toEqual([
      ["< -2R", "-101.00"],
      ["-1R to 0R", "-20.00"],
      ["1R to 2R", "247.00"],
      ["no R", "49.00"],
    ]);
  });

  it.each([
    [["--month", "2025-3"], "error: --month takes a month as YYYY-MM, got '2025-3'"],
    [["--month", "2025-13"], "error: "],
    [["--month", "2025-03", "--period", "all"], "error: --month cannot be used with --period, --from or --to"],
  ])("calendar %j: one line on stderr, exit 2", async (args, message) => {
    const result = await run(["report", "calendar", ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr.split("\n")).toHaveLength(2);
    expect(result.stderr.startsWith(message)).toBe(true);
  });
});
