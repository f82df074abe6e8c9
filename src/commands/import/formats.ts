import { Command } from "commander";
import type { Context } from "../../context.js";
import { importFormats } from "../../importers/index.js";
import { printJson, printTable } from "../../io/render.js";

export function importFormatsCommand(ctx: Context): Command {
  return new Command("formats")
    .description("List the CSV formats `import csv` recognises")
    .option("--json", "print the formats as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense import formats")
    .action((options: { json?: boolean }) => {
      const rows = importFormats.map((f) => ({
        name: f.name,
        description: f.description,
        recognises: f.recognises,
        timeZone: f.defaultTimeZone ?? "yours (or --timezone)",
      }));
      if (options.json) {
        printJson(ctx.io, rows);
        return;
      }
      printTable(
        ctx.io,
        [
          { header: "Format", value: (r) => r.name },
          { header: "What it is", value: (r) => r.description },
          { header: "Recognises", value: (r) => r.recognises },
          { header: "Times in", value: (r) => r.timeZone },
        ],
        rows,
      );
    });
}
