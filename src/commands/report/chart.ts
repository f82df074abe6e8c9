// `report calendar` and `report equity`: pictures on a terminal, the data rows (one per day) off one or with
// --format/-o, as every report prints. Both draw from the same daily series (domain/report-charts.ts).
import { Command } from "commander";
import type { Context } from "../../context.js";
import { type ChartDay, chartResult } from "../../domain/report-charts.js";
import { UsageError } from "../../errors.js";
import { printLine, printNote } from "../../io/render.js";
import { chartJson } from "../../io/report-json.js";
import { calendarLines, drawOptionsFor, equityLines } from "../../io/report-terminal.js";
import { emitReport, type Sheet } from "../../io/report-view.js";
import type { RunFn } from "../define.js";
import { htmlViewFor } from "./html.js";
import {
  addReportFlags,
  type ParsedReportFlags,
  parseReportFlags,
  type ReportFlags,
  requireOneCurrency,
  resolveReportRequest,
} from "./options.js";

export type ChartKind = "calendar" | "equity";

export interface ChartOptions extends ParsedReportFlags {
  kind: ChartKind;
  /** No --format, --json or -o: draw the picture when stdout is a terminal. */
  draw: boolean;
}

const DEFAULT_PERIOD: Record<ChartKind, string> = { calendar: "this-month", equity: "all" };

/** Whether the user asked for an explicit output, so a terminal still gets the picture otherwise. */
export function wantsPicture(flags: ReportFlags): boolean {
  return flags.format === undefined && !flags.json && flags.output === undefined;
}

export function parseChartFlags(
  kind: ChartKind,
  flags: ReportFlags & { month?: string },
  context: { now: Date },
): ChartOptions {
  let period = flags.period;
  if (flags.month !== undefined) {
    if (flags.period !== undefined || flags.from !== undefined || flags.to !== undefined) {
      throw new UsageError("--month cannot be used with --period, --from or --to");
    }
    if (!/^\d{4}-\d{2}$/.test(flags.month.trim())) {
      throw new UsageError(`--month takes a month as YYYY-MM, got '${flags.month}'`);
    }
    period = flags.month.trim();
  }
  return {
    ...parseReportFlags(
      { ...flags, ...(period !== undefined ? { period } : {}) },
      { ...context, defaultPeriod: DEFAULT_PERIOD[kind] },
    ),
    kind,
    draw: wantsPicture(flags),
  };
}

export function daysSheet(days: ChartDay[]): Sheet {
  return {
    headers: ["Day", "Net P&L", "Round trips", "Equity", "Drawdown"],
    rows: days.map((d) => [d.day, d.netPnl, String(d.roundTrips), d.equity, d.drawdown]),
    signed: [1, 3, 4],
    numeric: [1, 2, 3, 4],
  };
}

/** The months a calendar shows: each month of the period, or of the booked days when the period is all time. */
export function calendarMonths(days: ChartDay[], from: string | null, to: string | null): string[] {
  if (from === null || to === null) return [...new Set(days.map((d) => d.day.slice(0, 7)))];
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number) as [number, number];
  const last = to.slice(0, 7);
  for (;;) {
    const text = `${year}-${String(month).padStart(2, "0")}`;
    months.push(text);
    if (text >= last) return months;
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
}

export async function runChart(ctx: Context, options: ChartOptions): Promise<void> {
  const { request, notes } = await resolveReportRequest(ctx, options);
  await requireOneCurrency(ctx, request);
  const result = await chartResult(await ctx.database(), request);
  const { series } = result;
  const report = chartJson(request, options.kind, result, notes);
  const { io } = ctx;
  if (options.draw && io.stdoutIsTTY) {
    const drawing = drawOptionsFor(io);
    if (options.kind === "equity") printLine(io, equityLines(series, drawing).join("\n"));
    else {
      const months = calendarMonths(series.days, report.period.from, report.period.to);
      printLine(io, months.map((m) => calendarLines(series.days, m, drawing).join("\n")).join("\n\n"));
    }
    for (const note of report.notes) printNote(io, note);
    return;
  }
  const sheet = daysSheet(series.days);
  const title = options.kind === "equity" ? "Equity" : "Calendar";
  const html = await htmlViewFor(ctx, options.output, request, report, title, [{ caption: "Days", sheet }]);
  emitReport(io, options.output, report, [sheet], html);
}

export function reportChartCommand(ctx: Context, kind: ChartKind, run: RunFn<ChartOptions> = runChart): Command {
  const command = new Command(kind).description(
    kind === "calendar"
      ? "A month's grid of each day's net P&L (the days' rows off a terminal)"
      : "The equity curve (cumulative net P&L by day) with its deepest drawdown marked (the days' rows off a terminal)",
  );
  addReportFlags(command, { defaultPeriod: DEFAULT_PERIOD[kind] });
  if (kind === "calendar") command.option("--month <YYYY-MM>", "the month to draw (default: this month)");
  command
    .addHelpText(
      "after",
      kind === "calendar"
        ? `
Examples:
  $ tradesense report calendar
  $ tradesense report calendar --month 2025-06
  $ tradesense report calendar --period 2025 --symbol AAPL
  $ tradesense report calendar --month 2025-06 --json`
        : `
Examples:
  $ tradesense report equity
  $ tradesense report equity --period this-year --strategy "Opening range"
  $ tradesense report equity --format csv > equity.csv`,
    )
    .action((flags: ReportFlags & { month?: string }) => run(ctx, parseChartFlags(kind, flags, { now: ctx.now() })));
  return command;
}
