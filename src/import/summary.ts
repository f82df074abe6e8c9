// What an import did, in the forms its readers need: the tally the engine counts into while it runs, and from it
// the exit code, the `--json` entry (declared fields), the audit and notification payloads and the one-line counts.
// The view that prints it is io/import-view.ts.
import type { PositionKey } from "../db/executions.js";
import type { StoredCopies } from "../db/known-fills.js";
import type { JsonObject } from "../db/schema.js";
import type { TradeAnnotations } from "../db/trade-annotations.js";
import type { BrokerPnlDifference } from "../domain/broker-pnl.js";
import type { UnmatchedFill } from "../domain/fifo.js";
import type { OpeningPlaced } from "../domain/opening-balances.js";
import { ExitCode } from "../errors.js";
import type { RowError } from "../importers/format.js";
import type { OrderConflict } from "./same-instant.js";

/** How many row errors an import_history row keeps; the count is always complete. */
export const MAX_STORED_ERRORS = 1000;

/** The engine's running count of one file's import (mutable while it runs; read through the functions below). */
export interface ImportTally {
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
  /**
   * Known fills the journal stored with their price rounded to 4 places before migration 070, given this file's exact
   * price (their trades rebuilt), and the imports that stored them.
   */
  pricesMadeExact: number;
  pricesMadeExactImports: (number | null)[];
  tradesCreated: number;
  tradesUpdated: number;
  tradesRemoved: number;
  /**
   * How much the closed imported trades' P&L of the positions it touched changed, read back from trades, exact; null
   * when those trades hold more than one currency (never added): see realizedPnlByCurrency.
   */
  realizedPnl: string | null;
  /** The change per currency ('unspecified' for trades without one), when there is more than one currency. */
  realizedPnlByCurrency?: Record<string, string>;
  openPositions: { account: string; symbol: string; quantity: string }[];
  /** Removed trades whose notes, tags, strategy or journal links no remaining trade could take over. */
  detached: TradeAnnotations[];
  /** Header column -> the field it was read as. */
  columns: Record<string, string>;
  /** Columns that look like money, costs, a quantity or a time but were not read: a warning each. */
  unreadColumns: string[];
  /** Values with more decimals than their column, rounded half-up to it, by field. */
  rounded: Record<string, number>;
  /**
   * Closing fills of the positions it touched that found nothing open to close, and splits that could not be applied:
   * kept, no trade made of them.
   */
  unmatched: UnmatchedClose[];
  /** The --opening balances, as placed before their positions' first fills. */
  openings: OpeningPlaced[];
  /** Instants where the file orders fills the journal holds otherwise than the journal does (its order was kept). */
  orderConflicts: OrderConflict[];
  /** How the format was found (detected, or named with --broker: confidence 1). */
  detected: { layout?: string; confidence: number };
  /** Where the broker reports its own realized P&L: the positions where it differs from the journal's by a cent or more. */
  brokerPnlDifferences?: BrokerPnlDifference[];
  errors: RowError[];
  interruptedRunsFailed: number;
  /** How the positions it touched got their trades: built from scratch, continued from open lots, or rebuilt. */
  positionPaths: { built: number; continued: number; rebuilt: number };
  /** --replace-import: the import undone in the same run before this file was read. */
  replaced?: ReplacedImport;
  /** Fills stored twice before a fill's identity stopped depending on the reader (migration 067), per pair of imports. */
  storedCopies: StoredCopies[];
}

/** What undoing the replaced import did (the same counts `import undo` reports). */
export interface ReplacedImport {
  importId: number;
  positions: number;
  tradesRemoved: number;
  tradesCreated: number;
  fillsKept: number;
}

/** What an import returns: its tally, finished, with the exit code it earned. */
export type ImportSummary = Readonly<ImportTally> & { readonly exitCode: number };

export function newTally(
  fields: Pick<ImportTally, "importId" | "file" | "format" | "columns" | "unreadColumns" | "status" | "detected">,
): ImportTally {
  return {
    ...fields,
    rounded: {},
    totalRows: 0,
    importedRows: 0,
    failedRows: 0,
    skippedRows: 0,
    skipped: {},
    newFills: 0,
    knownFills: 0,
    pricesMadeExact: 0,
    pricesMadeExactImports: [],
    tradesCreated: 0,
    tradesUpdated: 0,
    tradesRemoved: 0,
    realizedPnl: "0.00",
    openPositions: [],
    detached: [],
    unmatched: [],
    openings: [],
    orderConflicts: [],
    errors: [],
    interruptedRunsFailed: 0,
    positionPaths: { built: 0, continued: 0, rebuilt: 0 },
    storedCopies: [],
  };
}

/**
 * 0 every row imported (skipped non-trade rows do not count against it); 10 imported, but some rows could not be
 * read, or a closing fill found nothing to close; 11 nothing imported (a failed run, every row bad, --strict).
 */
export function importExitCode(t: Readonly<ImportTally>): number {
  if (t.status === "failed") return ExitCode.nothingImported;
  if (t.failedRows > 0) return t.importedRows > 0 ? ExitCode.partialImport : ExitCode.nothingImported;
  // A sell with nothing to close is imported but needs the trader: like a bad row, it is not a clean import.
  return t.unmatched.length > 0 ? ExitCode.partialImport : ExitCode.ok;
}

export function summarize(t: ImportTally): ImportSummary {
  return { ...t, exitCode: importExitCode(t) };
}

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
  /** A stock split that was not applied (the position left as it was); absent for a closing fill. */
  split?: true;
  message: string;
}

export function unmatchedMessage(u: { action: "buy" | "sell"; quantity: string; symbol: string }): string {
  return u.action === "sell"
    ? `sold ${u.quantity} ${u.symbol} with no open position: the export probably starts after the shares were bought; import the older export and it will be matched`
    : `bought ${u.quantity} ${u.symbol} to cover with no short position: the export probably starts after the short was opened; import the older export and it will be matched`;
}

/** A split left unapplied: what it was and why, and how to resolve it when an older export would. */
export function unappliedSplitMessage(u: { action: "buy" | "sell"; quantity: string; symbol: string }, why: string) {
  const what = `split of ${u.symbol} (${u.action === "buy" ? "+" : "-"}${u.quantity} shares) not applied: ${why}`;
  return why === "no open position"
    ? `${what}; the export probably starts after the shares were bought: import the older export and it will be applied`
    : `${what}; the position keeps its quantity and cost per share (correct it by hand or with the broker's figures)`;
}

export function unmatchedClose(key: PositionKey, u: UnmatchedFill, importId: number): UnmatchedClose {
  const what = { action: u.fill.action, quantity: u.quantity, symbol: key.symbol };
  return {
    account: key.accountId,
    ...what,
    executedAt: u.fill.executedAt.toISOString(),
    importId: u.fill.source?.importId ?? null,
    line: u.fill.source?.line ?? null,
    inThisFile: u.fill.source?.importId === importId,
    ...(u.splitRefusal !== undefined ? { split: true as const } : {}),
    message: u.splitRefusal !== undefined ? unappliedSplitMessage(what, u.splitRefusal) : unmatchedMessage(what),
  };
}

/** The trades written and the realized P&L they changed (per currency when there are several), as stored and printed. */
function tradeOutcome(s: Readonly<ImportTally>) {
  return {
    tradesCreated: s.tradesCreated,
    tradesUpdated: s.tradesUpdated,
    tradesRemoved: s.tradesRemoved,
    realizedPnl: s.realizedPnl,
    ...(s.realizedPnlByCurrency ? { realizedPnlByCurrency: s.realizedPnlByCurrency } : {}),
  };
}

/** The payload of the import's audit row and notification (`import_history.summary` too). */
export function auditPayload(s: ImportTally): JsonObject {
  return {
    format: s.format,
    newFills: s.newFills,
    knownFills: s.knownFills,
    pricesMadeExact: s.pricesMadeExact,
    skippedRows: s.skippedRows,
    skipped: s.skipped,
    ...tradeOutcome(s),
    openPositions: s.openPositions,
    columns: s.columns,
    unreadColumns: s.unreadColumns,
    rounded: s.rounded,
    unmatched: s.unmatched.map((u) => ({ ...u })),
    openings: s.openings.map((o) => ({ ...o })),
    ...(s.orderConflicts.length > 0 ? { orderConflicts: s.orderConflicts.map((c) => ({ ...c })) } : {}),
    ...(s.brokerPnlDifferences ? { brokerPnlDifferences: s.brokerPnlDifferences.map((d) => ({ ...d })) } : {}),
    ...(s.replaced ? { replaced: { ...s.replaced } } : {}),
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
    pricesMadeExact: s.pricesMadeExact,
    ...tradeOutcome(s),
    openPositions: s.openPositions,
    detached: s.detached,
    unmatched: s.unmatched,
    openings: s.openings,
    orderConflicts: s.orderConflicts,
    ...(s.brokerPnlDifferences ? { brokerPnlDifferences: s.brokerPnlDifferences } : {}),
    ...(s.replaced ? { replaced: s.replaced } : {}),
    storedCopies: s.storedCopies,
    detected: s.detected,
    errors: s.errors,
    interruptedRunsFailed: s.interruptedRunsFailed,
    exitCode: s.exitCode,
  };
}

export function describeCounts(s: Readonly<ImportTally>): string {
  return `${s.totalRows} rows: ${s.newFills} new fills, ${s.knownFills} already known, ${s.failedRows} bad, ${s.skippedRows} skipped; ${s.tradesCreated} trades created, ${s.tradesUpdated} updated, ${s.tradesRemoved} removed; realized P&L ${s.realizedPnl ?? perCurrencyText(s.realizedPnlByCurrency ?? {})}`;
}

/** "19.92 USD, 15.00 EUR": amounts in several currencies, side by side, never added. */
export function perCurrencyText(amounts: Record<string, string>): string {
  return Object.entries(amounts)
    .map(([currency, amount]) => `${amount} ${currency}`)
    .join(", ");
}
