// The declared --json of `import formats`, `import history`, `import show` and `import undo` (README "JSON output"):
// built from the import_history row and the recorded summary, never the row printed as it is. Times are ISO-8601 UTC.
import type { Selectable } from "kysely";
import type { Database, JsonObject } from "../db/schema.js";
import type { TradeAnnotations } from "../db/trade-annotations.js";
import type { ImportFormat } from "../importers/format.js";
import { isoTime } from "./json-output.js";

type ImportHistoryRow = Selectable<Database["import_history"]>;

/** A format in `import formats --json`. */
export interface ImportFormatJson {
  name: string;
  description: string;
  recognises: string;
  /** The zone its exports' times are read in: the broker's convention, else "yours (or --timezone)". */
  timeZone: string;
  layouts: { name: string; recognises: string }[];
}

export function importFormatJson(f: ImportFormat): ImportFormatJson {
  return {
    name: f.name,
    description: f.description,
    recognises: f.recognises,
    timeZone: f.defaultTimeZone ?? "yours (or --timezone)",
    layouts: (f.layouts ?? [{ name: "default", recognises: f.recognises }]).map((l) => ({
      name: l.name,
      recognises: l.recognises,
    })),
  };
}

/** An import in `import history --json` (and the head of `import show --json`). */
export interface ImportJson {
  id: number;
  file: string;
  /** The format it was read with. */
  format: string | null;
  accountId: string | null;
  status: string | null;
  /** When `import undo` removed it; null while it stands. */
  undoneAt: string | null;
  totalRows: number | null;
  importedRows: number | null;
  failedRows: number | null;
  newFills: number | null;
  knownFills: number | null;
  skippedRows: number | null;
  startedAt: string | null;
  completedAt: string | null;
  createdAt: string | null;
}

const count = (value: unknown): number | null => (typeof value === "number" ? value : null);

export function importJson(row: ImportHistoryRow): ImportJson {
  const summary = row.summary ?? {};
  return {
    id: row.id,
    file: row.filename,
    format: row.broker,
    accountId: row.account_id,
    status: row.status,
    undoneAt: typeof summary.undoneAt === "string" ? summary.undoneAt : null,
    totalRows: row.total_rows,
    importedRows: row.imported_rows,
    failedRows: row.failed_rows,
    newFills: count(summary.newFills),
    knownFills: count(summary.knownFills),
    skippedRows: count(summary.skippedRows),
    startedAt: isoTime(row.started_at),
    completedAt: isoTime(row.completed_at),
    createdAt: isoTime(row.created_at),
  };
}

/** A row the import could not read; `line`, `column` and `value` are null for an error of the whole file. */
export interface ImportErrorJson {
  line: number | null;
  column: string | null;
  value: string | null;
  reason: string;
}

/** `import show --json`: the import, the summary recorded when it ran (the fields of `import csv --json`), its errors. */
export interface ImportDetailJson extends ImportJson {
  summary: JsonObject;
  errors: ImportErrorJson[];
  /** Fills the journal holds twice (migration 067) that this import takes part in, per pair of imports. */
  storedCopies: { copyImportId: number | null; importId: number | null; fills: number }[];
}

export function importDetailJson(
  row: ImportHistoryRow,
  storedCopies: ImportDetailJson["storedCopies"],
): ImportDetailJson {
  const errors = Array.isArray(row.errors) ? (row.errors as Partial<ImportErrorJson>[]) : [];
  return {
    ...importJson(row),
    summary: row.summary ?? {},
    storedCopies,
    errors: errors.map((e) => ({
      line: e.line ?? null,
      column: e.column ?? null,
      value: e.value ?? null,
      reason: e.reason ?? "",
    })),
  };
}

/** What `import undo` did, as `undoImport` returns it. */
export interface ImportUndoResult {
  importId: number;
  positions: number;
  tradesRemoved: number;
  tradesCreated: number;
  fillsKept: number;
  keptFor: { importId: number; fills: number }[];
  detached: TradeAnnotations[];
}

/** `import undo --json`: the counts, the imports that kept shared fills, and what removed trades took with them. */
export function importUndoJson(result: ImportUndoResult) {
  return {
    importId: result.importId,
    positions: result.positions,
    tradesRemoved: result.tradesRemoved,
    tradesCreated: result.tradesCreated,
    fillsKept: result.fillsKept,
    keptFor: result.keptFor.map((k) => ({ importId: k.importId, fills: k.fills })),
    detached: result.detached.map((d) => ({
      tradeId: d.tradeId,
      symbol: d.symbol,
      tags: d.tags,
      notes: d.notes,
      strategyId: d.strategyId,
      journalEntryIds: d.journalEntryIds,
    })),
  };
}
