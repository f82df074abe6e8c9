import { Command } from "commander";
import type { Context } from "../../context.js";
import { editTrade, getTrade, type TradeEdit } from "../../domain/trade-operations.js";
import { UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine, trimDecimal } from "../../io/render.js";
import { canPrompt } from "../../io/streams.js";
import { renderTradeSummary, tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";
import type { TradeAddOptions } from "./add.js";
import { parseTradeId } from "./id.js";

interface TradeEditOptions extends Omit<TradeAddOptions, "strategy" | "stop"> {
  reopen?: boolean;
  /** false: --no-stop. */
  stop?: string | false;
  /** false: --no-strategy. */
  strategy?: string | false;
}

export interface TradeEditOpts {
  id: number;
  /** The fields given (values as typed; the domain reads them): none given means asking in a terminal. */
  edit: TradeEdit;
  json: boolean;
}

export function tradeEditCommand(ctx: Context, run: RunFn<TradeEditOpts> = runTradeEdit): Command {
  return new Command("edit")
    .description("Change a trade's fields (P&L follows); in a terminal with no flags, asks for each main field")
    .argument("<id>", "the trade's id", parseTradeId)
    .option("--symbol <symbol>", "ticker or contract symbol")
    .option("--side <side>", "long or short")
    .option("--qty <quantity>", "quantity")
    .option("--price <price>", "entry price")
    .option("--date <date>", "entry time in your time zone")
    .option("--exit-price <price>", "exit price (closes an open trade)")
    .option("--exit-date <date>", "exit time in your time zone")
    .option("--allow-future", "take an entry or exit time after today")
    .option("--reopen", "clear the exit: the trade is open again")
    .option("--commission <amount>", "commission and fees")
    .option("--asset-type <type>", "stock, etf, option, future, forex, crypto or other")
    .option("--multiplier <n>", "contract multiplier")
    .option("--stop <price>", "stop price (the initial risk follows unless --risk is given)")
    .option("--no-stop", "clear the stop (and the initial risk, unless --risk is given)")
    .option("--risk <amount>", "initial risk in money")
    .option("--strategy <name>", "move the trade to this strategy")
    .option("--no-strategy", "detach the trade from its strategy")
    .option("--tags <tags>", "replace the tags (comma-separated)")
    .option("--notes <text>", "replace the notes")
    .option("--broker <name>", "broker name")
    .option("--account <id>", "broker account id")
    .option("--order-id <id>", "broker order id")
    .option("--currency <code>", "the trade's currency, ISO 4217 (EUR, JPY...)")
    .option("--json", "print the trade as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade edit 42 --exit-price 191.30 --exit-date "2024-03-04 15:55"
  $ tradesense trade edit 42 --stop 185 --notes "Moved stop to breakeven too early"
  $ tradesense trade edit 42            # in a terminal: asks for each field, current values as defaults`,
    )
    .action((id: number, options: TradeEditOptions) => run(ctx, parseTradeEdit(id, options)));
}

export function parseTradeEdit(id: number, options: TradeEditOptions): TradeEditOpts {
  const { json, strategy, stop, ...fields } = options;
  const edit: TradeEdit = { ...fields };
  if (stop === false) edit.clearStop = true;
  else if (stop !== undefined) edit.stop = stop;
  if (strategy === false) edit.strategy = null;
  else if (strategy !== undefined) edit.strategy = strategy;
  return { id, edit, json: Boolean(json) };
}

export async function runTradeEdit(ctx: Context, opts: TradeEditOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const nothingGiven = Object.values(opts.edit).every((v) => v === undefined);
  const edit = nothingGiven ? await askEdit(ctx, await getTrade(db, user.id, opts.id)) : opts.edit;
  const trade = await editTrade(db, user.id, opts.id, edit, { timeZone: user.timezone, now: ctx.now() });
  if (opts.json) printJsonDocument(ctx.io, tradeJson(trade));
  else printLine(ctx.io, renderTradeSummary(ctx.io, trade, user.timezone));
}

/** The main fields, asked one by one with the stored values as defaults; off a terminal, asks to give a flag. */
async function askEdit(ctx: Context, trade: Awaited<ReturnType<typeof getTrade>>): Promise<TradeEdit> {
  if (!canPrompt(ctx.io)) throw new UsageError("give at least one field to change, e.g. --exit-price");
  const ask = (message: string, flag: string, current: string | null) =>
    ctx.prompter.input({ message, flag, default: current ?? "" });
  const edit: TradeEdit = {
    symbol: await ask("Symbol", "--symbol", trade.symbol),
    side: await ask("Side", "--side", trade.side),
    qty: await ask("Quantity", "--qty", trimDecimal(trade.quantity)),
    price: await ask("Entry price", "--price", trimDecimal(trade.entry_price)),
  };
  const exit = (await ask("Exit price (empty: open)", "--exit-price", trimDecimal(trade.exit_price))).trim();
  if (exit === "") edit.reopen = trade.exit_price !== null;
  else edit.exitPrice = exit;
  edit.commission = await ask("Commission", "--commission", trade.commission);
  const stop = (await ask("Stop price (empty: none)", "--stop", trimDecimal(trade.stop_price))).trim();
  if (stop !== "") edit.stop = stop;
  else if (trade.stop_price !== null) edit.clearStop = true;
  edit.notes = await ask("Notes", "--notes", trade.notes);
  return edit;
}
