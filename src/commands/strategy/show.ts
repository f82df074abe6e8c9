import { Command } from "commander";
import type { Context } from "../../context.js";
import { getStrategy } from "../../domain/playbook.js";
import { printJson, printLine } from "../../io/render.js";
import { renderStrategyDetail } from "../../io/strategy-view.js";

export function strategyShowCommand(ctx: Context): Command {
  return new Command("show")
    .description("Show a strategy's rules and performance figures")
    .argument("<strategy>", "name or id")
    .option("--json", "print the strategy as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy show "Opening range"
  $ tradesense strategy show 3 --json | jq .performance_metrics`,
    )
    .action(async (nameOrId: string, options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const strategy = await getStrategy(db, user.id, nameOrId);
      if (options.json) printJson(ctx.io, strategy);
      else printLine(ctx.io, renderStrategyDetail(ctx.io, strategy, user.timezone));
    });
}
