// Undoing an import: its fills go (those another import also holds stay, now that import's), its positions are
// rebuilt from what remains, all in one transaction with its audit row; `import csv --replace-import` runs it first.
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import { deleteImportFills } from "../db/executions.js";
import { findImport, lockUserImports, updateImportSummary } from "../db/import-history.js";
import { restoreFreedIdentities } from "../db/known-fills.js";
import type { Database } from "../db/schema.js";
import type { TradeAnnotations } from "../db/trade-annotations.js";
import { ConflictError, NotFoundError } from "../errors.js";
import { rebuildPosition } from "./position-build.js";

export async function undoImport(db: Kysely<Database>, userId: number, importId: number, now: Date) {
  return db.transaction().execute((trx) => undoImportIn(trx, userId, importId, now));
}

export type UndoResult = Awaited<ReturnType<typeof undoImportIn>>;

/** Undoes an import inside the caller's transaction (`import undo`, and `import csv --replace-import` before it reads). */
export async function undoImportIn(trx: Transaction<Database>, userId: number, importId: number, now: Date) {
  await lockUserImports(trx, userId);
  const found = await findImport(trx, userId, importId);
  if (!found) throw new NotFoundError(`import ${importId} not found`);
  if (found.summary?.undoneAt) throw new ConflictError(`import ${importId} was already undone`);
  if (found.status !== "completed")
    throw new ConflictError(`import ${importId} is ${found.status}: only a completed import can be undone`);
  const { positions: keys, kept } = await deleteImportFills(trx, userId, importId);
  // A copy of one of its fills stored by another reader (migration 067) is now that fill.
  await restoreFreedIdentities(trx, userId);
  let removed = 0;
  let created = 0;
  const detached: TradeAnnotations[] = [];
  for (const key of keys) {
    const result = await rebuildPosition(trx, userId, key);
    removed += result.removed;
    created += result.created;
    detached.push(...result.detached);
  }
  await updateImportSummary(trx, importId, { ...(found.summary ?? {}), undoneAt: now.toISOString() });
  const result = {
    importId,
    positions: keys.length,
    tradesRemoved: removed,
    tradesCreated: created,
    /** Fills this import held that other imports also contained: they stay, now theirs. */
    fillsKept: kept.reduce((sum, k) => sum + k.fills, 0),
    keptFor: kept,
    detached,
  };
  await recordAudit(trx, {
    userId,
    action: "import.undo",
    resourceType: "import",
    resourceId: importId,
    requestData: { importId },
    responseData: result,
  });
  return result;
}
