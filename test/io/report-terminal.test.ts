// The terminal pictures at fixed widths, with and without colour, against lines written out by hand from one fixed
// series (New York, March 2025): 03-03 +99.00, 03-04 -101.00, 03-05 +49.00, 03-10 -20.00, 03-12 +148.00; equity
// 99, -2, 47, 27, 175; the deepest drawdown 101.00 from 03-03 to 03-04. R buckets: < -2R 1 (-101.00), -1R to 0R 1
// (-20.00), 1R to 2R 2 (+247.00), no R 1 (+49.00). Equity rows step (175 - -2) / 6 = 29.50.
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { chartSeriesOf } from "../../src/domain/report-charts.js";
import type { BreakdownGroup } from "../../src/domain/report-engine.js";
import { calendarLines, compactAmount, equityLines, histogramLines } from "../../src/io/report-terminal.js";

const group = (name: string, netPnl: string, roundTrips = 1) => ({ group: name, netPnl, roundTrips }) as BreakdownGroup;
const series = chartSeriesOf(
  [
    group("2025-03-03", "99.00"),
    group("2025-03-04", "-101.00"),
    group("2025-03-05", "49.00"),
    group("2025-03-10", "-20.00"),
    group("2025-03-12", "148.00"),
  ],
  [group("< -2R", "-101.00"), group("-1R to 0R", "-20.00"), group("1R to 2R", "247.00", 2), group("no R", "49.00")],
);
const colour = new Chalk({ level: 1 });
const plain = (width: number) => ({ width, color: null });
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing the escape codes colour adds
const stripAnsi = (text: string) => text.replace(/\u001b\[[0-9;]*m/g, "");

// The equity chart, line for line the same at 80 and at 120 columns.
const EQUITY_WIDE = [
  " 175.00 ┼                               ╭───────",
  " 145.50 ┤                               │",
  " 116.00 ┤                               │",
  "  86.50 ┼───────╮                       │",
  "  57.00 ┤       │       ╭───────╮       │",
  "  27.50 ┤       │       │       ╰───────╯",
  "  -2.00 ┤       ╰───────╯",
  "        ^       v",
  "        2025-03-03                    2025-03-12",
  "Max drawdown -101.00",
  "^ peak 2025-03-03, v trough 2025-03-04",
  "Equity 175.00 over 5 trading day(s)",
];

const EXPECTED: Record<number, { calendar: string[]; equity: string[]; histogram: string[] }> = {
  40: {
    calendar: [
      "2025-03  net +175.00, 5 trading day(s)",
      "Mon  Tue  Wed  Thu  Fri  Sat  Sun",
      "                         1    2",
      "",
      "3    4    5    6    7    8    9",
      " +99 -101  +49",
      "10   11   12   13   14   15   16",
      " -20      +148",
      "17   18   19   20   21   22   23",
      "",
      "24   25   26   27   28   29   30",
      "",
      "31",
      "",
    ],
    equity: [
      " 175.00 ┼                       ╭─────",
      " 145.50 ┤                       │",
      " 116.00 ┤                       │",
      "  86.50 ┼─────╮                 │",
      "  57.00 ┤     │     ╭─────╮     │",
      "  27.50 ┤     │     │     ╰─────╯",
      "  -2.00 ┤     ╰─────╯",
      "        ^     v",
      "        2025-03-03          2025-03-12",
      "Max drawdown -101.00",
      "^ peak 2025-03-03, v trough 2025-03-04",
      "Equity 175.00 over 5 trading day(s)",
    ],
    histogram: [
      "< -2R     1 ----------          -101.00",
      "-1R to 0R 1 ----------           -20.00",
      "1R to 2R  2 +++++++++++++++++++ +247.00",
      "no R      1 ..........           +49.00",
    ],
  },
  80: {
    calendar: [
      "2025-03  net +175.00, 5 trading day(s)",
      "Mon        Tue        Wed        Thu        Fri        Sat        Sun",
      "                                                       1          2",
      "",
      "3          4          5          6          7          8          9",
      "    +99.00    -101.00     +49.00",
      "10         11         12         13         14         15         16",
      "    -20.00               +148.00",
      "17         18         19         20         21         22         23",
      "",
      "24         25         26         27         28         29         30",
      "",
      "31",
      "",
    ],
    equity: EQUITY_WIDE,
    histogram: [
      "< -2R     1 ------------------------------                              -101.00",
      "-1R to 0R 1 ------------------------------                               -20.00",
      "1R to 2R  2 +++++++++++++++++++++++++++++++++++++++++++++++++++++++++++ +247.00",
      "no R      1 ..............................                               +49.00",
    ],
  },
  120: {
    calendar: [
      "2025-03  net +175.00, 5 trading day(s)",
      "Mon         Tue         Wed         Thu         Fri         Sat         Sun",
      "                                                            1           2",
      "",
      "3           4           5           6           7           8           9",
      "     +99.00     -101.00      +49.00",
      "10          11          12          13          14          15          16",
      "     -20.00                 +148.00",
      "17          18          19          20          21          22          23",
      "",
      "24          25          26          27          28          29          30",
      "",
      "31",
      "",
    ],
    equity: EQUITY_WIDE,
    histogram: [
      "< -2R     1 --------------------------------------------------                                                  -101.00",
      "-1R to 0R 1 --------------------------------------------------                                                   -20.00",
      "1R to 2R  2 +++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++++ +247.00",
      "no R      1 ..................................................                                                   +49.00",
    ],
  },
};

describe("terminal report pictures", () => {
  it.each([40, 80, 120])("fit %i columns and read without colour", (width) => {
    const expected = EXPECTED[width] as (typeof EXPECTED)[number];
    expect(calendarLines(series.days, "2025-03", plain(width))).toEqual(expected.calendar);
    expect(equityLines(series, { ...plain(width), height: 6 })).toEqual(expected.equity);
    expect(histogramLines(series.rBuckets, plain(width))).toEqual(expected.histogram);
    for (const line of [...expected.calendar, ...expected.equity, ...expected.histogram]) {
      expect(line.length).toBeLessThanOrEqual(width);
    }
  });

  it.each([40, 80, 120])("with colour at %i columns, say the same in green and red", (width) => {
    const expected = EXPECTED[width] as (typeof EXPECTED)[number];
    const calendar = calendarLines(series.days, "2025-03", { width, color: colour });
    const equity = equityLines(series, { width, color: colour, height: 6 });
    const histogram = histogramLines(series.rBuckets, { width, color: colour });
    expect(calendar.map(stripAnsi)).toEqual(expected.calendar);
    expect(equity.map(stripAnsi)).toEqual(expected.equity);
    expect(histogram.map(stripAnsi)).toEqual(expected.histogram);
    // The big days (at least half of 148.00) get a background; the small ones only a foreground colour.
    const amounts = calendar[5] as string;
    expect(amounts).toContain("\u001b[42m\u001b[30m");
    expect(amounts).toContain("\u001b[41m\u001b[37m");
    expect(calendar[7]).toContain("\u001b[31m");
    expect(calendar[7]).toContain("\u001b[42m\u001b[30m");
    expect(histogram[0]).toContain("\u001b[31m-");
    expect(histogram[2]).toContain("\u001b[32m+");
    expect(equity.find((l) => l.includes("Max drawdown"))).toBe("\u001b[31mMax drawdown -101.00\u001b[39m");
  });

  it("shortens an amount to the room it has, keeping its sign", () => {
    expect(compactAmount("1480.00", 8)).toBe("+1480.00");
    expect(compactAmount("1480.00", 5)).toBe("+1480");
    expect(compactAmount("-1480.00", 5)).toBe("-1480");
    expect(compactAmount("-1480.00", 4)).toBe("-1k");
    expect(compactAmount("12480.00", 6)).toBe("+12480");
    expect(compactAmount("12480.00", 5)).toBe("+12k");
    expect(compactAmount("-12480.00", 6)).toBe("-12480");
    expect(compactAmount("0.00", 4)).toBe("0.00");
  });

  it("keep the drawdown's peak and trough when days are sampled to fit", () => {
    const days = Array.from({ length: 200 }, (_, i) => {
      const day = new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString().slice(0, 10);
      return group(day, i === 120 ? "-500.00" : "10.00");
    });
    const lines = equityLines(chartSeriesOf(days, []), { width: 40, color: null, height: 4 });
    // Peak: day 120's eve (2025-04-30, equity 1200.00); trough 2025-05-01 (700.00).
    expect(lines.slice(-3)).toEqual([
      "Max drawdown -500.00",
      "^ peak 2025-04-30, v trough 2025-05-01",
      "Equity 1490.00 over 200 trading day(s)",
    ]);
    const marks = lines.find((l) => /^ *\^ *v$|^ *\^v$/.test(l));
    expect(marks).toBeDefined();
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(40);
  });
});
