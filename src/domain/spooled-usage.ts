// Moving spooled usage records (runs that never opened a database) into api_usage, once a run has one open.
import type { Kysely } from "kysely";
import { claimSpooledUsage, type SpooledUsage } from "../config/usage-spool.js";
import type { Database } from "../db/schema.js";
import { insertUsage, type UsageEntry } from "../db/usage.js";

export interface FlushResult {
  written: number;
  /** Lines that were not a record and were dropped. */
  dropped: number;
  /** Records for another database, left in the spool for it. */
  kept: number;
}

/**
 * A spooled record belongs to the database it names (or to any, when it could not name one). Its user id is the
 * acting user's only when the record names the same username: the spool file is the OS user's own, but the name in
 * it came from a config file, so it never credits a record to anyone but the user who is logged in now.
 */
export function attributeSpooledUsage(
  entries: SpooledUsage[],
  here: string,
  acting: { id: number; username: string } | undefined,
): { rows: UsageEntry[]; elsewhere: SpooledUsage[] } {
  const rows: UsageEntry[] = [];
  const elsewhere: SpooledUsage[] = [];
  for (const entry of entries) {
    if (entry.location !== null && entry.location !== here) {
      elsewhere.push(entry);
      continue;
    }
    rows.push({
      userId: acting && entry.username === acting.username ? acting.id : null,
      endpoint: entry.endpoint,
      responseCode: entry.response_code,
      responseTimeMs: entry.response_time_ms,
      createdAt: new Date(entry.created_at),
    });
  }
  return { rows, elsewhere };
}

/**
 * Writes this database's spooled records in one transaction, then removes them from the spool; when the insert
 * fails they go back to the spool for the next run. Undefined when nothing was spooled.
 */
export async function flushSpooledUsage(
  db: Kysely<Database>,
  file: string,
  here: string,
  actingUser: () => Promise<{ id: number; username: string } | undefined>,
): Promise<FlushResult | undefined> {
  const claim = claimSpooledUsage(file);
  if (!claim) return undefined;
  let attributed: ReturnType<typeof attributeSpooledUsage>;
  try {
    attributed = attributeSpooledUsage(claim.entries, here, await actingUser());
    const { rows } = attributed;
    await db.transaction().execute((trx) => insertUsage(trx, rows));
  } catch (error) {
    claim.release(claim.entries);
    throw error;
  }
  // Outside the try: once the rows are committed, a failure here must not put them back (they would count twice).
  claim.release(attributed.elsewhere);
  return { written: attributed.rows.length, dropped: claim.dropped, kept: attributed.elsewhere.length };
}
