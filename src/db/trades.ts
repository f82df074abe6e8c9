// Every query about trades. Each takes the Kysely instance or a transaction first: the caller owns the transaction.
import { type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import type { TradeFields } from "../domain/trades.js";
import type { Database, TradeRow } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export async function insertTrade(
  db: Db,
  userId: number,
  fields: TradeFields,
  strategyId: number | null,
): Promise<TradeRow> {
  return db
    .insertInto("trades")
    .values({
      user_id: userId,
      symbol: fields.symbol,
      side: fields.side,
      quantity: fields.quantity,
      entry_price: fields.entryPrice,
      entry_date: fields.entryDate,
      exit_price: fields.exitPrice,
      exit_date: fields.exitDate,
      commission: fields.commission,
      status: fields.exitPrice === null ? "open" : "closed",
      strategy_id: strategyId,
      tags: fields.tags,
      notes: fields.notes,
      broker: fields.broker,
      account_id: fields.accountId,
      order_id: fields.orderId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findStrategyIdByName(db: Db, userId: number, name: string): Promise<number | undefined> {
  const row = await db
    .selectFrom("strategies")
    .select("id")
    .where("user_id", "=", userId)
    .where("name", "=", name)
    .executeTakeFirst();
  return row?.id;
}

export interface TradeFilter {
  status?: "open" | "closed";
  symbol?: string;
  from?: Date;
  to?: Date;
  limit?: number;
}

/** One filter for the list and its totals, so the totals line always describes the rows shown. */
function matchesFilter(eb: ExpressionBuilder<Database, "trades">, userId: number, filter: TradeFilter) {
  const conditions = [eb("trades.user_id", "=", userId)];
  if (filter.status) conditions.push(eb("trades.status", "=", filter.status));
  if (filter.symbol) conditions.push(eb("trades.symbol", "=", filter.symbol));
  if (filter.from) conditions.push(eb("trades.entry_date", ">=", filter.from));
  if (filter.to) conditions.push(eb("trades.entry_date", "<", filter.to));
  return eb.and(conditions);
}

export type TradeListRow = TradeRow & { strategy_name: string | null };

export async function listTrades(db: Db, userId: number, filter: TradeFilter = {}): Promise<TradeListRow[]> {
  let query = db
    .selectFrom("trades")
    .leftJoin("strategies", "strategies.id", "trades.strategy_id")
    .selectAll("trades")
    .select("strategies.name as strategy_name")
    // The join only adds a name; the filter reads trades' own columns.
    .where((eb) => matchesFilter(eb as unknown as ExpressionBuilder<Database, "trades">, userId, filter))
    .orderBy("trades.entry_date", "desc")
    .orderBy("trades.id", "desc");
  if (filter.limit) query = query.limit(filter.limit);
  return query.execute();
}

export interface TradeTotals {
  trades: number;
  closed: number;
  wins: number;
  losses: number;
  /** Sum of pnl over closed trades, exact, as NUMERIC text. */
  netPnl: string;
}

/** Totals computed by PostgreSQL over the same filter, so the sum is exact and independent of any LIMIT. */
export async function tradeTotals(db: Db, userId: number, filter: TradeFilter = {}): Promise<TradeTotals> {
  const query = db
    .selectFrom("trades")
    .select([
      sql<number>`count(*)`.as("trades"),
      sql<number>`count(*) filter (where status = 'closed')`.as("closed"),
      sql<number>`count(*) filter (where pnl > 0)`.as("wins"),
      sql<number>`count(*) filter (where pnl < 0)`.as("losses"),
      sql<string>`coalesce(sum(pnl), 0)::numeric(15,2)`.as("netPnl"),
    ])
    .where((eb) => matchesFilter(eb, userId, filter));
  const row = await query.executeTakeFirstOrThrow();
  return {
    trades: Number(row.trades),
    closed: Number(row.closed),
    wins: Number(row.wins),
    losses: Number(row.losses),
    netPnl: row.netPnl,
  };
}
