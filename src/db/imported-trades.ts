// The trades an import builds from fills (import_key set): read per position, written with COPY, updated, deleted,
// and their realized P&L summed.
import { Decimal } from "decimal.js";
import { type Kysely, sql, type Transaction } from "kysely";
import { type ColumnValues, copyInto, copyLayout, copyPieces, KEYS_PER_STATEMENT, reserveIds } from "./bulk.js";
import { type PositionKey, positionKeyId } from "./executions.js";
import type { AssetType, Database, TradeRow, TradeUpdate } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** Positions as VALUES rows (account_id, symbol), KEYS_PER_STATEMENT to a statement. */
function* positionValueLists(keys: PositionKey[]) {
  for (let i = 0; i < keys.length; i += KEYS_PER_STATEMENT)
    yield sql.join(keys.slice(i, i + KEYS_PER_STATEMENT).map((k) => sql`(${k.accountId}::text, ${k.symbol}::text)`));
}

/**
 * Which of these positions have imported trades or round trips already (their trades are continued or rebuilt; the
 * others are simply written), by positionKeyId. One query per thousand positions.
 */
export async function positionsWithImportedTrades(db: Db, userId: number, keys: PositionKey[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (const values of positionValueLists(keys)) {
    const result = await sql<{ account_id: string; symbol: string }>`
      select p.account_id, p.symbol from (values ${values}) as p(account_id, symbol)
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

/** A trade row's size, prices, times and commission: what both reads of a position's imported trades below take. */
const TRADE_FIGURES = ["quantity", "entry_price", "exit_price", "entry_date", "exit_date", "commission"] as const;

export async function importedTradesOf(db: Db, userId: number, key: PositionKey) {
  return db
    .selectFrom("trades")
    .select(["id", "import_key", ...TRADE_FIGURES, "status", "round_trip_id"])
    .where("user_id", "=", userId)
    .where(sql<string>`coalesce(account_id, '')`, "=", key.accountId)
    .where("symbol", "=", key.symbol)
    .where("import_key", "is not", null)
    .execute();
}

/** The columns of an open lot (openImportedTrades): the one list its select and its row type are made from. */
const OPEN_LOT_COLUMNS = [
  "id",
  "import_key",
  "side",
  ...TRADE_FIGURES,
  "multiplier",
  "asset_type",
  "order_id",
  "broker",
  "open_execution_id",
  "round_trip_id",
  "currency",
] as const satisfies readonly (keyof TradeRow)[];

/** An open lot: an imported trade (import_key set) joined to its opening fill (open_execution_id set). */
type OpenLot = Omit<Pick<TradeRow, (typeof OPEN_LOT_COLUMNS)[number]>, "import_key" | "open_execution_id"> & {
  import_key: string;
  open_execution_id: number;
};

/** A position's open imported trades (its open lots), in the FIFO order of their opening fills. */
export async function openImportedTrades(db: Db, userId: number, key: PositionKey) {
  const result = await sql<OpenLot>`
    select ${sql.raw(OPEN_LOT_COLUMNS.map((c) => `t.${c}`).join(", "))}
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

interface TradeLine {
  id: number;
  userId: number;
  key: PositionKey;
  write: TradeWrite;
}

/** An imported trade's columns, each with its value: the one list its COPY and its update are made from. */
const importedTradeValues = {
  id: (r) => r.id,
  user_id: (r) => r.userId,
  symbol: (r) => r.key.symbol,
  side: (r) => r.write.trade.side,
  quantity: (r) => r.write.trade.quantity,
  entry_price: (r) => r.write.trade.entryPrice,
  exit_price: (r) => r.write.trade.exitPrice,
  entry_date: (r) => r.write.trade.entryDate,
  exit_date: (r) => r.write.trade.exitDate,
  commission: (r) => r.write.trade.commission,
  status: (r) => (r.write.trade.exitPrice === null ? "open" : "closed"),
  broker: (r) => r.write.broker,
  account_id: (r) => (r.key.accountId === "" ? null : r.key.accountId),
  order_id: (r) => r.write.trade.orderId,
  import_key: (r) => r.write.trade.importKey,
  open_execution_id: (r) => r.write.trade.openFillId,
  close_execution_id: (r) => r.write.trade.closeFillId,
  round_trip_id: (r) => r.write.roundTripId,
  asset_type: (r) => r.write.trade.assetType,
  multiplier: (r) => r.write.trade.multiplier,
  currency: (r) => r.write.trade.currency ?? null,
} satisfies ColumnValues<"trades", TradeLine>;

const tradeCopy = copyLayout<"trades", TradeLine>("trades", importedTradeValues);

/** What an update of an imported trade sets: every column but its id and what places it (user, symbol). */
const { id: _id, user_id: _user, symbol: _symbol, ...updatedTradeValues } = importedTradeValues;

/**
 * Writes new imported trades of one position or many with one COPY (every COPY into trades fires the report rollup
 * triggers of migration 030 once, re-summing the days its rows close on: one per position made a 120-position import
 * re-sum its day 120 times); returns their ids in order.
 */
export async function insertTradesOf(db: Db, userId: number, rows: { key: PositionKey; write: TradeWrite }[]) {
  const ids = await reserveIds(db, "trades", rows.length);
  if (ids.length === 0) return ids;
  const lines = rows.map((row, i) => tradeCopy.line({ id: ids[i] as number, userId, key: row.key, write: row.write }));
  await copyInto(db, tradeCopy.table, tradeCopy.columns, copyPieces(lines));
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
  const line: TradeLine = { id: tradeId, userId, key, write };
  const changes: TradeUpdate = {};
  for (const [column, value] of Object.entries(updatedTradeValues)) Object.assign(changes, { [column]: value(line) });
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
 * The closed imported trades' P&L of these positions, per currency ('' where the trades have none), exact, as the
 * trades table holds it: an import's realized P&L is this sum after it minus this sum before it.
 */
export async function closedPnlOf(db: Db, userId: number, keys: PositionKey[]): Promise<Map<string, string>> {
  const totals = new Map<string, string>();
  for (const values of positionValueLists(keys)) {
    const result = await sql<{ currency: string; pnl: string }>`
      select coalesce(t.currency, '') as currency, sum(t.pnl)::text as pnl
      from trades t join (values ${values}) as p(account_id, symbol)
        on t.symbol = p.symbol and coalesce(t.account_id, '') = p.account_id
      where t.user_id = ${userId} and t.import_key is not null and t.pnl is not null
      group by 1`.execute(db);
    for (const row of result.rows)
      totals.set(row.currency, new Decimal(totals.get(row.currency) ?? "0").plus(row.pnl).toFixed(2));
  }
  return totals;
}
