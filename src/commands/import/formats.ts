import { Command } from "commander";
import type { Context } from "../../context.js";
import { importFormats } from "../../importers/index.js";
import { printJson, printTable } from "../../io/render.js";

export function importFormatsCommand(ctx: Context): Command {
  return new Command("formats")
    .description("List the CSV formats `import csv` recognises, with their layouts")
    .option("--json", "print the formats as JSON")
    .addHelpText(
      "after",
      "\nA file's format is detected from its header (and preamble); --broker NAME names it instead.\n\nExamples:\n  $ tradesense import formats\n  $ tradesense import formats --json | jq '.[].layouts[].name'",
    )
    .action((options: { json?: boolean }) => {
      const rows = importFormats.map((f) => ({
        name: f.name,
        description: f.description,
        recognises: f.recognises,
        timeZone: f.defaultTimeZone ?? "yours (or --timezone)",
        layouts: f.layouts ?? [{ name: "default", recognises: f.recognises }],
      }));
      if (options.json) {
        printJson(ctx.io, rows);
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
    });
}
