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
import { printLine, printNote } from "../../io/render.js";
import { drawOptionsFor, histogramLines } from "../../io/report-terminal.js";
import { breakdownSheet, emitReport } from "../../io/report-view.js";
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
  context: { timeZone: string; now: Date },
): BreakdownOptions {
  return {
    ...parseReportFlags(flags, { ...context, defaultPeriod: DEFAULT_PERIOD }),
    kind,
    ...(flags.sort !== undefined ? { sort: parseBreakdownSort(flags.sort) } : {}),
    ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    ...(kind === "r" ? { draw: wantsPicture(flags) } : {}),
  };
}

export async function runBreakdown(ctx: Context, options: BreakdownOptions): Promise<void> {
  const { request, notes } = await resolveReportRequest(ctx, options);
  await requireOneCurrency(ctx, request);
  const report = await breakdownReport(await ctx.database(), request, options.kind, {
    ...(options.sort ? { sort: options.sort } : {}),
    ...(options.limit !== undefined ? { limit: options.limit } : {}),
    extraNotes: notes,
  });
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

export function reportBreakdownCommand(ctx: Context, kind: BreakdownKind): Command {
  const command = new Command(kind).description(`One row per ${BREAKDOWNS[kind]}, with the summary's figures`);
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
    .action(async (flags: ReportFlags & { sort?: string; limit?: number }) => {
      const user = await ctx.currentUser();
      await runBreakdown(ctx, parseBreakdownFlags(kind, flags, { timeZone: user.timezone, now: ctx.now() }));
    });
  return command;
}
