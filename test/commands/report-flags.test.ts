// Report flags parse into options without a database: periods in the user's zone, filters, scratch rules, formats.
import { describe, expect, it } from "vitest";
import { parseBreakdownFlags } from "../../src/commands/report/breakdown.js";
import { resolvePeriod } from "../../src/commands/report/options.js";
import { parseStreaksFlags } from "../../src/commands/report/streaks.js";
import { parseSummaryFlags } from "../../src/commands/report/summary.js";
import { previousPeriod } from "../../src/domain/report-periods.js";

const zone = "America/New_York";
// Sunday 2025-03-09 23:30 in New York (03:30 UTC on Monday): "today" is still Sunday there.
const now = new Date("2025-03-10T03:30:00Z");
const summary = (flags: Record<string, unknown>) => parseSummaryFlags(flags, { now });
// The parse step keeps the period as typed; the run reads it in the user's zone.
const periodOf = (flags: Record<string, unknown>) => resolvePeriod(summary(flags).period, zone, now);

describe("report periods", () => {
  it.each([
    ["today", "2025-03-09", "2025-03-10", "day"],
    ["yesterday", "2025-03-08", "2025-03-09", "day"],
    ["this-week", "2025-03-03", "2025-03-10", "week"],
    ["last-week", "2025-02-24", "2025-03-03", "week"],
    ["this-month", "2025-03-01", "2025-04-01", "month"],
    ["last-month", "2025-02-01", "2025-03-01", "month"],
    ["this-year", "2025-01-01", "2026-01-01", "year"],
    ["ytd", "2025-01-01", "2025-03-10", "days"],
    ["last-year", "2024-01-01", "2025-01-01", "year"],
    ["2024", "2024-01-01", "2025-01-01", "year"],
    ["2024-02", "2024-02-01", "2024-03-01", "month"],
    ["2025-W23", "2025-06-02", "2025-06-09", "week"],
    ["2026-w01", "2025-12-29", "2026-01-05", "week"],
  ])("--period %s is %s up to %s", (period, fromDay, toDay, unit) => {
    expect(periodOf({ period })).toMatchObject({ fromDay, toDay, unit });
  });

  it("--period all has no bounds; the default is all", () => {
    expect(periodOf({})).toEqual({ label: "all", fromDay: null, toDay: null, unit: "all" });
  });

  it("--from/--to are local dates, --to included, --to defaulting to today", () => {
    expect(periodOf({ from: "2025-03-01", to: "2025-03-05" })).toMatchObject({
      fromDay: "2025-03-01",
      toDay: "2025-03-06",
    });
    expect(periodOf({ from: "2025-03-01" })).toMatchObject({ fromDay: "2025-03-01", toDay: "2025-03-10" });
  });

  it.each([
    ["2025-W10", "2025-02-24", "2025-03-03"],
    ["2025-02", "2025-01-01", "2025-02-01"],
    ["2024", "2023-01-01", "2024-01-01"],
  ])("the period before %s is %s up to %s", (period, fromDay, toDay) => {
    expect(previousPeriod(periodOf({ period }), zone)).toMatchObject({ fromDay, toDay });
  });

  it("the period before --from/--to is as many days before", () => {
    const period = periodOf({ from: "2025-03-01", to: "2025-03-05" });
    expect(previousPeriod(period, zone)).toMatchObject({ fromDay: "2025-02-24", toDay: "2025-03-01" });
  });
});

describe("report flags", () => {
  it("collects filters, the scratch rule and the format", () => {
    expect(
      summary({
        symbol: "aapl",
        account: " U1 ",
        tag: "Gap",
        side: "short",
        assetType: "options",
        strategy: "ORB",
        scratch: "0.25R",
        scratchAs: "win",
        output: "out.md",
        compare: "previous",
      }),
    ).toMatchObject({
      filters: { symbol: "AAPL", accountId: "U1", tag: "gap", side: "short", assetType: "option" },
      strategy: "ORB",
      scratch: { unit: "r", tolerance: "0.25" },
      scratchAs: "win",
      output: { format: "markdown", output: "out.md" },
      comparePrevious: true,
    });
    expect(summary({ json: true }).output).toEqual({ format: "json" });
    expect(summary({ scratch: "5" }).scratch).toEqual({ unit: "money", tolerance: "5" });
    expect(summary({}).output).toEqual({ format: "table" });
    expect(summary({ output: "week.HTML" }).output).toEqual({ format: "html", output: "week.HTML" });
    expect(summary({ format: "html" }).output).toEqual({ format: "html" });
  });

  it.each([
    [{ period: "fortnight" }, "unknown period 'fortnight'"],
    [{ period: "2025-13" }, "unknown period '2025-13'"],
    [{ period: "2025-W54" }, "unknown period '2025-W54'"],
    [{ from: "2025-03-05", to: "2025-03-01" }, "--from 2025-03-05 is after --to 2025-03-01"],
    [{ from: "yesterday" }, "--from is not a date, got 'yesterday' (use YYYY-MM-DD)"],
    [{ period: "2025", to: "2025-03-01" }, "--period cannot be used with --from or --to"],
    [{ scratch: "abc" }, "--scratch must be a number, got 'abc'"],
    [{ scratchAs: "draw" }, "--scratch-as must be apart, win or loss, got 'draw'"],
    [{ format: "xml" }, "--format must be one of table, json, csv, tsv, markdown, html, got 'xml'"],
    [{ json: true, format: "csv" }, "--json cannot be used with --format"],
    [{ output: "report" }, "cannot tell the format of 'report' from its extension"],
    [{ compare: "last-year" }, "--compare takes 'previous', got 'last-year'"],
    [{ side: "up" }, "--side must be long or short"],
  ])("refuses %j", (flags, message) => {
    expect(() => summary(flags)).toThrow(message);
  });

  it("refuses the period before all time (the domain names the field; report summary names --compare)", () => {
    expect(() => previousPeriod(periodOf({}), zone)).toThrow(
      /^compare previous needs a period with a start \(not all time\)$/,
    );
  });

  it("reads breakdown --sort and --limit, and streaks --show", () => {
    expect(parseBreakdownFlags("symbols", { sort: "net", limit: 5 }, { now })).toMatchObject({
      kind: "symbols",
      sort: { key: "net", direction: "desc" },
      limit: 5,
    });
    expect(parseBreakdownFlags("daily", { sort: "group:desc" }, { now }).sort).toEqual({
      key: "group",
      direction: "desc",
    });
    expect(() => parseBreakdownFlags("daily", { sort: "net:up" }, { now })).toThrow("--sort must be one of");
    expect(parseStreaksFlags({ show: true, limit: 3 }, { now })).toMatchObject({
      show: true,
      limit: 3,
    });
  });
});
