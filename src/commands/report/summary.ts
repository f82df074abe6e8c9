import { Command } from "commander";
import type { Context } from "../../context.js";
import { type ReportRequest, summaryReport } from "../../domain/report-engine.js";
import { currencyLabel } from "../../domain/report-rules.js";
import { UsageError } from "../../errors.js";
import { type SummaryReport, summaryJson } from "../../io/report-json.js";
import {
  currencyOpenPositionsSheet,
  currencySummarySheet,
  emitReport,
  openPositionsSheet,
  type Sheet,
  summarySheet,
} from "../../io/report-view.js";
import type { RunFn } from "../define.js";
import { htmlViewFor } from "./html.js";
import {
  addReportFlags,
  currenciesToReport,
  type ParsedReportFlags,
  parseReportFlags,
  type ReportFlags,
  resolveReportRequest,
} from "./options.js";

export const SUMMARY_DEFAULT_PERIOD = "all";

export interface SummaryOptions extends ParsedReportFlags {
  comparePrevious: boolean;
}

export function parseSummaryFlags(flags: ReportFlags & { compare?: string }, context: { now: Date }): SummaryOptions {
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
  const currencies = await currenciesToReport(ctx, request);
  if (currencies.length > 1) return runSummaryPerCurrency(ctx, options, request, notes, currencies);
  const report = summaryJson(
    request,
    await summaryReport(await ctx.database(), request, { comparePrevious: options.comparePrevious, extraNotes: notes }),
  );
  const sheets = [summarySheet(report), openPositionsSheet(report)];
  const html = await htmlViewFor(ctx, options.output, request, report, "Summary", [
    { caption: "Figures", sheet: sheets[0] as Sheet },
    { caption: "Open at the end of the period", sheet: sheets[1] as Sheet },
  ]);
  emitReport(ctx.io, options.output, report, sheets, html);
}

/**
 * A journal holding more than one currency: the summary of each, side by side (one column per currency), never added.
 * JSON gives `byCurrency` in place of `figures` and `openPositions`. Charts need one currency (`--currency`).
 */
async function runSummaryPerCurrency(
  ctx: Context,
  options: SummaryOptions,
  request: ReportRequest,
  notes: string[],
  currencies: string[],
): Promise<void> {
  const db = await ctx.database();
  const reports: { currency: string; report: SummaryReport }[] = [];
  for (const currency of currencies) {
    const inCurrency = { ...request, filters: { ...request.filters, currency } };
    const report = summaryJson(
      inCurrency,
      await summaryReport(db, inCurrency, { comparePrevious: options.comparePrevious }),
    );
    reports.push({ currency: currencyLabel(currency), report });
  }
  const first = reports[0]?.report as SummaryReport;
  const combined = {
    version: first.version,
    report: "summary" as const,
    period: first.period,
    filters: request.filters,
    scratch: first.scratch,
    byCurrency: reports.map(({ currency, report }) => ({
      currency,
      figures: report.figures,
      openPositions: report.openPositions,
      ...(report.previous ? { previous: report.previous } : {}),
      notes: report.notes,
    })),
    notes: [
      ...notes,
      `This journal holds trades in ${reports.map((r) => r.currency).join(", ")}: each currency's figures stand apart, never added together.`,
    ],
  };
  const sheets = [currencySummarySheet(reports), currencyOpenPositionsSheet(reports)];
  const html =
    options.output.format === "html"
      ? {
          title: "Summary",
          period: combined.period,
          sheets: [
            { caption: "Figures by currency", sheet: sheets[0] as Sheet },
            { caption: "Open at the end of the period", sheet: sheets[1] as Sheet },
          ],
          charts: { days: [], rBuckets: [], maxDrawdown: null },
          notes: [
            ...combined.notes,
            `Charts are drawn for one currency: add --currency ${reports[0]?.currency} (or another).`,
          ],
        }
      : undefined;
  emitReport(ctx.io, options.output, combined, sheets, html);
}

export function reportSummaryCommand(ctx: Context, run: RunFn<SummaryOptions> = runSummary): Command {
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
    .action((flags: ReportFlags & { compare?: string }) => run(ctx, parseSummaryFlags(flags, { now: ctx.now() })));
  return command;
}
