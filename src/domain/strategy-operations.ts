// Strategy (playbook) operations: each validates, then writes in one transaction.
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import type { Database, StrategyRow } from "../db/schema.js";
import {
  countStrategyTrades,
  deleteStrategy,
  detachStrategyTrades,
  findStrategyByName,
  insertStrategy,
  type StrategyChanges,
  updateStrategy,
} from "../db/strategies.js";
import { ConflictError, FieldWording, NotFoundError, ValidationError } from "../errors.js";
import { addRule, buildRules, readRules, rulesToJson, validateStrategyName } from "./strategies.js";
import { refreshStrategyMetrics, resolveStrategy } from "./trade-operations.js";

type Db = Kysely<Database>;
type DbOrTrx = Db | Transaction<Database>;

/** A strategy named on the command line: "unknown strategy" there is a not-found, not a bad value. */
export async function getStrategy(db: DbOrTrx, userId: number, nameOrId: string): Promise<StrategyRow> {
  try {
    return await resolveStrategy(db, userId, nameOrId);
  } catch (error) {
    if (error instanceof ValidationError) throw new NotFoundError(error.message);
    throw error;
  }
}

async function refuseDuplicate(db: DbOrTrx, userId: number, name: string, except?: number): Promise<void> {
  const existing = await findStrategyByName(db, userId, name);
  if (existing && existing.id !== except) throw new ConflictError(`you already have a strategy named '${name}'`);
}

export async function createStrategy(
  db: Db,
  userId: number,
  input: { name: string; description?: string | undefined; rules: string[] },
  now: Date,
): Promise<StrategyRow> {
  const name = validateStrategyName(input.name);
  const rules = buildRules(input.rules);
  const description = input.description?.trim() || null;
  return db.transaction().execute(async (trx) => {
    await refuseDuplicate(trx, userId, name);
    const created = await insertStrategy(trx, userId, { name, description, rules: rulesToJson(rules) });
    await refreshStrategyMetrics(trx, [created.id], now);
    await recordAudit(trx, {
      userId,
      action: "strategy.create",
      resourceType: "strategy",
      resourceId: created.id,
      requestData: { name, description, rules: input.rules },
    });
    return (await findStrategyByName(trx, userId, name)) as StrategyRow;
  });
}

export interface StrategyEdit {
  name?: string | undefined;
  description?: string | undefined;
  /** Replaces every rule when given. */
  rules?: string[] | undefined;
  /** Added to the existing rules. */
  addRules?: string[] | undefined;
}

export async function editStrategy(db: Db, userId: number, nameOrId: string, edit: StrategyEdit): Promise<StrategyRow> {
  return db.transaction().execute(async (trx) => {
    const strategy = await getStrategy(trx, userId, nameOrId);
    const changes: StrategyChanges = {};
    if (edit.name !== undefined) {
      changes.name = validateStrategyName(edit.name);
      await refuseDuplicate(trx, userId, changes.name, strategy.id);
    }
    if (edit.description !== undefined) changes.description = edit.description.trim() || null;
    if (edit.rules !== undefined || edit.addRules !== undefined) {
      const base = edit.rules !== undefined ? buildRules(edit.rules) : readRules(strategy.rules);
      changes.rules = rulesToJson((edit.addRules ?? []).reduce(addRule, base));
    }
    const updated = await updateStrategy(trx, userId, strategy.id, changes);
    await recordAudit(trx, {
      userId,
      action: "strategy.update",
      resourceType: "strategy",
      resourceId: strategy.id,
      requestData: edit,
      responseData: { name: updated.name },
    });
    return updated;
  });
}

/** Archives or re-activates a strategy; one already in that state is left as it is (no change, no audit row). */
export async function setStrategyActive(db: Db, userId: number, nameOrId: string, active: boolean) {
  return db.transaction().execute(async (trx) => {
    const strategy = await getStrategy(trx, userId, nameOrId);
    if (Boolean(strategy.is_active) === active) return strategy;
    const updated = await updateStrategy(trx, userId, strategy.id, { isActive: active });
    await recordAudit(trx, {
      userId,
      action: active ? "strategy.activate" : "strategy.archive",
      resourceType: "strategy",
      resourceId: strategy.id,
      responseData: { name: strategy.name },
    });
    return updated;
  });
}

/** Deletes a strategy; refused while trades use it unless `detach`, which leaves those trades without a strategy. */
export async function removeStrategy(
  db: Db,
  userId: number,
  nameOrId: string,
  options: { detach: boolean },
): Promise<{ strategy: StrategyRow; detached: number }> {
  return db.transaction().execute(async (trx) => {
    const strategy = await getStrategy(trx, userId, nameOrId);
    const used = await countStrategyTrades(trx, userId, strategy.id);
    if (used > 0 && !options.detach) {
      throw new ConflictError(
        new FieldWording(
          "detach",
          (name) =>
            `strategy '${strategy.name}' is used by ${used} trade(s): use ${name} to keep them without a strategy`,
        ),
      );
    }
    const detached = used > 0 ? await detachStrategyTrades(trx, userId, strategy.id) : 0;
    await deleteStrategy(trx, userId, strategy.id);
    await recordAudit(trx, {
      userId,
      action: "strategy.delete",
      resourceType: "strategy",
      resourceId: strategy.id,
      requestData: { detach: options.detach },
      responseData: { name: strategy.name, detachedTrades: detached },
    });
    return { strategy, detached };
  });
}
