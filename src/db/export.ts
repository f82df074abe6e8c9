// What `tradesense export` reads beyond the list queries: every journal link of a user's rows. (The tags and notes such
// an export carries come back on import through trade-annotations.ts#annotateImportedTrades.)
import type { Kysely, Transaction } from "kysely";
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
