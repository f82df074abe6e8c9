import { Command } from "commander";
import type { Context } from "../../context.js";
import { listStrategies } from "../../db/strategies.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine, printTable } from "../../io/render.js";
import { strategyColumns, strategyJson } from "../../io/strategy-view.js";
import type { RunFn } from "../define.js";

export interface StrategyListOpts {
  active: boolean;
  json: boolean;
}

export function strategyListCommand(ctx: Context, run: RunFn<StrategyListOpts> = runStrategyList): Command {
  return new Command("list")
    .description("List your strategies with trades, win rate and net P&L")
    .option("--active", "only active strategies")
    .option("--json", "print the strategies as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy list
  $ tradesense strategy list --json | jq '.strategies[] | {name, netPnl: .performanceMetrics.netPnl}'`,
    )
    .action((flags: { active?: boolean; json?: boolean }) =>
      run(ctx, { active: Boolean(flags.active), json: Boolean(flags.json) }),
    );
}

export async function runStrategyList(ctx: Context, options: StrategyListOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const strategies = await listStrategies(db, user.id, { activeOnly: Boolean(options.active) });
  if (options.json) printJsonDocument(ctx.io, { strategies: strategies.map(strategyJson) });
  else if (strategies.length === 0) printLine(ctx.io, "No strategies yet: `tradesense strategy add <name>`.");
  else printTable(ctx.io, strategyColumns(ctx.io), strategies);
}
