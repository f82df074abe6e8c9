import { Command } from "commander";
import type { Kysely } from "kysely";
import type { Context } from "../../context.js";
import type { Database } from "../../db/schema.js";
import { listStrategies } from "../../db/strategies.js";
import { parseDecimal } from "../../domain/decimal.js";
import { addTrade } from "../../domain/trade-operations.js";
import {
  checkTradeValues,
  parseAssetType,
  parseSymbol,
  parseTradeDate,
  priceRule,
  quantityRule,
  type RawTradeInput,
} from "../../domain/trades.js";
import { parsedAs, UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { checkedBy, listOf } from "../../io/prompter.js";
import { printLine } from "../../io/render.js";
import { canPrompt } from "../../io/streams.js";
import { renderTradeSummary, tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";
import { askTime } from "./ask-time.js";

export interface TradeAddOptions {
  symbol?: string;
  side?: string;
  qty?: string;
  price?: string;
  date?: string;
  exitPrice?: string;
  exitDate?: string;
  commission?: string;
  assetType?: string;
  multiplier?: string;
  stop?: string;
  risk?: string;
  strategy?: string;
  tags?: string;
  notes?: string;
  broker?: string;
  account?: string;
  orderId?: string;
  currency?: string;
  allowFuture?: boolean;
  json?: boolean;
}

export function tradeAddCommand(ctx: Context, run: RunFn<TradeAddOptions> = runTradeAdd): Command {
  return new Command("add")
    .description("Log a trade (open, or finished with --exit-price)")
    .option("--symbol <symbol>", "ticker or contract symbol (stored upper-case)")
    .option("--side <side>", "long or short (buy/b and sell/s/short also work)")
    .option("--qty <quantity>", "quantity, up to 10 decimals (fractional shares)")
    .option("--price <price>", "entry price, up to 10 decimals")
    .option("--date <date>", "entry time in your time zone: YYYY-MM-DD, 'YYYY-MM-DD HH:MM', ISO 8601 (default: now)")
    .option("--exit-price <price>", "exit price: logs a closed trade")
    .option("--exit-date <date>", "exit time (default: the entry date when --date is given, else now)")
    .option("--allow-future", "take an entry or exit time after today (refused by default as a likely typo)")
    .option("--commission <amount>", "commission and fees, up to 2 decimals (default: 0)")
    .option("--asset-type <type>", "stock (default), etf, option, future, forex, crypto or other")
    .option("--multiplier <n>", "contract multiplier (default: 100 for options, else 1; a future's point value)")
    .option("--stop <price>", "stop price: sets the initial risk unless --risk is given")
    .option("--risk <amount>", "initial risk in money, for the R-multiple")
    .option("--strategy <name>", "the strategy (playbook) this trade follows")
    .option("--tags <tags>", "comma-separated tags")
    .option("--notes <text>", "free-text notes")
    .option("--broker <name>", "broker name")
    .option("--account <id>", "broker account id")
    .option("--order-id <id>", "broker order id")
    .option(
      "--currency <code>",
      "the trade's currency, ISO 4217 (EUR, JPY...; default: none, read as the journal's own)",
    )
    .option("--json", "print the new trade as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade add --symbol AAPL --side long --qty 100 --price 187.20
  $ tradesense trade add --symbol TSLA --side short --qty 10 --price 250 --exit-price 240 --commission 1.30 \\
      --date "2024-03-01 09:45" --exit-date "2024-03-01 11:10" --tags momentum,gap
  $ tradesense trade add --symbol SPY240315C510 --asset-type option --side long --qty 2 --price 3.10 --stop 1.50
  $ tradesense trade add --symbol ES --asset-type future --multiplier 50 --side short --qty 1 --price 5120.25
  $ tradesense trade add            # in a terminal: asks for each missing field`,
    )
    .action((options: TradeAddOptions) => run(ctx, parseTradeAdd(options)));
}

/** Every value given is read and checked now (the first bad one names its flag); times wait for the time zone. */
export function parseTradeAdd(options: TradeAddOptions): TradeAddOptions {
  checkTradeValues(options);
  return { ...options };
}

export async function runTradeAdd(ctx: Context, options: TradeAddOptions): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const raw = await completeTradeInput(ctx, options, user.timezone);
  const strategy = options.strategy ?? (await askStrategy(ctx, db, user.id));
  const trade = await addTrade(db, user.id, raw, {
    timeZone: user.timezone,
    now: ctx.now(),
    strategy,
  });
  if (options.json) printJsonDocument(ctx.io, tradeJson(trade));
  else printLine(ctx.io, renderTradeSummary(ctx.io, trade, user.timezone));
}

/** The fields a new trade cannot do without, with the flag that gives each. */
const REQUIRED = [
  ["symbol", "--symbol"],
  ["side", "--side"],
  ["qty", "--qty"],
  ["price", "--price"],
] as const;

/**
 * Fills in required fields: from flags, or from prompts in a terminal, each answer checked as it is typed and asked
 * again when wrong; off a terminal every missing flag is named in one error, not one per run.
 */
async function completeTradeInput(ctx: Context, options: TradeAddOptions, timeZone: string): Promise<RawTradeInput> {
  if (!canPrompt(ctx.io)) {
    const missing = REQUIRED.filter(([key]) => options[key] === undefined).map(([, flag]) => flag);
    if (missing.length > 0)
      throw new UsageError(
        `${listOf(missing)} ${missing.length > 1 ? "are" : "is"} required when not running in a terminal`,
      );
  }
  const assetType = options.assetType !== undefined ? parseAssetType(options.assetType) : undefined;
  const ask = async (value: string | undefined, flag: string, message: string, parse: (text: string) => unknown) =>
    value ?? ctx.prompter.input({ message, flag, validate: checkedBy(parse, flag) });
  const symbol = await ask(options.symbol, "--symbol", "Symbol", (text) => parseSymbol(text, assetType));
  const side =
    options.side ??
    (await ctx.prompter.select({
      message: "Side",
      flag: "--side",
      choices: [
        { name: "long", value: "long" },
        { name: "short", value: "short" },
      ],
    }));
  const qty = await ask(options.qty, "--qty", "Quantity", (text) => parseDecimal(text, quantityRule));
  const price = await ask(options.price, "--price", "Entry price", (text) => parseDecimal(text, priceRule));
  const dateRule = (text: string) =>
    parsedAs({ date: "--date", allowFuture: "--allow-future" }, () =>
      parseTradeDate(text, "date", options, timeZone, ctx.now()),
    );
  const date =
    options.date ??
    (canPrompt(ctx.io)
      ? await askTime(ctx, { message: `Entry time (${timeZone})`, flag: "--date", default: "now" }, dateRule)
      : undefined);
  return {
    symbol,
    side,
    qty,
    price,
    date,
    exitPrice: options.exitPrice,
    exitDate: options.exitDate,
    commission: options.commission,
    assetType: options.assetType,
    multiplier: options.multiplier,
    stop: options.stop,
    risk: options.risk,
    tags: options.tags,
    notes: options.notes,
    broker: options.broker,
    account: options.account,
    orderId: options.orderId,
    currency: options.currency,
    allowFuture: options.allowFuture,
  };
}

/** In a terminal, offers the user's active strategies (when there are any); never asks off one. */
async function askStrategy(ctx: Context, db: Kysely<Database>, userId: number): Promise<string | undefined> {
  if (!canPrompt(ctx.io)) return undefined;
  const strategies = await listStrategies(db, userId, { activeOnly: true });
  if (strategies.length === 0) return undefined;
  const NONE = "\u0000none";
  const chosen = await ctx.prompter.select({
    message: "Strategy",
    flag: "--strategy",
    choices: [{ name: "(none)", value: NONE }, ...strategies.map((s) => ({ name: s.name, value: s.name }))],
  });
  return chosen === NONE ? undefined : chosen;
}
