// `report` verbs: what each command line parses into, or the one error line it gets; no database (fast tier). The
// period stays as typed (the user's zone, known only to the journal, reads it when the report runs).
import { describe } from "vitest";
import { type BreakdownOptions, reportBreakdownCommand } from "../../../src/commands/report/breakdown.js";
import { type ChartOptions, reportChartCommand } from "../../../src/commands/report/chart.js";
import { reportDrawdownCommand } from "../../../src/commands/report/drawdown.js";
import { reportStreaksCommand } from "../../../src/commands/report/streaks.js";
import { reportSummaryCommand } from "../../../src/commands/report/summary.js";
import { reportWeeklyCommand, type WeeklyOptions } from "../../../src/commands/report/weekly.js";
import { parseTable } from "../../support/parse-table.js";

// The parse context's clock is 2024-03-15T12:00:00Z (test/support/parse-table.ts).
const TABLE = { format: "table" } as const;

describe("report summary", () => {
  parseTable(reportSummaryCommand, [
    {
      argv: "",
      opts: { period: { period: "all" }, filters: {}, scratchAs: "apart", output: TABLE, comparePrevious: false },
    },
    {
      argv: "--period last-month --compare previous --json",
      opts: {
        period: { period: "last-month" },
        filters: {},
        scratchAs: "apart",
        output: { format: "json" },
        comparePrevious: true,
      },
    },
    {
      argv: ["--from", "2024-01-01", "--to", "2024-02-29", "--symbol", "aapl", "--account", " U1 ", "--tag", "Gap"]
        .concat(["--side", "short", "--asset-type", "options", "--currency", "eur", "--strategy", "ORB"])
        .concat(["--scratch", "0.25R", "--scratch-as", "win", "-o", "q1.md"]),
      opts: {
        period: { from: "2024-01-01", to: "2024-02-29" },
        filters: { symbol: "AAPL", accountId: "U1", tag: "gap", side: "short", assetType: "option", currency: "EUR" },
        strategy: "ORB",
        scratch: { unit: "r", tolerance: "0.25" },
        scratchAs: "win",
        output: { format: "markdown", output: "q1.md" },
        comparePrevious: false,
      },
    },
    {
      argv: "--currency unspecified --format csv",
      opts: {
        period: { period: "all" },
        filters: { currency: "" },
        scratchAs: "apart",
        output: { format: "csv" },
        comparePrevious: false,
      },
    },
    // 2024-03-16 is already today at UTC+14 (the earliest zone) at 12:00 UTC: not refused before the zone is known.
    {
      argv: "--from 2024-03-16",
      opts: {
        period: { from: "2024-03-16" },
        filters: {},
        scratchAs: "apart",
        output: TABLE,
        comparePrevious: false,
      },
    },
    { argv: "--from 2024-03-17", error: "error: --from 2024-03-17 is after --to 2024-03-16" },
    { argv: "--period fortnight", error: /^error: unknown period 'fortnight'/ },
    { argv: "--period 2024 --from 2024-01-01", error: "error: --period cannot be used with --from or --to" },
    { argv: "--from 2024-03-05 --to 2024-03-01", error: "error: --from 2024-03-05 is after --to 2024-03-01" },
    { argv: "--compare last-year", error: "error: --compare takes 'previous', got 'last-year'" },
    { argv: "--json --format csv", error: "error: --json cannot be used with --format" },
    { argv: "--currency euro", error: /^error: --currency must be a 3-letter currency code/ },
    { argv: "--scratch-as draw", error: "error: --scratch-as must be apart, win or loss, got 'draw'" },
    { argv: "-o report", error: /^error: cannot tell the format of 'report' from its extension/ },
    { argv: "--bogus", error: "error: unknown option '--bogus'" },
  ]);
});

describe("report <breakdown>", () => {
  parseTable<BreakdownOptions>(
    (ctx, run) => reportBreakdownCommand(ctx, "symbols", run),
    [
      {
        argv: "--sort net:desc --limit 10 --period 2024",
        opts: {
          period: { period: "2024" },
          filters: {},
          scratchAs: "apart",
          output: TABLE,
          kind: "symbols",
          sort: { key: "net", direction: "desc" },
          limit: 10,
        },
      },
      { argv: "--sort net:up", error: /^error: --sort must be one of/ },
      { argv: "--limit 0", error: /^error: option '--limit <n>' argument '0' is invalid\./ },
      // A weekly-report flag belongs to `report week` / `report weekly` only.
      { argv: "--week 2024-W10", error: "error: unknown option '--week'" },
    ],
  );
  parseTable<BreakdownOptions>(
    (ctx, run) => reportBreakdownCommand(ctx, "r", run),
    [
      {
        argv: "",
        opts: { period: { period: "all" }, filters: {}, scratchAs: "apart", output: TABLE, kind: "r", draw: true },
      },
      {
        argv: "--json",
        opts: {
          period: { period: "all" },
          filters: {},
          scratchAs: "apart",
          output: { format: "json" },
          kind: "r",
          draw: false,
        },
      },
    ],
  );
});

describe("report weekly (the per-week breakdown, or the weekly report given a weekly-report flag)", () => {
  parseTable<BreakdownOptions | WeeklyOptions>(
    (ctx, run) => reportBreakdownCommand(ctx, "weekly", run, run),
    [
      {
        argv: "--period this-year",
        opts: { period: { period: "this-year" }, filters: {}, scratchAs: "apart", output: TABLE, kind: "weekly" },
      },
      // Off a terminal (the parse context's stdout is not one), the weekly report is always plain (cron).
      {
        argv: "--week 2024-w10 --mail",
        opts: { week: "2024-W10", cron: true, json: false, mail: true, allUsers: false },
      },
      {
        argv: "--cron --json",
        opts: { cron: true, json: true, mail: false, allUsers: false },
      },
      {
        argv: "--cron --period last-month",
        error: "error: --cron makes this the weekly report, which does not take --period (the per-week breakdown does)",
      },
      {
        argv: "--mail --currency EUR",
        error:
          "error: --mail makes this the weekly report, which does not take --currency (the per-week breakdown does)",
      },
    ],
  );
});

describe("report week", () => {
  parseTable(reportWeeklyCommand, [
    { argv: "", opts: { cron: true, json: false, mail: false, allUsers: false } },
    {
      argv: "--week 2024-W10 -o week.html --all-users",
      error: "error: with --all-users, --output must contain {user} (e.g. weekly-{user}.md)",
    },
    {
      argv: ["--all-users", "-o", "/srv/{user}.json", "--cron"],
      opts: {
        cron: true,
        json: false,
        output: { path: "/srv/{user}.json", format: "json" },
        mail: false,
        allUsers: true,
      },
    },
    { argv: "--week 2024-W54", error: /^error: unknown week '2024-W54'|^error: .*2024-W54/ },
    { argv: "--json -o week.md", error: "error: --json cannot be used with --output" },
    { argv: "--all-users --json", error: "error: --all-users prints one line per user: --json cannot be used" },
    {
      argv: "-o week.txt",
      error: "error: cannot tell the format of 'week.txt' from its extension: use .md, .json or .html",
    },
  ]);
});

describe("report streaks / drawdown", () => {
  parseTable(reportStreaksCommand, [
    {
      argv: "",
      opts: { period: { period: "all" }, filters: {}, scratchAs: "apart", output: TABLE, show: false, limit: 1 },
    },
    {
      argv: "--show --limit 3 --side long",
      opts: {
        period: { period: "all" },
        filters: { side: "long" },
        scratchAs: "apart",
        output: TABLE,
        show: true,
        limit: 3,
      },
    },
    { argv: "--side up", error: /^error: --side must be long or short/ },
  ]);
  parseTable(reportDrawdownCommand, [
    {
      argv: "--format markdown",
      opts: { period: { period: "all" }, filters: {}, scratchAs: "apart", output: { format: "markdown" } },
    },
    { argv: "--scratch abc", error: "error: --scratch must be a number, got 'abc'" },
  ]);
});

describe("report calendar / equity", () => {
  parseTable<ChartOptions>(
    (ctx, run) => reportChartCommand(ctx, "calendar", run),
    [
      {
        argv: "",
        opts: {
          period: { period: "this-month" },
          filters: {},
          scratchAs: "apart",
          output: TABLE,
          kind: "calendar",
          draw: true,
        },
      },
      {
        argv: "--month 2024-02 --json",
        opts: {
          period: { period: "2024-02" },
          filters: {},
          scratchAs: "apart",
          output: { format: "json" },
          kind: "calendar",
          draw: false,
        },
      },
      { argv: "--month 2024-2", error: "error: --month takes a month as YYYY-MM, got '2024-2'" },
      { argv: "--month 2024-02 --period 2024", error: "error: --month cannot be used with --period, --from or --to" },
    ],
  );
  parseTable<ChartOptions>(
    (ctx, run) => reportChartCommand(ctx, "equity", run),
    [
      {
        argv: "--format csv",
        opts: {
          period: { period: "all" },
          filters: {},
          scratchAs: "apart",
          output: { format: "csv" },
          kind: "equity",
          draw: false,
        },
      },
      { argv: "--month 2024-02", error: "error: unknown option '--month'" },
    ],
  );
});
