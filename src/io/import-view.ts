// How an import reads on screen: the summary per file on stdout, the bad rows on stderr.
import type { TradeAnnotations } from "../db/trade-annotations.js";
import type { ImportProgress } from "../import/engine.js";
import { describeStoredCopies } from "../import/known-fills.js";
import type { ImportSummary } from "../import/summary.js";
import { colorSigned } from "./render.js";
import type { IOStreams } from "./streams.js";

const SHOWN_ERRORS = 20;
const SHOWN_POSITIONS = 10;

export function renderImportSummary(io: IOStreams, s: ImportSummary, dryRun = false): string {
  const lines: string[] = [];
  const head = dryRun
    ? `${s.file} (${s.format}, dry run: nothing written)`
    : `${s.file} (${s.format}, import ${s.importId}, ${s.status})`;
  lines.push(`${head}: ${s.totalRows} rows`);
  const skipped = Object.entries(s.skipped)
    .map(([reason, count]) => `${count} ${reason}`)
    .join(", ");
  lines.push(
    `  fills: ${s.newFills} new, ${s.knownFills} already known; ${s.failedRows} bad rows; ${s.skippedRows} skipped${skipped ? ` (${skipped})` : ""}`,
  );
  lines.push(
    `  trades: ${s.tradesCreated} created, ${s.tradesUpdated} updated, ${s.tradesRemoved} removed; realized P&L ${realizedText(io, s)}`,
  );
  if (s.openPositions.length > 0) {
    const shown = s.openPositions
      .slice(0, SHOWN_POSITIONS)
      .map((p) => `${p.symbol}${p.account ? ` (${p.account})` : ""} ${p.quantity}`);
    const more = s.openPositions.length - shown.length;
    lines.push(`  open: ${shown.join(", ")}${more > 0 ? `, and ${more} more (tradesense trade list --open)` : ""}`);
  }
  if (s.openings.length > 0) lines.push(`  opening balances: ${describeOpenings(s.openings)}`);
  if (s.detected?.layout) lines.push(`  layout: ${s.detected.layout} (confidence ${s.detected.confidence.toFixed(2)})`);
  const read = Object.entries(s.columns).map(([column, field]) => `${column} as ${field}`);
  if (read.length > 0) lines.push(`  columns: ${read.join(", ")}`);
  const rounded = Object.entries(s.rounded).map(([field, count]) => `${count} ${field}`);
  if (rounded.length > 0) lines.push(`  rounded half-up to the column's places: ${rounded.join(", ")}`);
  if (s.replaced)
    lines.push(
      `  replaced import ${s.replaced.importId}: undone first (${s.replaced.positions} position(s) rebuilt, ${s.replaced.tradesRemoved} trade(s) removed, ${s.replaced.tradesCreated} recreated${s.replaced.fillsKept > 0 ? `, ${s.replaced.fillsKept} fill(s) kept that other imports also contained` : ""})`,
    );
  lines.push(...describeDetached(s.detached));
  if (s.interruptedRunsFailed > 0)
    lines.push(`  marked ${s.interruptedRunsFailed} interrupted earlier import(s) as failed`);
  return `${lines.join("\n")}\n`;
}

/** `BND 100 @ 23.10 (U1) at 2025-03-04T04:59:59.000Z`: where each --opening balance was placed. */
export function describeOpenings(
  openings: { account: string; symbol: string; quantity: string; price: string; executedAt: string }[],
) {
  return openings
    .map((o) => `${o.symbol} ${o.quantity} @ ${o.price}${o.account ? ` (${o.account})` : ""} at ${o.executedAt}`)
    .join(", ");
}

/** A cell's value on one line: a line break or tab inside it is shown as \n, \r or \t. */
function oneLine(value: string): string {
  return value.replace(/[\n\r\t]/g, (c) => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t"));
}

export function renderImportErrors(s: ImportSummary): string {
  return (
    renderUnread(s) +
    renderBadRows(s) +
    renderUnmatched(s) +
    renderBrokerPnl(s) +
    renderOrderConflicts(s) +
    renderStoredCopies(s) +
    renderPricesMadeExact(s)
  );
}

/** Fills stored rounded before migration 070 that this file gave their exact prices: one line. */
function renderPricesMadeExact(s: ImportSummary): string {
  if (s.pricesMadeExact === 0) return "";
  const imports = s.pricesMadeExactImports.map((id) => (id === null ? "fills without an import" : `import ${id}`));
  const one = s.pricesMadeExact === 1;
  return `note: ${s.file}: ${s.pricesMadeExact} fill${one ? "" : "s"} of ${imports.join(", ")} stored before migration 070 with ${one ? "its price" : "prices"} rounded to 4 places now ${one ? "holds" : "hold"} this file's exact ${one ? "price" : "prices"}; trades rebuilt\n`;
}

/** Instants where the file orders known fills otherwise than the journal: the journal's order was kept. */
function renderOrderConflicts(s: ImportSummary): string {
  return (s.orderConflicts ?? []).map((c) => `warning: ${s.file}: ${c.message}\n`).join("");
}

/** Fills the journal holds twice (marked by migration 067): said on every import until one of the imports is undone. */
function renderStoredCopies(s: ImportSummary): string {
  return describeStoredCopies(s.storedCopies)
    .map((line) => `warning: ${line}\n`)
    .join("");
}

/** Positions whose realized P&L the broker reports otherwise than the journal: a warning each. */
function renderBrokerPnl(s: ImportSummary): string {
  return (s.brokerPnlDifferences ?? [])
    .map(
      (d) => `warning: ${s.file}: ${d.message}
`,
    )
    .join("");
}

function renderUnread(s: ImportSummary): string {
  return s.unreadColumns
    .map(
      (c) =>
        `warning: ${s.file}: column '${c}' looks like money, fees, a quantity or a time but was not read (--map field=${c} to read it)\n`,
    )
    .join("");
}

/** Closing fills with nothing to close: kept, no trade invented, said on stderr with where each came from. */
function renderUnmatched(s: ImportSummary): string {
  if (s.unmatched.length === 0) return "";
  const shown = s.unmatched.slice(0, SHOWN_ERRORS).map((u) => unmatchedLine(s.file, u));
  const more = s.unmatched.length - shown.length;
  if (more > 0)
    shown.push(`... and ${more} more unmatched${s.importId ? `: tradesense import show ${s.importId}` : ""}`);
  return `${shown.join("\n")}\n`;
}

/** A fill of this file by its line; one an earlier import brought, still unmatched, as a warning naming that import. */
function unmatchedLine(file: string, u: ImportSummary["unmatched"][number]): string {
  if (u.inThisFile) return `${file}:${u.line ?? "?"}: ${u.message}`;
  return `warning: ${u.message} (${u.symbol}${u.account ? ` in ${u.account}` : ""}, import ${u.importId ?? "?"} line ${u.line ?? "?"})`;
}

function renderBadRows(s: ImportSummary): string {
  if (s.errors.length === 0) return "";
  const shown = s.errors
    .slice(0, SHOWN_ERRORS)
    .map((e) => `${s.file}:${e.line}: ${e.column}: '${oneLine(e.value)}': ${e.reason}`);
  const more = s.failedRows - Math.min(s.failedRows, SHOWN_ERRORS);
  if (more > 0) shown.push(`... and more bad rows${s.importId ? `: tradesense import show ${s.importId}` : ""}`);
  return `${shown.join("\n")}\n`;
}

/** One line per removed trade whose notes, tags, strategy or journal links had nowhere to go: never dropped silently. */
export function describeDetached(detached: TradeAnnotations[]): string[] {
  return detached.map((d) => {
    const what = [
      d.tags && d.tags.length > 0 ? `tags ${d.tags.join(", ")}` : "",
      d.notes !== null ? `notes '${d.notes.length > 40 ? `${d.notes.slice(0, 40)}...` : d.notes}'` : "",
      d.strategyId !== null ? `strategy ${d.strategyId}` : "",
      d.journalEntryIds.length > 0 ? `journal entries ${d.journalEntryIds.join(", ")} (kept, unlinked)` : "",
    ].filter((part) => part !== "");
    return `  removed trade ${d.tradeId} (${d.symbol}) took with it: ${what.length > 0 ? what.join("; ") : "its risk"}`;
  });
}

/** The realized P&L, one figure per currency when the import touched more than one (never added together). */
function realizedText(io: IOStreams, s: ImportSummary): string {
  if (s.realizedPnl !== null) return colorSigned(io, s.realizedPnl);
  return Object.entries(s.realizedPnlByCurrency ?? {})
    .map(([currency, pnl]) => `${colorSigned(io, pnl)} ${currency}`)
    .join(", ");
}

const count = (n: number) => n.toLocaleString("en-US");

/**
 * The progress line of a run: the phase, its counts and a percentage where the whole is known, the seconds of a step
 * that is one statement (storing the fills, committing).
 */
export function progressText(file: string, p: ImportProgress, elapsedSeconds: number): string {
  const percent = p.total ? ` ${Math.floor((p.done / p.total) * 100)}%` : "";
  switch (p.phase) {
    case "reading":
      return `Importing ${file}: reading,${percent} (${count(p.rows ?? 0)} rows)`;
    case "storing fills":
      return `Importing ${file}: storing ${count(p.total ?? 0)} fills (${elapsedSeconds} s)`;
    case "building trades":
      return `Importing ${file}: building trades,${percent} (${count(p.done)} of ${count(p.total ?? 0)} positions)`;
    case "committing":
      return `Importing ${file}: committing (${elapsedSeconds} s)`;
  }
}
