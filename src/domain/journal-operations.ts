// The journal's operations: check ownership, write in one transaction, so a bad trade id or a missing entry leaves
// nothing half-written.
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import {
  deleteJournalEntry,
  findDailyNote,
  findJournalEntry,
  findLinkedTrades,
  findOwnedTradeIds,
  insertJournalEntry,
  type JournalEntry,
  linkTrades,
  unlinkTrades,
  updateJournalEntry,
} from "../db/journal.js";
import type { Database, TradeRow } from "../db/schema.js";
import { NotFoundError } from "../errors.js";
import { DAILY_TAG, dayInZone, type JournalFields, type JournalPatch } from "./journal.js";

type Trx = Transaction<Database>;

/** One audit row for a change to journal entry `id`, in the transaction that made it. */
function auditEntry(
  trx: Trx,
  userId: number,
  action: string,
  id: number,
  requestData?: unknown,
  responseData?: unknown,
) {
  return recordAudit(trx, { userId, action, resourceType: "journal_entry", resourceId: id, requestData, responseData });
}

function entryNotFound(id: number): NotFoundError {
  return new NotFoundError(`journal entry ${id} not found`);
}

/** Every trade must be the user's: another user's trade answers "not found" exactly like a missing one. */
async function requireOwnTrades(trx: Trx, userId: number, tradeIds: number[]): Promise<void> {
  const owned = await findOwnedTradeIds(trx, userId, tradeIds);
  const missing = tradeIds.find((id) => !owned.has(id));
  if (missing !== undefined) throw new NotFoundError(`trade ${missing} not found`);
}

async function requireEntry(trx: Trx, userId: number, id: number): Promise<JournalEntry> {
  const entry = await findJournalEntry(trx, userId, id);
  if (!entry) throw entryNotFound(id);
  return entry;
}

export async function writeEntry(
  db: Kysely<Database>,
  userId: number,
  fields: JournalFields,
  tradeIds: number[],
  now: Date,
): Promise<JournalEntry> {
  return db.transaction().execute(async (trx) => {
    await requireOwnTrades(trx, userId, tradeIds);
    const entry = await insertJournalEntry(trx, userId, fields, now);
    await linkTrades(trx, entry.id, tradeIds);
    await auditEntry(trx, userId, "journal.create", entry.id, { title: fields.title, tags: fields.tags, tradeIds });
    return entry;
  });
}

export async function editEntry(
  db: Kysely<Database>,
  userId: number,
  id: number,
  patch: JournalPatch,
  tradeIds: number[] = [],
): Promise<JournalEntry> {
  return db.transaction().execute(async (trx) => {
    await requireEntry(trx, userId, id);
    await requireOwnTrades(trx, userId, tradeIds);
    const linked = await linkTrades(trx, id, tradeIds);
    const changed = Object.keys(patch);
    let updated: JournalEntry | undefined;
    if (changed.length === 0) updated = await requireEntry(trx, userId, id);
    else updated = await updateJournalEntry(trx, userId, id, patch);
    if (!updated) throw entryNotFound(id);
    if (changed.length > 0 || linked > 0) {
      await auditEntry(trx, userId, "journal.update", id, { fields: changed, tradeIds });
    }
    return updated;
  });
}

/** Today's daily note in the user's time zone, if it was written. */
export async function findTodaysDailyNote(
  db: Kysely<Database>,
  userId: number,
  timeZone: string,
  now: Date,
): Promise<JournalEntry | undefined> {
  const day = dayInZone(now, timeZone);
  return findDailyNote(db, userId, DAILY_TAG, day.start, day.end);
}

export async function showEntry(
  db: Kysely<Database>,
  userId: number,
  id: number,
): Promise<{ entry: JournalEntry; trades: TradeRow[] }> {
  const entry = await findJournalEntry(db, userId, id);
  if (!entry) throw entryNotFound(id);
  return { entry, trades: await findLinkedTrades(db, userId, id) };
}

/** Links trades to an entry; returns how many links are new (linking twice is harmless). */
export async function linkEntry(db: Kysely<Database>, userId: number, id: number, tradeIds: number[]): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await requireEntry(trx, userId, id);
    await requireOwnTrades(trx, userId, tradeIds);
    const added = await linkTrades(trx, id, tradeIds);
    if (added > 0) await auditEntry(trx, userId, "journal.link", id, { tradeIds }, { added });
    return added;
  });
}

export async function unlinkEntry(db: Kysely<Database>, userId: number, id: number, tradeIds: number[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await requireEntry(trx, userId, id);
    await requireOwnTrades(trx, userId, tradeIds);
    const removed = new Set(await unlinkTrades(trx, id, tradeIds));
    const notLinked = tradeIds.find((tradeId) => !removed.has(tradeId));
    // Throwing rolls back the links removed so far: all of them go, or none.
    if (notLinked !== undefined) throw new NotFoundError(`trade ${notLinked} is not linked to journal entry ${id}`);
    await auditEntry(trx, userId, "journal.unlink", id, { tradeIds });
  });
}

/** Archives or restores an entry; returns whether anything changed. */
export async function setArchived(
  db: Kysely<Database>,
  userId: number,
  id: number,
  archived: boolean,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const entry = await requireEntry(trx, userId, id);
    if (Boolean(entry.is_archived) === archived) return false;
    await updateJournalEntry(trx, userId, id, { is_archived: archived });
    await auditEntry(trx, userId, archived ? "journal.archive" : "journal.unarchive", id);
    return true;
  });
}

/** Deletes an entry and (by cascade) its links; returns how many links went with it. */
export async function deleteEntry(db: Kysely<Database>, userId: number, id: number): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const entry = await requireEntry(trx, userId, id);
    const links = await deleteJournalEntry(trx, userId, id);
    if (links === undefined) throw entryNotFound(id);
    await auditEntry(trx, userId, "journal.delete", id, undefined, { title: entry.title, links });
    return links;
  });
}
