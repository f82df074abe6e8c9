// What an export holds. Trades leave as fills in the generic import format (one opening fill and, when closed, one
// closing fill per trade), so `import csv` builds the same trades with the same P&L from them: rows are ordered by
// time, closing fills before opening ones at the same instant (Fill.rank), the order FIFO matching pairs them in.
// JSON carries everything (tags, notes, strategy, risk, links: src/io/export-view.ts); journal entries also go out as
// Markdown files.
import type { JournalEntry } from "../db/journal.js";
import type { TradeListRow } from "../db/trades.js";

export const EXPORT_KINDS = ["trades", "journal", "strategies", "all"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

/** The generic format's header names (README: "The generic CSV format"); Tags, Notes and Strategy are extra. */
export const FILL_HEADER = [
  "Date",
  "Symbol",
  "Side",
  "Quantity",
  "Price",
  "Commission",
  "Account",
  "Execution ID",
  "Asset Type",
  "Multiplier",
  "Tags",
  "Notes",
  "Strategy",
] as const;

export interface Fill {
  at: Date;
  /**
   * Order among fills at the same instant: closes of positions opened before it (0), then opens (1), then closes of
   * trades opened at that same instant (2), so a flip closes before it reopens and a trade opens before it closes.
   */
  rank: 0 | 1 | 2;
  tradeId: number;
  values: string[];
}

/**
 * A trade as fills. The trade's whole commission rides on its opening fill: paired one to one on import, the trade
 * gets the same total back. Execution ids name the trade, so importing the same export twice adds nothing.
 */
export function fillsOfTrade(trade: TradeListRow): Fill[] {
  // "short", not "sell": on import a plain sell of shares with nothing to close is left unmatched, never a short.
  const opening = trade.side === "long" ? "buy" : "short";
  const closing = trade.side === "long" ? "sell" : "buy";
  const row = (side: string, price: string, at: Date, commission: string, id: string) => [
    at.toISOString(),
    trade.symbol,
    side,
    trade.quantity,
    price,
    commission,
    trade.account_id ?? "",
    id,
    trade.asset_type,
    trade.multiplier,
    (trade.tags ?? []).join(";"),
    trade.notes ?? "",
    trade.strategy_name ?? "",
  ];
  const fills: Fill[] = [
    {
      at: trade.entry_date,
      rank: 1,
      tradeId: trade.id,
      values: row(opening, trade.entry_price, trade.entry_date, trade.commission ?? "0", `T${trade.id}-open`),
    },
  ];
  if (trade.status === "closed" && trade.exit_price !== null && trade.exit_date !== null) {
    fills.push({
      at: trade.exit_date,
      rank: trade.exit_date.getTime() === trade.entry_date.getTime() ? 2 : 0,
      tradeId: trade.id,
      values: row(closing, trade.exit_price, trade.exit_date, "0", `T${trade.id}-close`),
    });
  }
  return fills;
}

/** Every trade's fills in the order FIFO pairs them back (see Fill.rank). */
export function fillsOfTrades(trades: TradeListRow[]): string[][] {
  return trades
    .flatMap(fillsOfTrade)
    .sort((a, b) => a.at.getTime() - b.at.getTime() || a.rank - b.rank || a.tradeId - b.tradeId)
    .map((f) => f.values);
}

/**
 * A journal entry as a Markdown file with YAML front matter (strings written as JSON, which YAML reads as they are):
 * the shape notes apps (Obsidian, Logseq, ...) keep.
 */
export function journalMarkdown(entry: JournalEntry, tradeIds: number[]): string {
  const front = [
    `id: ${entry.id}`,
    `title: ${JSON.stringify(entry.title)}`,
    `date: ${entry.created_at.toISOString()}`,
    `mood: ${entry.mood === null ? "null" : JSON.stringify(entry.mood)}`,
    `confidence: ${entry.confidence ?? "null"}`,
    `tags: ${JSON.stringify(entry.tags ?? [])}`,
    `trades: ${JSON.stringify(tradeIds)}`,
    `archived: ${entry.is_archived === true}`,
  ];
  return `---\n${front.join("\n")}\n---\n\n${entry.content ?? ""}\n`;
}

/** 2024-03-01-opening-range-12.md: sorts by date, readable, unique by id. */
export function journalFileName(entry: JournalEntry): string {
  const slug = entry.title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return `${entry.created_at.toISOString().slice(0, 10)}-${slug || "entry"}-${entry.id}.md`;
}
