import { Command } from "commander";
import type { Context } from "../../context.js";
import { getStrategy, removeStrategy } from "../../domain/strategy-operations.js";
import { DeclinedError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { strategyJson } from "../../io/strategy-view.js";
import type { RunFn } from "../define.js";

export interface StrategyDeleteOpts {
  strategy: string;
  detach: boolean;
  yes: boolean;
  json: boolean;
}

export function strategyDeleteCommand(ctx: Context, run: RunFn<StrategyDeleteOpts> = runStrategyDelete): Command {
  return new Command("delete")
    .description("Delete a strategy (refused while trades use it, unless --detach)")
    .argument("<strategy>", "name or id")
    .option("--detach", "keep its trades, without a strategy")
    .option("-y, --yes", "delete without asking")
    .option("--json", "print what was deleted as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy delete "Old idea" --yes
  $ tradesense strategy delete "Opening range" --detach --yes`,
    )
    .action((strategy: string, flags: { detach?: boolean; yes?: boolean; json?: boolean }) =>
      run(ctx, { strategy, detach: Boolean(flags.detach), yes: Boolean(flags.yes), json: Boolean(flags.json) }),
    );
}

export async function runStrategyDelete(ctx: Context, options: StrategyDeleteOpts): Promise<void> {
  const nameOrId = options.strategy;
  const user = await ctx.currentUser();
  const db = await ctx.database();
  if (!options.yes) {
    const strategy = await getStrategy(db, user.id, nameOrId);
    const sure = await ctx.prompter.confirm({ message: `Delete strategy '${strategy.name}'?`, flag: "--yes" });
    if (!sure) throw new DeclinedError("Nothing deleted.");
  }
  const result = await removeStrategy(db, user.id, nameOrId, { detach: Boolean(options.detach) });
  if (options.json) printJsonDocument(ctx.io, { strategy: strategyJson(result.strategy), detached: result.detached });
  else
    printLine(
      ctx.io,
      `Deleted strategy ${result.strategy.id}: ${result.strategy.name}${result.detached > 0 ? ` (${result.detached} trade(s) detached)` : ""}`,
    );
}
