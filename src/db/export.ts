// What `tradesense export` reads beyond the list queries (every journal link of a user's rows), and what `import csv`
// does with the tags and notes such an export carries.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface JournalLink {
  tradeId: number;
  journalEntryId: number;
}

/** Every link between the user's trades and journal entries, in (entry, trade) order. */
export async function listJournalLinks(db: Db, userId: number): Promise<JournalLink[]> {
  const rows = await db
    .selectFrom("trade_journal_links")
    .innerJoin("journal_entries", "journal_entries.id", "trade_journal_links.journal_entry_id")
    .select(["trade_journal_links.trade_id", "trade_journal_links.journal_entry_id"])
    .where("journal_entries.user_id", "=", userId)
    .orderBy("trade_journal_links.journal_entry_id")
    .orderBy("trade_journal_links.trade_id")
    .execute();
  return rows.map((r) => ({ tradeId: r.trade_id, journalEntryId: r.journal_entry_id }));
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
