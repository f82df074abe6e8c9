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

export async function tradeTotals(database: TestDatabase): Promise<TradeTotals> {
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

/** The figures each completed file's summary reports: from --json, or from the text summary's "trades:" lines. */
function reportedFigures(args: string[], result: CliResult): ReportedFigures[] {
  if (args.includes("--json")) {
    if (result.stdout === "") return [];
    return (JSON.parse(result.stdout).imports as Record<string, unknown>[])
      .filter((s) => s.status === "completed")
      .map((s) => ({
        created: s.tradesCreated as number,
        removed: s.tradesRemoved as number,
        realized: s.realizedPnl as string,
      }));
  }
  return [
    ...result.stdout.matchAll(/^ {2}trades: (\d+) created, \d+ updated, (\d+) removed; realized P&L (-?[\d.]+)$/gm),
  ].map((m) => ({ created: Number(m[1]), removed: Number(m[2]), realized: m[3] as string }));
}

interface ReportedFigures {
  created: number;
  removed: number;
  realized: string;
}

/** The trades table changed since `before` by exactly what these summaries (of completed imports) report. */
export async function expectWritten(database: TestDatabase, before: TradeTotals, reported: ReportedFigures[]) {
  const after = await tradeTotals(database);
  let created = 0;
  let removed = 0;
  let realized = "0.00";
  for (const figures of reported) {
    created += figures.created;
    removed += figures.removed;
    realized = minus(realized, minus("0.00", figures.realized));
  }
  expect({ trades: after.count - before.count, realizedPnl: minus(after.closedPnl, before.closedPnl) }).toEqual({
    trades: created - removed,
    realizedPnl: realized,
  });
}

/**
 * A CLI whose every `import csv` (not a dry run) is checked: the trades table changed by exactly created - removed
 * rows, and the closed trades' P&L by exactly the realized P&L the summaries report.
 */
export function checkingImports(cli: CliRunner, database: TestDatabase): CliRunner {
  const run = async (args: string[], options?: Parameters<CliRunner>[1]) => {
    if (args[0] !== "import" || args[1] !== "csv" || args.includes("--dry-run")) return cli(args, options);
    const before = await tradeTotals(database);
    const result = await cli(args, options);
    await expectWritten(database, before, reportedFigures(args, result));
    return result;
  };
  return Object.assign(run, { home: cli.home });
}

/** `import csv ARGS --json` through checkingImports, with the parsed summaries. */
export async function importChecked(
  cli: CliRunner,
  database: TestDatabase,
  args: string[],
  options: Parameters<CliRunner>[1] = {},
): Promise<CheckedImport> {
  const result = await checkingImports(cli, database)(["import", "csv", ...args, "--json"], options);
  const imports = result.stdout === "" ? [] : (JSON.parse(result.stdout).imports as Record<string, unknown>[]);
  return { ...result, imports };
}
