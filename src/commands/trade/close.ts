import { Command } from "commander";
import type { Context } from "../../context.js";
import { closeTrade } from "../../domain/trade-log.js";
import { printJson, printLine } from "../../io/render.js";
import { renderTradeSummary } from "../../io/trade-view.js";
import { parseTradeId } from "./id.js";

interface TradeCloseOptions {
  price: string;
  date?: string;
  qty?: string;
  commission?: string;
  allowFuture?: boolean;
  json?: boolean;
}

export function tradeCloseCommand(ctx: Context): Command {
  return new Command("close")
    .description("Close an open trade, or part of it with --qty (the rest stays open as its own trade)")
    .argument("<id>", "the trade's id (see `tradesense trade list --open`)", parseTradeId)
    .requiredOption("--price <price>", "exit price, up to 4 decimals")
    .option("--date <date>", "exit time in your time zone (default: now)")
    .option("--allow-future", "take an exit time after today")
    .option("--qty <quantity>", "close only this much; the remainder stays open")
    .option("--commission <amount>", "commission paid on the exit (added to the closed part)")
    .option("--json", "print the closed trade and the open remainder as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade close 42 --price 191.30
  $ tradesense trade close 42 --price 191.30 --qty 40 --commission 1 --date "2024-03-04 15:55"

A partial close keeps id 42 for the closed part and opens a new trade for the rest. The entry commission is
shared by quantity to the cent; the closing commission goes to the closed part.`,
    )
    .action(async (id: number, options: TradeCloseOptions) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const result = await closeTrade(
        db,
        user.id,
        id,
        {
          price: options.price,
          date: options.date,
          qty: options.qty,
          commission: options.commission,
          allowFuture: options.allowFuture,
        },
        { timeZone: user.timezone, now: ctx.now() },
      );
      if (options.json) {
        printJson(ctx.io, result);
        return;
      }
      printLine(ctx.io, renderTradeSummary(ctx.io, result.closed, user.timezone));
      if (result.remainder)
        printLine(ctx.io, `Still open: ${renderTradeSummary(ctx.io, result.remainder, user.timezone)}`);
    });
}
