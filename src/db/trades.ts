// Every query about trades. Each takes the Kysely instance or a transaction first: the caller owns the transaction.
import { CompiledQuery, type ExpressionBuilder, type Kysely, sql, type Transaction } from "kysely";
import type { AssetType, Database, TradeRow } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

/** A trade as the trades table takes it, in the domain's names (domain/trades.ts validates one). */
export interface TradeFields {
  symbol: string;
  side: "long" | "short";
  quantity: string;
  entryPrice: string;
  entryDate: Date;
  exitPrice: string | null;
  exitDate: Date | null;
  commission: string;
  assetType: AssetType;
  multiplier: string;
  stopPrice: string | null;
  initialRisk: string | null;
  tags: string[] | null;
  notes: string | null;
  broker: string | null;
  accountId: string | null;
  orderId: string | null;
  /** ISO 4217 code; null: none given, which reports read as the journal's own currency (as imports do). */
  currency: string | null;
}

/** A trade's columns from validated fields (without user, strategy and status). */
function columnsOf(fields: TradeFields) {
  return {
    symbol: fields.symbol,
    side: fields.side,
    quantity: fields.quantity,
    entry_price: fields.entryPrice,
    entry_date: fields.entryDate,
    exit_price: fields.exitPrice,
    exit_date: fields.exitDate,
    commission: fields.commission,
    asset_type: fields.assetType,
    multiplier: fields.multiplier,
    stop_price: fields.stopPrice,
    initial_risk: fields.initialRisk,
    status: fields.exitPrice === null ? ("open" as const) : ("closed" as const),
    tags: fields.tags,
    notes: fields.notes,
    broker: fields.broker,
    account_id: fields.accountId,
    order_id: fields.orderId,
    currency: fields.currency,
  };
}

/** The validated fields of a stored trade, so that an edit or a split goes through the same checks as a new one. */
export function fieldsOfRow(row: TradeRow): TradeFields {
  return {
    symbol: row.symbol,
    side: row.side,
    quantity: row.quantity,
    entryPrice: row.entry_price,
    entryDate: row.entry_date,
    exitPrice: row.exit_price,
    exitDate: row.exit_date,
    commission: row.commission ?? "0",
    assetType: row.asset_type,
    multiplier: row.multiplier,
    stopPrice: row.stop_price,
    initialRisk: row.initial_risk,
    tags: row.tags,
    notes: row.notes,
    broker: row.broker,
    accountId: row.account_id,
    orderId: row.order_id,
    currency: row.currency,
  };
}

export async function insertTrade(
  db: Db,
  userId: number,
  fields: TradeFields,
  strategyId: number | null,
  roundTripId: number | null = null,
): Promise<TradeRow> {
  return db
    .insertInto("trades")
    .values({ ...columnsOf(fields), user_id: userId, strategy_id: strategyId, round_trip_id: roundTripId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Rewrites every field of one of the user's trades; undefined when it is not theirs. */
export async function updateTrade(
  db: Db,
  userId: number,
  id: number,
  fields: TradeFields,
  strategyId: number | null,
): Promise<TradeRow | undefined> {
  return db
    .updateTable("trades")
    .set({ ...columnsOf(fields), strategy_id: strategyId, updated_at: sql`now()` })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirst();
}

/** One of the user's trades, locked for the rest of the transaction when `forUpdate`. */
export async function findTrade(
  db: Db,
  userId: number,
  id: number,
  options: { forUpdate?: boolean } = {},
): Promise<TradeRow | undefined> {
  let query = db.selectFrom("trades").selectAll().where("id", "=", id).where("user_id", "=", userId);
  if (options.forUpdate) query = query.forUpdate();
  return query.executeTakeFirst();
}

export async function deleteTrade(db: Db, userId: number, id: number): Promise<TradeRow | undefined> {
  return db.deleteFrom("trades").where("id", "=", id).where("user_id", "=", userId).returningAll().executeTakeFirst();
}

export async function setTradeTags(db: Db, userId: number, id: number, tags: string[] | null): Promise<TradeRow> {
  return db
    .updateTable("trades")
    .set({ tags, updated_at: sql`now()` })
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface LinkedJournalEntry {
  id: number;
  title: string;
  mood: string | null;
  created_at: Date | null;
}

/** The journal entries linked to a trade, oldest first; only the user's own. */
export async function listLinkedJournalEntries(db: Db, userId: number, tradeId: number): Promise<LinkedJournalEntry[]> {
  return db
    .selectFrom("trade_journal_links")
    .innerJoin("journal_entries", "journal_entries.id", "trade_journal_links.journal_entry_id")
    .select(["journal_entries.id", "journal_entries.title", "journal_entries.mood", "journal_entries.created_at"])
    .where("trade_journal_links.trade_id", "=", tradeId)
    .where("journal_entries.user_id", "=", userId)
    .orderBy("journal_entries.created_at")
    .orderBy("journal_entries.id")
    .execute();
}

export interface Position {
  symbol: string;
  account_id: string | null;
  side: "long" | "short";
  asset_type: string;
  trades: number;
  quantity: string;
  /** Quantity-weighted average entry price, NUMERIC(21,10) as the prices it averages. */
  average_entry: string;
  /** Sum of entry price x quantity x multiplier, NUMERIC(15,2). */
  cost: string;
  commission: string;
}

/** Open trades grouped by symbol, account, side and asset type; sums done by PostgreSQL on exact decimals. */
export async function listPositions(db: Db, userId: number): Promise<Position[]> {
  const rows = await db
    .selectFrom("trades")
    .select([
      "symbol",
      "account_id",
      "side",
      "asset_type",
      sql<number>`count(*)`.as("trades"),
      sql<string>`sum(quantity)`.as("quantity"),
      // The average is shown with the places its prices have, at least 4 (182.0333, not 182.0333333333; 6J 0.0067055).
      sql<string>`round(sum(entry_price * quantity) / sum(quantity), greatest(4, max(scale(trim_scale(entry_price)))))`.as(
        "average_entry",
      ),
      sql<string>`round(sum(entry_price * quantity * multiplier), 2)::numeric(15,2)`.as("cost"),
      sql<string>`coalesce(sum(commission), 0)::numeric(15,2)`.as("commission"),
    ])
    .where("user_id", "=", userId)
    .where("status", "=", "open")
    .groupBy(["symbol", "account_id", "side", "asset_type"])
    .orderBy("symbol")
    .orderBy("account_id")
    .orderBy("side")
    .execute();
  return rows.map((r) => ({ ...r, trades: Number(r.trades) }));
}

export const TRADE_SORT_KEYS = ["date", "exit", "symbol", "pnl", "pnl-percent", "r"] as const;
export type TradeSortKey = (typeof TRADE_SORT_KEYS)[number];

export interface TradeFilter {
  status?: "open" | "closed";
  symbol?: string;
  strategyId?: number;
  tag?: string;
  accountId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  sort?: { key: TradeSortKey; direction: "asc" | "desc" };
}

/** One filter for the list and its totals, so the totals line always describes the rows shown. */
function matchesFilter(eb: ExpressionBuilder<Database, "trades">, userId: number, filter: TradeFilter) {
  const conditions = [eb("trades.user_id", "=", userId)];
  if (filter.status) conditions.push(eb("trades.status", "=", filter.status));
  if (filter.symbol) conditions.push(eb("trades.symbol", "=", filter.symbol));
  if (filter.strategyId !== undefined) conditions.push(eb("trades.strategy_id", "=", filter.strategyId));
  if (filter.tag) conditions.push(eb(eb.val(filter.tag), "=", eb.fn.any("trades.tags")));
  if (filter.accountId) conditions.push(eb("trades.account_id", "=", filter.accountId));
  if (filter.from) conditions.push(eb("trades.entry_date", ">=", filter.from));
  if (filter.to) conditions.push(eb("trades.entry_date", "<", filter.to));
  return eb.and(conditions);
}

export type TradeListRow = TradeRow & { strategy_name: string | null };

export async function listTrades(db: Db, userId: number, filter: TradeFilter = {}): Promise<TradeListRow[]> {
  return tradeListQuery(db, userId, filter).execute();
}

/**
 * The rows of listTrades, a page at a time through a cursor (in a transaction of its own), so neither this process
 * nor PGlite ever holds more than a page however many trades match. `onPage` returning false stops early (a pager
 * the user quit).
 */
export async function forEachTradePage(
  db: Kysely<Database>,
  userId: number,
  filter: TradeFilter,
  onPage: (rows: TradeListRow[]) => Promise<boolean | undefined> | boolean | undefined,
  pageSize = 1000,
): Promise<void> {
  if (filter.limit !== undefined && filter.limit <= pageSize) {
    // One page at most: a plain query saves the cursor's four round trips.
    const rows = await tradeListQuery(db, userId, filter).execute();
    if (rows.length > 0) await onPage(rows);
    return;
  }
  await db.transaction().execute(async (trx) => {
    const query = tradeListQuery(trx, userId, filter).compile();
    await trx.executeQuery(
      CompiledQuery.raw(`DECLARE trade_list NO SCROLL CURSOR FOR ${query.sql}`, [...query.parameters]),
    );
    for (;;) {
      const { rows } = await trx.executeQuery<TradeListRow>(CompiledQuery.raw(`FETCH ${pageSize} FROM trade_list`));
      if (rows.length > 0 && (await onPage(rows)) === false) break;
      if (rows.length < pageSize) break;
    }
  });
}

function tradeListQuery(db: Db, userId: number, filter: TradeFilter) {
  let query = db
    .selectFrom("trades")
    .leftJoin("strategies", "strategies.id", "trades.strategy_id")
    .selectAll("trades")
    .select("strategies.name as strategy_name")
    // The join only adds a name; the filter reads trades' own columns.
    .where((eb) => matchesFilter(eb as unknown as ExpressionBuilder<Database, "trades">, userId, filter));
  const direction = filter.sort?.direction ?? "desc";
  const order = sql.raw(direction === "asc" ? "asc nulls last" : "desc nulls last");
  const sortExpression = {
    date: sql`trades.entry_date`,
    exit: sql`trades.exit_date`,
    symbol: sql`trades.symbol`,
    pnl: sql`trades.pnl`,
    "pnl-percent": sql`trades.pnl_percent`,
    r: sql`trades.pnl / nullif(trades.initial_risk, 0)`,
  }[filter.sort?.key ?? "date"];
  query = query
    .orderBy(sql`${sortExpression} ${order}`)
    .orderBy("trades.entry_date", direction)
    .orderBy("trades.id", direction);
  if (filter.limit) query = query.limit(filter.limit);
  return query;
}

export interface TradeTotals {
  trades: number;
  closed: number;
  /** Round trips among the rows (flat to flat, as reports count them) whose rows shown are all closed. */
  roundTrips: number;
  /** Those round trips with net P&L above / below 0 (a round trip at exactly 0 is a scratch). */
  wins: number;
  losses: number;
  /** Sum of pnl over closed trades, exact, as NUMERIC text; null when they are in more than one currency. */
  netPnl: string | null;
  /** The matching trades are in more than one currency: the sum per currency ("unspecified": none given). */
  netPnlByCurrency?: Record<string, string>;
}

/** Totals computed by PostgreSQL over the same filter, so the sum is exact and independent of any LIMIT. */
export async function tradeTotals(db: Db, userId: number, filter: TradeFilter = {}): Promise<TradeTotals> {
  const trips = db
    .selectFrom("trades")
    .select([
      sql<number>`count(*)`.as("n_rows"),
      sql<number>`count(*) filter (where status = 'closed')`.as("closed_rows"),
      sql<string | null>`sum(pnl)`.as("net"),
    ])
    .where((eb) => matchesFilter(eb, userId, filter))
    .groupBy(sql`coalesce(round_trip_id, -id::bigint)`)
    .as("trips");
  const row = await db
    .selectFrom(trips)
    .select([
      sql<number>`coalesce(sum(n_rows), 0)`.as("trades"),
      sql<number>`coalesce(sum(closed_rows), 0)`.as("closed"),
      sql<number>`count(*) filter (where closed_rows = n_rows)`.as("roundTrips"),
      sql<number>`count(*) filter (where closed_rows = n_rows and net > 0)`.as("wins"),
      sql<number>`count(*) filter (where closed_rows = n_rows and net < 0)`.as("losses"),
      sql<string>`coalesce(sum(net), 0)::numeric(15,2)`.as("netPnl"),
    ])
    .executeTakeFirstOrThrow();
  return {
    trades: Number(row.trades),
    closed: Number(row.closed),
    roundTrips: Number(row.roundTrips),
    wins: Number(row.wins),
    losses: Number(row.losses),
    ...(await netPnlByCurrency(db, userId, filter, row.netPnl)),
  };
}

/** Never two currencies added: with more than one among the matching trades, the net P&L is given per currency. */
async function netPnlByCurrency(
  db: Db,
  userId: number,
  filter: TradeFilter,
  netPnl: string,
): Promise<Pick<TradeTotals, "netPnl" | "netPnlByCurrency">> {
  const rows = await db
    .selectFrom("trades")
    .select([
      sql<string>`coalesce(currency, '')`.as("currency"),
      sql<string>`coalesce(sum(pnl) filter (where status = 'closed'), 0)::numeric(15,2)`.as("net"),
    ])
    .where((eb) => matchesFilter(eb, userId, filter))
    .groupBy(sql`coalesce(currency, '')`)
    .orderBy(sql`coalesce(currency, '')`)
    .execute();
  if (rows.length <= 1) return { netPnl };
  return {
    netPnl: null,
    netPnlByCurrency: Object.fromEntries(rows.map((r) => [r.currency === "" ? "unspecified" : r.currency, r.net])),
  };
}
