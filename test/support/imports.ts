// Runs `import csv --json` and checks its summary against the trades table: the figures an import reports must be
// what it wrote (issue 18, defect 10). Every import test that reads a summary goes through here.
import { sql } from "kysely";
import { expect } from "vitest";
import type { CliResult, CliRunner } from "./cli.js";
import type { TestDatabase } from "./databases.js";

interface TradeTotals {
  count: number;
  closedPnl: string;
}

async function tradeTotals(database: TestDatabase): Promise<TradeTotals> {
  const result = await sql<{ count: number; pnl: string }>`
    select count(*)::int as count, coalesce(sum(pnl), 0)::numeric(18, 2)::text as pnl
    from trades where import_key is not null`.execute(database.db);
  const row = result.rows[0] as { count: number; pnl: string };
  return { count: Number(row.count), closedPnl: row.pnl };
}

/** Exact difference of two decimal strings with two places (no JavaScript number maths on money). */
function minus(a: string, b: string): string {
  const cents = (text: string) => BigInt(text.replace(".", ""));
  const diff = cents(a) - cents(b);
  const sign = diff < 0n ? "-" : "";
  const abs = (diff < 0n ? -diff : diff).toString().padStart(3, "0");
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
}

export interface CheckedImport extends CliResult {
  /** The parsed --json summaries, one per file. */
  imports: Record<string, unknown>[];
}

/**
 * `import csv FILE --json`, then: the trades table changed by exactly created - removed rows, and the closed trades'
 * P&L by exactly the summary's realized P&L (a dry run or a failed run changed nothing).
 */
export async function importChecked(
  cli: CliRunner,
  database: TestDatabase,
  args: string[],
  options: Parameters<CliRunner>[1] = {},
): Promise<CheckedImport> {
  const before = await tradeTotals(database);
  const result = await cli(["import", "csv", ...args, "--json"], options);
  const after = await tradeTotals(database);
  const imports = result.stdout === "" ? [] : (JSON.parse(result.stdout).imports as Record<string, unknown>[]);
  let created = 0;
  let removed = 0;
  let realized = "0.00";
  for (const summary of imports) {
    if (summary.status !== "completed") continue;
    created += summary.tradesCreated as number;
    removed += summary.tradesRemoved as number;
    realized = minus(realized, minus("0.00", summary.realizedPnl as string));
  }
  expect({ trades: after.count - before.count, realizedPnl: minus(after.closedPnl, before.closedPnl) }).toEqual({
    trades: created - removed,
    realizedPnl: realized,
  });
  return { ...result, imports };
}
