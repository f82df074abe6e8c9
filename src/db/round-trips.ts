// The round_trips table. Manual trades: `trade add` opens one, a partial close's remainder stays in it, and its span
// follows its rows after every change. Imported positions: their round trips written with COPY and kept matching the
// spans FIFO builds (domain/fifo.ts).
import { type Kysely, sql, type Transaction } from "kysely";
import { copyInto, copyLayout, KEYS_PER_STATEMENT, reserveIds } from "./bulk.js";
import type { PositionKey } from "./executions.js";
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

/** The position's round trip still open, if any. */
export async function openRoundTripOf(db: Db, userId: number, key: PositionKey) {
  return db
    .selectFrom("round_trips")
    .select(["id", "side", "opened_at"])
    .where("user_id", "=", userId)
    .where("account_id", "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .where("closed_at", "is", null)
    .orderBy("opened_at", "desc")
    .executeTakeFirst();
}

/**
 * Makes the position's round trips match `spans`, keeping the id of every round trip that still opens at the same
 * time on the same side (so trades that stay in it need no update). Returns the ids in span order.
 */
export async function syncRoundTrips(db: Db, userId: number, key: PositionKey, spans: RoundTripSpan[]) {
  const existing = await db
    .selectFrom("round_trips")
    .select(["id", "side", "opened_at", "closed_at"])
    .where("user_id", "=", userId)
    .where("account_id", "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .execute();
  const byOpening = new Map(existing.map((r) => [`${r.side}|${r.opened_at.getTime()}`, r]));
  const ids: (number | undefined)[] = [];
  const toInsert: { index: number; span: RoundTripSpan }[] = [];
  for (const [index, span] of spans.entries()) {
    const match = byOpening.get(`${span.side}|${span.openedAt.getTime()}`);
    if (!match) {
      toInsert.push({ index, span });
      continue;
    }
    byOpening.delete(`${span.side}|${span.openedAt.getTime()}`);
    ids[index] = match.id;
    if ((match.closed_at?.getTime() ?? null) !== (span.closedAt?.getTime() ?? null)) {
      await db.updateTable("round_trips").set({ closed_at: span.closedAt }).where("id", "=", match.id).execute();
    }
  }
  const obsolete = [...byOpening.values()].map((r) => r.id);
  if (obsolete.length > 0) await db.deleteFrom("round_trips").where("id", "in", obsolete).execute();
  const inserted = await insertRoundTrips(
    db,
    userId,
    toInsert.map((t) => ({ key, span: t.span })),
  );
  toInsert.forEach(({ index }, j) => {
    ids[index] = inserted[j];
  });
  return ids as number[];
}

/** A round trip (flat to flat) of an imported position, in order of opening (domain/fifo.ts builds them). */
export interface RoundTripSpan {
  index: number;
  side: "long" | "short";
  openedAt: Date;
  closedAt: Date | null;
}

interface RoundTripLine {
  id: number;
  userId: number;
  key: PositionKey;
  span: RoundTripSpan;
}

const roundTripCopy = copyLayout<"round_trips", RoundTripLine>("round_trips", {
  id: (r) => r.id,
  user_id: (r) => r.userId,
  account_id: (r) => r.key.accountId,
  symbol: (r) => r.key.symbol,
  side: (r) => r.span.side,
  opened_at: (r) => r.span.openedAt,
  closed_at: (r) => r.span.closedAt,
});

/** Writes round trips (of one position or several) with COPY; returns their ids in order. */
export async function insertRoundTrips(db: Db, userId: number, rows: { key: PositionKey; span: RoundTripSpan }[]) {
  const ids = await reserveIds(db, "round_trips", rows.length);
  if (ids.length === 0) return ids;
  const lines = rows.map((row, i) => roundTripCopy.line({ id: ids[i] as number, userId, ...row }));
  await copyInto(db, roundTripCopy.table, roundTripCopy.columns, [lines.join("")]);
  return ids;
}

/** Sets when round trips written open (by an earlier batch of the same build) have closed, in one statement. */
export async function closeRoundTrips(db: Db, closings: { id: number; closedAt: Date }[]): Promise<void> {
  for (let i = 0; i < closings.length; i += KEYS_PER_STATEMENT) {
    const values = closings.slice(i, i + KEYS_PER_STATEMENT).map((c) => sql`(${c.id}::int, ${c.closedAt}::timestamp)`);
    await sql`
      update round_trips r set closed_at = c.closed_at
      from (values ${sql.join(values)}) as c(id, closed_at)
      where r.id = c.id`.execute(db);
  }
}

export async function closeRoundTrip(db: Db, roundTripId: number, closedAt: Date | null) {
  await db.updateTable("round_trips").set({ closed_at: closedAt }).where("id", "=", roundTripId).execute();
}
