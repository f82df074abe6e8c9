// The breakdown verbs (`report daily`, `report symbols`, ... `report r`) differ only in the group they cut by, so
// one file declares them all from the BREAKDOWNS table instead of fourteen copies of the same verb.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { breakdownReport } from "../../domain/report-engine.js";
import {
  BREAKDOWN_SORT_KEYS,
  BREAKDOWNS,
  type BreakdownKind,
  type BreakdownSort,
  parseBreakdownSort,
} from "../../domain/report-rules.js";
import { parsedAs, UsageError } from "../../errors.js";
import { printLine, printNote } from "../../io/render.js";
import { breakdownJson } from "../../io/report-json.js";
import { drawOptionsFor, histogramLines } from "../../io/report-terminal.js";
import { breakdownSheet, emitReport } from "../../io/report-view.js";
import type { RunFn } from "../define.js";
import { parseLimit } from "../trade/list.js";
import { wantsPicture } from "./chart.js";
import { htmlViewFor } from "./html.js";
import {
  addReportFlags,
  type ParsedReportFlags,
  parseReportFlags,
  type ReportFlags,
  requireOneCurrency,
  resolveReportRequest,
} from "./options.js";
import {
  addWeeklyReportFlags,
  parseWeeklyFlags,
  runWeekly,
  WEEKLY_REPORT_FLAGS,
  type WeeklyFlags,
  type WeeklyOptions,
} from "./weekly.js";

export interface BreakdownOptions extends ParsedReportFlags {
  kind: BreakdownKind;
  sort?: BreakdownSort;
  limit?: number;
  /** `report r` with no --format, --json or -o: the histogram when stdout is a terminal. */
  draw?: boolean;
}

/** Like the summary, breakdowns cover all time unless a period is given. */
const DEFAULT_PERIOD = "all";

export function parseBreakdownFlags(
  kind: BreakdownKind,
  flags: ReportFlags & { sort?: string; limit?: number },
  context: { now: Date },
): BreakdownOptions {
  return {
    ...parseReportFlags(flags, { ...context, defaultPeriod: DEFAULT_PERIOD }),
    kind,
    ...(flags.sort !== undefined ? { sort: parsedAs("--sort", () => parseBreakdownSort(flags.sort as string)) } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(kind === "r" ? { draw: wantsPicture(flags) } : {}),
  };
}

export async function runBreakdown(ctx: Context, options: BreakdownOptions): Promise<void> {
  const { request, notes } = await resolveReportRequest(ctx, options);
  await requireOneCurrency(ctx, request);
  const report = breakdownJson(
    request,
    await breakdownReport(await ctx.database(), request, options.kind, {
      ...(options.sort ? { sort: options.sort } : {}),
      ...(options.limit !== undefined ? { limit: options.limit } : {}),
      extraNotes: notes,
    }),
  );
  if (options.draw && ctx.io.stdoutIsTTY) {
    const { io } = ctx;
    const buckets = report.groups.map((g) => ({ label: g.group, roundTrips: g.roundTrips, netPnl: g.netPnl }));
    printLine(io, "R multiple, round trips, net P&L");
    printLine(io, histogramLines(buckets, drawOptionsFor(io)).join("\n"));
    for (const note of report.notes) printNote(io, note);
    return;
  }
  const sheet = breakdownSheet(report);
  const title = options.kind === "r" ? "R" : options.kind.replace(/^./, (c) => c.toUpperCase());
  const html = await htmlViewFor(ctx, options.output, request, report, title, [
    { caption: `By ${BREAKDOWNS[options.kind]}`, sheet },
  ]);
  emitReport(ctx.io, options.output, report, [sheet], html);
}

/** What the weekly report takes besides its own flags (WEEKLY_REPORT_FLAGS). */
const WEEKLY_REPORT_SHARED_FLAGS = new Set(["json", "output"]);

/**
 * `report weekly` is two things that issues #14 and #15 both named so: with --week, --cron, --mail or --all-users it
 * is the weekly report (the same as `report week`), without them the per-week breakdown. Any other flag typed beside
 * a weekly-report flag (--period, --sort, --currency...: whatever the breakdown gains) is refused, never ignored.
 */
function weeklyReportWanted(command: Command, flags: WeeklyFlags): boolean {
  const weekly = WEEKLY_REPORT_FLAGS.filter((flag) => flags[flag] !== undefined);
  if (weekly.length === 0) return false;
  const typed = (key: string) => command.getOptionValueSource(key) === "cli";
  const clash = Object.keys(command.opts()).find(
    (key) =>
      typed(key) && !WEEKLY_REPORT_SHARED_FLAGS.has(key) && !(WEEKLY_REPORT_FLAGS as readonly string[]).includes(key),
  );
  if (clash !== undefined) {
    const flagName = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    throw new UsageError(
      `${flagName(weekly[0] as string)} makes this the weekly report, which does not take ${flagName(clash)} (the per-week breakdown does)`,
    );
  }
  return true;
}

/**
 * One breakdown verb. `report weekly` hands its flags to the weekly report's run function instead when a weekly-report
 * flag is typed (see weeklyReportWanted), so it takes both.
 */
export function reportBreakdownCommand(
  ctx: Context,
  kind: BreakdownKind,
  run: RunFn<BreakdownOptions> = runBreakdown,
  runWeeklyReport: RunFn<WeeklyOptions> = runWeekly,
): Command {
  const command = new Command(kind).description(
    kind === "weekly"
      ? "One row per week, with the summary's figures; with --week, --cron, --mail or --all-users, the weekly report"
      : `One row per ${BREAKDOWNS[kind]}, with the summary's figures`,
  );
  if (kind === "weekly") addWeeklyReportFlags(command);
  addReportFlags(command, { defaultPeriod: DEFAULT_PERIOD })
    .option("--sort <key>", `order by ${BREAKDOWN_SORT_KEYS.join(", ")}, optionally :asc or :desc (default: group)`)
    .option("--limit <n>", "at most this many rows", parseLimit)
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense report ${kind} --period this-year
  $ tradesense report ${kind} --sort net:desc --limit 10
  $ tradesense report ${kind} --period 2025 -o ${kind}-2025.csv`,
    )
    .action((flags: ReportFlags & WeeklyFlags & { sort?: string; limit?: number }) => {
      if (kind === "weekly" && weeklyReportWanted(command, flags)) {
        return runWeeklyReport(ctx, parseWeeklyFlags(flags, { stdoutIsTTY: ctx.io.stdoutIsTTY, now: ctx.now() }));
      }
      return run(ctx, parseBreakdownFlags(kind, flags, { now: ctx.now() }));
    });
  return command;
}
