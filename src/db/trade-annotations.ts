// What the user attached to trades (tags, notes, a strategy, a risk, journal links): read before an import's rebuild
// removes a row, moved onto the row that takes its place, and taken from an export's Tags and Notes on import.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** What the user attached to a trade: kept through rebuilds, moved or reported when its row must go. */
export interface TradeAnnotations {
  tradeId: number;
  symbol: string;
  tags: string[] | null;
  notes: string | null;
  strategyId: number | null;
  journalEntryIds: number[];
}

/** The annotations of those of `tradeIds` that carry any (tags, notes, a strategy, a risk, or journal links). */
export async function annotationsOf(db: Db, tradeIds: number[]): Promise<TradeAnnotations[]> {
  if (tradeIds.length === 0) return [];
  const result = await sql<{
    id: number;
    symbol: string;
    tags: string[] | null;
    notes: string | null;
    strategy_id: number | null;
    journal: number[] | null;
  }>`
    select t.id, t.symbol, t.tags, t.notes, t.strategy_id,
           (select array_agg(l.journal_entry_id order by l.journal_entry_id) from trade_journal_links l
            where l.trade_id = t.id) as journal
    from trades t
    where t.id in (${sql.join(tradeIds)})
      and (cardinality(t.tags) > 0 or t.notes is not null or t.strategy_id is not null or t.stop_price is not null
           or t.initial_risk is not null or exists (select 1 from trade_journal_links l where l.trade_id = t.id))
    order by t.id`.execute(db);
  return result.rows.map((r) => ({
    tradeId: r.id,
    symbol: r.symbol,
    tags: r.tags,
    notes: r.notes,
    strategyId: r.strategy_id,
    journalEntryIds: r.journal ?? [],
  }));
}

/**
 * Moves what the user attached to trade `from` onto trade `to` (the row that now holds the same opening fill): tags
 * are merged, notes appended, journal links re-pointed; a strategy or risk is taken only where `to` has none.
 */
export async function moveAnnotations(db: Db, from: number, to: number) {
  await sql`
    update trades t set
      tags = (select array_agg(distinct tag order by tag) from unnest(coalesce(t.tags, '{}') || coalesce(f.tags, '{}')) tag),
      notes = case when t.notes is null then f.notes when f.notes is null then t.notes
                   else t.notes || E'\n\n' || f.notes end,
      strategy_id = coalesce(t.strategy_id, f.strategy_id),
      stop_price = coalesce(t.stop_price, f.stop_price),
      initial_risk = coalesce(t.initial_risk, f.initial_risk)
    from trades f
    where t.id = ${to} and f.id = ${from}`.execute(db);
  await sql`
    insert into trade_journal_links (trade_id, journal_entry_id, created_at)
    select ${to}::int, journal_entry_id, created_at from trade_journal_links where trade_id = ${from}
    on conflict do nothing`.execute(db);
}

/**
 * Tags and notes that came with an import's fills (the generic format's Tags and Notes columns, kept in
 * executions.details) go to the trades those fills open, where the trade has none of its own yet: how an export's
 * tags and notes come back.
 */
export async function annotateImportedTrades(db: Db, userId: number, importId: number): Promise<void> {
  // Broker files carry neither column: a large import pays one probe, not an update over all its trades.
  const annotated = await sql<{ found: boolean }>`
    select exists (select 1 from executions where import_id = ${importId} and (details ? 'tags' or details ? 'notes'))
      as found`.execute(db);
  if (!annotated.rows[0]?.found) return;
  await sql`
    update trades t
    set tags = coalesce(t.tags, string_to_array(e.details->>'tags', ';')),
        notes = coalesce(t.notes, e.details->>'notes')
    from executions e
    where e.id = t.open_execution_id and e.import_id = ${importId} and t.user_id = ${userId}
      and (e.details ? 'tags' or e.details ? 'notes')`.execute(db);
}
