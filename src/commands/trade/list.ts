import { Command, InvalidArgumentError } from "commander";
import type { Context } from "../../context.js";
import { listTrades, type TradeFilter, tradeTotals } from "../../db/trades.js";
import { parseUserDate } from "../../domain/dates.js";
import { parseSymbol } from "../../domain/trades.js";
import { UsageError } from "../../errors.js";
import { printJson, printLine, printTable } from "../../io/render.js";
import { renderTotals, tradeColumns } from "../../io/trade-view.js";

interface TradeListOptions {
  open?: boolean;
  closed?: boolean;
  symbol?: string;
  from?: string;
  to?: string;
  limit?: number;
  json?: boolean;
}

export function parseLimit(value: string): number {
  const limit = Number(value);
  if (!/^\d+$/.test(value) || limit < 1) throw new InvalidArgumentError("must be a whole number of at least 1.");
  return limit;
}

export function tradeListCommand(ctx: Context): Command {
  return new Command("list")
    .description("List trades, newest first, with a totals line")
    .option("--open", "only open trades")
    .option("--closed", "only closed trades")
    .option("--symbol <symbol>", "only this symbol")
    .option("--from <date>", "entered on or after this date (your time zone)")
    .option("--to <date>", "entered before this date (your time zone)")
    .option("--limit <n>", "at most this many rows", parseLimit)
    .option("--json", "print trades and totals as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade list --open
  $ tradesense trade list --symbol AAPL --from 2024-01-01 --to 2024-04-01
  $ tradesense trade list --closed --json | jq '.totals.netPnl'`,
    )
    .action(async (options: TradeListOptions) => {
      if (options.open && options.closed) throw new UsageError("--open and --closed cannot be used together");
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const filter: TradeFilter = {};
      if (options.open) filter.status = "open";
      if (options.closed) filter.status = "closed";
      if (options.symbol) filter.symbol = parseSymbol(options.symbol);
      if (options.from) filter.from = parseUserDate(options.from, user.timezone, "--from", ctx.now());
      if (options.to) filter.to = parseUserDate(options.to, user.timezone, "--to", ctx.now());
      if (options.limit) filter.limit = options.limit;
      const [trades, totals] = await Promise.all([listTrades(db, user.id, filter), tradeTotals(db, user.id, filter)]);
      if (options.json) {
        printJson(ctx.io, { trades, totals });
        return;
      }
      if (trades.length === 0) {
        printLine(ctx.io, "No trades match.");
        return;
      }
      printTable(ctx.io, tradeColumns(ctx.io, user.timezone), trades);
      if (ctx.io.stdoutIsTTY) printLine(ctx.io, renderTotals(ctx.io, totals));
    });
}
