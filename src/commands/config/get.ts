import { Command } from "commander";
import type { Context } from "../../context.js";
import { readSettings, settingSpec } from "../../domain/settings.js";
import { printJson, printLine } from "../../io/render.js";

export function configGetCommand(ctx: Context): Command {
  return new Command("get")
    .description("Print one of your settings")
    .argument("<key>", "the setting, e.g. timezone (see `tradesense config list`)")
    .option("--json", "print the value as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ tradesense config get timezone\n  $ tradesense config get display.page_size --json",
    )
    .action(async (key: string, options: { json?: boolean }) => {
      settingSpec(key);
      const user = await ctx.currentUser();
      const value = (await readSettings(await ctx.database(), user.id))[key] ?? null;
      if (options.json) printJson(ctx.io, { key, value });
      else printLine(ctx.io, value === null ? "" : String(value));
    });
}
