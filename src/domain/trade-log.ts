// The trade log's operations: validate, resolve references, write in one transaction.
import type { Kysely } from "kysely";
import { recordAudit } from "../db/audit.js";
import type { Database, TradeRow } from "../db/schema.js";
import { findStrategyIdByName, insertTrade } from "../db/trades.js";
import { ValidationError } from "../errors.js";
import { type RawTradeInput, validateTrade } from "./trades.js";

export async function addTrade(
  db: Kysely<Database>,
  userId: number,
  raw: RawTradeInput,
  options: { timeZone: string; now: Date; strategy?: string | undefined },
): Promise<TradeRow> {
  const fields = validateTrade(raw, options.timeZone, options.now);
  return db.transaction().execute(async (trx) => {
    let strategyId: number | null = null;
    if (options.strategy !== undefined) {
      const found = await findStrategyIdByName(trx, userId, options.strategy.trim());
      if (found === undefined) throw new ValidationError(`unknown strategy '${options.strategy}'`);
      strategyId = found;
    }
    const trade = await insertTrade(trx, userId, fields, strategyId);
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
