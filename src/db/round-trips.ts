// Round trips of manual trades: `trade add` opens one, a partial close's remainder stays in it, and its span follows
// its rows after every change. (The import engine keeps its own round trips in db/imports.ts.)
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database } from "./schema.js";
import type { TradeFields } from "./trades.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function openRoundTrip(db: Db, userId: number, fields: TradeFields): Promise<number> {
  const row = await db
    .insertInto("round_trips")
    .values({
      user_id: userId,
      account_id: fields.accountId ?? "",
      symbol: fields.symbol,
      side: fields.side,
      opened_at: fields.entryDate,
      closed_at: fields.exitPrice !== null ? fields.exitDate : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Makes a round trip describe its rows again (span, symbol, side), or deletes it when none is left. */
export async function syncRoundTrip(db: Db, roundTripId: number | null): Promise<void> {
  if (roundTripId === null) return;
  await sql`update round_trips r set opened_at = s.opened_at, closed_at = s.closed_at, symbol = s.symbol,
      side = s.side, account_id = s.account_id
    from (select min(entry_date) as opened_at,
            case when count(*) filter (where status = 'open') = 0 then max(exit_date) end as closed_at,
            min(symbol) as symbol, min(side) as side, coalesce(min(account_id), '') as account_id
          from trades where round_trip_id = ${roundTripId} having count(*) > 0) s
    where r.id = ${roundTripId}`.execute(db);
  await sql`delete from round_trips r where r.id = ${roundTripId}
    and not exists (select 1 from trades t where t.round_trip_id = r.id)`.execute(db);
}
