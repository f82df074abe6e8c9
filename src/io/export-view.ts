// The declared JSON of `export ... --format json` (README "Backup, restore and export"): built here from the rows the
// export reads, so a migration never changes the document a user keeps (version 1).
import type { JournalEntry } from "../db/journal.js";
import type { StrategyRow } from "../db/schema.js";
import type { TradeListRow } from "../db/trades.js";
import { journalEntryJson } from "./journal-view.js";
import { isoTime } from "./json-output.js";

/** A trade in `export trades|all --format json`: camelCase, decimals as strings, times ISO-8601 UTC. */
export function exportedTradeJson(trade: TradeListRow, journalEntryIds: number[]) {
  return {
    id: trade.id,
    symbol: trade.symbol,
    side: trade.side,
    status: trade.status,
    quantity: trade.quantity,
    entryPrice: trade.entry_price,
    exitPrice: trade.exit_price,
    entryDate: isoTime(trade.entry_date),
    exitDate: isoTime(trade.exit_date),
    commission: trade.commission,
    assetType: trade.asset_type,
    multiplier: trade.multiplier,
    stopPrice: trade.stop_price,
    initialRisk: trade.initial_risk,
    pnl: trade.pnl,
    pnlPercent: trade.pnl_percent,
    strategy: trade.strategy_name,
    tags: trade.tags ?? [],
    notes: trade.notes,
    broker: trade.broker,
    accountId: trade.account_id,
    orderId: trade.order_id,
    journalEntryIds,
  };
}

/** A journal entry in `export journal|all --format json`, with the ids of its linked trades. */
export function exportedJournalJson(entry: JournalEntry, tradeIds: number[]) {
  return { ...journalEntryJson(entry), tradeIds };
}

/** A strategy in `export strategies|all --format json`: its rules as stored (their own camelCase shape). */
export function exportedStrategyJson(strategy: StrategyRow) {
  return {
    id: strategy.id,
    name: strategy.name,
    description: strategy.description,
    rules: strategy.rules,
    active: strategy.is_active !== false,
    performanceMetrics: strategy.performance_metrics,
    createdAt: isoTime(strategy.created_at),
  };
}
