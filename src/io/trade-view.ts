// How trades look: the columns of a trade table, the one-line summary and the full view of a trade, and positions.
import type { TradeRow } from "../db/schema.js";
import type { LinkedJournalEntry, Position, TradeTotals } from "../db/trades.js";
import { rMultiple } from "../domain/trades.js";
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
    { header: "R", value: (t) => rMultiple(t) ?? "", align: "right", style: (text) => colorSigned(io, text) },
    { header: "Status", value: (t) => t.status ?? "" },
  ];
}

function contracts(trade: TradeRow): string {
  return trade.asset_type === "stock" || trade.asset_type === "etf"
    ? ""
    : ` ${trade.asset_type} x${trimDecimal(trade.multiplier)}`;
}

export function renderTradeSummary(io: IOStreams, trade: TradeRow, timeZone: string): string {
  const head = `Trade ${trade.id}: ${trade.side} ${trimDecimal(trade.quantity)} ${trade.symbol}${contracts(trade)} @ ${trimDecimal(trade.entry_price)} on ${formatDateTime(trade.entry_date, timeZone)}`;
  if (trade.status !== "closed") return `${head} (open)`;
  return `${head}, closed @ ${trimDecimal(trade.exit_price)} on ${formatDateTime(trade.exit_date, timeZone)}: P&L ${colorSigned(io, trade.pnl ?? "")} (${trade.pnl_percent}%)`;
}

/** The totals line: what it counts is every trade the filter matches, which a --limit may show fewer of. */
export function renderTotals(io: IOStreams, totals: TradeTotals, shown: number): string {
  const decided = totals.wins + totals.losses;
  const winRate = decided > 0 ? ((totals.wins * 100) / decided).toFixed(1) : "0.0";
  const counted = `${totals.trades} ${totals.trades === 1 ? "trade matches" : "trades match"}`;
  return `${counted}${shown < totals.trades ? `, ${shown} shown` : ""}; ${totals.closed} closed; ${totals.roundTrips} round trips flat: ${totals.wins} won, ${totals.losses} lost, win rate ${winRate}%; net P&L ${
    totals.netPnl !== null
      ? colorSigned(io, totals.netPnl)
      : Object.entries(totals.netPnlByCurrency ?? {})
          .map(([currency, net]) => `${colorSigned(io, net)} ${currency}`)
          .join(", ")
  }`;
}

/** `trade show`: one "Label: value" line per field that has a value, then the linked journal entries. */
export function renderTradeDetail(
  io: IOStreams,
  trade: TradeRow,
  details: { strategy: string | null; journal: LinkedJournalEntry[] },
  timeZone: string,
): string {
  const r = rMultiple(trade);
  const lines: [string, string | null | undefined][] = [
    ["Trade", String(trade.id)],
    ["Symbol", trade.symbol],
    ["Side", trade.side],
    [
      "Asset",
      trade.asset_type === "stock" ? "stock" : `${trade.asset_type} (multiplier ${trimDecimal(trade.multiplier)})`,
    ],
    ["Quantity", trimDecimal(trade.quantity)],
    ["Entry", `${trimDecimal(trade.entry_price)} on ${formatDateTime(trade.entry_date, timeZone)}`],
    [
      "Exit",
      trade.exit_price ? `${trimDecimal(trade.exit_price)} on ${formatDateTime(trade.exit_date, timeZone)}` : null,
    ],
    ["Status", trade.status],
    ["Commission", trade.commission],
    ["P&L", trade.pnl !== null ? `${colorSigned(io, trade.pnl)} (${trade.pnl_percent}%)` : null],
    ["Stop", trade.stop_price ? trimDecimal(trade.stop_price) : null],
    ["Initial risk", trade.initial_risk],
    ["R-multiple", r !== null ? `${colorSigned(io, r)}R` : null],
    ["Strategy", details.strategy],
    ["Tags", trade.tags?.join(", ")],
    ["Broker", trade.broker],
    ["Account", trade.account_id],
    ["Order id", trade.order_id],
    ["Notes", trade.notes],
  ];
  const width = Math.max(...lines.map(([label]) => label.length)) + 2;
  const out = lines
    .filter(([, value]) => value !== null && value !== undefined && value !== "")
    .map(([label, value]) => `${`${label}:`.padEnd(width)}${value}`);
  out.push("");
  if (details.journal.length === 0) out.push("No linked journal entries.");
  else {
    out.push(`Journal entries (${details.journal.length}):`);
    for (const entry of details.journal) {
      out.push(
        `  #${entry.id} ${formatDateTime(entry.created_at, timeZone)} ${entry.title}${entry.mood ? ` [${entry.mood}]` : ""}`,
      );
    }
  }
  return out.join("\n");
}

export const positionColumns: TableColumn<Position>[] = [
  { header: "Symbol", value: (p) => p.symbol },
  { header: "Account", value: (p) => p.account_id ?? "" },
  { header: "Side", value: (p) => p.side },
  { header: "Asset", value: (p) => p.asset_type },
  { header: "Trades", value: (p) => String(p.trades), align: "right" },
  { header: "Qty", value: (p) => trimDecimal(p.quantity), align: "right" },
  { header: "Avg entry", value: (p) => trimDecimal(p.average_entry), align: "right" },
  { header: "Cost", value: (p) => p.cost, align: "right" },
  { header: "Commission", value: (p) => p.commission, align: "right" },
];
