import { Command } from "commander";
import type { Context } from "../../context.js";
import { summaryReport } from "../../domain/report-engine.js";
import { UsageError } from "../../errors.js";
import { emitReport, openPositionsSheet, type Sheet, summarySheet } from "../../io/report-view.js";
import { htmlViewFor } from "./html.js";
import {
  addReportFlags,
  type ParsedReportFlags,
  parseReportFlags,
  type ReportFlags,
  resolveReportRequest,
} from "./options.js";

export const SUMMARY_DEFAULT_PERIOD = "all";

export interface SummaryOptions extends ParsedReportFlags {
  comparePrevious: boolean;
}

export function parseSummaryFlags(
  flags: ReportFlags & { compare?: string },
  context: { timeZone: string; now: Date },
): SummaryOptions {
  if (flags.compare !== undefined && flags.compare.trim().toLowerCase() !== "previous") {
    throw new UsageError(`--compare takes 'previous', got '${flags.compare}'`);
  }
  return {
    ...parseReportFlags(flags, { ...context, defaultPeriod: SUMMARY_DEFAULT_PERIOD }),
    comparePrevious: flags.compare !== undefined,
  };
}

export async function runSummary(ctx: Context, options: SummaryOptions): Promise<void> {
  const { request, notes } = await resolveReportRequest(ctx, options);
  const report = await summaryReport(await ctx.database(), request, {
    comparePrevious: options.comparePrevious,
    extraNotes: notes,
  });
  const sheets = [summarySheet(report), openPositionsSheet(report)];
  const html = await htmlViewFor(ctx, options.output, request, report, "Summary", [
    { caption: "Figures", sheet: sheets[0] as Sheet },
    { caption: "Open at the end of the period", sheet: sheets[1] as Sheet },
  ]);
  emitReport(ctx.io, options.output, report, sheets, html);
}

export function reportSummaryCommand(ctx: Context): Command {
  const command = new Command("summary").description(
    "Net and gross P&L, win rate, expectancy, R, SQN, drawdown, streaks and more for a period",
  );
  addReportFlags(command, { defaultPeriod: SUMMARY_DEFAULT_PERIOD })
    .option("--compare <previous>", "put each figure beside the previous period of the same length")
    .addHelpText(
      "after",
      `
A trade, for counting, is a round trip (flat to flat in one account and symbol); realized P&L is booked on each
closed row's exit day in your time zone. See README "Reports" for every definition.

Examples:
  $ tradesense report
  $ tradesense report --period last-month --compare previous
  $ tradesense report summary --period 2025 --symbol AAPL --scratch 5
  $ tradesense report --from 2025-01-01 --to 2025-03-31 --strategy "Opening range" --json | jq .figures.netPnl
  $ tradesense report --period ytd -o ytd.md`,
    )
    .action(async (flags: ReportFlags & { compare?: string }) => {
      const user = await ctx.currentUser();
      await runSummary(ctx, parseSummaryFlags(flags, { timeZone: user.timezone, now: ctx.now() }));
    });
  return command;
}
