// The built CLI in a real pseudo-terminal (100 columns): `report calendar` and `report equity` draw, in colour unless
// NO_COLOR, and the same command through a pipe prints the days' rows. Embedded journal, two trades by hand:
// AAPL +99.00 on 2025-03-03 (100 -> 110 x 10, 1.00 commission), MSFT -101.00 on 03-04 (50 -> 40 x 10, 1.00).
import { beforeAll, describe, expect, it } from "vitest";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

describe("report pictures in a terminal", () => {
  let home: string;
  const run = (args: string[], env: NodeJS.ProcessEnv = {}) => {
    const result = tradesenseSync(args, { TRADESENSE_HOME: home, ...env });
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return result.stdout;
  };

  beforeAll(async () => {
    ({ home } = await journalHome("pty-pictures", {}, ["--username", "trader", "--timezone", "America/New_York"]));
    run([
      ...["trade", "add", "--symbol", "AAPL", "--side", "long", "--qty", "10", "--price", "100"],
      ...["--date", "2025-03-03 10:00", "--exit-price", "110", "--exit-date", "2025-03-03 15:00", "--commission", "1"],
    ]);
    run([
      ...["trade", "add", "--symbol", "MSFT", "--side", "long", "--qty", "10", "--price", "50"],
      ...["--date", "2025-03-04 10:00", "--exit-price", "40", "--exit-date", "2025-03-04 14:00", "--commission", "1"],
    ]);
  });

  it("draws the calendar in colour, without it under NO_COLOR, and prints rows through a pipe", () => {
    const coloured = runInTerminal(["report", "calendar", "--month", "2025-03"], [], { TRADESENSE_HOME: home });
    expect(coloured.code, plainText(coloured.screen)).toBe(0);
    // Both days are at least half the month's largest move: a background each.
    expect(coloured.screen).toContain("\u001b[42m\u001b[30m     +99.00\u001b[39m\u001b[49m");
    expect(coloured.screen).toContain("\u001b[41m\u001b[37m    -101.00\u001b[39m\u001b[49m");
    const lines = plainText(coloured.screen).split("\n");
    expect(lines.slice(0, 6)).toEqual([
      "2025-03  net -2.00, 2 trading day(s)",
      "Mon         Tue         Wed         Thu         Fri         Sat         Sun",
      `${" ".repeat(60)}1           2`,
      "",
      "3           4           5           6           7           8           9",
      "     +99.00     -101.00",
    ]);

    const plain = runInTerminal(["report", "calendar", "--month", "2025-03"], [], {
      TRADESENSE_HOME: home,
      NO_COLOR: "1",
    });
    expect(plain.code).toBe(0);
    expect(plain.screen).not.toContain("\u001b[");
    expect(plain.screen.replace(/\r/g, "")).toBe(lines.join("\n"));

    expect(run(["report", "calendar", "--month", "2025-03"]).trimEnd().split("\n")).toEqual([
      "Day\tNet P&L\tRound trips\tEquity\tDrawdown",
      "2025-03-03\t99.00\t1\t99.00\t0.00",
      "2025-03-04\t-101.00\t1\t-2.00\t-101.00",
    ]);
  });

  it("draws the equity curve with the drawdown marked", () => {
    const result = runInTerminal(["report", "equity"], [], { TRADESENSE_HOME: home, NO_COLOR: "1" });
    expect(result.code).toBe(0);
    const lines = result.screen.replace(/\r/g, "").trimEnd().split("\n");
    expect(lines.slice(-3)).toEqual([
      "Max drawdown -101.00",
      "^ peak 2025-03-03, v trough 2025-03-04",
      "Equity -2.00 over 2 trading day(s)",
    ]);
    expect(lines[0]).toBe(" 99.00 ┼───────╮");
  });
});
