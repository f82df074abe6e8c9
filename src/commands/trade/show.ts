import { Command } from "commander";
import type { Context } from "../../context.js";
import { findStrategyById } from "../../db/strategies.js";
import { listLinkedJournalEntries } from "../../db/trades.js";
import { getTrade } from "../../domain/trade-operations.js";
import { rMultiple } from "../../domain/trades.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { linkedJournalEntryJson, renderTradeDetail, tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";
import { parseTradeId } from "./id.js";

export interface TradeShowOpts {
  id: number;
  json: boolean;
}

export function tradeShowCommand(ctx: Context, run: RunFn<TradeShowOpts> = runTradeShow): Command {
  return new Command("show")
    .description("Show one trade in full: P&L, R-multiple, strategy and linked journal entries")
    .argument("<id>", "the trade's id", parseTradeId)
    .option("--json", "print the trade, its R-multiple and journal entries as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense trade show 42
  $ tradesense trade show 42 --json | jq .rMultiple`,
    )
    .action((id: number, flags: { json?: boolean }) => run(ctx, { id, json: Boolean(flags.json) }));
}

export async function runTradeShow(ctx: Context, opts: TradeShowOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const trade = await getTrade(db, user.id, opts.id);
  const [strategy, journal] = await Promise.all([
    trade.strategy_id !== null ? findStrategyById(db, user.id, trade.strategy_id) : undefined,
    listLinkedJournalEntries(db, user.id, trade.id),
  ]);
  if (opts.json) {
    printJsonDocument(ctx.io, {
      trade: tradeJson(trade),
      strategy: strategy?.name ?? null,
      rMultiple: rMultiple(trade),
      journalEntries: journal.map(linkedJournalEntryJson),
    });
    return;
  }
  printLine(ctx.io, renderTradeDetail(ctx.io, trade, { strategy: strategy?.name ?? null, journal }, user.timezone));
}
