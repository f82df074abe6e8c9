// The report.session setting: `calendar` books a trade on its calendar day in the user's zone; `cme` on the CME
// session that opens at 18:00 New York time the evening before. A trade closed at 18:30 ET lands on the next day's
// session, across both daylight-saving changes, in the rollups (report_days, migration 061) and in the filtered path
// that groups the trades themselves.
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { startOfTradingDay, tradingDayOf, tradingDayRule } from "../../src/domain/trading-day.js";
import { describeEachBackend } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

// ES round trips of one contract (point value 50, no commission), times in New York (the journal's zone):
//   A: closes Tue 2025-03-04 18:30 EST   +5.00 x 50 = 250.00   calendar 03-04, cme 03-05 (after 18:00)
//   B: closes Wed 2025-03-05 10:00 EST   +1.00 x 50 =  50.00   both 03-05
//   C: closes Sun 2025-03-09 18:15 EDT   +2.00 x 50 = 100.00   calendar 03-09, cme 03-10 (first evening of DST)
//   D: closes Sun 2025-03-09 17:59 EDT   -1.00 x 50 = -50.00   both 03-09 (before the open)
//   E: closes Sun 2025-11-02 17:45 EST   +0.50 x 50 =  25.00   both 11-02 (DST ended that morning)
//   F: closes Sun 2025-11-02 18:05 EST   +0.25 x 50 =  12.50   calendar 11-02, cme 11-03
const FILLS = [
  ["2025-03-04 17:00:00", "Buy", "5000.00"],
  ["2025-03-04 18:30:00", "Sell", "5005.00"],
  ["2025-03-05 09:45:00", "Buy", "5010.00"],
  ["2025-03-05 10:00:00", "Sell", "5011.00"],
  ["2025-03-09 17:30:00", "Buy", "5020.00"],
  ["2025-03-09 17:59:00", "Sell", "5019.00"],
  ["2025-03-09 18:05:00", "Buy", "5030.00"],
  ["2025-03-09 18:15:00", "Sell", "5032.00"],
  ["2025-11-02 17:30:00", "Buy", "6000.00"],
  ["2025-11-02 17:45:00", "Sell", "6000.50"],
  ["2025-11-02 18:01:00", "Buy", "6001.00"],
  ["2025-11-02 18:05:00", "Sell", "6001.25"],
];

const CALENDAR = [
  ["2025-03-04", "250.00"],
  ["2025-03-05", "50.00"],
  ["2025-03-09", "50.00"], // D -50 + C 100
  ["2025-11-02", "37.50"], // E 25 + F 12.50
];
const CME = [
  ["2025-03-05", "300.00"], // A 250 + B 50
  ["2025-03-09", "-50.00"],
  ["2025-03-10", "100.00"],
  ["2025-11-02", "25.00"],
  ["2025-11-03", "12.50"],
];

describe("trading days (pure)", () => {
  const cme = tradingDayRule("cme", "Europe/London");
  it.each([
    ["2025-03-04T23:30:00Z", "2025-03-05"], // 18:30 EST
    ["2025-03-04T22:59:59Z", "2025-03-04"], // 17:59:59 EST
    ["2025-03-09T22:15:00Z", "2025-03-10"], // 18:15 EDT
    ["2025-03-09T21:59:00Z", "2025-03-09"], // 17:59 EDT
    ["2025-11-02T23:05:00Z", "2025-11-03"], // 18:05 EST
    ["2025-11-02T22:45:00Z", "2025-11-02"], // 17:45 EST
  ])("%s is the CME session of %s, whatever the user's zone", (instant, day) => {
    expect(tradingDayOf(new Date(instant), cme)).toBe(day);
  });

  it("a session starts at 18:00 New York time the day before, in either offset", () => {
    expect(startOfTradingDay("2025-03-05", cme).toISOString()).toBe("2025-03-04T23:00:00.000Z");
    expect(startOfTradingDay("2025-03-10", cme).toISOString()).toBe("2025-03-09T22:00:00.000Z");
    expect(startOfTradingDay("2025-11-03", cme).toISOString()).toBe("2025-11-02T23:00:00.000Z");
    expect(startOfTradingDay("2025-03-05", tradingDayRule("calendar", "America/New_York")).toISOString()).toBe(
      "2025-03-05T05:00:00.000Z",
    );
  });
});

describeEachBackend("report.session", (backend) => {
  const fx = useJournal(backend);
  beforeAll(async () => {
    const file = join(tmpdir(), `session-${backend}-${process.pid}.csv`);
    const rows = FILLS.map(([date, side, price], i) => `${date},ESH5,${side},1,${price},future,S${i}`);
    writeFileSync(file, `Date,Symbol,Side,Quantity,Price,Asset Type,Execution ID\n${rows.join("\n")}\n`);
    const result = await fx.cli(["import", "csv", file, "--json"]);
    expect(result.code, result.stderr).toBe(0);
  });

  async function daily(extra: string[] = []) {
    const result = await fx.cli(["report", "daily", "--period", "2025", "--json", ...extra]);
    expect(result.code, result.stderr).toBe(0);
    return (JSON.parse(result.stdout).groups as { group: string; netPnl: string }[]).map((g) => [g.group, g.netPnl]);
  }

  it("calendar (the default): the calendar day in the user's zone", async () => {
    expect(await daily()).toEqual(CALENDAR);
    expect(await daily(["--symbol", "ESH25"])).toEqual(CALENDAR);
  });

  it("cme: a trade closed at 18:30 ET is the next day's session, across both DST changes", async () => {
    expect((await fx.cli(["config", "set", "report.session", "cme"])).code).toBe(0);
    // The rollup (unfiltered) and the trades (filtered) cut the days alike.
    expect(await daily()).toEqual(CME);
    expect(await daily(["--symbol", "ESH25"])).toEqual(CME);
    const summary = await fx.cli(["report", "summary", "--from", "2025-03-10", "--to", "2025-03-10", "--json"]);
    expect(JSON.parse(summary.stdout).figures).toMatchObject({ netPnl: "100.00", tradingDays: 1 });
    const weekly = await fx.cli(["report", "weekly", "--period", "2025", "--json"]);
    // Weeks start on Monday: C (Monday 03-10's session) is the week of 03-10, not of 03-03.
    expect(
      (JSON.parse(weekly.stdout).groups as { group: string; netPnl: string }[]).map((g) => [g.group, g.netPnl]),
    ).toEqual([
      ["2025-03-03", "250.00"],
      ["2025-03-10", "100.00"],
      ["2025-10-27", "25.00"],
      ["2025-11-03", "12.50"],
    ]);
  });

  it("back to calendar re-cuts the days; a bad value is refused", async () => {
    expect(await fx.cli(["config", "set", "report.session", "asia"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: report.session must be one of calendar, cme, not 'asia'\n",
    });
    expect((await fx.cli(["config", "set", "report.session", "calendar"])).code).toBe(0);
    expect(await daily()).toEqual(CALENDAR);
  });
});
