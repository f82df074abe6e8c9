import { mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import type { Context } from "../context.js";
import { listJournalLinks } from "../db/export.js";
import { listJournalEntries } from "../db/journal.js";
import { listStrategies } from "../db/strategies.js";
import { listTrades, type TradeFilter } from "../db/trades.js";
import { parseDateRange } from "../domain/dates.js";
import {
  EXPORT_KINDS,
  type ExportKind,
  FILL_HEADER,
  fillsOfTrades,
  journalFileName,
  journalMarkdown,
} from "../domain/export.js";
import { resolveStrategy } from "../domain/trade-operations.js";
import { parseSymbol } from "../domain/trades.js";
import { UsageError } from "../errors.js";
import { csvLine } from "../io/csv.js";
import { exportedJournalJson, exportedStrategyJson, exportedTradeJson } from "../io/export-view.js";
import { jsonDocument } from "../io/json-output.js";
import { printNote } from "../io/render.js";
import type { RunFn } from "./define.js";

export const EXPORT_FORMATS = ["csv", "json", "markdown"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** --from/--to (trades and journal) and the trade list's filters, as typed. */
interface ExportFilters {
  from?: string;
  to?: string;
  symbol?: string;
  strategy?: string;
  tag?: string;
  account?: string;
}

export interface ExportOptions extends ExportFilters {
  kind: ExportKind;
  format: ExportFormat;
  /** A file (a directory for markdown); undefined: standard output. */
  output?: string;
}

/**
 * `now` is for checking --from/--to as dates (they stay text: they are read in the user's time zone, which only the
 * journal knows, when the export runs).
 */
export function parseExportOptions(
  kind: string,
  raw: ExportFilters & { format?: string; output?: string },
  now: Date = new Date(),
): ExportOptions {
  const known = EXPORT_KINDS.find((k) => k === kind);
  if (!known) throw new UsageError(`export what? one of ${EXPORT_KINDS.join(", ")}, not '${kind}'`);
  const format = EXPORT_FORMATS.find((f) => f === (raw.format ?? "json"));
  if (!format) throw new UsageError(`--format must be csv, json or markdown, not '${raw.format}'`);
  if (format === "markdown" && known !== "journal") throw new UsageError("--format markdown is for the journal");
  if (format === "markdown" && raw.output === undefined) {
    throw new UsageError("--format markdown writes one file per entry: give the directory with --output");
  }
  if (format === "csv" && known === "all") throw new UsageError("export all is JSON: a CSV file holds one kind");
  const { format: _format, output, ...filters } = raw;
  parseDateRange(filters, "UTC", now);
  return {
    kind: known,
    format,
    ...(output !== undefined ? { output: resolve(output) } : {}),
    ...Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)),
  };
}

export async function exportRun(ctx: Context, options: ExportOptions): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const now = ctx.now();
  const { from, to } = parseDateRange(options, user.timezone, now);
  const filter: TradeFilter = { sort: { key: "date", direction: "asc" } };
  if (from) filter.from = from;
  if (to) filter.to = to;
  if (options.symbol) filter.symbol = parseSymbol(options.symbol);
  if (options.strategy) filter.strategyId = (await resolveStrategy(db, user.id, options.strategy)).id;
  if (options.tag) filter.tag = options.tag.trim().toLowerCase();
  if (options.account) filter.accountId = options.account.trim();

  const links = await listJournalLinks(db, user.id);
  const entriesOf = (tradeId: number) => links.filter((l) => l.tradeId === tradeId).map((l) => l.journalEntryId);
  const tradesOf = (entryId: number) => links.filter((l) => l.journalEntryId === entryId).map((l) => l.tradeId);
  const trades = options.kind === "trades" || options.kind === "all" ? await listTrades(db, user.id, filter) : [];
  const entries =
    options.kind === "journal" || options.kind === "all"
      ? (
          await listJournalEntries(db, user.id, { archived: true, ...(from ? { from } : {}), ...(to ? { to } : {}) })
        ).reverse()
      : [];
  const strategies = options.kind === "strategies" || options.kind === "all" ? await listStrategies(db, user.id) : [];

  if (options.format === "markdown") {
    const dir = options.output as string;
    mkdirSync(dir, { recursive: true });
    for (const entry of entries)
      writeAtomically(join(dir, journalFileName(entry)), journalMarkdown(entry, tradesOf(entry.id)));
    printNote(ctx.io, `Wrote ${entries.length} journal entr${entries.length === 1 ? "y" : "ies"} to ${dir}`);
    return;
  }
  let text: string;
  if (options.format === "json") {
    const document: Record<string, unknown> = jsonDocument({ exportedAt: now.toISOString() });
    if (options.kind === "trades" || options.kind === "all") {
      document.trades = trades.map((t) => exportedTradeJson(t, entriesOf(t.id)));
    }
    if (options.kind === "journal" || options.kind === "all") {
      document.journal = entries.map((e) => exportedJournalJson(e, tradesOf(e.id)));
    }
    if (options.kind === "strategies" || options.kind === "all")
      document.strategies = strategies.map(exportedStrategyJson);
    text = `${JSON.stringify(document, null, 2)}\n`;
  } else if (options.kind === "trades") {
    text = [FILL_HEADER, ...fillsOfTrades(trades)].map(csvLine).join("");
  } else if (options.kind === "journal") {
    text = [
      ["ID", "Date", "Title", "Mood", "Confidence", "Tags", "Trades", "Archived", "Content"],
      ...entries.map((e) => [
        String(e.id),
        e.created_at.toISOString(),
        e.title,
        e.mood ?? "",
        e.confidence === null ? "" : String(e.confidence),
        (e.tags ?? []).join(";"),
        tradesOf(e.id).join(";"),
        String(e.is_archived === true),
        e.content ?? "",
      ]),
    ]
      .map(csvLine)
      .join("");
  } else {
    text = [
      ["Name", "Description", "Active", "Rules"],
      ...strategies.map((s) => [s.name, s.description ?? "", String(s.is_active !== false), JSON.stringify(s.rules)]),
    ]
      .map(csvLine)
      .join("");
  }
  if (options.output) writeAtomically(options.output, text);
  else ctx.io.stdout.write(text);
}

/** Written under a temporary name, then renamed: an interrupted export leaves no partial file under its name. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = join(dirname(path), `.${process.pid}.${Date.now()}.export.tmp`);
  try {
    writeFileSync(temp, text, { mode: 0o600 });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}

export function exportCommand(ctx: Context, run: RunFn<ExportOptions> = exportRun): Command {
  return new Command("export")
    .description("Export trades (as fills `import csv` reads back), journal entries or strategies, or all as JSON")
    .argument("<what>", `one of ${EXPORT_KINDS.join(", ")}`)
    .option("--format <format>", "csv, json (default), or markdown (journal: one file per entry)")
    .option("-o, --output <file>", "write here (a directory for markdown) instead of standard output")
    .option("--from <date>", "trades entered / entries written on or after this date (your time zone)")
    .option("--to <date>", "before this date (your time zone)")
    .option("--symbol <symbol>", "trades of this symbol only")
    .option("--strategy <name>", "trades of this strategy only")
    .option("--tag <tag>", "trades with this tag only")
    .option("--account <id>", "trades of this account only")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense export trades --format csv --output fills.csv   # then: tradesense import csv fills.csv
  $ tradesense export all > journal.json                       # everything, with tags, notes and links
  $ tradesense export journal --format markdown --output ~/notes/trading`,
    )
    .action((what: string, raw: Parameters<typeof parseExportOptions>[1]) =>
      run(ctx, parseExportOptions(what, raw, ctx.now())),
    );
}
