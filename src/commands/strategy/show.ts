import { Command } from "commander";
import type { Context } from "../../context.js";
import { getStrategy } from "../../domain/strategy-operations.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { renderStrategyDetail, strategyJson } from "../../io/strategy-view.js";
import type { RunFn } from "../define.js";

export interface StrategyShowOpts {
  strategy: string;
  json: boolean;
}

export function strategyShowCommand(ctx: Context, run: RunFn<StrategyShowOpts> = runStrategyShow): Command {
  return new Command("show")
    .description("Show a strategy's rules and performance figures")
    .argument("<strategy>", "name or id")
    .option("--json", "print the strategy as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy show "Opening range"
  $ tradesense strategy show 3 --json | jq .performanceMetrics`,
    )
    .action((strategy: string, flags: { json?: boolean }) => run(ctx, { strategy, json: Boolean(flags.json) }));
}

export async function runStrategyShow(ctx: Context, options: StrategyShowOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const strategy = await getStrategy(db, user.id, options.strategy);
  if (options.json) printJsonDocument(ctx.io, strategyJson(strategy));
  else printLine(ctx.io, renderStrategyDetail(ctx.io, strategy, user.timezone));
}
