// The trades an import builds from fills (import_key set): read per position, written with COPY, updated, deleted,
// and their realized P&L summed.
import { Decimal } from "decimal.js";
import { type Kysely, sql, type Transaction } from "kysely";
import { copyInto, copyLayout, copyTimestamp, copyValue, reserveIds } from "./bulk.js";
import type { PositionKey } from "./executions.js";
import type { AssetType, Database } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Whether a position has imported trades or round trips already (else its trades can simply be written). */
export async function hasImportedTrades(db: Db, userId: number, key: PositionKey) {
  const found = await sql<{ found: boolean }>`
    select exists (
      select 1 from trades where user_id = ${userId} and symbol = ${key.symbol}
        and coalesce(account_id, '') = ${key.accountId} and import_key is not null
    ) or exists (
      select 1 from round_trips where user_id = ${userId} and account_id = ${key.accountId} and symbol = ${key.symbol}
    ) as found`.execute(db);
  return found.rows[0]?.found === true;
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

/** A position's open imported trades (its open lots), in the FIFO order of their opening fills. */
export async function openImportedTrades(db: Db, userId: number, key: PositionKey) {
  const result = await sql<{
    id: number;
    import_key: string;
    side: "long" | "short";
    quantity: string;
    entry_price: string;
    exit_price: string | null;
    entry_date: Date;
    exit_date: Date | null;
    commission: string | null;
    multiplier: string;
    asset_type: AssetType;
    order_id: string | null;
    broker: string | null;
    open_execution_id: number;
    round_trip_id: number | null;
    currency: string | null;
  }>`
    select t.id, t.import_key, t.side, t.quantity, t.entry_price, t.exit_price, t.entry_date, t.exit_date, t.commission,
           t.multiplier, t.asset_type, t.order_id, t.broker, t.open_execution_id, t.round_trip_id, t.currency
    from trades t join executions e on e.id = t.open_execution_id
    where t.user_id = ${userId} and coalesce(t.account_id, '') = ${key.accountId} and t.symbol = ${key.symbol}
      and t.import_key is not null and t.status = 'open'
    order by e.executed_at, e.same_instant_order, e.file_sequence, e.id`.execute(db);
  return result.rows;
}

export async function deleteTrades(db: Db, ids: number[]) {
  for (let i = 0; i < ids.length; i += 5000) {
    await db
      .deleteFrom("trades")
      .where("id", "in", ids.slice(i, i + 5000))
      .execute();
  }
}

/**
 * A trade built from fills, as the trades table takes it (domain/fifo.ts#FifoTrade is one): declared here so the
 * repository knows table-shaped values only.
 */
export interface ImportedTradeFields {
  /** "<opening fill id>:<closing fill id>" or "<opening fill id>:open": stable across rebuilds. */
  importKey: string;
  side: "long" | "short";
  quantity: string;
  entryPrice: string;
  exitPrice: string | null;
  entryDate: Date;
  exitDate: Date | null;
  commission: string;
  multiplier: string;
  assetType: AssetType;
  orderId: string | null;
  currency?: string | null;
  openFillId: number;
  closeFillId: number | null;
}

export interface TradeWrite {
  trade: ImportedTradeFields;
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
    open_execution_id: t.openFillId,
    close_execution_id: t.closeFillId,
    round_trip_id: w.roundTripId,
    asset_type: t.assetType,
    multiplier: t.multiplier,
    currency: t.currency ?? null,
  };
}

const COPY_PIECE_ROWS = 1000;

interface TradeLine {
  id: number;
  userId: number;
  /** The position's symbol and account as COPY text, escaped once for all its trades. */
  symbol: string;
  account: string;
  write: TradeWrite;
}

const tradeCopy = copyLayout<"trades", TradeLine>("trades", {
  id: (r) => String(r.id),
  user_id: (r) => String(r.userId),
  symbol: (r) => r.symbol,
  side: (r) => r.write.trade.side,
  quantity: (r) => r.write.trade.quantity,
  entry_price: (r) => r.write.trade.entryPrice,
  exit_price: (r) => r.write.trade.exitPrice ?? "\\N",
  entry_date: (r) => copyTimestamp(r.write.trade.entryDate),
  exit_date: (r) => copyTimestamp(r.write.trade.exitDate),
  commission: (r) => r.write.trade.commission,
  status: (r) => (r.write.trade.exitPrice === null ? "open" : "closed"),
  broker: (r) => copyValue(r.write.broker),
  account_id: (r) => r.account,
  order_id: (r) => copyValue(r.write.trade.orderId),
  import_key: (r) => r.write.trade.importKey,
  open_execution_id: (r) => String(r.write.trade.openFillId),
  close_execution_id: (r) => copyValue(r.write.trade.closeFillId),
  round_trip_id: (r) => copyValue(r.write.roundTripId),
  asset_type: (r) => r.write.trade.assetType,
  multiplier: (r) => r.write.trade.multiplier,
  currency: (r) => copyValue(r.write.trade.currency ?? null),
});

/** Writes new imported trades with COPY; returns their ids in order. */
export async function insertImportedTrades(db: Db, userId: number, key: PositionKey, writes: TradeWrite[]) {
  const ids = await reserveIds(db, "trades", writes.length);
  if (ids.length === 0) return ids;
  const symbol = copyValue(key.symbol);
  const account = key.accountId === "" ? "\\N" : copyValue(key.accountId);
  // COPY text in pieces of bytes: a string built row by row is a tree of small strings that costs several times its
  // length until flattened, and PGlite takes each piece as a Blob (smaller pieces, less WebAssembly memory).
  const pieces: Buffer[] = [];
  let piece = "";
  writes.forEach((write, i) => {
    piece += tradeCopy.line({ id: ids[i] as number, userId, symbol, account, write });
    if (i % COPY_PIECE_ROWS === COPY_PIECE_ROWS - 1) {
      pieces.push(Buffer.from(piece));
      piece = "";
    }
  });
  if (piece !== "") pieces.push(Buffer.from(piece));
  await copyInto(db, tradeCopy.table, tradeCopy.columns, pieces);
  return ids;
}

export async function updateImportedTrade(
  db: Db,
  tradeId: number,
  userId: number,
  key: PositionKey,
  write: TradeWrite,
) {
  // The key changes too when an open lot's row becomes the closed trade of the same opening fill.
  const { user_id: _user, symbol: _symbol, ...changes } = tradeValues(userId, key, write);
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

/**
 * The sum of the P&L of the closed imported trades of these positions, exact, as the trades table holds it: an
 * import's realized P&L is this sum after it minus this sum before it.
 */
/** The closed imported trades' P&L of these positions, per currency ('' where the trades have none). */
export async function closedPnlOf(db: Db, userId: number, keys: PositionKey[]): Promise<Map<string, string>> {
  const totals = new Map<string, string>();
  for (let i = 0; i < keys.length; i += 1000) {
    const values = keys.slice(i, i + 1000).map((k) => sql`(${k.accountId}::text, ${k.symbol}::text)`);
    const result = await sql<{ currency: string; pnl: string }>`
      select coalesce(t.currency, '') as currency, sum(t.pnl)::text as pnl
      from trades t join (values ${sql.join(values)}) as p(account_id, symbol)
        on t.symbol = p.symbol and coalesce(t.account_id, '') = p.account_id
      where t.user_id = ${userId} and t.import_key is not null and t.pnl is not null
      group by 1`.execute(db);
    for (const row of result.rows)
      totals.set(row.currency, new Decimal(totals.get(row.currency) ?? "0").plus(row.pnl).toFixed(2));
  }
  return totals;
}
