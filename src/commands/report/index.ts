import { Command } from "commander";
import type { Context } from "../../context.js";
import { BREAKDOWNS, type BreakdownKind } from "../../domain/report-rules.js";
import { reportBreakdownCommand } from "./breakdown.js";
import { reportChartCommand } from "./chart.js";
import { reportDrawdownCommand } from "./drawdown.js";
import { reportStreaksCommand } from "./streaks.js";
import { reportSummaryCommand } from "./summary.js";
import { reportWeeklyCommand } from "./weekly.js";

export function reportCommand(ctx: Context): Command {
  const command = new Command("report")
    .description("How you are doing: summary figures, breakdowns, streaks, drawdowns and the weekly report")
    .addCommand(reportSummaryCommand(ctx), { isDefault: true });
  for (const kind of Object.keys(BREAKDOWNS) as BreakdownKind[]) command.addCommand(reportBreakdownCommand(ctx, kind));
  return command
    .addCommand(reportStreaksCommand(ctx))
    .addCommand(reportDrawdownCommand(ctx))
    .addCommand(reportWeeklyCommand(ctx))
    .addCommand(reportChartCommand(ctx, "calendar"))
    .addCommand(reportChartCommand(ctx, "equity"))
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense report                                  # the summary, all time
  $ tradesense report --period last-week --compare previous
  $ tradesense report daily --period this-month
  $ tradesense report symbols --sort net:desc --limit 10
  $ tradesense report streaks --show
  $ tradesense report calendar --month 2025-06
  $ tradesense report equity --period this-year
  $ tradesense report --period 2025 -o 2025.json
  $ tradesense report week --cron --mail             # the last full week, for cron`,
    );
}
