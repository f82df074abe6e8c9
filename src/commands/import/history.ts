import { Command, InvalidArgumentError } from "commander";
import type { Context } from "../../context.js";
import { findImport, listImports } from "../../db/import-history.js";
import { storedCopies } from "../../db/known-fills.js";
import { NotFoundError } from "../../errors.js";
import { describeStoredCopies } from "../../import/known-fills.js";
import { importDetailJson, importJson } from "../../io/import-history-view.js";
import { describeOpenings } from "../../io/import-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { formatDateTime, printLine, printTable } from "../../io/render.js";
import type { RunFn } from "../define.js";

export function parseId(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 2147483647) {
    throw new InvalidArgumentError("must be a positive whole number.");
  }
  return Number(value);
}

export interface ImportHistoryOpts {
  limit: number;
  json: boolean;
}

export function importHistoryCommand(ctx: Context, run: RunFn<ImportHistoryOpts> = runImportHistory): Command {
  return new Command("history")
    .description("List your imports, newest first")
    .option("--limit <n>", "at most this many", parseId, 50)
    .option("--json", "print the imports as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ tradesense import history\n  $ tradesense import history --json | jq '.imports[0].status'",
    )
    .action((flags: { limit: number; json?: boolean }) => run(ctx, { limit: flags.limit, json: Boolean(flags.json) }));
}

export async function runImportHistory(ctx: Context, opts: ImportHistoryOpts): Promise<void> {
  const user = await ctx.currentUser();
  const rows = await listImports(await ctx.database(), user.id, opts.limit);
  if (opts.json) {
    printJsonDocument(ctx.io, { imports: rows.map(importJson) });
    return;
  }
  if (rows.length === 0) {
    printLine(ctx.io, "No imports yet: tradesense import csv <file>");
    return;
  }
  printTable(
    ctx.io,
    [
      { header: "ID", value: (r) => String(r.id), align: "right" },
      { header: "When", value: (r) => formatDateTime(r.started_at ?? r.created_at, user.timezone) },
      { header: "File", value: (r) => r.filename },
      { header: "Format", value: (r) => r.broker ?? "" },
      { header: "Status", value: (r) => (r.summary?.undoneAt ? `${r.status ?? ""} (undone)` : (r.status ?? "")) },
      { header: "Rows", value: (r) => String(r.total_rows ?? ""), align: "right" },
      { header: "New fills", value: (r) => String(r.summary?.newFills ?? ""), align: "right" },
      { header: "Bad", value: (r) => String(r.failed_rows ?? ""), align: "right" },
    ],
    rows,
  );
}

export interface ImportShowOpts {
  id: number;
  json: boolean;
}

export function importShowCommand(ctx: Context, run: RunFn<ImportShowOpts> = runImportShow): Command {
  return new Command("show")
    .description("Show one import with the rows it could not read")
    .argument("<id>", "import id (see `import history`)", parseId)
    .option("--json", "print the import as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense import show 12")
    .action((id: number, flags: { json?: boolean }) => run(ctx, { id, json: Boolean(flags.json) }));
}

export async function runImportShow(ctx: Context, opts: ImportShowOpts): Promise<void> {
  const id = opts.id;
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const row = await findImport(db, user.id, id);
  if (!row) throw new NotFoundError(`import ${id} not found`);
  const copies = await storedCopies(db, user.id, id);
  if (opts.json) {
    printJsonDocument(ctx.io, importDetailJson(row, copies));
    return;
  }
  const summary = row.summary ?? {};
  printLine(
    ctx.io,
    `Import ${row.id}: ${row.filename} (${row.broker ?? "?"}), ${row.status}${summary.undoneAt ? ", undone" : ""}`,
  );
  printLine(
    ctx.io,
    `  started ${formatDateTime(row.started_at, user.timezone)}, finished ${formatDateTime(row.completed_at, user.timezone)}`,
  );
  printLine(
    ctx.io,
    `  rows: ${row.total_rows ?? 0} total, ${row.imported_rows ?? 0} imported (${summary.newFills ?? 0} new fills, ${summary.knownFills ?? 0} already known), ${row.failed_rows ?? 0} bad, ${summary.skippedRows ?? 0} skipped`,
  );
  const byCurrency = summary.realizedPnlByCurrency as Record<string, string> | undefined;
  if (byCurrency && typeof byCurrency === "object")
    printLine(
      ctx.io,
      `  realized P&L ${Object.entries(byCurrency)
        .map(([c, v]) => `${v} ${c}`)
        .join(", ")}`,
    );
  else if (summary.realizedPnl !== undefined) printLine(ctx.io, `  realized P&L ${summary.realizedPnl}`);
  const unmatched = Array.isArray(summary.unmatched)
    ? (summary.unmatched as { line: number | null; message: string }[])
    : [];
  if (unmatched.length > 0) {
    printLine(ctx.io, "  unmatched (kept, no trade made):");
    for (const u of unmatched) printLine(ctx.io, `    line ${u.line ?? "?"}: ${u.message}`);
  }
  if (Array.isArray(summary.openings) && summary.openings.length > 0)
    printLine(
      ctx.io,
      `  opening balances (--opening): ${describeOpenings(summary.openings as Parameters<typeof describeOpenings>[0])}`,
    );
  for (const line of describeStoredCopies(copies)) printLine(ctx.io, `  twice: ${line}`);
  const errors = Array.isArray(row.errors)
    ? (row.errors as { line: number | null; column: string | null; value: string | null; reason: string }[])
    : [];
  if (errors.length > 0) {
    printLine(ctx.io, "  errors:");
    for (const e of errors) {
      printLine(
        ctx.io,
        e.line === null ? `    ${e.reason}` : `    line ${e.line}, ${e.column}: '${e.value}': ${e.reason}`,
      );
    }
  }
}
