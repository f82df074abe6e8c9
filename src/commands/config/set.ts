import { Command } from "commander";
import type { Context } from "../../context.js";
import { changeSetting } from "../../domain/settings.js";
import { printJson, printLine } from "../../io/render.js";

export function configSetCommand(ctx: Context): Command {
  return new Command("set")
    .description("Change one of your settings (recorded in the audit trail)")
    .argument("<key>", "the setting, e.g. timezone (see `tradesense config list`)")
    .argument("<value>", "the new value")
    .option("--json", "print the change as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense config set timezone Europe/London
  $ tradesense config set theme dark
  $ tradesense config set notifications.weekly_reports off`,
    )
    .action(async (key: string, value: string, options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const change = await changeSetting(await ctx.database(), user.id, key, value);
      if (options.json) printJson(ctx.io, change);
      else printLine(ctx.io, `${change.key} = ${String(change.value)} (was ${String(change.previous ?? "unset")})`);
    });
}
