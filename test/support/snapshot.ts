// Every row of every table, for tests that must show two journals hold the same rows (backup, restore, db copy),
// and the journal those tests fill: trades by hand and imported, a strategy, a journal entry linked to trades.
import { join } from "node:path";
import { type Kysely, sql } from "kysely";
import { expect } from "vitest";
import type { Database } from "../../src/db/schema.js";
import type { CliRunner } from "./cli.js";
import { tradeFlags } from "./trades.js";

export type Rows = Record<string, Record<string, unknown>[]>;

/** Every row of every table, in key order (the test's own reading of information_schema, not the product's). */
export async function snapshot(db: Kysely<Database>): Promise<Rows> {
  const tables = await sql<{ table_name: string }>`
    select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' and table_name not like 'tradesense_migration%'
    order by table_name`.execute(db);
  const rows: Rows = {};
  for (const { table_name } of tables.rows) {
    const result = await sql.raw<Record<string, unknown>>(`select * from "${table_name}" order by 1, 2`).execute(db);
    // bytea comes back as a Uint8Array from PGlite and a Buffer from pg: compare the bytes, as hex.
    rows[table_name] = result.rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, v instanceof Uint8Array ? Buffer.from(v).toString("hex") : v]),
      ),
    );
  }
  return rows;
}

export function without(rows: Rows, drop: (table: string, row: Record<string, unknown>) => boolean): Rows {
  return Object.fromEntries(Object.entries(rows).map(([t, list]) => [t, list.filter((row) => !drop(t, row))]));
}

export async function ok(cli: CliRunner, args: string[], stdin?: string) {
  const result = await cli(args, stdin !== undefined ? { stdin } : {});
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return result;
}

const fixture = join(import.meta.dirname, "../../fixtures/imports/generic-fifo.csv");

/**
 * A strategy with rules, AAPL closed by hand (325.00, tags and a two-line note), MSFT open, the generic fixture
 * imported (ACME 198.00 + 19.60 - 60.60, FLIP 8.00 + 27.75, SHRT 295.80, OPEN open), and a journal entry linked to
 * trades 1 and 3: 9 trades, P&L sum 813.55.
 */
export async function fillJournal(cli: CliRunner): Promise<void> {
  await ok(cli, ["strategy", "add", "Breakout", "--rule", "entry: range high", "--rule", "stop: 0.50"]);
  await ok(cli, [
    "trade",
    "add",
    ...tradeFlags({
      symbol: "AAPL",
      side: "long",
      qty: "100",
      price: "187.20",
      exitPrice: "190.45",
      date: "2024-03-01 10:00",
      exitDate: "2024-03-01 15:00",
      strategy: "Breakout",
      tags: "gap,a\\b",
      notes: "line one\nline\ttwo",
    }),
  ]);
  await ok(cli, ["trade", "add", "--symbol", "MSFT", "--side", "short", "--qty", "5", "--price", "400"]);
  await ok(cli, ["import", "csv", fixture, "--timezone", "America/New_York"]);
  await ok(cli, ["journal", "write", "--title", "Plan", "--content", "wait for the open", "--mood", "calm"]);
  await ok(cli, ["journal", "link", "1", "--trade", "1", "--trade", "3"]);
}
