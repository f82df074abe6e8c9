import { Command } from "commander";
import type { Context } from "../../context.js";
import { drawdownReport } from "../../domain/report-engine.js";
import { drawdownJson } from "../../io/report-json.js";
import { drawdownSheet, emitReport } from "../../io/report-view.js";
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

export function parseDrawdownFlags(flags: ReportFlags, context: { now: Date }): ParsedReportFlags {
  return parseReportFlags(flags, { ...context, defaultPeriod: "all" });
}

export async function runDrawdown(ctx: Context, options: ParsedReportFlags): Promise<void> {
  const { request, notes } = await resolveReportRequest(ctx, options);
  await requireOneCurrency(ctx, request);
  const report = drawdownJson(request, await drawdownReport(await ctx.database(), request, { extraNotes: notes }));
  const sheet = drawdownSheet(report);
  const html = await htmlViewFor(ctx, options.output, request, report, "Drawdowns", [{ caption: "Drawdowns", sheet }]);
  emitReport(ctx.io, options.output, report, [sheet], html);
}

export function reportDrawdownCommand(ctx: Context, run: RunFn<ParsedReportFlags> = runDrawdown): Command {
  const command = new Command("drawdown").description(
    "The drawdown periods of the closed-trade equity curve (daily): peak, trough, depth and recovery",
  );
  addReportFlags(command, { defaultPeriod: "all" })
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense report drawdown
  $ tradesense report drawdown --period 2025 --format markdown`,
    )
    .action((flags: ReportFlags) => run(ctx, parseDrawdownFlags(flags, { now: ctx.now() })));
  return command;
}
