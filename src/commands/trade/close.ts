import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseDecimal } from "../../domain/decimal.js";
import { closeTrade } from "../../domain/trade-operations.js";
import { commissionRule, priceRule, quantityRule } from "../../domain/trades.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { renderTradeSummary, tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";
import { parseTradeId } from "./id.js";

export interface TradeCloseOpts {
  id: number;
  /** The exit price as typed (checked); the exit time stays text until the user's time zone is known. */
  price: string;
  date?: string;
  qty?: string;
  commission?: string;
  allowFuture: boolean;
  json: boolean;
}

interface TradeCloseFlags {
  price: string;
  date?: string;
  qty?: string;
  commission?: string;
  allowFuture?: boolean;
  json?: boolean;
}

export function tradeCloseCommand(ctx: Context, run: RunFn<TradeCloseOpts> = runTradeClose): Command {
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
    .action((id: number, flags: TradeCloseFlags) => run(ctx, parseTradeClose(id, flags)));
}

export function parseTradeClose(id: number, flags: TradeCloseFlags): TradeCloseOpts {
  parseDecimal(flags.price, priceRule);
  if (flags.qty !== undefined) parseDecimal(flags.qty, quantityRule);
  if (flags.commission !== undefined) parseDecimal(flags.commission, commissionRule);
  return {
    id,
    price: flags.price,
    date: flags.date,
    qty: flags.qty,
    commission: flags.commission,
    allowFuture: Boolean(flags.allowFuture),
    json: Boolean(flags.json),
  };
}

export async function runTradeClose(ctx: Context, opts: TradeCloseOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const result = await closeTrade(
    db,
    user.id,
    opts.id,
    { price: opts.price, date: opts.date, qty: opts.qty, commission: opts.commission, allowFuture: opts.allowFuture },
    { timeZone: user.timezone, now: ctx.now() },
  );
  if (opts.json) {
    printJsonDocument(ctx.io, {
      closed: tradeJson(result.closed),
      remainder: result.remainder ? tradeJson(result.remainder) : null,
    });
    return;
  }
  printLine(ctx.io, renderTradeSummary(ctx.io, result.closed, user.timezone));
  if (result.remainder) printLine(ctx.io, `Still open: ${renderTradeSummary(ctx.io, result.remainder, user.timezone)}`);
}
