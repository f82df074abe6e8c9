import { Command } from "commander";
import type { Context } from "../../context.js";
import { tagTrade } from "../../domain/trade-log.js";
import { UsageError } from "../../errors.js";
import { printJson, printLine } from "../../io/render.js";
import { parseTradeId } from "./id.js";

export function tradeTagCommand(ctx: Context): Command {
  return new Command("tag")
    .description("Add or remove tags on a trade")
    .argument("<id>", "the trade's id", parseTradeId)
    .option("--add <tags>", "comma-separated tags to add")
    .option("--remove <tags>", "comma-separated tags to remove")
    .option("--json", "print the trade as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade tag 42 --add breakout,a-setup
  $ tradesense trade tag 42 --remove a-setup`,
    )
    .action(async (id: number, options: { add?: string; remove?: string; json?: boolean }) => {
      if (options.add === undefined && options.remove === undefined) throw new UsageError("give --add or --remove");
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const trade = await tagTrade(db, user.id, id, { add: options.add, remove: options.remove });
      if (options.json) printJson(ctx.io, trade);
      else printLine(ctx.io, `Trade ${trade.id} tags: ${trade.tags?.join(", ") ?? "(none)"}`);
    });
}
