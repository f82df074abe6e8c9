// Every query about imports: the import_history lifecycle, fills (executions), and the trades built from them.
import { type Kysely, sql, type Transaction } from "kysely";
import type { FifoTrade, RoundTripSpan } from "../domain/fifo.js";
import type { AssetType, Database, JsonObject, JsonValue } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface PositionKey {
  accountId: string;
  symbol: string;
}

export const positionKeyId = (key: PositionKey) => JSON.stringify([key.accountId, key.symbol]);

export async function createImport(
  db: Db,
  input: { userId: number; filename: string; broker: string; accountId: string | null },
) {
  const row = await db
    .insertInto("import_history")
    .values({
      user_id: input.userId,
      filename: input.filename.slice(-255),
      broker: input.broker,
      account_id: input.accountId,
      status: "pending",
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function markProcessing(db: Db, importId: number, now: Date) {
  await db
    .updateTable("import_history")
    .set({ status: "processing", started_at: now })
    .where("id", "=", importId)
    .execute();
}

export interface ImportCounts {
  totalRows: number;
  importedRows: number;
  failedRows: number;
}

export async function finishImport(
  db: Db,
  importId: number,
  outcome: {
    status: "completed" | "failed";
    counts: ImportCounts;
    errors: JsonValue[];
    summary: JsonObject;
    now: Date;
  },
) {
  await db
    .updateTable("import_history")
    .set({
      status: outcome.status,
      total_rows: outcome.counts.totalRows,
      imported_rows: outcome.counts.importedRows,
      failed_rows: outcome.counts.failedRows,
      errors: JSON.stringify(outcome.errors),
      summary: JSON.stringify(outcome.summary),
      completed_at: outcome.now,
    })
    .where("id", "=", importId)
    .execute();
}

/** Serialises imports of one user: a second import waits for the first to commit or roll back. */
export async function lockUserImports(trx: Transaction<Database>, userId: number) {
  await sql`select pg_advisory_xact_lock(${7_310_001}, ${userId})`.execute(trx);
}

/** A run still 'processing' while we hold the user's import lock was killed: its transaction rolled back. */
export async function failInterruptedImports(trx: Db, userId: number, exceptId: number | null, now: Date) {
  let query = trx
    .updateTable("import_history")
    .set({
      status: "failed",
      completed_at: now,
      errors: JSON.stringify([
        { line: null, column: null, value: null, reason: "interrupted: nothing from this file was saved" },
      ]),
    })
    .where("user_id", "=", userId)
    .where("status", "in", ["pending", "processing"]);
  if (exceptId !== null) query = query.where("id", "!=", exceptId);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows ?? 0);
}

export interface NewExecution {
  fingerprint: string;
  broker: string;
  accountId: string;
  symbol: string;
  assetType: AssetType;
  multiplier: string;
  action: "buy" | "sell";
  quantity: string;
  price: string;
  commission: string;
  executedAt: Date;
  fileSequence: number;
  executionId: string | null;
  orderId: string | null;
  currency: string | null;
  details: Record<string, string>;
  sourceLine: number;
}

/**
 * Inserts fills, skipping any the user already has (same fingerprint): returns the ones that were new. The rows travel
 * as one array per column through unnest(): one statement of 19 parameters however many rows, which PostgreSQL binds
 * several times faster than a multi-row VALUES list (and PGlite's 32,767-parameter ceiling never applies).
 */
export async function insertExecutions(db: Db, userId: number, importId: number | null, fills: NewExecution[]) {
  if (fills.length === 0) return [];
  const column = <T>(pick: (f: NewExecution) => T) => fills.map(pick);
  const result = await sql<{ id: number; account_id: string; symbol: string; executed_at: Date }>`
    insert into executions (user_id, import_id, fingerprint, broker, account_id, symbol, asset_type, multiplier, action,
                            quantity, price, commission, executed_at, file_sequence, execution_id, order_id, currency,
                            details, source_line)
    select ${userId}::int, ${importId}::int, t.* from unnest(
      ${column((f) => f.fingerprint)}::text[], ${column((f) => f.broker)}::text[], ${column((f) => f.accountId)}::text[],
      ${column((f) => f.symbol)}::text[], ${column((f) => f.assetType)}::text[], ${column((f) => f.multiplier)}::numeric[],
      ${column((f) => f.action)}::text[], ${column((f) => f.quantity)}::numeric[], ${column((f) => f.price)}::numeric[],
      ${column((f) => f.commission)}::numeric[], ${column((f) => f.executedAt.toISOString())}::timestamp[],
      ${column((f) => f.fileSequence)}::int[], ${column((f) => f.executionId)}::text[], ${column((f) => f.orderId)}::text[],
      ${column((f) => f.currency)}::text[], ${column((f) => JSON.stringify(f.details))}::jsonb[],
      ${column((f) => f.sourceLine)}::int[]
    ) as t
    on conflict (user_id, fingerprint) do nothing
    returning id, account_id, symbol, executed_at`.execute(db);
  return result.rows;
}

/** All fills of one position in the order FIFO must see them. */
export async function positionFills(db: Db, userId: number, key: PositionKey) {
  return db
    .selectFrom("executions")
    .select([
      "id",
      "executed_at",
      "action",
      "quantity",
      "price",
      "commission",
      "multiplier",
      "asset_type",
      "order_id",
      "broker",
      "import_id",
    ])
    .where("user_id", "=", userId)
    .where("account_id", "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .orderBy("executed_at")
    .orderBy(sql`coalesce(import_id, 0)`)
    .orderBy("file_sequence")
    .orderBy("id")
    .execute();
}

export async function importedTradesOf(db: Db, userId: number, key: PositionKey) {
  return db
    .selectFrom("trades")
    .select([
      "id",
      "import_key",
      "quantity",
      "entry_price",
      "exit_price",
      "entry_date",
      "exit_date",
      "commission",
      "status",
      "round_trip_id",
    ])
    .where("user_id", "=", userId)
    .where(sql<string>`coalesce(account_id, '')`, "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .where("import_key", "is not", null)
    .execute();
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
  for (let i = 0; i < toInsert.length; i += 1000) {
    const batch = toInsert.slice(i, i + 1000);
    const rows = await db
      .insertInto("round_trips")
      .values(
        batch.map(({ span }) => ({
          user_id: userId,
          account_id: key.accountId,
          symbol: key.symbol,
          side: span.side,
          opened_at: span.openedAt,
          closed_at: span.closedAt,
        })),
      )
      .returning("id")
      .execute();
    rows.forEach((row, j) => {
      ids[(batch[j] as { index: number }).index] = row.id;
    });
  }
  return ids as number[];
}

export async function deleteTrades(db: Db, ids: number[]) {
  for (let i = 0; i < ids.length; i += 5000) {
    await db
      .deleteFrom("trades")
      .where("id", "in", ids.slice(i, i + 5000))
      .execute();
  }
}

export interface TradeWrite {
  trade: FifoTrade;
  broker: string;
  roundTripId: number | null;
}

function tradeValues(userId: number, key: PositionKey, w: TradeWrite) {
  const t = w.trade;
  return {
    user_id: userId,
    symbol: key.symbol,
    side: t.side,
    quantity: t.quantity,
    entry_price: t.entryPrice,
    exit_price: t.exitPrice,
    entry_date: t.entryDate,
    exit_date: t.exitDate,
    commission: t.commission,
    status: t.exitPrice === null ? ("open" as const) : ("closed" as const),
    broker: w.broker,
    account_id: key.accountId === "" ? null : key.accountId,
    order_id: t.orderId,
    import_key: t.importKey,
    round_trip_id: w.roundTripId,
    asset_type: t.assetType,
    multiplier: t.multiplier,
  };
}

export async function insertImportedTrades(db: Db, userId: number, key: PositionKey, writes: TradeWrite[]) {
  const ids: { id: number; importKey: string }[] = [];
  for (let i = 0; i < writes.length; i += 5000) {
    const rows = writes.slice(i, i + 5000).map((w) => tradeValues(userId, key, w));
    const column = <T>(pick: (r: (typeof rows)[number]) => T) => rows.map(pick);
    // unnest() for the same reason as insertExecutions: one small bind however many rows.
    const result = await sql<{ id: number; import_key: string }>`
      insert into trades (user_id, symbol, side, quantity, entry_price, exit_price, entry_date, exit_date, commission,
                          status, broker, account_id, order_id, import_key, round_trip_id, asset_type, multiplier)
      select ${userId}::int, ${key.symbol}::text, t.* from unnest(
        ${column((r) => r.side)}::text[], ${column((r) => r.quantity)}::numeric[], ${column((r) => r.entry_price)}::numeric[],
        ${column((r) => r.exit_price)}::numeric[], ${column((r) => r.entry_date.toISOString())}::timestamp[],
        ${column((r) => r.exit_date?.toISOString() ?? null)}::timestamp[], ${column((r) => r.commission)}::numeric[],
        ${column((r) => r.status)}::text[], ${column((r) => r.broker)}::text[], ${column((r) => r.account_id)}::text[],
        ${column((r) => r.order_id)}::text[], ${column((r) => r.import_key)}::text[], ${column((r) => r.round_trip_id)}::int[],
        ${column((r) => r.asset_type)}::text[], ${column((r) => r.multiplier)}::numeric[]
      ) as t
      returning id, import_key`.execute(db);
    for (const r of result.rows) ids.push({ id: r.id, importKey: r.import_key });
  }
  return ids;
}

export async function updateImportedTrade(
  db: Db,
  tradeId: number,
  userId: number,
  key: PositionKey,
  write: TradeWrite,
) {
  const { user_id: _user, symbol: _symbol, import_key: _key, ...changes } = tradeValues(userId, key, write);
  await db.updateTable("trades").set(changes).where("id", "=", tradeId).execute();
}

export async function setRoundTrip(db: Db, tradeIds: number[], roundTripId: number | null) {
  for (let i = 0; i < tradeIds.length; i += 5000) {
    await db
      .updateTable("trades")
      .set({ round_trip_id: roundTripId })
      .where("id", "in", tradeIds.slice(i, i + 5000))
      .execute();
  }
}

/** Writes the fill links of trades; `replace` lists trades that had links before (updated rows), new rows have none. */
export async function replaceTradeLinks(db: Db, links: { tradeId: number; trade: FifoTrade; replace: boolean }[]) {
  const tradeIds = links.filter((l) => l.replace).map((l) => l.tradeId);
  for (let i = 0; i < tradeIds.length; i += 5000) {
    await db
      .deleteFrom("trade_executions")
      .where("trade_id", "in", tradeIds.slice(i, i + 5000))
      .execute();
  }
  const rows = links.flatMap(({ tradeId, trade }) => [
    { trade_id: tradeId, execution_id: trade.openFillId, role: "open" as const, quantity: trade.quantity },
    ...(trade.closeFillId !== null
      ? [{ trade_id: tradeId, execution_id: trade.closeFillId, role: "close" as const, quantity: trade.quantity }]
      : []),
  ]);
  for (let i = 0; i < rows.length; i += 5000) {
    await db
      .insertInto("trade_executions")
      .values(rows.slice(i, i + 5000))
      .execute();
  }
}

export async function listImports(db: Db, userId: number, limit: number) {
  return db
    .selectFrom("import_history")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
}

export async function findImport(db: Db, userId: number, importId: number) {
  return db
    .selectFrom("import_history")
    .selectAll()
    .where("user_id", "=", userId)
    .where("id", "=", importId)
    .executeTakeFirst();
}

/** Removes an import's fills; returns the positions they belonged to, whose trades must be rebuilt. */
export async function deleteImportFills(db: Db, userId: number, importId: number): Promise<PositionKey[]> {
  const rows = await db
    .deleteFrom("executions")
    .where("user_id", "=", userId)
    .where("import_id", "=", importId)
    .returning(["account_id", "symbol"])
    .execute();
  const keys = new Map<string, PositionKey>();
  for (const r of rows) {
    const key = { accountId: r.account_id, symbol: r.symbol };
    keys.set(positionKeyId(key), key);
  }
  return [...keys.values()];
}

export async function insertNotification(
  db: Db,
  input: { userId: number; type: string; title: string; message: string; data: JsonObject },
) {
  await db
    .insertInto("notifications")
    .values({
      user_id: input.userId,
      type: input.type,
      title: input.title.slice(0, 255),
      message: input.message,
      data: JSON.stringify(input.data),
    })
    .execute();
}

export async function findMapping(db: Db, userId: number, name: string) {
  return db
    .selectFrom("import_mappings")
    .select(["id", "mapping"])
    .where("user_id", "=", userId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export async function saveMapping(db: Db, userId: number, name: string, mapping: Record<string, string>) {
  await db
    .insertInto("import_mappings")
    .values({ user_id: userId, name, mapping: JSON.stringify(mapping) })
    .onConflict((oc) => oc.columns(["user_id", "name"]).doUpdateSet({ mapping: JSON.stringify(mapping) }))
    .execute();
}
