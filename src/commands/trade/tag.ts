import { Command } from "commander";
import type { Context } from "../../context.js";
import { tagTrade } from "../../domain/trade-operations.js";
import { UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";
import { parseTradeId } from "./id.js";

export interface TradeTagOpts {
  id: number;
  /** Comma-separated, as typed: at least one of add and remove is given. */
  add?: string;
  remove?: string;
  json: boolean;
}

export function tradeTagCommand(ctx: Context, run: RunFn<TradeTagOpts> = runTradeTag): Command {
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
    .action((id: number, flags: { add?: string; remove?: string; json?: boolean }) => {
      if (flags.add === undefined && flags.remove === undefined) throw new UsageError("give --add or --remove");
      return run(ctx, { id, add: flags.add, remove: flags.remove, json: Boolean(flags.json) });
    });
}

export async function runTradeTag(ctx: Context, opts: TradeTagOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const trade = await tagTrade(db, user.id, opts.id, { add: opts.add, remove: opts.remove });
  if (opts.json) printJsonDocument(ctx.io, tradeJson(trade));
  else printLine(ctx.io, `Trade ${trade.id} tags: ${trade.tags?.join(", ") ?? "(none)"}`);
}
