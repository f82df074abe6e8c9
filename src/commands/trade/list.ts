import { Command, InvalidArgumentError } from "commander";
import type { Context } from "../../context.js";
import {
  forEachTradePage,
  TRADE_SORT_KEYS,
  type TradeFilter,
  type TradeSortKey,
  tradeTotals,
} from "../../db/trades.js";
import { parseDateRange } from "../../domain/dates.js";
import { resolveStrategy } from "../../domain/trade-operations.js";
import { parseSymbol } from "../../domain/trades.js";
import { JSON_VERSION } from "../../io/json-output.js";
import { openOutput } from "../../io/pager.js";
import { jsonListWriter, printLine, tableWriter } from "../../io/render.js";
import { renderTotals, tradeColumns, tradeListJson, tradeTotalsJson } from "../../io/trade-view.js";
import { type RunFn, refuseTogether } from "../define.js";

interface TradeListFlags {
  open?: boolean;
  closed?: boolean;
  symbol?: string;
  strategy?: string;
  tag?: string;
  account?: string;
  sort?: TradeFilter["sort"];
  from?: string;
  to?: string;
  limit?: number;
  json?: boolean;
}

const MAX_LIMIT = 2_147_483_647;
const SCREEN_ROWS = 50;

export function parseLimit(value: string): number {
  const limit = Number(value);
  // LIMIT is a bigint: a larger number would fail in the database; past 2147483647 no journal has that many rows.
  if (!/^\d{1,10}$/.test(value) || limit < 1 || limit > MAX_LIMIT)
    throw new InvalidArgumentError(`must be a whole number from 1 to ${MAX_LIMIT}.`);
  return limit;
}

const DEFAULT_DIRECTION: Record<TradeSortKey, "asc" | "desc"> = {
  date: "desc",
  exit: "desc",
  symbol: "asc",
  pnl: "desc",
  "pnl-percent": "desc",
  r: "desc",
};

function parseSort(value: string): NonNullable<TradeFilter["sort"]> {
  const [key, direction, ...rest] = value.trim().toLowerCase().split(":");
  const known = TRADE_SORT_KEYS.find((k) => k === key);
  if (!known || rest.length > 0 || (direction !== undefined && direction !== "asc" && direction !== "desc")) {
    throw new InvalidArgumentError(`use one of ${TRADE_SORT_KEYS.join(", ")}, optionally followed by :asc or :desc.`);
  }
  return { key: known, direction: (direction as "asc" | "desc" | undefined) ?? DEFAULT_DIRECTION[known] };
}

/** What to list: the filter's values read and checked; dates stay text until the user's time zone is known. */
export interface TradeListOpts {
  status?: "open" | "closed";
  symbol?: string;
  /** A strategy's name or id, resolved in the journal. */
  strategy?: string;
  tag?: string;
  account?: string;
  from?: string;
  to?: string;
  limit?: number;
  sort?: TradeFilter["sort"];
  json: boolean;
}

export function tradeListCommand(ctx: Context, run: RunFn<TradeListOpts> = runTradeList): Command {
  return new Command("list")
    .description("List trades, newest first, with a totals line")
    .option("--open", "only open trades")
    .option("--closed", "only closed trades")
    .option("--symbol <symbol>", "only this symbol")
    .option("--strategy <name>", "only trades of this strategy (name or id)")
    .option("--tag <tag>", "only trades with this tag")
    .option("--account <id>", "only this broker account")
    .option("--from <date>", "entered on or after this date (your time zone)")
    .option("--to <date>", "entered before this date (your time zone)")
    .option("--limit <n>", "at most this many rows", parseLimit)
    .option(
      "--sort <key>",
      `order by ${TRADE_SORT_KEYS.join(", ")}, optionally :asc or :desc (default: date:desc)`,
      parseSort,
    )
    .option("--json", "print trades and totals as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade list --open
  $ tradesense trade list --symbol AAPL --from 2024-01-01 --to 2024-04-01
  $ tradesense trade list --strategy "Opening range" --tag gap --sort pnl
  $ tradesense trade list --closed --json | jq '.totals.netPnl'`,
    )
    .action((flags: TradeListFlags) => run(ctx, parseTradeList(flags)));
}

export function parseTradeList(flags: TradeListFlags): TradeListOpts {
  refuseTogether({ "--open": Boolean(flags.open), "--closed": Boolean(flags.closed) });
  return {
    status: flags.open ? "open" : flags.closed ? "closed" : undefined,
    symbol: flags.symbol ? parseSymbol(flags.symbol) : undefined,
    strategy: flags.strategy || undefined,
    tag: flags.tag ? flags.tag.trim().toLowerCase() : undefined,
    account: flags.account ? flags.account.trim() : undefined,
    from: flags.from,
    to: flags.to,
    limit: flags.limit,
    sort: flags.sort,
    json: Boolean(flags.json),
  };
}

export async function runTradeList(ctx: Context, options: TradeListOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const filter: TradeFilter = {};
  if (options.status) filter.status = options.status;
  if (options.symbol) filter.symbol = options.symbol;
  Object.assign(filter, parseDateRange(options, user.timezone, ctx.now()));
  if (options.strategy) filter.strategyId = (await resolveStrategy(db, user.id, options.strategy)).id;
  if (options.tag) filter.tag = options.tag;
  if (options.account) filter.accountId = options.account;
  if (options.sort) filter.sort = options.sort;
  if (options.limit) filter.limit = options.limit;
  // Totals first (one aggregate over the same filter), then the rows stream a page at a time.
  const totals = await tradeTotals(db, user.id, filter);
  if (totals.trades === 0 && !options.json) {
    printLine(ctx.io, "No trades match.");
    return;
  }
  // JSON is for programs: never through a pager, but still written no faster than the reader takes it.
  const output = openOutput(options.json ? { ...ctx.io, pageable: false } : ctx.io, ctx.env);
  try {
    let open = true;
    if (options.json) {
      const json = jsonListWriter("trades", { version: JSON_VERSION });
      await forEachTradePage(db, user.id, filter, async (rows) => {
        open = await output.write(json.page(rows.map(tradeListJson)));
        return open;
      });
      if (open) await output.write(json.end({ totals: tradeTotalsJson(totals) }));
      return;
    }
    const table = tableWriter(ctx.io, tradeColumns(ctx.io, user.timezone));
    let shown = 0;
    await forEachTradePage(db, user.id, filter, async (rows) => {
      // A terminal table costs about a millisecond a row to draw: a screenful at a time reaches the pager sooner.
      for (let start = 0; open && start < rows.length; start += SCREEN_ROWS) {
        const screen = rows.slice(start, start + SCREEN_ROWS);
        open = await output.write(table.page(screen));
        shown += screen.length;
      }
      return open;
    });
    if (open) await output.write(table.end());
    if (open && ctx.io.stdoutIsTTY) await output.write(`${renderTotals(ctx.io, totals, shown)}\n`);
  } finally {
    await output.close();
  }
}
