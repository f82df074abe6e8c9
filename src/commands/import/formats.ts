import { Command } from "commander";
import type { Context } from "../../context.js";
import { importFormats } from "../../importers/index.js";
import { importFormatJson } from "../../io/import-history-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printTable } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface ImportFormatsOpts {
  json: boolean;
}

export function importFormatsCommand(ctx: Context, run: RunFn<ImportFormatsOpts> = runImportFormats): Command {
  return new Command("formats")
    .description("List the CSV formats `import csv` recognises, with their layouts")
    .option("--json", "print the formats as JSON")
    .addHelpText(
      "after",
      "\nA file's format is detected from its header (and preamble); --broker NAME names it instead.\n\nExamples:\n  $ tradesense import formats\n  $ tradesense import formats --json | jq '.formats[].layouts[].name'",
    )
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runImportFormats(ctx: Context, opts: ImportFormatsOpts): Promise<void> {
  const rows = importFormats.map(importFormatJson);
  if (opts.json) {
    printJsonDocument(ctx.io, { formats: rows });
    return;
  }
  printTable(
    ctx.io,
    [
      { header: "Format", value: (r) => r.name },
      { header: "Layouts", value: (r) => r.layouts.map((l) => l.name).join(", ") },
      { header: "What it is", value: (r) => r.description },
      { header: "Recognises", value: (r) => r.recognises },
      { header: "Times in", value: (r) => r.timeZone },
    ],
    rows,
  );
}
