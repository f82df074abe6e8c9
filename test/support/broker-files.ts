// Importing a broker fixture through the CLI and reading back what a trader checks: the summary, and the trades
// table per symbol (closed P&L, commissions, quantity) and the open positions.
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { readRecordBatches } from "../../src/importers/csv-records.js";
import type { RowResult } from "../../src/importers/format.js";
import { detectFormat } from "../../src/importers/index.js";
import type { CliRunner } from "./cli.js";
import type { TestDatabase } from "./databases.js";

export const fixture = (...parts: string[]) => join(import.meta.dirname, "../../fixtures/imports", ...parts);

/** `import csv FILE --json` (plus `args`): exit code, stderr and the file's summary. */
export async function importJson(cli: CliRunner, path: string, ...args: string[]) {
  const result = await cli(["import", "csv", path, "--json", ...args]);
  const summary = result.stdout === "" ? undefined : JSON.parse(result.stdout).imports[0];
  return { code: result.code, stderr: result.stderr, summary };
}

/** A trade row as hand-worked expectations write it: status, quantity, entry and exit price, commission, P&L (2 places). */
export function tradeFigures(t: {
  status: string | null;
  quantity: string;
  entry_price: string;
  exit_price: string | null;
  commission: string | null;
  pnl: string | null;
}) {
  return [
    t.status,
    Number(t.quantity),
    Number(t.entry_price).toFixed(2),
    t.exit_price === null ? null : Number(t.exit_price).toFixed(2),
    Number(t.commission).toFixed(2),
    t.pnl === null ? null : Number(t.pnl).toFixed(2),
  ];
}

/** Per symbol: closed P&L, commission and quantity summed, and the open quantity, by value. */
export async function tradesBySymbol(database: TestDatabase) {
  const rows = await database.db
    .selectFrom("trades")
    .select(["symbol", "status", "side", "asset_type", "multiplier", "pnl", "commission", "quantity"])
    .orderBy("symbol")
    .orderBy("id")
    .execute();
  const bySymbol: Record<
    string,
    { closedPnl: string; commission: string; closed: string; open: string; side: string; multiplier: string }
  > = {};
  for (const row of rows) {
    bySymbol[row.symbol] ??= {
      closedPnl: "0.00",
      commission: "0.00",
      closed: "0",
      open: "0",
      side: row.side,
      multiplier: new Decimal(row.multiplier).toFixed(),
    };
    const entry = bySymbol[row.symbol] as (typeof bySymbol)[string];
    entry.commission = new Decimal(entry.commission).plus(row.commission ?? "0").toFixed(2);
    if (row.status === "closed") {
      entry.closedPnl = new Decimal(entry.closedPnl).plus(row.pnl ?? "0").toFixed(2);
      entry.closed = new Decimal(entry.closed).plus(row.quantity).toFixed();
    } else entry.open = new Decimal(entry.open).plus(row.quantity).toFixed();
  }
  return bySymbol;
}

/** Detects a fixture's format and reads every data row, as the engine would (no database). */
export async function readFixture(path: string, timeZone = "America/New_York") {
  const records: { record: string[]; line: number }[] = [];
  for await (const batch of readRecordBatches(path)) records.push(...batch);
  const detection = detectFormat(
    records.map((r) => r.record),
    {},
  );
  if (!("format" in detection)) throw new Error(`no format detected for ${path}`);
  const header = (records[detection.headerIndex] as { record: string[] }).record;
  const read = detection.format.reader(header, { timeZone, accountId: null, mapping: {}, now: new Date("2026-01-01") });
  const results: (RowResult & { line: number })[] = records
    .slice(detection.headerIndex + 1)
    .map((r) => ({ ...read(r.record, r.line), line: r.line }));
  const skipped: Record<string, number> = {};
  for (const r of results) if (r.kind === "skip") skipped[r.reason] = (skipped[r.reason] ?? 0) + 1;
  const fills = results.flatMap((r) => (r.kind === "fill" ? [{ ...r.fill, line: r.line }] : []));
  const errors = results.flatMap((r) => (r.kind === "error" ? r.errors : []));
  return { detection, fills, skipped, errors, columns: detection.format.columnUse(header, {}) };
}
