import { basename } from "node:path";
import { Command } from "commander";
import type { Context } from "../../context.js";
import { resolveMapping } from "../../domain/import-log.js";
import { validateTimeZone } from "../../domain/setup.js";
import { ExitCode, ImportRefusedError, ValidationError } from "../../errors.js";
import { importFile } from "../../import/engine.js";
import { type ImportSummary, importSummaryJson } from "../../import/summary.js";
import { progressText, renderImportErrors, renderImportSummary } from "../../io/import-view.js";
import { progressLine } from "../../io/progress-line.js";
import { printJson } from "../../io/render.js";
import { testPauseHook } from "../../io/test-pause.js";

interface ImportCsvOptions {
  broker?: string;
  account?: string;
  timezone?: string;
  dryRun?: boolean;
  strict?: boolean;
  json?: boolean;
  map?: string;
  saveMap?: string;
  mapName?: string;
}

export function importCsvCommand(ctx: Context): Command {
  return new Command("csv")
    .description("Import one or more CSV files of fills (each file is its own import)")
    .argument("<file...>", "CSV files (a shell glob works)")
    .option("--broker <name>", "the file's format, instead of detecting it (see `import formats`)")
    .option("--account <id>", "account for files without an account column")
    .option("--timezone <zone>", "IANA zone of the file's times (default: the format's convention, else yours)")
    .option("--dry-run", "show what would be imported and write nothing")
    .option("--strict", "refuse the whole file if any row is bad")
    .option("--map <field=Column,...>", "map the generic format's fields to this file's column names")
    .option("--save-map <name>", "save the --map under a name for later files")
    .option("--map-name <name>", "use a saved mapping")
    .option("--json", "print the summaries as JSON")
    .addHelpText(
      "after",
      `
Exit codes: 0 every row imported, 10 imported with bad rows, 11 nothing imported (refused file, all rows bad, --strict).

Examples:
  $ tradesense import csv ~/Downloads/fills.csv
  $ tradesense import csv exports/*.csv --account U1234567 --timezone America/New_York --json
  $ tradesense import csv odd.csv --map "date=Trade Date,symbol=Ticker,side=B/S,quantity=Qty,price=Px" --save-map odd
  $ tradesense import csv next-odd.csv --map-name odd --dry-run`,
    )
    .action(async (files: string[], options: ImportCsvOptions) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const timeZone = options.timezone ? validateTimeZone(options.timezone) : undefined;
      if (options.account !== undefined && options.account.length > 50)
        throw new ValidationError(`--account must be at most 50 characters, got '${options.account}'`);
      const mapping = await resolveMapping(db, user.id, options);
      const summaries: (ReturnType<typeof importSummaryJson> | { file: string; error: string; exitCode: number })[] =
        [];
      let worst: number = ExitCode.ok;
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
              userTimeZone: user.timezone,
              mapping,
              dryRun: Boolean(options.dryRun),
              strict: Boolean(options.strict),
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
          summaries.push({ file: path, error: error.message, exitCode: error.exitCode });
          worst = Math.max(worst, error.exitCode);
          if (!options.json) ctx.io.stderr.write(`error: ${error.message}\n`);
        }
      }
      if (options.json) printJson(ctx.io, { imports: summaries });
      ctx.exitCode = worst;
    });
}
