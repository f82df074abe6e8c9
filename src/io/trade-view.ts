// How trades look: the columns of a trade table and the one-line summary of a trade.
import type { TradeRow } from "../db/schema.js";
import type { TradeTotals } from "../db/trades.js";
import { colorSigned, formatDateTime, type TableColumn, trimDecimal } from "./render.js";
import type { IOStreams } from "./streams.js";

export function tradeColumns(io: IOStreams, timeZone: string): TableColumn<TradeRow>[] {
  return [
    { header: "ID", value: (t) => String(t.id), align: "right" },
    { header: "Entry", value: (t) => formatDateTime(t.entry_date, timeZone) },
    { header: "Symbol", value: (t) => t.symbol },
    { header: "Side", value: (t) => t.side },
    { header: "Qty", value: (t) => trimDecimal(t.quantity), align: "right" },
    { header: "Entry price", value: (t) => trimDecimal(t.entry_price), align: "right" },
    { header: "Exit price", value: (t) => trimDecimal(t.exit_price), align: "right" },
    { header: "Exit", value: (t) => formatDateTime(t.exit_date, timeZone) },
    { header: "P&L", value: (t) => t.pnl ?? "", align: "right", style: (text) => colorSigned(io, text) },
    { header: "P&L %", value: (t) => t.pnl_percent ?? "", align: "right", style: (text) => colorSigned(io, text) },
    { header: "Status", value: (t) => t.status ?? "" },
  ];
}

export function renderTradeSummary(io: IOStreams, trade: TradeRow, timeZone: string): string {
  const head = `Trade ${trade.id}: ${trade.side} ${trimDecimal(trade.quantity)} ${trade.symbol} @ ${trimDecimal(trade.entry_price)} on ${formatDateTime(trade.entry_date, timeZone)}`;
  if (trade.status !== "closed") return `${head} (open)`;
  return `${head}, closed @ ${trimDecimal(trade.exit_price)} on ${formatDateTime(trade.exit_date, timeZone)}: P&L ${colorSigned(io, trade.pnl ?? "")} (${trade.pnl_percent}%)`;
}

export function renderTotals(io: IOStreams, totals: TradeTotals): string {
  const winRate = totals.closed > 0 ? ((totals.wins * 100) / totals.closed).toFixed(1) : "0.0";
  return `${totals.trades} trades (${totals.closed} closed: ${totals.wins} won, ${totals.losses} lost, win rate ${winRate}%), net P&L ${colorSigned(io, totals.netPnl)}`;
}
