// Every query about journal entries and their links to trades. Each takes the Kysely instance or a transaction
// first: the caller owns the transaction. Every query filters by user_id: another user's entry is simply not there.
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import type { Database, TradeRow } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface JournalFields {
  title: string;
  content: string;
  mood: string | null;
  confidence: number | null;
  tags: string[] | null;
}

/** What a user may change on an entry; an absent key leaves the column alone, null clears it. */
export type JournalPatch = Partial<JournalFields>;

/** An entry as commands see it: every column but the search vector, which is PostgreSQL's business. */
export interface JournalEntry {
  id: number;
  title: string;
  content: string | null;
  mood: string | null;
  confidence: number | null;
  tags: string[] | null;
  is_archived: boolean | null;
  created_at: Date;
  updated_at: Date;
}

export type JournalListRow = JournalEntry & { trade_count: number };

export interface JournalSearchHit extends JournalEntry {
  rank: number;
  /** Title and snippet with each match between HIT_START and HIT_END. */
  title_highlight: string;
  snippet: string;
}

/** Markers ts_headline puts around matches; the render layer turns them into colour or **bold**. */
export const HIT_START = "\u0002";
export const HIT_END = "\u0003";

const entryColumns = [
  "journal_entries.id",
  "journal_entries.title",
  "journal_entries.content",
  "journal_entries.mood",
  "journal_entries.confidence",
  "journal_entries.tags",
  "journal_entries.is_archived",
  "journal_entries.created_at",
  "journal_entries.updated_at",
] as const;

export async function insertJournalEntry(
  db: Db,
  userId: number,
  fields: JournalFields,
  now: Date,
): Promise<JournalEntry> {
  return db
    .insertInto("journal_entries")
    .values({
      user_id: userId,
      title: fields.title,
      content: fields.content,
      mood: fields.mood,
      confidence: fields.confidence,
      tags: fields.tags,
      created_at: now,
      updated_at: now,
    })
    .returning(entryColumns)
    .executeTakeFirstOrThrow() as Promise<JournalEntry>;
}

export async function findJournalEntry(db: Db, userId: number, id: number): Promise<JournalEntry | undefined> {
  return db
    .selectFrom("journal_entries")
    .select(entryColumns)
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst() as Promise<JournalEntry | undefined>;
}

export async function updateJournalEntry(
  db: Db,
  userId: number,
  id: number,
  patch: JournalPatch & { is_archived?: boolean },
): Promise<JournalEntry | undefined> {
  return db
    .updateTable("journal_entries")
    .set(patch)
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .returning(entryColumns)
    .executeTakeFirst() as Promise<JournalEntry | undefined>;
}

/** Deletes an entry; its links go with it (ON DELETE CASCADE). Returns how many links there were, or undefined. */
export async function deleteJournalEntry(db: Db, userId: number, id: number): Promise<number | undefined> {
  const links = await db
    .selectFrom("trade_journal_links")
    .select(sql<number>`count(*)`.as("n"))
    .where("journal_entry_id", "=", id)
    .executeTakeFirstOrThrow();
  const deleted = await db
    .deleteFrom("journal_entries")
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1 ? Number(links.n) : undefined;
}

/** The daily note of one day: tagged `daily` and written within [start, end). */
export async function findDailyNote(
  db: Db,
  userId: number,
  tag: string,
  start: Date,
  end: Date,
): Promise<JournalEntry | undefined> {
  return db
    .selectFrom("journal_entries")
    .select(entryColumns)
    .where("user_id", "=", userId)
    .where("tags", "@>", sql<string[]>`array[${tag}]::text[]`)
    .where("created_at", ">=", start)
    .where("created_at", "<", end)
    .orderBy("id")
    .executeTakeFirst() as Promise<JournalEntry | undefined>;
}

export interface JournalFilter {
  from?: Date;
  to?: Date;
  mood?: string;
  tag?: string;
  tradeId?: number;
  /** Include archived entries. */
  archived?: boolean;
  limit?: number;
}

function matchesFilter(eb: ExpressionBuilder<Database, "journal_entries">, userId: number, filter: JournalFilter) {
  const conditions = [eb("journal_entries.user_id", "=", userId)];
  if (!filter.archived) conditions.push(eb("journal_entries.is_archived", "is not", true));
  if (filter.from) conditions.push(eb("journal_entries.created_at", ">=", filter.from));
  if (filter.to) conditions.push(eb("journal_entries.created_at", "<", filter.to));
  if (filter.mood) conditions.push(eb("journal_entries.mood", "=", filter.mood));
  if (filter.tag) conditions.push(eb("journal_entries.tags", "@>", sql<string[]>`array[${filter.tag}]::text[]`));
  if (filter.tradeId !== undefined) {
    conditions.push(
      eb.exists(
        eb
          .selectFrom("trade_journal_links")
          .select("trade_journal_links.trade_id")
          .whereRef("trade_journal_links.journal_entry_id", "=", "journal_entries.id")
          .where("trade_journal_links.trade_id", "=", filter.tradeId),
      ),
    );
  }
  return eb.and(conditions);
}

const tradeCount = sql<number>`(select count(*) from trade_journal_links l where l.journal_entry_id = journal_entries.id)`;

export async function listJournalEntries(
  db: Db,
  userId: number,
  filter: JournalFilter = {},
): Promise<JournalListRow[]> {
  let query = db
    .selectFrom("journal_entries")
    .select(entryColumns)
    .select(tradeCount.as("trade_count"))
    .where((eb) => matchesFilter(eb, userId, filter))
    .orderBy("journal_entries.created_at", "desc")
    .orderBy("journal_entries.id", "desc");
  if (filter.limit) query = query.limit(filter.limit);
  const rows = await query.execute();
  return rows.map((row) => ({ ...(row as JournalEntry), trade_count: Number(row.trade_count) }));
}

/**
 * Full text over title (weight A) and content (weight B) through the GIN index of migration 007. The query uses
 * web-search syntax ("quoted phrase", -word, or) with the same 'english' configuration as the stored vector, so
 * words are stemmed alike on both sides. Best rank first; ties newest first.
 */
export async function searchJournalEntries(
  db: Db,
  userId: number,
  query: string,
  filter: { archived?: boolean; limit?: number } = {},
): Promise<JournalSearchHit[]> {
  const tsquery = sql`websearch_to_tsquery('english', ${query})`;
  const options = `StartSel=${HIT_START}, StopSel=${HIT_END}, MaxWords=24, MinWords=10, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;
  let select = db
    .selectFrom("journal_entries")
    .select(entryColumns)
    .select([
      // ts_rank scores any query with a -word as ~0 for every row; querytree() keeps the positive part to rank by
      // (it is 'T' when nothing positive is left, e.g. a query of only -words: then all rank 0, newest first).
      sql<number>`coalesce(ts_rank(search_vector, nullif(querytree(${tsquery}), 'T')::tsquery), 0)`.as("rank"),
      sql<string>`ts_headline('english', title, ${tsquery}, ${`${options}, HighlightAll=true`})`.as("title_highlight"),
      sql<string>`ts_headline('english', coalesce(content, ''), ${tsquery}, ${options})`.as("snippet"),
    ])
    .where((eb) => matchesFilter(eb, userId, { archived: filter.archived ?? false }))
    .where(sql<boolean>`search_vector @@ ${tsquery}`)
    .orderBy("rank", "desc")
    .orderBy("journal_entries.created_at", "desc")
    .orderBy("journal_entries.id", "desc");
  if (filter.limit) select = select.limit(filter.limit);
  const rows = await select.execute();
  return rows.map((row) => ({ ...(row as JournalEntry & typeof row), rank: Number(row.rank) }));
}

/** The ids among `tradeIds` that are this user's trades. */
export async function findOwnedTradeIds(db: Db, userId: number, tradeIds: number[]): Promise<Set<number>> {
  if (tradeIds.length === 0) return new Set();
  const rows = await db
    .selectFrom("trades")
    .select("id")
    .where("user_id", "=", userId)
    .where("id", "in", tradeIds)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** Links an entry to trades; a link that exists already is kept as it is. Returns how many links are new. */
export async function linkTrades(db: Db, entryId: number, tradeIds: number[]): Promise<number> {
  if (tradeIds.length === 0) return 0;
  const inserted = await db
    .insertInto("trade_journal_links")
    .values(tradeIds.map((tradeId) => ({ trade_id: tradeId, journal_entry_id: entryId })))
    .onConflict((oc) => oc.columns(["trade_id", "journal_entry_id"]).doNothing())
    .returning("trade_id")
    .execute();
  return inserted.length;
}

/** Removes links; returns the trade ids that were linked. */
export async function unlinkTrades(db: Db, entryId: number, tradeIds: number[]): Promise<number[]> {
  if (tradeIds.length === 0) return [];
  const removed = await db
    .deleteFrom("trade_journal_links")
    .where("journal_entry_id", "=", entryId)
    .where("trade_id", "in", tradeIds)
    .returning("trade_id")
    .execute();
  return removed.map((r) => r.trade_id);
}

/** The trades linked to an entry, by entry time (the entry itself was checked to be the user's). */
export async function findLinkedTrades(db: Db, userId: number, entryId: number): Promise<TradeRow[]> {
  return db
    .selectFrom("trades")
    .innerJoin("trade_journal_links", "trade_journal_links.trade_id", "trades.id")
    .selectAll("trades")
    .where("trades.user_id", "=", userId)
    .where("trade_journal_links.journal_entry_id", "=", entryId)
    .orderBy("trades.entry_date")
    .orderBy("trades.id")
    .execute();
}
