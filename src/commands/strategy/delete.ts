import { Command } from "commander";
import type { Context } from "../../context.js";
import { getStrategy, removeStrategy } from "../../domain/playbook.js";
import { DeclinedError } from "../../errors.js";
import { printJson, printLine } from "../../io/render.js";

export function strategyDeleteCommand(ctx: Context): Command {
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
    .action(async (nameOrId: string, options: { detach?: boolean; yes?: boolean; json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      if (!options.yes) {
        const strategy = await getStrategy(db, user.id, nameOrId);
        const sure = await ctx.prompter.confirm({ message: `Delete strategy '${strategy.name}'?`, flag: "--yes" });
        if (!sure) throw new DeclinedError("Nothing deleted.");
      }
      const result = await removeStrategy(db, user.id, nameOrId, { detach: Boolean(options.detach) });
      if (options.json) printJson(ctx.io, result);
      else
        printLine(
          ctx.io,
          `Deleted strategy ${result.strategy.id}: ${result.strategy.name}${result.detached > 0 ? ` (${result.detached} trade(s) detached)` : ""}`,
        );
    });
}
