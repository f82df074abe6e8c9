import { basename } from "node:path";
import { Command } from "commander";
import type { Context } from "../../context.js";
import { findImport } from "../../db/import-history.js";
import { type OpeningBalance, parseOpening } from "../../domain/opening-balances.js";
import { validateTimeZone } from "../../domain/setup.js";
import { loadFuturesTable } from "../../domain/user-contracts.js";
import {
  ExitCode,
  ImportRefusedError,
  NotFoundError,
  namingFlagOf,
  UsageError,
  ValidationError,
} from "../../errors.js";
import { importFile } from "../../import/engine.js";
import { resolveMapping } from "../../import/saved-mappings.js";
import { type ImportSummary, importSummaryJson } from "../../import/summary.js";
import type { DateOrder } from "../../importers/format.js";
import { progressText, renderImportErrors, renderImportSummary } from "../../io/import-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { progressLine } from "../../io/progress-line.js";
import { testPauseHook } from "../../io/test-pause.js";
import type { RunFn } from "../define.js";
import { parseId } from "./history.js";

/** A real day written YYYY-MM-DD (2024-02-30 is not one). */
function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** --date-format: dd/MM/yyyy (any separator, or DMY) is day-first, MM/dd/yyyy (or MDY) month-first. */
function parseDateFormat(text: string): DateOrder {
  const letters = text.toLowerCase().replace(/[^dmy]/g, "");
  const shape = letters.replace(/(.)\1+/g, "$1");
  if (letters.length === text.replace(/[\s./-]/g, "").length) {
    if (shape === "dmy") return "day-first";
    if (shape === "mdy") return "month-first";
  }
  throw new UsageError(`--date-format must be dd/MM/yyyy or MM/dd/yyyy (day or month first), got '${text}'`);
}

interface ImportCsvFlags {
  broker?: string;
  account?: string;
  timezone?: string;
  tradeDate?: string;
  dateFormat?: string;
  dryRun?: boolean;
  strict?: boolean;
  json?: boolean;
  map?: string;
  saveMap?: string;
  mapName?: string;
  opening: OpeningBalance[];
  replaceImport?: number;
}

/** What to import and how: the files, and the flags read and checked (the mapping is resolved in the journal). */
export interface ImportCsvOpts {
  files: string[];
  broker?: string;
  account?: string;
  /** An IANA zone, checked. */
  timezone?: string;
  /** A calendar day written YYYY-MM-DD, checked. */
  tradeDate?: string;
  dryRun: boolean;
  strict: boolean;
  json: boolean;
  map?: string;
  saveMap?: string;
  mapName?: string;
  opening: OpeningBalance[];
  /** With --date-format: whether the file's dates are day-first or month-first. */
  dateOrder?: DateOrder;
  /** An import to undo in the same transaction first (one file only). */
  replaceImport?: number;
}

const collectOpening = (text: string, previous: OpeningBalance[]) => [...previous, parseOpening(text)];

export function importCsvCommand(ctx: Context, run: RunFn<ImportCsvOpts> = runImportCsv): Command {
  return new Command("csv")
    .description("Import one or more CSV files of fills (each file is its own import)")
    .argument("<file...>", "CSV files (a shell glob works)")
    .option("--broker <name>", "the file's format, instead of detecting it (see `import formats`)")
    .option("--account <id>", "account for files without an account column")
    .option("--timezone <zone>", "IANA zone of the file's times (default: the format's convention, else yours)")
    .option("--trade-date <YYYY-MM-DD>", "the trading day of files whose times carry no date (DAS Trader)")
    .option(
      "--date-format <dd/MM/yyyy|MM/dd/yyyy>",
      "day-first or month-first dates, where the file cannot tell (NinjaTrader's English exports)",
    )
    .option("--dry-run", "show what would be imported and write nothing")
    .option("--strict", "refuse the whole file if any row is bad")
    .option("--map <field=Column,...>", "map the generic format's fields to this file's column names")
    .option("--save-map <name>", "save the --map under a name for later files")
    .option("--map-name <name>", "use a saved mapping")
    .option(
      "--opening <[account:]symbol=qty@price>",
      "a position held before the export starts (repeatable; negative quantity for a short): the sell that would be unmatched closes it",
      collectOpening,
      [],
    )
    .option(
      "--replace-import <id>",
      "undo this earlier import in the same transaction, then import the file (one file; what `import undo` keeps, it keeps)",
      parseId,
    )
    .option("--json", "print the summaries as JSON")
    .addHelpText(
      "after",
      `
Exit codes: 0 every row imported, 10 imported with bad rows, 11 nothing imported (refused file, all rows bad, --strict,
fills the journal already holds read differently by an earlier import: undo it or pass --replace-import ID).

Examples:
  $ tradesense import csv ~/Downloads/fills.csv
  $ tradesense import csv exports/*.csv --account U1234567 --timezone America/New_York --json
  $ tradesense import csv odd.csv --map "date=Trade Date,symbol=Ticker,side=B/S,quantity=Qty,price=Px" --save-map odd
  $ tradesense import csv next-odd.csv --map-name odd --dry-run
  $ tradesense import csv robinhood-2025.csv --opening 'BND=100@23.10' --opening 'U1:TSLA=-50@250'
  $ tradesense import csv schwab-2025.csv --replace-import 7`,
    )
    .action((files: string[], flags: ImportCsvFlags) => run(ctx, parseImportCsv(files, flags)));
}

export function parseImportCsv(files: string[], flags: ImportCsvFlags): ImportCsvOpts {
  if (flags.opening.length > 0 && files.length > 1)
    throw new UsageError(
      "--opening applies to one file: import the file that starts after the position was opened alone",
    );
  if (flags.replaceImport !== undefined && files.length > 1)
    throw new UsageError("--replace-import applies to one file: import the file that replaces the import alone");
  const timezone = flags.timezone ? validateTimeZone(flags.timezone) : undefined;
  if (flags.tradeDate !== undefined && !isCalendarDate(flags.tradeDate))
    throw new ValidationError(`--trade-date must be a date as YYYY-MM-DD, got '${flags.tradeDate}'`);
  const dateOrder = flags.dateFormat !== undefined ? parseDateFormat(flags.dateFormat) : undefined;
  if (flags.account !== undefined && flags.account.length > 50)
    throw new ValidationError(`--account must be at most 50 characters, got '${flags.account}'`);
  return {
    files,
    broker: flags.broker,
    account: flags.account,
    timezone,
    tradeDate: flags.tradeDate,
    dateOrder,
    dryRun: Boolean(flags.dryRun),
    strict: Boolean(flags.strict),
    json: Boolean(flags.json),
    map: flags.map,
    saveMap: flags.saveMap,
    mapName: flags.mapName,
    opening: flags.opening,
    replaceImport: flags.replaceImport,
  };
}

export async function runImportCsv(ctx: Context, options: ImportCsvOpts): Promise<void> {
  const files = options.files;
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const timeZone = options.timezone;
  // Checked again inside the import's transaction; here so that a wrong id writes no failed import.
  if (options.replaceImport !== undefined && !(await findImport(db, user.id, options.replaceImport)))
    throw new NotFoundError(`import ${options.replaceImport} not found`);
  const mapping = await resolveMapping(db, user.id, options);
  const futures = await loadFuturesTable(db, user.id);
  const summaries: (ReturnType<typeof importSummaryJson> | { file: string; error: string; exitCode: number })[] = [];
  let worst: number = ExitCode.ok;
  // A refusal recorded as an import's reason, or printed here for one file of several (not by main), names the fields
  // it speaks of (--map, --replace-import) by this verb's flags.
  const sayWithFlags = (error: unknown) => namingFlagOf(error, importCsvCommand(ctx));
  for (const path of files) {
    try {
      const progress = progressLine(ctx.io);
      let summary: ImportSummary;
      try {
        summary = await importFile(db, {
          userId: user.id,
          path,
          broker: options.broker,
          accountId: options.account,
          timeZone,
          tradeDate: options.tradeDate,
          dateOrder: options.dateOrder,
          userTimeZone: user.timezone,
          futures,
          mapping,
          dryRun: Boolean(options.dryRun),
          strict: Boolean(options.strict),
          openings: options.opening,
          replaceImportId: options.replaceImport,
          nameFields: sayWithFlags,
          now: () => ctx.now(),
          pause: testPauseHook(ctx.io, ctx.env),
          onStep: (step, ms) => {
            if (ctx.globals.debug) ctx.io.stderr.write(`note: import: ${step} in ${(ms / 1000).toFixed(2)} s\n`);
          },
          onProgress: (p) => progress.show(p.phase, (seconds) => progressText(basename(path), p, seconds)),
        });
      } finally {
        progress.end();
      }
      summaries.push(importSummaryJson(summary));
      worst = Math.max(worst, summary.exitCode);
      if (!options.json) {
        ctx.io.stdout.write(renderImportSummary(ctx.io, summary, options.dryRun));
        ctx.io.stderr.write(renderImportErrors(summary));
      }
    } catch (error) {
      // One refused file does not stop the others; a database failure does.
      if (!(error instanceof ImportRefusedError) || files.length === 1) throw error;
      sayWithFlags(error);
      summaries.push({ file: path, error: error.message, exitCode: error.exitCode });
      worst = Math.max(worst, error.exitCode);
      if (!options.json) ctx.io.stderr.write(`error: ${error.message}\n`);
    }
  }
  if (options.json) printJsonDocument(ctx.io, { imports: summaries });
  ctx.exitCode = worst;
}
