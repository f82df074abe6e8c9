import { Command } from "commander";
import type { Context } from "../../context.js";
import { getTrade, removeTrade } from "../../domain/trade-operations.js";
import { DeclinedError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { renderTradeSummary, tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";
import { parseTradeId } from "./id.js";

export interface TradeDeleteOpts {
  id: number;
  yes: boolean;
  json: boolean;
}

export function tradeDeleteCommand(ctx: Context, run: RunFn<TradeDeleteOpts> = runTradeDelete): Command {
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
    .action((id: number, flags: { yes?: boolean; json?: boolean }) =>
      run(ctx, { id, yes: Boolean(flags.yes), json: Boolean(flags.json) }),
    );
}

export async function runTradeDelete(ctx: Context, opts: TradeDeleteOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  if (!opts.yes) {
    const trade = await getTrade(db, user.id, opts.id);
    const sure = await ctx.prompter.confirm({
      message: `Delete ${renderTradeSummary(ctx.io, trade, user.timezone)}?`,
      flag: "--yes",
    });
    if (!sure) throw new DeclinedError("Nothing deleted.");
  }
  const deleted = await removeTrade(db, user.id, opts.id, { now: ctx.now() });
  if (opts.json) printJsonDocument(ctx.io, tradeJson(deleted));
  else printLine(ctx.io, `Deleted trade ${deleted.id}.`);
}
