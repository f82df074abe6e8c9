// Every query about strategies (playbooks). Each takes the Kysely instance or a transaction first.
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, JsonObject, StrategyRow } from "./schema.js";

type Db = Kysely<Database> | Transaction<Database>;

export interface NewStrategyInput {
  name: string;
  description: string | null;
  rules: JsonObject;
}

export async function insertStrategy(db: Db, userId: number, input: NewStrategyInput): Promise<StrategyRow> {
  return db
    .insertInto("strategies")
    .values({
      user_id: userId,
      name: input.name,
      description: input.description,
      rules: JSON.stringify(input.rules),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function findStrategyByName(db: Db, userId: number, name: string): Promise<StrategyRow | undefined> {
  return db
    .selectFrom("strategies")
    .selectAll()
    .where("user_id", "=", userId)
    .where("name", "=", name)
    .executeTakeFirst();
}

export async function findStrategyById(db: Db, userId: number, id: number): Promise<StrategyRow | undefined> {
  return db.selectFrom("strategies").selectAll().where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
}

export async function listStrategies(
  db: Db,
  userId: number,
  options: { activeOnly?: boolean } = {},
): Promise<StrategyRow[]> {
  let query = db.selectFrom("strategies").selectAll().where("user_id", "=", userId);
  if (options.activeOnly) query = query.where("is_active", "=", true);
  return query.orderBy("name").execute();
}

export interface StrategyChanges {
  name?: string;
  description?: string | null;
  rules?: JsonObject;
  isActive?: boolean;
}

export async function updateStrategy(
  db: Db,
  userId: number,
  id: number,
  changes: StrategyChanges,
): Promise<StrategyRow> {
  return db
    .updateTable("strategies")
    .set({
      ...(changes.name !== undefined ? { name: changes.name } : {}),
      ...(changes.description !== undefined ? { description: changes.description } : {}),
      ...(changes.rules !== undefined ? { rules: JSON.stringify(changes.rules) } : {}),
      ...(changes.isActive !== undefined ? { is_active: changes.isActive } : {}),
      updated_at: sql`now()`,
    })
    .where("user_id", "=", userId)
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function countStrategyTrades(db: Db, userId: number, strategyId: number): Promise<number> {
  const row = await db
    .selectFrom("trades")
    .select(sql<number>`count(*)`.as("n"))
    .where("user_id", "=", userId)
    .where("strategy_id", "=", strategyId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function detachStrategyTrades(db: Db, userId: number, strategyId: number): Promise<number> {
  const result = await db
    .updateTable("trades")
    .set({ strategy_id: null, updated_at: sql`now()` })
    .where("user_id", "=", userId)
    .where("strategy_id", "=", strategyId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

export async function deleteStrategy(db: Db, userId: number, id: number): Promise<void> {
  await db.deleteFrom("strategies").where("user_id", "=", userId).where("id", "=", id).execute();
}

export interface StrategyTradeResult {
  status: "open" | "closed" | null;
  pnl: string | null;
  initial_risk: string | null;
}

/**
 * A strategy's round trips (its rows grouped flat to flat, as reports count them) in the order they went flat, open
 * ones last: closed once no row is open, pnl = realized P&L of the closed rows, risk only when every closed row has one.
 */
export async function listStrategyTradeResults(db: Db, strategyId: number): Promise<StrategyTradeResult[]> {
  const result = await sql<StrategyTradeResult>`select
      case when count(*) filter (where status = 'open') = 0 then 'closed' else 'open' end as status,
      (sum(pnl) filter (where status = 'closed'))::text as pnl,
      case when count(*) filter (where status = 'closed' and initial_risk is null) = 0
        then (sum(initial_risk) filter (where status = 'closed'))::text end as initial_risk
    from trades where strategy_id = ${strategyId}
    group by coalesce(round_trip_id, -id::bigint)
    order by count(*) filter (where status = 'open') > 0, max(exit_date), min(id)`.execute(db);
  return result.rows;
}

export async function saveStrategyMetrics(db: Db, strategyId: number, metrics: JsonObject): Promise<void> {
  await db
    .updateTable("strategies")
    .set({ performance_metrics: JSON.stringify(metrics) })
    .where("id", "=", strategyId)
    .execute();
}
