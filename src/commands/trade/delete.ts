import { Command } from "commander";
import type { Context } from "../../context.js";
import { getTrade, removeTrade } from "../../domain/trade-log.js";
import { DeclinedError } from "../../errors.js";
import { printJson, printLine } from "../../io/render.js";
import { renderTradeSummary } from "../../io/trade-view.js";
import { parseTradeId } from "./id.js";

export function tradeDeleteCommand(ctx: Context): Command {
  return new Command("delete")
    .description("Delete a trade (asks first in a terminal; --yes off one)")
    .argument("<id>", "the trade's id", parseTradeId)
    .option("-y, --yes", "delete without asking")
    .option("--json", "print the deleted trade as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade delete 42
  $ tradesense trade delete 42 --yes`,
    )
    .action(async (id: number, options: { yes?: boolean; json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      if (!options.yes) {
        const trade = await getTrade(db, user.id, id);
        const sure = await ctx.prompter.confirm({
          message: `Delete ${renderTradeSummary(ctx.io, trade, user.timezone)}?`,
          flag: "--yes",
        });
        if (!sure) throw new DeclinedError("Nothing deleted.");
      }
      const deleted = await removeTrade(db, user.id, id, { now: ctx.now() });
      if (options.json) printJson(ctx.io, deleted);
      else printLine(ctx.io, `Deleted trade ${deleted.id}.`);
    });
}
