// How trades look: the columns of a trade table, the one-line summary and the full view of a trade, and positions.
import type { TradeRow } from "../db/schema.js";
import type { LinkedJournalEntry, Position, TradeListRow, TradeTotals } from "../db/trades.js";
import { rMultiple } from "../domain/trades.js";
import { isoTime } from "./json-output.js";
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

/**
 * A trade in every command's --json (declared: README "JSON output"). Money, prices, quantities and percentages are
 * exact decimal strings as stored; times are ISO-8601 UTC strings. The journal's internal keys (user, import key,
 * the fills a trade was built from) are not part of it.
 */
export interface TradeJson {
  id: number;
  symbol: string;
  side: "long" | "short";
  assetType: string;
  quantity: string;
  entryPrice: string;
  entryDate: string;
  exitPrice: string | null;
  exitDate: string | null;
  status: "open" | "closed";
  commission: string;
  multiplier: string;
  /** The trade's currency (ISO 4217) where a file gave one; null: the journal's own. */
  currency: string | null;
  pnl: string | null;
  pnlPercent: string | null;
  stopPrice: string | null;
  initialRisk: string | null;
  strategyId: number | null;
  tags: string[];
  notes: string | null;
  broker: string | null;
  accountId: string | null;
  orderId: string | null;
  /** Trades of one position from flat to flat share it (imports); null for a trade logged by hand. */
  roundTripId: number | null;
  createdAt: string | null;
  updatedAt: string | null;
}

export function tradeJson(trade: TradeRow): TradeJson {
  return {
    id: trade.id,
    symbol: trade.symbol,
    side: trade.side,
    assetType: trade.asset_type,
    quantity: trade.quantity,
    entryPrice: trade.entry_price,
    entryDate: isoTime(trade.entry_date) as string,
    exitPrice: trade.exit_price,
    exitDate: isoTime(trade.exit_date),
    status: trade.status ?? (trade.exit_price !== null ? "closed" : "open"),
    commission: trade.commission ?? "0.00",
    multiplier: trade.multiplier,
    currency: trade.currency,
    pnl: trade.pnl,
    pnlPercent: trade.pnl_percent,
    stopPrice: trade.stop_price,
    initialRisk: trade.initial_risk,
    strategyId: trade.strategy_id,
    tags: trade.tags ?? [],
    notes: trade.notes,
    broker: trade.broker,
    accountId: trade.account_id,
    orderId: trade.order_id,
    roundTripId: trade.round_trip_id,
    createdAt: isoTime(trade.created_at),
    updatedAt: isoTime(trade.updated_at),
  };
}

/** A trade in `trade list --json`: a trade with its strategy's name. */
export interface TradeListJson extends TradeJson {
  strategyName: string | null;
}

export function tradeListJson(row: TradeListRow): TradeListJson {
  return { ...tradeJson(row), strategyName: row.strategy_name };
}

/** `trade list --json`'s totals: counts as numbers, net P&L as an exact string (per currency when mixed). */
export interface TradeTotalsJson {
  trades: number;
  closed: number;
  roundTrips: number;
  wins: number;
  losses: number;
  /** null when the trades are in more than one currency: then netPnlByCurrency has one sum per currency. */
  netPnl: string | null;
  netPnlByCurrency: Record<string, string> | null;
}

export function tradeTotalsJson(totals: TradeTotals): TradeTotalsJson {
  return {
    trades: totals.trades,
    closed: totals.closed,
    roundTrips: totals.roundTrips,
    wins: totals.wins,
    losses: totals.losses,
    netPnl: totals.netPnl,
    netPnlByCurrency: totals.netPnlByCurrency ?? null,
  };
}

/** A journal entry linked to a trade, in `trade show --json`. */
export interface LinkedJournalEntryJson {
  id: number;
  title: string;
  mood: string | null;
  createdAt: string | null;
}

export function linkedJournalEntryJson(entry: LinkedJournalEntry): LinkedJournalEntryJson {
  return { id: entry.id, title: entry.title, mood: entry.mood, createdAt: isoTime(entry.created_at) };
}
