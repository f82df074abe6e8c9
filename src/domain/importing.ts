// The import engine: one file in, exactly-once fills and FIFO trades out, in one transaction, with an import_history
// row that says what happened. The file is streamed (importers/csv-records.ts) through COPY into a staging table, so
// memory does not grow with the file; only the positions it touches are rebuilt, one at a time, a page at a time.
import { closeSync, openSync, readSync, statSync } from "node:fs";
import { basename } from "node:path";
import type { Kysely, Transaction } from "kysely";
import { recordAudit } from "../db/audit.js";
import { annotateImportedTrades } from "../db/export.js";
import {
  annotationsOf,
  closedPnlOf,
  closeRoundTrip,
  createDryRunImport,
  createStagingTable,
  deleteTrades,
  failInterruptedImports,
  finishImport,
  hasImportedTrades,
  holdImportLockInTransaction,
  importAppendsToPosition,
  importedTradesOf,
  importFillsOf,
  insertImportedTrades,
  insertNotification,
  insertRoundTrips,
  insertStagedFills,
  lockUserImports,
  markProcessing,
  moveAnnotations,
  openImportedTrades,
  openRoundTripOf,
  type PositionFill,
  type PositionKey,
  positionFillPages,
  positionFills,
  positionsOfImport,
  releaseImportLock,
  setRoundTrip,
  stageFills,
  stagingLine,
  startImport,
  syncRoundTrips,
  type TradeAnnotations,
  type TradeWrite,
  updateImportedTrade,
  vouchForKnownFills,
} from "../db/imports.js";
import type { Database, JsonObject } from "../db/schema.js";
import { dataExceptionMessage, TradesenseError, ValidationError } from "../errors.js";
import { CsvSyntaxError, readRecordBatches, type SourceRecord } from "../importers/csv-records.js";
import type { ImportFormat, ParsedFill, RowError } from "../importers/format.js";
import { detectFormat, findFormat, HEADER_SEARCH_LIMIT, importFormats } from "../importers/index.js";
import { checkMapping, unreadColumns } from "../importers/mapping.js";
import { Decimal } from "./decimal.js";
import { FifoBuilder, type FifoFill, type FifoTrade, type RoundTripSpan, type UnmatchedFill } from "./fifo.js";

export const ImportExit = {
  /** Every row imported (skipped non-trade rows do not count against it). */
  ok: 0,
  /** Imported, but some rows could not be read: see the errors. */
  partial: 10,
  /** Nothing imported: the file was refused, every row was bad, or --strict found a bad row. */
  nothing: 11,
} as const;

/** A file refused before anything is written (binary, empty, too large, unknown format). */
export class ImportRefusedError extends TradesenseError {
  override readonly exitCode: number = ImportExit.nothing;
}

export const DEFAULT_MAX_BYTES = 512 * 1024 * 1024;
/** Records parsed between two writes to the staging table. */
const RECORD_BATCH = 2000;
/** Fills read (and trades written) at a time when a position is built from scratch. */
const FILL_PAGE = 20000;
/** How many row errors an import_history row keeps; the count is always complete. */
const MAX_STORED_ERRORS = 1000;

export interface ImportOptions {
  userId: number;
  path: string;
  /** --broker: use this format instead of detecting one. */
  broker?: string | undefined;
  /** --account: for files without an account column. */
  accountId?: string | undefined;
  /** Zone of the file's times: --timezone, else the format's convention, else the user's zone. */
  timeZone?: string | undefined;
  userTimeZone: string;
  mapping: Record<string, string>;
  dryRun: boolean;
  strict: boolean;
  maxBytes?: number;
  now: () => Date;
  onProgress?: (rowsRead: number) => void;
  /** Fills read at a time when a position is built from scratch (tests make it small to cross pages). */
  fillPageSize?: number;
  /** Told when each step ends, with its time (`--debug` prints them). */
  onStep?: (step: string, ms: number) => void;
  /** Tests only (TRADESENSE_TEST_PAUSE): stops at a named moment so a kill lands exactly there. */
  pause?: (moment: string) => Promise<void>;
}

export interface ImportSummary {
  importId: number | null;
  file: string;
  format: string;
  status: "completed" | "failed" | "dry-run";
  totalRows: number;
  importedRows: number;
  failedRows: number;
  skippedRows: number;
  skipped: Record<string, number>;
  newFills: number;
  knownFills: number;
  tradesCreated: number;
  tradesUpdated: number;
  tradesRemoved: number;
  /** How much the closed imported trades' P&L of the positions it touched changed, read back from trades, exact. */
  realizedPnl: string;
  openPositions: { account: string; symbol: string; quantity: string }[];
  /** Removed trades whose notes, tags, strategy or journal links no remaining trade could take over. */
  detached: TradeAnnotations[];
  /** Header column -> the field it was read as. */
  columns: Record<string, string>;
  /** Columns that look like money, costs, a quantity or a time but were not read: a warning each. */
  unreadColumns: string[];
  /** Values with more decimals than their column, rounded half-up to it, by field. */
  rounded: Record<string, number>;
  /** Closing fills of the positions it touched that found nothing open to close: kept, no trade made of them. */
  unmatched: UnmatchedClose[];
  errors: RowError[];
  interruptedRunsFailed: number;
  /** How the positions it touched got their trades: built from scratch, continued from open lots, or rebuilt. */
  positionPaths: { built: number; continued: number; rebuilt: number };
  exitCode: number;
}

/** A fill that closes (a plain sell of shares, a `Buy to Cover`) with nothing open to close: see unmatchedMessage. */
export interface UnmatchedClose {
  account: string;
  symbol: string;
  action: "buy" | "sell";
  quantity: string;
  executedAt: string;
  /** The import that brought the fill and its line in that file (null for fills stored before lines were kept). */
  importId: number | null;
  line: number | null;
  /** The fill came from this file (else an earlier import's fill, still unmatched). */
  inThisFile: boolean;
  message: string;
}

/** Asset types whose plain sell, with nothing to close, is shares sold that were bought before the export began. */
const PLAIN_SELL_CLOSES = new Set(["stock", "option", "crypto"]);

export function unmatchedMessage(u: { action: "buy" | "sell"; quantity: string; symbol: string }): string {
  return u.action === "sell"
    ? `sold ${u.quantity} ${u.symbol} with no open position: the export probably starts after the shares were bought; import the older export and it will be matched`
    : `bought ${u.quantity} ${u.symbol} to cover with no short position: the export probably starts after the short was opened; import the older export and it will be matched`;
}

class RollbackDryRun extends Error {}
class StrictRefusal extends Error {}

/** Refuses a file that cannot be a CSV export, before anything is written. */
export function checkFile(path: string, maxBytes: number): void {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) throw new ImportRefusedError(`${path} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ImportRefusedError) throw error;
    throw new ImportRefusedError(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message}`,
    );
  }
  if (size > maxBytes) {
    throw new ImportRefusedError(
      `${path} is ${(size / 1048576).toFixed(0)} MB, over the ${(maxBytes / 1048576).toFixed(0)} MB import limit: split it`,
    );
  }
  const head = Buffer.alloc(Math.min(size, 65536));
  const fd = openSync(path, "r");
  try {
    readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  if (head.includes(0)) throw new ImportRefusedError(`${path} is a binary file, not a CSV export`);
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(head, { stream: true });
  } catch {
    throw new ImportRefusedError(`${path} is not UTF-8 text: export it as CSV (UTF-8)`);
  }
  if (
    head
      .toString("utf8")
      .replace(/^\uFEFF/, "")
      .trim() === ""
  )
    throw new ImportRefusedError(`${path} is empty`);
}

/** The file's records in batches; a file that ends inside a quoted field is refused, naming the line. */
async function* recordBatches(path: string, batchSize = RECORD_BATCH): AsyncGenerator<SourceRecord[]> {
  try {
    yield* readRecordBatches(path, batchSize);
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw new ImportRefusedError(`${path}: ${error.message}`);
    throw error;
  }
}

export async function importFile(journal: Kysely<Database>, options: ImportOptions): Promise<ImportSummary> {
  // One connection for the whole run: the lock that tells other imports this run is alive is held by its session.
  return journal.connection().execute((db) => importOnConnection(db, options));
}

async function importOnConnection(db: Kysely<Database>, options: ImportOptions): Promise<ImportSummary> {
  checkFile(options.path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const forced = options.broker ? findFormat(options.broker) : undefined;
  if (options.broker && !forced) {
    throw new ValidationError(
      `unknown format '${options.broker}': run \`tradesense import formats\` (known: ${importFormats.map((f) => f.name).join(", ")})`,
    );
  }

  // Find the header (and the format) in the first records, before anything is written: a batch at a time, as far
  // as the file needs (a fills header after other sections), the first batch's near misses kept for the refusal.
  const preamble: SourceRecord[] = [];
  let detection: ReturnType<typeof detectFormat> | undefined;
  let firstMisses: ReturnType<typeof detectFormat> | undefined;
  for await (const batch of recordBatches(options.path, 30)) {
    const found = detectFormat(
      batch.map((p) => p.record),
      options.mapping,
      forced,
    );
    if ("format" in found) detection = { ...found, headerIndex: preamble.length + found.headerIndex };
    else firstMisses ??= found;
    preamble.push(...batch);
    if (detection || preamble.length >= HEADER_SEARCH_LIMIT) break;
  }
  detection ??= firstMisses ?? { nearMisses: [] };
  if (!("format" in detection)) {
    // A mapped column the file lacks is the likely reason: say which (the record holding most mapped columns).
    if (Object.keys(options.mapping).length > 0) {
      const mapped = Object.values(options.mapping).map((c) => c.trim().toLowerCase());
      const held = (record: string[]) => record.filter((h) => mapped.includes(h.trim().toLowerCase())).length;
      const likely = preamble.map((p) => p.record).sort((a, b) => held(b) - held(a))[0];
      if (likely) checkMapping(likely, options.mapping);
    }
    const hints = detection.nearMisses.map((m) => `${m.format} (missing ${m.missing.join(", ")})`).join("; ");
    throw new ImportRefusedError(
      `${options.path}: no known format matches its header: closest ${hints}; map the columns with --map field=Column`,
    );
  }
  const { format, headerIndex } = detection;
  const header = (preamble[headerIndex] as SourceRecord).record;
  const headerLine = (preamble[headerIndex] as SourceRecord).line;
  checkMapping(header, options.mapping);

  const file = basename(options.path);
  let importId: number | null = null;
  if (!options.dryRun) {
    importId = await startImport(db, {
      userId: options.userId,
      filename: file,
      broker: format.name,
      accountId: options.accountId ?? null,
    });
  }
  try {
    if (importId !== null) await markProcessing(db, importId, options.now());
    return await runImport(db, options, format, header, headerLine, file, importId);
  } finally {
    // Never hides the run's own error: a connection that failed has lost its session (and the lock) anyway.
    if (importId !== null) await releaseImportLock(db, importId).catch(() => undefined);
  }
}

async function runImport(
  db: Kysely<Database>,
  options: ImportOptions,
  format: ImportFormat,
  header: string[],
  headerLine: number,
  file: string,
  importId: number | null,
): Promise<ImportSummary> {
  const columns = format.columnUse(header, options.mapping);
  const summary: ImportSummary = {
    importId,
    file,
    format: format.name,
    columns,
    unreadColumns: unreadColumns(header, columns),
    rounded: {},
    status: options.dryRun ? "dry-run" : "completed",
    totalRows: 0,
    importedRows: 0,
    failedRows: 0,
    skippedRows: 0,
    skipped: {},
    newFills: 0,
    knownFills: 0,
    tradesCreated: 0,
    tradesUpdated: 0,
    tradesRemoved: 0,
    realizedPnl: "0.00",
    openPositions: [],
    detached: [],
    unmatched: [],
    errors: [],
    interruptedRunsFailed: 0,
    positionPaths: { built: 0, continued: 0, rebuilt: 0 },
    exitCode: ImportExit.ok,
  };

  try {
    await db.transaction().execute(async (trx) => {
      if (importId !== null) await holdImportLockInTransaction(trx, importId);
      await lockUserImports(trx, options.userId);
      summary.interruptedRunsFailed = await failInterruptedImports(trx, options.userId, importId, options.now());
      // A dry run's fills need an import to belong to as well: its row goes when the transaction rolls back.
      const fillsImportId =
        importId ??
        (await createDryRunImport(trx, {
          userId: options.userId,
          filename: file,
          broker: format.name,
          accountId: options.accountId ?? null,
        }));
      const step = stepTimer(options.onStep);
      await createStagingTable(trx);
      const staged = await stageFile(trx, options, format, header, headerLine, summary);
      step(`read and staged ${staged.rows} fills`);
      if (options.strict && summary.failedRows > 0) throw new StrictRefusal();
      summary.newFills = await insertStagedFills(trx, options.userId, fillsImportId, staged.withFieldIdentities);
      summary.knownFills = staged.rows - summary.newFills;
      if (summary.knownFills > 0)
        await vouchForKnownFills(trx, options.userId, fillsImportId, staged.withFieldIdentities);
      const positions = summary.newFills > 0 ? await positionsOfImport(trx, options.userId, fillsImportId) : [];
      step(`stored ${summary.newFills} new fills in ${positions.length} positions`);
      // Inside the transaction, the new fills written and not committed: a kill here must leave none of them.
      await options.pause?.("import-stored");
      await rebuildPositions(trx, options, fillsImportId, positions, summary);
      await annotateImportedTrades(trx, options.userId, fillsImportId);
      step(`built ${summary.tradesCreated} trades`);
      summary.exitCode =
        summary.failedRows === 0 ? ImportExit.ok : summary.importedRows > 0 ? ImportExit.partial : ImportExit.nothing;
      // A sell with nothing to close is imported but needs the trader: like a bad row, it is not a clean import.
      if (summary.exitCode === ImportExit.ok && summary.unmatched.length > 0) summary.exitCode = ImportExit.partial;
      if (options.dryRun) throw new RollbackDryRun();
      const status = summary.importedRows === 0 && summary.failedRows > 0 ? "failed" : "completed";
      summary.status = status;
      await finishImport(trx, importId as number, {
        status,
        counts: { totalRows: summary.totalRows, importedRows: summary.importedRows, failedRows: summary.failedRows },
        errors: summary.errors.slice(0, MAX_STORED_ERRORS).map((e) => ({ ...e })),
        summary: summaryJson(summary),
        now: options.now(),
      });
      await recordAudit(trx, {
        userId: options.userId,
        action: status === "completed" ? "import.complete" : "import.fail",
        resourceType: "import",
        resourceId: importId,
        requestData: auditRequest(options, file),
        responseData: summaryJson(summary),
      });
      await insertNotification(trx, {
        userId: options.userId,
        type: status === "completed" ? "import_completed" : "import_failed",
        title: `Import of ${file} ${status}`,
        message: describeCounts(summary),
        data: { importId: importId as number, ...summaryJson(summary) },
      });
    });
  } catch (error) {
    if (error instanceof RollbackDryRun) return summary;
    summary.status = "failed";
    summary.exitCode = ImportExit.nothing;
    const badValue = dataExceptionMessage(error);
    if (!options.dryRun && importId !== null) {
      const reason =
        error instanceof StrictRefusal
          ? `--strict: ${summary.failedRows} bad row(s), nothing imported`
          : `import failed, nothing imported: ${badValue ?? (error as Error).message}`;
      await recordFailure(db, options, importId, summary, reason);
    }
    if (error instanceof StrictRefusal) return summary;
    // Every value is checked against its column before it is staged; a trade built from them can still exceed one
    // (a P&L beyond NUMERIC(15, 2)): the file's fault, said in one line, not a crash.
    if (badValue !== undefined)
      throw new ImportRefusedError(`${file}: a value is out of range for the journal (${badValue}): nothing imported`, {
        cause: error,
      });
    throw error;
  }
  return summary;
}

async function recordFailure(
  db: Kysely<Database>,
  options: ImportOptions,
  importId: number,
  summary: ImportSummary,
  reason: string,
) {
  const errors = [
    ...summary.errors.slice(0, MAX_STORED_ERRORS).map((e) => ({ ...e })),
    { line: null, column: null, value: null, reason },
  ];
  await db.transaction().execute(async (trx) => {
    await finishImport(trx, importId, {
      status: "failed",
      counts: { totalRows: summary.totalRows, importedRows: 0, failedRows: summary.failedRows },
      errors,
      summary: { ...summaryJson(summary), newFills: 0, knownFills: 0 },
      now: options.now(),
    });
    await recordAudit(trx, {
      userId: options.userId,
      action: "import.fail",
      resourceType: "import",
      resourceId: importId,
      requestData: auditRequest(options, summary.file),
      responseData: { reason, failedRows: summary.failedRows },
    });
    await insertNotification(trx, {
      userId: options.userId,
      type: "import_failed",
      title: `Import of ${summary.file} failed`,
      message: reason,
      data: { importId, reason },
    });
  });
}

function auditRequest(options: ImportOptions, file: string): JsonObject {
  return {
    file,
    broker: options.broker ?? null,
    account: options.accountId ?? null,
    timeZone: options.timeZone ?? null,
    strict: options.strict,
    mapping: options.mapping,
  };
}

function summaryJson(s: ImportSummary): JsonObject {
  return {
    format: s.format,
    newFills: s.newFills,
    knownFills: s.knownFills,
    skippedRows: s.skippedRows,
    skipped: s.skipped,
    tradesCreated: s.tradesCreated,
    tradesUpdated: s.tradesUpdated,
    tradesRemoved: s.tradesRemoved,
    realizedPnl: s.realizedPnl,
    openPositions: s.openPositions,
    columns: s.columns,
    unreadColumns: s.unreadColumns,
    rounded: s.rounded,
    unmatched: s.unmatched.map((u) => ({ ...u })),
  };
}

/** One file's entry in `import csv --json`: the declared fields, in this order (the README lists them). */
export function importSummaryJson(s: ImportSummary) {
  return {
    importId: s.importId,
    file: s.file,
    format: s.format,
    columns: s.columns,
    unreadColumns: s.unreadColumns,
    rounded: s.rounded,
    status: s.status,
    totalRows: s.totalRows,
    importedRows: s.importedRows,
    failedRows: s.failedRows,
    skippedRows: s.skippedRows,
    skipped: s.skipped,
    newFills: s.newFills,
    knownFills: s.knownFills,
    tradesCreated: s.tradesCreated,
    tradesUpdated: s.tradesUpdated,
    tradesRemoved: s.tradesRemoved,
    realizedPnl: s.realizedPnl,
    openPositions: s.openPositions,
    detached: s.detached,
    unmatched: s.unmatched,
    errors: s.errors,
    interruptedRunsFailed: s.interruptedRunsFailed,
    exitCode: s.exitCode,
  };
}

export function describeCounts(s: ImportSummary): string {
  return `${s.totalRows} rows: ${s.newFills} new fills, ${s.knownFills} already known, ${s.failedRows} bad, ${s.skippedRows} skipped; ${s.tradesCreated} trades created, ${s.tradesUpdated} updated, ${s.tradesRemoved} removed; realized P&L ${s.realizedPnl}`;
}

/**
 * Streams the rows after the header into the staging table, counting good, bad and skipped rows as it goes. Only a
 * batch of rows is in memory at a time; the database reads while the next batch is parsed.
 */
async function stageFile(
  trx: Transaction<Database>,
  options: ImportOptions,
  format: ImportFormat,
  header: string[],
  headerLine: number,
  summary: ImportSummary,
): Promise<{ rows: number; withFieldIdentities: boolean }> {
  const read = format.reader(header, {
    timeZone: options.timeZone ?? format.defaultTimeZone ?? options.userTimeZone,
    accountId: options.accountId ?? null,
    mapping: options.mapping,
    now: options.now(),
  });
  const broker = format.name;
  let direction: 1 | -1 | 0 = 0;
  let ordinal = 0;
  let withFieldIdentities = false;

  async function* lines(): AsyncGenerator<Buffer> {
    for await (const batch of recordBatches(options.path)) {
      const fills: { fill: ParsedFill; line: number }[] = [];
      for (const source of batch) {
        if (source.line <= headerLine) continue;
        summary.totalRows++;
        const result = read(source.record, source.line);
        if (result.kind === "fill") {
          summary.importedRows++;
          for (const field of result.fill.rounded ?? []) summary.rounded[field] = (summary.rounded[field] ?? 0) + 1;
          fills.push({ fill: result.fill, line: source.line });
        } else if (result.kind === "skip") {
          summary.skippedRows++;
          summary.skipped[result.reason] = (summary.skipped[result.reason] ?? 0) + 1;
        } else {
          summary.failedRows++;
          if (summary.errors.length < MAX_STORED_ERRORS) summary.errors.push(...result.errors.map(printableError));
        }
      }
      options.onProgress?.(summary.totalRows);
      if (fills.length === 0) continue;
      if (direction === 0) direction = fileDirection(fills.map((f) => f.fill.executedAt));
      let chunk = "";
      for (const { fill, line } of fills) {
        const i = ordinal++;
        if (!fill.executionId) withFieldIdentities = true;
        chunk += stagingLine({
          ordinal: i,
          broker,
          accountId: fill.accountId,
          symbol: fill.symbol,
          assetType: fill.assetType,
          multiplier: fill.multiplier,
          action: fill.action,
          quantity: fill.quantity,
          price: fill.price,
          commission: fill.commission,
          executedAt: fill.executedAt,
          // Newest-first files are numbered backwards so that equal times keep their real order.
          fileSequence: direction === -1 ? -i : i,
          executionId: fill.executionId,
          orderId: fill.orderId,
          currency: fill.currency,
          details: fill.details,
          sourceLine: line,
          positionEffect: fill.positionEffect ?? null,
        });
      }
      // As bytes at once: the string built line by line is a tree of small strings until something flattens it.
      yield Buffer.from(chunk);
    }
  }
  const rows = await stageFills(trx, lines());
  return { rows, withFieldIdentities };
}

/**
 * A row error as stored (import_history.errors is JSONB, which refuses "\u0000") and printed: a NUL byte is shown
 * as the two characters \0.
 */
function printableError(error: RowError): RowError {
  const clean = (text: string) => (text.includes("\u0000") ? text.replaceAll("\u0000", "\\0") : text);
  return { line: error.line, column: clean(error.column), value: clean(error.value), reason: clean(error.reason) };
}

function stepTimer(onStep: ImportOptions["onStep"]) {
  let last = performance.now();
  return (step: string) => {
    const now = performance.now();
    onStep?.(step, now - last);
    last = now;
  };
}

/** 1 when the file runs oldest first, -1 newest first, judged from its first and last distinct times. */
function fileDirection(times: Date[]): 1 | -1 {
  const first = times[0];
  const last = times[times.length - 1];
  if (first && last && first.getTime() > last.getTime()) return -1;
  return 1;
}

/** Builds or rebuilds the trades of each position that received new fills. */
async function rebuildPositions(
  trx: Transaction<Database>,
  options: ImportOptions,
  importId: number,
  positions: (PositionKey & { firstNewAt: Date })[],
  summary: ImportSummary,
): Promise<void> {
  const { userId } = options;
  const fresh: PositionKey[] = [];
  const rebuilt: PositionKey[] = [];
  const results = new Map<PositionKey, RebuildResult>();
  for (const key of positions) if (await hasImportedTrades(trx, userId, key)) rebuilt.push(key);
  // The realized P&L is read back from the trades table: what the import changed, not what the matching expected.
  const before = await closedPnlOf(trx, userId, rebuilt);
  for (const key of positions) {
    if (!rebuilt.includes(key)) fresh.push(key);
    else if (await importAppendsToPosition(trx, userId, key, importId, key.firstNewAt)) {
      const appended = await appendToPosition(trx, userId, key, importId);
      summary.positionPaths[appended.path]++;
      results.set(key, appended);
    } else {
      summary.positionPaths.rebuilt++;
      results.set(key, await rebuildPosition(trx, userId, key));
    }
  }
  summary.positionPaths.built += fresh.length;
  for (const [key, result] of await buildPositions(trx, userId, fresh, options.fillPageSize ?? FILL_PAGE))
    results.set(key, result);
  for (const key of positions) {
    const result = results.get(key) as RebuildResult;
    summary.tradesCreated += result.created;
    summary.tradesUpdated += result.updated;
    summary.tradesRemoved += result.removed;
    summary.detached.push(...result.detached);
    summary.unmatched.push(...result.unmatched.map((u) => unmatchedClose(key, u, importId)));
    if (result.position !== "0")
      summary.openPositions.push({ account: key.accountId, symbol: key.symbol, quantity: result.position });
  }
  const after = await closedPnlOf(trx, userId, positions);
  summary.realizedPnl = new Decimal(after).minus(before).toFixed(2);
}

function unmatchedClose(key: PositionKey, u: UnmatchedFill, importId: number): UnmatchedClose {
  const what = { action: u.fill.action, quantity: u.quantity, symbol: key.symbol };
  return {
    account: key.accountId,
    ...what,
    executedAt: u.fill.executedAt.toISOString(),
    importId: u.fill.source?.importId ?? null,
    line: u.fill.source?.line ?? null,
    inThisFile: u.fill.source?.importId === importId,
    message: unmatchedMessage(what),
  };
}

function fifoFill(f: PositionFill): FifoFill {
  // A row that said nothing of its position: a plain sell of shares closes only, a plain buy may cover a short.
  const closesOnly =
    f.position_effect === "close" ||
    (f.position_effect === null && f.action === "sell" && PLAIN_SELL_CLOSES.has(f.asset_type));
  return {
    id: f.id,
    executedAt: f.executed_at,
    action: f.action,
    quantity: f.quantity,
    price: f.price,
    commission: f.commission,
    multiplier: f.multiplier,
    assetType: f.asset_type,
    orderId: f.order_id,
    broker: f.broker,
    closesOnly,
    source: { importId: f.import_id, line: f.source_line },
  };
}

/** One position being built from scratch: its FIFO state and what has been written of it. */
class PositionBuild {
  readonly builder = new FifoBuilder({ keepClosed: false });
  readonly rounds: RoundTripWriter;
  created = 0;

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly userId: number,
    readonly key: PositionKey,
  ) {
    this.rounds = new RoundTripWriter(trx, userId, key, this.builder);
  }

  /** Writes trades with the round trips they belong to; `plan` was taken when the trades were. */
  async write(trades: FifoTrade[], plan: RoundTripPlan): Promise<void> {
    await this.rounds.persist(plan);
    const writes = trades.map((trade) => ({
      trade,
      broker: trade.broker,
      roundTripId: this.rounds.idOf(trade.roundTrip),
    }));
    await insertImportedTrades(this.trx, this.userId, this.key, writes);
    this.rounds.forgetBefore(plan.latest);
  }
}

/**
 * Builds the trades of positions that have none yet (the common case: new symbols, a first import), streaming: the
 * fills come a page at a time, position after position, and each page's trades are written while the next page is
 * read and matched (the database and the matching work at the same time). The round-trip plan of a write is taken
 * before anything is awaited, so the matching that goes on meanwhile cannot change what that write sees.
 */
async function buildPositions(
  trx: Transaction<Database>,
  userId: number,
  keys: PositionKey[],
  pageSize: number,
): Promise<Map<PositionKey, RebuildResult>> {
  const results = new Map<PositionKey, RebuildResult>();
  let build: PositionBuild | undefined;
  // Writes are chained, not awaited at once: the database works through them while the next page is matched.
  let writing: Promise<void> = Promise.resolve();
  let previous: Promise<void> = writing;
  let matched: { build: PositionBuild; trades: FifoTrade[]; plan: RoundTripPlan } | undefined;
  const pages = positionFillPages(trx, userId, keys, pageSize)[Symbol.asyncIterator]();
  let next = inFlight(pages.next());
  for (;;) {
    const { value: page, done } = await next;
    if (matched) {
      const { build: of, trades, plan } = matched;
      // At most two writes outstanding (one running, one queued): when the database is slower than the matching,
      // the matching waits here instead of piling up pages of trades in memory.
      await previous;
      previous = writing;
      writing = inFlight(writing.then(() => of.write(trades, plan)));
      matched = undefined;
    }
    if (done) break;
    next = inFlight(pages.next());
    if (build?.key !== page.key) build = new PositionBuild(trx, userId, page.key);
    const current = build;
    const trades: FifoTrade[] = [];
    for (const [i, fill] of page.fills.entries()) {
      // Let the writes in flight make progress (their statements and COPY data need the event loop).
      if (i % YIELD_EVERY === YIELD_EVERY - 1) await yieldToIo();
      const closed = current.builder.add(fifoFill(fill));
      if (closed.length === 0) continue;
      trades.push(...closed);
    }
    if (page.last) {
      trades.push(...current.builder.openTrades());
      results.set(page.key, {
        created: current.created + trades.length,
        updated: 0,
        removed: 0,
        position: current.builder.position(),
        detached: [],
        unmatched: current.builder.unmatched(),
      });
    }
    current.created += trades.length;
    matched = { build: current, trades, plan: current.rounds.plan() };
  }
  await writing;
  return results;
}

/** Fills matched between two turns of the event loop while a write is in flight. */
const YIELD_EVERY = 20;
const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A promise awaited later, not now. If it fails while this code is busy with something that also fails, nothing
 * awaits it again; without a handler Node would end the process for an "unhandled rejection". Awaiting it still throws.
 */
function inFlight<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => {});
  return promise;
}

/** A round trip of a streaming build: its span as the matching goes on, and its id once written. */
interface RoundRef {
  live: RoundTripSpan;
  id?: number;
}

interface RoundTripPlan {
  /** A round trip written (or planned) while open that has closed since. */
  closing: { round: RoundRef; closedAt: Date } | null;
  /** Round trips not planned yet: copies as they stand now. */
  fresh: { copy: RoundTripSpan; round: RoundRef }[];
  /** Index of the latest round trip: trades still to come belong to it or to later ones. */
  latest: number;
}

/**
 * Writes a streaming build's round trips as they open, and closes the one left open when it closes. Plans are taken
 * synchronously, in matching order, and persisted later in the same order (writes are chained), so a plan may name a
 * round trip whose id the previous plan's write has not assigned yet: it is read when this write runs.
 */
class RoundTripWriter {
  private readonly ids = new Map<number, number>();
  private next = 0;
  private open: RoundRef | null = null;

  constructor(
    private readonly trx: Transaction<Database>,
    private readonly userId: number,
    private readonly key: PositionKey,
    private readonly builder: FifoBuilder,
  ) {}

  /** What the next write must do, as things stand now. */
  plan(): RoundTripPlan {
    let closing: RoundTripPlan["closing"] = null;
    if (this.open && this.open.live.closedAt !== null) {
      closing = { round: this.open, closedAt: this.open.live.closedAt };
      this.open = null;
    }
    const fresh = this.builder
      .rounds()
      .filter((span) => span.index >= this.next)
      .map((live) => ({ copy: { ...live }, round: { live } as RoundRef }));
    for (const { copy, round } of fresh) {
      this.next = copy.index + 1;
      if (copy.closedAt === null) this.open = round;
    }
    return { closing, fresh, latest: this.next - 1 };
  }

  async persist(plan: RoundTripPlan): Promise<void> {
    if (plan.closing) await closeRoundTrip(this.trx, plan.closing.round.id as number, plan.closing.closedAt);
    const ids = await insertRoundTrips(
      this.trx,
      this.userId,
      this.key,
      plan.fresh.map((f) => f.copy),
    );
    plan.fresh.forEach(({ copy, round }, i) => {
      round.id = ids[i] as number;
      this.ids.set(copy.index, round.id);
    });
  }

  idOf(index: number): number | null {
    return this.ids.get(index) ?? null;
  }

  /** Forgets the round trips before `latest`: later fills can only add to it or open new ones. */
  forgetBefore(latest: number): void {
    this.builder.forgetRoundsBefore(latest);
    for (const index of this.ids.keys()) if (index < latest) this.ids.delete(index);
  }
}

export interface RebuildResult {
  created: number;
  updated: number;
  removed: number;
  position: string;
  /** Trades removed with notes, tags, a strategy or journal links that no remaining trade could take over. */
  detached: TradeAnnotations[];
  unmatched: UnmatchedFill[];
}

/**
 * Brings one position's imported trades in line with FIFO over all its fills. Rows whose identity (opening fill,
 * closing fill) survives keep their id, so what the trader attached to them stays; changed rows are updated, rows
 * that no longer exist are deleted, new ones inserted.
 */
export async function rebuildPosition(
  trx: Transaction<Database>,
  userId: number,
  key: PositionKey,
): Promise<RebuildResult> {
  const fills = await positionFills(trx, userId, key);
  const builder = new FifoBuilder();
  for (const f of fills) builder.add(fifoFill(f));
  const trades = [...builder.closedTrades(), ...builder.openTrades()];
  const roundTripIds = await syncRoundTrips(trx, userId, key, builder.rounds());
  const existing = new Map((await importedTradesOf(trx, userId, key)).map((t) => [t.import_key as string, t]));
  const changes = await applyTrades(trx, userId, key, trades, roundTripIds, existing);
  return { ...changes, position: builder.position(), unmatched: builder.unmatched() };
}

type ExistingTrade = Awaited<ReturnType<typeof importedTradesOf>>[number];

/** The opening fill's part of an import key ("<open fill>:<close fill or 'open'>"). */
const openingOf = (importKey: string) => importKey.slice(0, importKey.indexOf(":"));

/**
 * Brings a position's imported trades in line with `trades`. A wanted row takes the existing row with its identity
 * (opening fill, closing fill), else an unclaimed existing row with the same opening fill (an open lot that has been
 * closed since is the same trade), so the row keeps its id and what the trader attached to it; changed rows are
 * updated, new ones inserted. Rows of `existing` not wanted any more are deleted: what the user attached to one moves
 * to a row that holds its opening fill, or is reported as detached when none does.
 */
async function applyTrades(
  trx: Transaction<Database>,
  userId: number,
  key: PositionKey,
  trades: FifoTrade[],
  roundTripIds: (number | undefined)[],
  existing: Map<string, ExistingTrade>,
): Promise<{ created: number; updated: number; removed: number; detached: TradeAnnotations[] }> {
  const matches = new Map<FifoTrade, ExistingTrade>();
  for (const trade of trades) {
    const old = existing.get(trade.importKey);
    if (!old) continue;
    matches.set(trade, old);
    existing.delete(trade.importKey);
  }
  const unclaimed = new Map<string, ExistingTrade[]>();
  for (const old of existing.values()) {
    const opening = openingOf(old.import_key as string);
    unclaimed.set(opening, [...(unclaimed.get(opening) ?? []), old]);
  }
  for (const trade of trades) {
    if (matches.has(trade)) continue;
    const old = unclaimed.get(String(trade.openFillId))?.shift();
    if (!old) continue;
    matches.set(trade, old);
    existing.delete(old.import_key as string);
  }

  const inserts: TradeWrite[] = [];
  const insertedOpenings: string[] = [];
  const keptByOpening = new Map<string, number>();
  const keepRoundTrip = new Map<number | null, number[]>();
  let updated = 0;
  for (const trade of trades) {
    const write: TradeWrite = {
      trade,
      broker: trade.broker,
      roundTripId: roundTripIds[trade.roundTrip] ?? null,
    };
    const old = matches.get(trade);
    if (!old) {
      inserts.push(write);
      insertedOpenings.push(String(trade.openFillId));
      continue;
    }
    if (!keptByOpening.has(String(trade.openFillId))) keptByOpening.set(String(trade.openFillId), old.id);
    const same =
      old.import_key === trade.importKey &&
      new Decimal(old.quantity).eq(trade.quantity) &&
      new Decimal(old.commission ?? "0").eq(trade.commission) &&
      (old.exit_price === null
        ? trade.exitPrice === null
        : trade.exitPrice !== null && new Decimal(old.exit_price).eq(trade.exitPrice)) &&
      (old.exit_date?.getTime() ?? null) === (trade.exitDate?.getTime() ?? null) &&
      old.entry_date.getTime() === trade.entryDate.getTime();
    if (same) {
      if (old.round_trip_id !== write.roundTripId) {
        const list = keepRoundTrip.get(write.roundTripId) ?? [];
        list.push(old.id);
        keepRoundTrip.set(write.roundTripId, list);
      }
    } else {
      await updateImportedTrade(trx, old.id, userId, key, write);
      updated++;
    }
  }
  const removed = [...existing.values()];
  for (const [roundTripId, ids] of keepRoundTrip) await setRoundTrip(trx, ids, roundTripId);
  const created = await insertImportedTrades(trx, userId, key, inserts);
  created.forEach((id, i) => {
    const opening = insertedOpenings[i] as string;
    if (!keptByOpening.has(opening)) keptByOpening.set(opening, id);
  });
  const detached: TradeAnnotations[] = [];
  for (const annotations of await annotationsOf(
    trx,
    removed.map((t) => t.id),
  )) {
    const old = removed.find((t) => t.id === annotations.tradeId) as ExistingTrade;
    const heir = keptByOpening.get(openingOf(old.import_key as string));
    if (heir === undefined) detached.push(annotations);
    else await moveAnnotations(trx, old.id, heir);
  }
  await deleteTrades(
    trx,
    removed.map((t) => t.id),
  );
  return { created: created.length, updated, removed: removed.length, detached };
}

/**
 * Continues FIFO for a position whose new fills all come after its earlier ones: the open lots are read back from the
 * open trades (quantity and the commission they still carry), the open round trip is resumed, and only the new fills
 * are matched. Closed trades of earlier fills cannot change, so a daily import costs what the day holds, not the
 * position's history. Falls back to the full rebuild when the stored state does not fit together.
 */
async function appendToPosition(
  trx: Transaction<Database>,
  userId: number,
  key: PositionKey,
  importId: number,
): Promise<RebuildResult & { path: "continued" | "rebuilt" }> {
  const lots = await openImportedTrades(trx, userId, key);
  const round = await openRoundTripOf(trx, userId, key);
  if (lots.length > 0 !== (round !== undefined) || lots.some((lot) => lot.side !== round?.side)) {
    return { ...(await rebuildPosition(trx, userId, key)), path: "rebuilt" };
  }
  const builder = new FifoBuilder();
  for (const lot of lots) {
    builder.add({
      id: lot.open_execution_id,
      executedAt: lot.entry_date,
      action: lot.side === "long" ? "buy" : "sell",
      quantity: lot.quantity,
      price: lot.entry_price,
      commission: lot.commission ?? "0",
      multiplier: lot.multiplier,
      assetType: lot.asset_type,
      orderId: lot.order_id,
      broker: lot.broker ?? "import",
    });
  }
  // The lots open a round trip in the builder: it stands for the stored open one (index 0), whose opening is kept.
  for (const fill of await importFillsOf(trx, userId, key, importId)) builder.add(fifoFill(fill));
  const spans = builder.rounds();
  const resumed = round ? spans[0] : undefined;
  if (round && resumed?.closedAt) await closeRoundTrip(trx, round.id, resumed.closedAt);
  const fresh = await insertRoundTrips(trx, userId, key, round ? spans.slice(1) : spans);
  const roundTripIds = round ? [round.id, ...fresh] : fresh;
  const trades = [...builder.closedTrades(), ...builder.openTrades()];
  const existing = new Map<string, ExistingTrade>(
    lots.map((lot) => [lot.import_key, { ...lot, status: "open" as const }]),
  );
  const changes = await applyTrades(trx, userId, key, trades, roundTripIds, existing);
  return { ...changes, position: builder.position(), unmatched: builder.unmatched(), path: "continued" };
}
