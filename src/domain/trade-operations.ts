// The trade log's operations: validate, resolve references, write in one transaction, and refresh the metrics of every
// strategy the change touched inside that same transaction.
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import { openRoundTrip, syncRoundTrip } from "../db/round-trips.js";
import type { Database, StrategyRow, TradeRow } from "../db/schema.js";
import {
  findStrategyById,
  findStrategyByName,
  listStrategyTradeResults,
  saveStrategyMetrics,
} from "../db/strategies.js";
import {
  deleteTrade as deleteTradeRow,
  fieldsOfRow,
  findTrade,
  insertTrade,
  setTradeTags,
  updateTrade,
} from "../db/trades.js";
import { ConflictError, FieldError, NotFoundError, ValidationError } from "../errors.js";
import { Decimal, parseDecimal } from "./decimal.js";
import { splitTrade } from "./lots.js";
import { computeMetrics, readRules } from "./strategies.js";
import {
  checkTrade,
  commissionRule,
  exitPriceRule,
  parseTags,
  parseTradeDate,
  quantityRule,
  type RawTradeInput,
  type TradeFields,
  validateTrade,
} from "./trades.js";

type Trx = Transaction<Database>;

export interface ClockOptions {
  timeZone: string;
  now: Date;
}

/** Recomputes performance_metrics of each strategy named (nulls and repeats ignored), in the caller's transaction. */
export async function refreshStrategyMetrics(trx: Trx, strategyIds: (number | null)[], now: Date): Promise<void> {
  for (const id of new Set(strategyIds)) {
    if (id === null) continue;
    const metrics = computeMetrics(await listStrategyTradeResults(trx, id), now);
    await saveStrategyMetrics(trx, id, { ...metrics });
  }
}

/** A strategy by name, or by id when no strategy has that name; another user's is "not found" like a missing one. */
export async function resolveStrategy(
  db: Kysely<Database> | Trx,
  userId: number,
  nameOrId: string,
): Promise<StrategyRow> {
  const text = nameOrId.trim();
  const byName = await findStrategyByName(db, userId, text);
  if (byName) return byName;
  const byId = /^\d{1,9}$/.test(text) ? await findStrategyById(db, userId, Number(text)) : undefined;
  if (byId) return byId;
  throw new ValidationError(`unknown strategy '${nameOrId}'`);
}

/** A playbook's risk settings fill in what the trade did not say: a risk amount, or a stop at the default distance. */
function applyStrategyRisk(fields: TradeFields, strategy: StrategyRow | null): TradeFields {
  if (!strategy || fields.stopPrice !== null || fields.initialRisk !== null) return fields;
  const { risk } = readRules(strategy.rules);
  if (risk.riskPerTrade) return { ...fields, initialRisk: new Decimal(risk.riskPerTrade).toFixed(2) };
  if (risk.stopDistance) {
    const entry = new Decimal(fields.entryPrice);
    const stop = fields.side === "long" ? entry.minus(risk.stopDistance) : entry.plus(risk.stopDistance);
    if (stop.gt(0)) return { ...fields, stopPrice: stop.toFixed() };
  }
  return fields;
}

export async function addTrade(
  db: Kysely<Database>,
  userId: number,
  raw: RawTradeInput,
  options: ClockOptions & { strategy?: string | undefined },
): Promise<TradeRow> {
  const fields = validateTrade(raw, options.timeZone, options.now);
  return db.transaction().execute(async (trx) => {
    const strategy = options.strategy !== undefined ? await resolveStrategy(trx, userId, options.strategy) : null;
    const checked = checkTrade(applyStrategyRisk(fields, strategy));
    const trade = await insertTrade(
      trx,
      userId,
      checked,
      strategy?.id ?? null,
      await openRoundTrip(trx, userId, checked),
    );
    await refreshStrategyMetrics(trx, [trade.strategy_id], options.now);
    await recordAudit(trx, {
      userId,
      action: "trade.create",
      resourceType: "trade",
      resourceId: trade.id,
      requestData: { ...raw, strategy: options.strategy },
      responseData: { status: trade.status, pnl: trade.pnl },
    });
    return trade;
  });
}

async function lockTrade(trx: Trx, userId: number, id: number): Promise<TradeRow> {
  const trade = await findTrade(trx, userId, id, { forUpdate: true });
  if (!trade) throw new NotFoundError(`trade ${id} not found`);
  return trade;
}

export interface CloseInput {
  price: string;
  date?: string | undefined;
  qty?: string | undefined;
  commission?: string | undefined;
  allowFuture?: boolean | undefined;
}

export interface CloseResult {
  closed: TradeRow;
  /** The part left open by a partial close. */
  remainder: TradeRow | null;
}

/**
 * Closes an open trade at `price`. With a quantity below the open one, the trade keeps its id as the closed part and
 * the rest stays open as a new row (splitTrade shares the commission and risk to the cent).
 */
export async function closeTrade(
  db: Kysely<Database>,
  userId: number,
  id: number,
  input: CloseInput,
  options: ClockOptions,
): Promise<CloseResult> {
  const exitPrice = parseDecimal(input.price, { ...exitPriceRule, field: "price" });
  const exitDate = input.date ? parseTradeDate(input.date, "date", input, options.timeZone, options.now) : options.now;
  const closingCommission = input.commission !== undefined ? parseDecimal(input.commission, commissionRule) : "0";
  const qty = input.qty !== undefined ? parseDecimal(input.qty, quantityRule) : undefined;
  return db.transaction().execute(async (trx) => {
    const trade = await lockTrade(trx, userId, id);
    if (trade.status === "closed") throw new ConflictError(`trade ${id} is already closed`);
    const fields = fieldsOfRow(trade);
    if (exitDate < fields.entryDate) throw new FieldError("date", (name) => `${name} is before the trade's entry date`);
    const split = splitTrade(
      { quantity: fields.quantity, commission: fields.commission, initialRisk: fields.initialRisk },
      qty ?? fields.quantity,
      closingCommission,
    );
    const closedFields = checkTrade({
      ...fields,
      ...split.closed,
      exitPrice,
      exitDate,
    });
    const closed = await updateTrade(trx, userId, id, closedFields, trade.strategy_id);
    let remainder: TradeRow | null = null;
    if (split.remainder) {
      remainder = await insertTrade(
        trx,
        userId,
        { ...fields, ...split.remainder },
        trade.strategy_id,
        trade.round_trip_id,
      );
    }
    await syncRoundTrip(trx, trade.round_trip_id);
    await refreshStrategyMetrics(trx, [trade.strategy_id], options.now);
    await recordAudit(trx, {
      userId,
      action: "trade.close",
      resourceType: "trade",
      resourceId: id,
      requestData: input,
      responseData: { pnl: closed?.pnl ?? null, remainderId: remainder?.id ?? null },
    });
    return { closed: closed as TradeRow, remainder };
  });
}

/** Flag values for `trade edit`: a field left undefined keeps its stored value. */
export interface TradeEdit extends Partial<RawTradeInput> {
  /** A strategy name or id; null detaches the trade from its strategy. */
  strategy?: string | null;
  /** Clears the exit: the trade is open again. */
  reopen?: boolean;
  /** Clears the stop, and the initial risk unless a new --risk is given. */
  clearStop?: boolean;
}

function rawOfRow(row: TradeRow): RawTradeInput {
  const optional = (value: string | null) => value ?? undefined;
  return {
    symbol: row.symbol,
    side: row.side,
    qty: row.quantity,
    price: row.entry_price,
    date: row.entry_date.toISOString(),
    exitPrice: optional(row.exit_price),
    exitDate: row.exit_date?.toISOString(),
    commission: row.commission ?? "0",
    assetType: row.asset_type,
    multiplier: row.multiplier,
    stop: optional(row.stop_price),
    risk: optional(row.initial_risk),
    tags: row.tags?.join(","),
    notes: optional(row.notes),
    broker: optional(row.broker),
    account: optional(row.account_id),
    orderId: optional(row.order_id),
    currency: optional(row.currency),
  };
}

/** Applies the given changes to one of the user's trades and checks the result as if it were new. */
export async function editTrade(
  db: Kysely<Database>,
  userId: number,
  id: number,
  edit: TradeEdit,
  options: ClockOptions,
): Promise<TradeRow> {
  return db.transaction().execute(async (trx) => {
    const trade = await lockTrade(trx, userId, id);
    const { strategy, reopen, clearStop, ...changes } = edit;
    const given = Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
    const raw: RawTradeInput = { ...rawOfRow(trade), ...given };
    // Stored times were accepted when written: only a time typed now is held to the not-in-the-future rule.
    raw.allowFuture = edit.allowFuture ?? !("date" in given || "exitDate" in given);
    if (reopen) {
      if (edit.exitPrice !== undefined) {
        throw new FieldError(
          ["reopen", "exitPrice"],
          (reopen, exitPrice) => `${reopen} cannot be used with ${exitPrice}`,
        );
      }
      raw.exitPrice = undefined;
      raw.exitDate = undefined;
    }
    if (clearStop) {
      if (edit.stop !== undefined) {
        throw new FieldError(["noStop", "stop"], (noStop, stop) => `${noStop} cannot be used with ${stop}`);
      }
      raw.stop = undefined;
      if (edit.risk === undefined) raw.risk = undefined;
    }
    // A risk that came from the stop follows the stop, the quantity and the multiplier unless --risk says otherwise.
    const riskInputsChanged = ["stop", "qty", "price", "multiplier"].some((k) => k in given);
    if (raw.stop !== undefined && edit.risk === undefined && riskInputsChanged) raw.risk = undefined;
    const fields = validateTrade(raw, options.timeZone, options.now);
    let strategyId = trade.strategy_id;
    if (strategy === null) strategyId = null;
    else if (strategy !== undefined) strategyId = (await resolveStrategy(trx, userId, strategy)).id;
    const updated = (await updateTrade(trx, userId, id, fields, strategyId)) as TradeRow;
    await syncRoundTrip(trx, updated.round_trip_id);
    await refreshStrategyMetrics(trx, [trade.strategy_id, strategyId], options.now);
    await recordAudit(trx, {
      userId,
      action: "trade.update",
      resourceType: "trade",
      resourceId: id,
      requestData: edit,
      responseData: { status: updated.status, pnl: updated.pnl },
    });
    return updated;
  });
}

export async function removeTrade(
  db: Kysely<Database>,
  userId: number,
  id: number,
  options: { now: Date },
): Promise<TradeRow> {
  return db.transaction().execute(async (trx) => {
    const trade = await deleteTradeRow(trx, userId, id);
    if (!trade) throw new NotFoundError(`trade ${id} not found`);
    await syncRoundTrip(trx, trade.round_trip_id);
    await refreshStrategyMetrics(trx, [trade.strategy_id], options.now);
    await recordAudit(trx, {
      userId,
      action: "trade.delete",
      resourceType: "trade",
      resourceId: id,
      responseData: { symbol: trade.symbol, side: trade.side, quantity: trade.quantity, pnl: trade.pnl },
    });
    return trade;
  });
}

/** Adds and removes tags (comma-separated, case-insensitive); tags are kept in the order first added. */
export async function tagTrade(
  db: Kysely<Database>,
  userId: number,
  id: number,
  change: { add?: string | undefined; remove?: string | undefined },
): Promise<TradeRow> {
  const add = parseTags(change.add) ?? [];
  const remove = new Set(parseTags(change.remove) ?? []);
  return db.transaction().execute(async (trx) => {
    const trade = await lockTrade(trx, userId, id);
    const tags = [...new Set([...(trade.tags ?? []), ...add])].filter((t) => !remove.has(t));
    const updated = await setTradeTags(trx, userId, id, tags.length > 0 ? tags : null);
    await recordAudit(trx, {
      userId,
      action: "trade.tag",
      resourceType: "trade",
      resourceId: id,
      requestData: { add, remove: [...remove] },
      responseData: { tags: updated.tags },
    });
    return updated;
  });
}

/** Looks up one of the user's trades for display. */
export async function getTrade(db: Kysely<Database>, userId: number, id: number): Promise<TradeRow> {
  const trade = await findTrade(db, userId, id);
  if (!trade) throw new NotFoundError(`trade ${id} not found`);
  return trade;
}
