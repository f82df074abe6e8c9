// The import engine: one file in, exactly-once fills and FIFO trades out, in one transaction, with an import_history
// row that says what happened. The file is streamed (importers/csv-records.ts) through COPY into a staging table, so
// memory does not grow with the file; only the positions it touches are rebuilt, one at a time, a page at a time.
// This file is the run and its bookkeeping (locks, the transaction, failure, audit, notification); the steps are
// file-check.ts, header-search.ts, staging.ts, position-build.ts, and the tally is summary.ts.
import { basename } from "node:path";
import type { Kysely } from "kysely";
import { recordAudit } from "../db/audit.js";
import { positionInTwoCurrencies, positionsOfImport } from "../db/executions.js";
import {
  createDryRunImport,
  failInterruptedImports,
  finishImport,
  holdImportLockInTransaction,
  lockUserImports,
  markProcessing,
  releaseImportLock,
  startImport,
} from "../db/import-history.js";
import {
  createStagingTable,
  insertStagedFills,
  stagedAccountsHoldFills,
  vouchForKnownFills,
} from "../db/import-staging.js";
import { fillsReadDifferently, makePricesExact, pairRoundedFills, storedCopies } from "../db/known-fills.js";
import { insertNotification } from "../db/notifications.js";
import type { Database, JsonObject } from "../db/schema.js";
import { annotateImportedTrades } from "../db/trade-annotations.js";
import { compareBrokerPnl } from "../domain/broker-pnl.js";
import type { FuturesTable } from "../domain/futures.js";
import type { OpeningBalance } from "../domain/opening-balances.js";
import { dataExceptionMessage, ImportRefusedError } from "../errors.js";
import type { DateOrder } from "../importers/format.js";
import { unreadColumns } from "../importers/mapping.js";
import { checkFile, DEFAULT_MAX_BYTES } from "./file-check.js";
import { type FoundHeader, findHeader } from "./header-search.js";
import { refuseFillsReadDifferently } from "./known-fills.js";
import { buildTradesOfPositions } from "./position-build.js";
import { placeSameInstantFills } from "./same-instant.js";
import { stageFile } from "./staging.js";
import {
  auditPayload,
  describeCounts,
  type ImportSummary,
  type ImportTally,
  MAX_STORED_ERRORS,
  newTally,
  summarize,
} from "./summary.js";
import { undoImportIn } from "./undo.js";

/**
 * Where a run is: reading the file (bytes of its size), storing its fills (one statement: no count moves), building
 * the trades of the positions it touched (positions done of all), committing.
 */
export interface ImportProgress {
  phase: "reading" | "storing fills" | "building trades" | "committing";
  done: number;
  total: number | null;
  /** Rows read so far (reading only). */
  rows?: number;
}

export interface ImportOptions {
  userId: number;
  path: string;
  /** --broker: use this format instead of detecting one. */
  broker?: string | undefined;
  /** --account: for files without an account column. */
  accountId?: string | undefined;
  /** Zone of the file's times: --timezone, else the format's convention, else the user's zone. */
  timeZone?: string | undefined;
  /** --trade-date: the day of files that give times only (DAS Trader). */
  tradeDate?: string | undefined;
  /** --date-format: day-first or month-first, for a file whose dates read both ways (NinjaTrader). */
  dateOrder?: DateOrder | undefined;
  userTimeZone: string;
  /** Futures contracts (built-in + the user's, domain/user-contracts.ts#loadFuturesTable) for the readers. */
  futures?: FuturesTable | undefined;
  mapping: Record<string, string>;
  dryRun: boolean;
  strict: boolean;
  maxBytes?: number;
  now: () => Date;
  /** Told where the run is (a terminal shows it, see io/import-view.ts#progressText). */
  onProgress?: (progress: ImportProgress) => void;
  /** Fills read at a time when a position is built from scratch (tests make it small to cross pages). */
  fillPageSize?: number;
  /** Trades written at a time when positions are built from scratch (tests make it small to cross batches). */
  writeBatchTrades?: number;
  /** Told when each step ends, with its time (`--debug` prints them). */
  onStep?: (step: string, ms: number) => void;
  /** --opening: positions held before the export starts (domain/opening-balances.ts). */
  openings?: OpeningBalance[];
  /** --replace-import: an import undone in the same transaction before this file is read (as `import undo` does). */
  replaceImportId?: number | undefined;
  /** Tests only (TRADESENSE_TEST_PAUSE): stops at a named moment so a kill lands exactly there. */
  pause?: (moment: string) => Promise<void>;
  /**
   * Says a refusal's fields (errors.ts#FieldWording) with the running command's flags, before its message is recorded
   * as the import's reason, so the history reads as the user's line did ("pass --replace-import 7").
   */
  nameFields?: (error: unknown) => unknown;
}

class RollbackDryRun extends Error {}

class StrictRefusal extends Error {}

export async function importFile(journal: Kysely<Database>, options: ImportOptions): Promise<ImportSummary> {
  // One connection for the whole run: the lock that tells other imports this run is alive is held by its session.
  return journal.connection().execute((db) => importOnConnection(db, options));
}

async function importOnConnection(db: Kysely<Database>, options: ImportOptions): Promise<ImportSummary> {
  const size = checkFile(options.path, options.maxBytes ?? DEFAULT_MAX_BYTES);
  const { format, header, headerLine, detected } = await findHeader(options.path, options.mapping, options.broker);

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
    return await runImport(db, options, { format, header, headerLine, detected }, file, importId, size);
  } finally {
    // Never hides the run's own error: a connection that failed has lost its session (and the lock) anyway.
    if (importId !== null) await releaseImportLock(db, importId).catch(() => undefined);
  }
}

async function runImport(
  db: Kysely<Database>,
  options: ImportOptions,
  found: FoundHeader,
  file: string,
  importId: number | null,
  size: number,
): Promise<ImportSummary> {
  const { format, header, headerLine } = found;
  const columns = format.columnUse(header, options.mapping);
  const summary = newTally({
    importId,
    file,
    format: format.name,
    columns,
    unreadColumns: unreadColumns(header, columns),
    status: options.dryRun ? "dry-run" : "completed",
    detected: found.detected,
  });

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
      if (options.replaceImportId !== undefined) {
        const {
          detached,
          keptFor: _kept,
          ...replaced
        } = await undoImportIn(trx, options.userId, options.replaceImportId, options.now());
        summary.replaced = replaced;
        summary.detached.push(...detached);
      }
      await createStagingTable(trx);
      const staged = await stageFile(trx, options, format, header, headerLine, summary, size);
      step(`read and staged ${staged.rows} fills`);
      if (options.strict && summary.failedRows > 0) throw new StrictRefusal();
      // A first import into its accounts can meet no stored fill: the probes of one index lookup per staged fill
      // below are skipped (6 of 105 s of a 1,000,000-fill first import on the server).
      const meetsStoredFills = await stagedAccountsHoldFills(trx, options.userId);
      // Fills stored with their prices rounded to 4 places before migration 070: the same fills, given their exact
      // prices below (once the guard has compared them) and their positions rebuilt, never stored a second time.
      const rounded = await pairRoundedFills(
        trx,
        options.userId,
        staged.withFieldIdentities,
        staged.beyondFourPlaces && meetsStoredFills,
      );
      // Fills the journal holds read differently (another commission, another reader's identity): refused whole.
      if (meetsStoredFills)
        refuseFillsReadDifferently(
          file,
          await fillsReadDifferently(trx, options.userId, staged.withFieldIdentities),
          options.userTimeZone,
        );
      options.onProgress?.({ phase: "storing fills", done: 0, total: staged.rows });
      const exact = rounded > 0 ? await makePricesExact(trx, options.userId) : undefined;
      summary.pricesMadeExact = exact?.fills ?? 0;
      summary.pricesMadeExactImports = exact?.importIds ?? [];
      summary.newFills = await insertStagedFills(trx, options.userId, fillsImportId, staged.withFieldIdentities);
      summary.knownFills = staged.rows - summary.newFills;
      if (summary.knownFills > 0)
        await vouchForKnownFills(trx, options.userId, fillsImportId, staged.withFieldIdentities);
      if (summary.newFills > 0 && meetsStoredFills)
        summary.orderConflicts = await placeSameInstantFills(
          trx,
          options.userId,
          fillsImportId,
          staged.withFieldIdentities,
        );
      const positions = withPositionsOf(
        summary.newFills > 0 ? await positionsOfImport(trx, options.userId, fillsImportId) : [],
        exact?.positions ?? [],
      );
      const mixed =
        summary.newFills > 0 ? await positionInTwoCurrencies(trx, options.userId, fillsImportId) : undefined;
      if (mixed)
        throw new ImportRefusedError(
          `${file}: ${mixed.symbol}${mixed.accountId ? ` (account ${mixed.accountId})` : ""} has fills in ${mixed.currencies.join(" and ")}: one position cannot add two currencies; nothing imported`,
        );
      step(`stored ${summary.newFills} new fills in ${positions.length} positions`);
      // Inside the transaction, the new fills written and not committed: a kill here must leave none of them.
      await options.pause?.("import-stored");
      await buildTradesOfPositions(trx, options, fillsImportId, positions, summary);
      if (staged.reportedPnl)
        summary.brokerPnlDifferences = await compareBrokerPnl(trx, options.userId, fillsImportId, staged.reportedPnl);
      await annotateImportedTrades(trx, options.userId, fillsImportId);
      step(`built ${summary.tradesCreated} trades`);
      summary.storedCopies = await storedCopies(trx, options.userId);
      if (options.dryRun) throw new RollbackDryRun();
      options.onProgress?.({ phase: "committing", done: 0, total: null });
      const status = summary.importedRows === 0 && summary.failedRows > 0 ? "failed" : "completed";
      summary.status = status;
      await finishImport(trx, importId as number, {
        status,
        counts: { totalRows: summary.totalRows, importedRows: summary.importedRows, failedRows: summary.failedRows },
        errors: summary.errors.slice(0, MAX_STORED_ERRORS).map((e) => ({ ...e })),
        summary: auditPayload(summary),
        now: options.now(),
      });
      await recordAudit(trx, {
        userId: options.userId,
        action: status === "completed" ? "import.complete" : "import.fail",
        resourceType: "import",
        resourceId: importId,
        requestData: auditRequest(options, file),
        responseData: auditPayload(summary),
      });
      await insertNotification(trx, {
        userId: options.userId,
        type: status === "completed" ? "import_completed" : "import_failed",
        title: `Import of ${file} ${status}`,
        message: describeCounts(summary),
        data: { importId: importId as number, ...auditPayload(summary) },
      });
    });
  } catch (error) {
    if (error instanceof RollbackDryRun) return summarize(summary);
    summary.status = "failed";
    const badValue = dataExceptionMessage(error);
    if (!options.dryRun && importId !== null) {
      options.nameFields?.(error);
      const reason =
        error instanceof StrictRefusal
          ? `--strict: ${summary.failedRows} bad row(s), nothing imported`
          : `import failed, nothing imported: ${badValue ?? (error as Error).message}`;
      await recordFailure(db, options, importId, summary, reason);
    }
    if (error instanceof StrictRefusal) return summarize(summary);
    // Every value is checked against its column before it is staged; a trade built from them can still exceed one
    // (a P&L beyond NUMERIC(15, 2)): the file's fault, said in one line, not a crash.
    if (badValue !== undefined)
      throw new ImportRefusedError(`${file}: a value is out of range for the journal (${badValue}): nothing imported`, {
        cause: error,
      });
    throw error;
  }
  return summarize(summary);
}

async function recordFailure(
  db: Kysely<Database>,
  options: ImportOptions,
  importId: number,
  summary: ImportTally,
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
      summary: { ...auditPayload(summary), newFills: 0, knownFills: 0 },
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

/** The positions of the new fills, then those only fills made exact are in; each once, from the earlier first fill. */
function withPositionsOf<P extends { accountId: string; symbol: string; firstNewAt: Date }>(
  news: P[],
  exact: P[],
): P[] {
  const all = [...news];
  for (const p of exact) {
    const i = all.findIndex((n) => n.accountId === p.accountId && n.symbol === p.symbol);
    if (i < 0) all.push(p);
    else if (p.firstNewAt < (all[i] as P).firstNewAt) all[i] = { ...(all[i] as P), firstNewAt: p.firstNewAt };
  }
  return all;
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
