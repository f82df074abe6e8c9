import { Command } from "commander";
import type { Context } from "../../context.js";
import { streaksReport } from "../../domain/report-engine.js";
import { streaksJson } from "../../io/report-json.js";
import { emitReport, streaksSheet } from "../../io/report-view.js";
import type { RunFn } from "../define.js";
import { parseLimit } from "../trade/list.js";
import { htmlViewFor } from "./html.js";
import {
  addReportFlags,
  type ParsedReportFlags,
  parseReportFlags,
  type ReportFlags,
  requireOneCurrency,
  resolveReportRequest,
} from "./options.js";

export interface StreaksOptions extends ParsedReportFlags {
  show: boolean;
  limit: number;
}

export function parseStreaksFlags(
  flags: ReportFlags & { show?: boolean; limit?: number },
  context: { now: Date },
): StreaksOptions {
  return {
    ...parseReportFlags(flags, { ...context, defaultPeriod: "all" }),
    show: Boolean(flags.show),
    limit: flags.limit ?? 1,
  };
}

export async function runStreaks(ctx: Context, options: StreaksOptions): Promise<void> {
  const user = await ctx.currentUser();
  const { request, notes } = await resolveReportRequest(ctx, options);
  await requireOneCurrency(ctx, request);
  const report = streaksJson(
    request,
    await streaksReport(await ctx.database(), request, {
      show: options.show,
      limit: options.limit,
      extraNotes: notes,
    }),
  );
  const sheet = streaksSheet(report, user.timezone);
  const html = await htmlViewFor(ctx, options.output, request, report, "Streaks", [{ caption: "Streaks", sheet }]);
  emitReport(ctx.io, options.output, report, [sheet], html);
}

export function reportStreaksCommand(ctx: Context, run: RunFn<StreaksOptions> = runStreaks): Command {
  const command = new Command("streaks").description("The longest runs of winning and losing round trips");
  addReportFlags(command, { defaultPeriod: "all" })
    .option("--show", "list the round trips of each streak")
    .option("--limit <n>", "the longest n win streaks and n loss streaks (default: 1)", parseLimit)
    .addHelpText(
      "after",
      `
A scratch (counted apart) ends a streak.

Examples:
  $ tradesense report streaks --show
  $ tradesense report streaks --period 2025 --limit 3 --json`,
    )
    .action((flags: ReportFlags & { show?: boolean; limit?: number }) =>
      run(ctx, parseStreaksFlags(flags, { now: ctx.now() })),
    );
  return command;
}
