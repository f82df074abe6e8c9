// The writes of an import's streamed build that span many positions (import/position-build.ts#buildPositions): one
// statement for a batch of positions instead of one per position. Every COPY into trades fires the report rollup
// triggers (migration 030) once, and each firing re-sums the days its rows close on, so a COPY per position made a
// 120-position import re-sum its day 120 times.
import { type Kysely, sql, type Transaction } from "kysely";
import { copyInto, copyPieces, copyValue } from "./bulk.js";
import { type PositionKey, positionKeyId, reserveIds, type TradeWrite, tradeCopy } from "./imports.js";
import type { Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Keys per statement where positions are named in a VALUES list. */
const KEYS_PER_STATEMENT = 1000;

/**
 * Which of these positions have imported trades or round trips already (their trades are continued or rebuilt; the
 * others are simply written), by positionKeyId. One query per thousand positions.
 */
export async function positionsWithImportedTrades(db: Db, userId: number, keys: PositionKey[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT) {
    const values = keys.slice(i, i + KEYS_PER_STATEMENT).map((k) => sql`(${k.accountId}::text, ${k.symbol}::text)`);
    const result = await sql<{ account_id: string; symbol: string }>`
      select p.account_id, p.symbol from (values ${sql.join(values)}) as p(account_id, symbol)
      where exists (
          select 1 from trades t where t.user_id = ${userId} and t.symbol = p.symbol
            and coalesce(t.account_id, '') = p.account_id and t.import_key is not null
        ) or exists (
          select 1 from round_trips r where r.user_id = ${userId} and r.account_id = p.account_id and r.symbol = p.symbol
        )`.execute(db);
    for (const row of result.rows) found.add(positionKeyId({ accountId: row.account_id, symbol: row.symbol }));
  }
  return found;
}

/** Sets when round trips written open have closed, in one statement. */
export async function closeRoundTrips(db: Db, closings: { id: number; closedAt: Date }[]): Promise<void> {
  for (let i = 0; i < closings.length; i += KEYS_PER_STATEMENT) {
    const values = closings.slice(i, i + KEYS_PER_STATEMENT).map((c) => sql`(${c.id}::int, ${c.closedAt}::timestamp)`);
    await sql`
      update round_trips r set closed_at = c.closed_at
      from (values ${sql.join(values)}) as c(id, closed_at)
      where r.id = c.id`.execute(db);
  }
}

/** Writes new imported trades of several positions with one COPY; returns their ids in order. */
export async function insertTradesOf(
  db: Db,
  userId: number,
  rows: { key: PositionKey; write: TradeWrite }[],
): Promise<number[]> {
  const ids = await reserveIds(db, "trades", rows.length);
  if (ids.length === 0) return ids;
  // A position's symbol and account escaped once for all its trades (rows come position after position).
  let key: PositionKey | undefined;
  let symbol = "";
  let account = "";
  function* lines() {
    for (const [i, row] of rows.entries()) {
      if (row.key !== key) {
        key = row.key;
        symbol = copyValue(key.symbol);
        account = key.accountId === "" ? "\\N" : copyValue(key.accountId);
      }
      yield tradeCopy.line({ id: ids[i] as number, userId, symbol, account, write: row.write });
    }
  }
  await copyInto(db, tradeCopy.table, tradeCopy.columns, copyPieces(lines()));
  return ids;
}
