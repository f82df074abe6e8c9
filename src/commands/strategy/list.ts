import { Command } from "commander";
import type { Context } from "../../context.js";
import { listStrategies } from "../../db/strategies.js";
import { printJson, printLine, printTable } from "../../io/render.js";
import { strategyColumns } from "../../io/strategy-view.js";

export function strategyListCommand(ctx: Context): Command {
  return new Command("list")
    .description("List your strategies with trades, win rate and net P&L")
    .option("--active", "only active strategies")
    .option("--json", "print the strategies as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy list
  $ tradesense strategy list --json | jq '.[] | {name, netPnl: .performance_metrics.netPnl}'`,
    )
    .action(async (options: { active?: boolean; json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const strategies = await listStrategies(db, user.id, { activeOnly: Boolean(options.active) });
      if (options.json) printJson(ctx.io, strategies);
      else if (strategies.length === 0) printLine(ctx.io, "No strategies yet: `tradesense strategy add <name>`.");
      else printTable(ctx.io, strategyColumns(ctx.io), strategies);
    });
}
