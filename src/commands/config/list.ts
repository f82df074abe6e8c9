import { Command } from "commander";
import type { Context } from "../../context.js";
import { readSettings, SETTINGS } from "../../domain/settings.js";
import { printJson, printTable } from "../../io/render.js";

export function configListCommand(ctx: Context): Command {
  return new Command("list")
    .description("List your settings with their values")
    .option("--json", "print the settings as one JSON object")
    .addHelpText("after", "\nExamples:\n  $ tradesense config list\n  $ tradesense config list --json")
    .action(async (options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const values = await readSettings(await ctx.database(), user.id);
      if (options.json) {
        printJson(ctx.io, values);
        return;
      }
      printTable<[string, unknown]>(
        ctx.io,
        [
          { header: "Setting", value: ([key]) => key },
          { header: "Value", value: ([, value]) => (value === null ? "" : String(value)) },
          { header: "About", value: ([key]) => SETTINGS[key]?.description ?? "" },
        ],
        Object.entries(values),
      );
    });
}
