// Import operations besides importing: undo, and saved column mappings.
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import {
  deleteImportFills,
  findImport,
  findMapping,
  lockUserImports,
  saveMapping,
  type TradeAnnotations,
  updateImportSummary,
} from "../db/imports.js";
import { restoreFreedIdentities } from "../db/known-fills.js";
import type { Database } from "../db/schema.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import { rebuildPosition } from "../import/position-build.js";
import { genericFields, isGenericField } from "../importers/generic.js";

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

/** Parses --map "date=Trade Date,symbol=Ticker" into field -> column. */
export function parseMapping(spec: string): Record<string, string> {
  const mapping: Record<string, string> = {};
  for (const part of spec.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    const field = part.slice(0, eq).trim();
    const column = part.slice(eq + 1).trim();
    if (eq === -1 || column === "")
      throw new ValidationError(`--map entries look like field=Column, got '${part.trim()}'`);
    if (!isGenericField(field)) {
      throw new ValidationError(`--map: unknown field '${field}' (fields: ${Object.keys(genericFields).join(", ")})`);
    }
    mapping[field] = column;
  }
  return mapping;
}

export async function resolveMapping(
  db: Kysely<Database>,
  userId: number,
  options: { map?: string | undefined; mapName?: string | undefined; saveMap?: string | undefined },
): Promise<Record<string, string>> {
  let mapping: Record<string, string> = {};
  if (options.mapName) {
    const saved = await findMapping(db, userId, options.mapName);
    if (!saved) throw new NotFoundError(`no saved mapping named '${options.mapName}'`);
    mapping = { ...(saved.mapping as Record<string, string>) };
  }
  if (options.map) mapping = { ...mapping, ...parseMapping(options.map) };
  if (options.saveMap) {
    if (Object.keys(mapping).length === 0) throw new ValidationError("--save-map needs --map (or --map-name) to save");
    if (options.saveMap.length > 100) throw new ValidationError("--save-map name is longer than 100 characters");
    await saveMapping(db, userId, options.saveMap, mapping);
  }
  return mapping;
}
