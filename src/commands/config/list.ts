import { Command } from "commander";
import type { Context } from "../../context.js";
import { readSettings, SETTINGS } from "../../domain/settings.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printTable } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface ConfigListOpts {
  json: boolean;
}

export function configListCommand(ctx: Context, run: RunFn<ConfigListOpts> = runConfigList): Command {
  return new Command("list")
    .description("List your settings with their values")
    .option("--json", "print the settings as JSON: { version, settings: { key: value } }")
    .addHelpText("after", "\nExamples:\n  $ tradesense config list\n  $ tradesense config list --json")
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runConfigList(ctx: Context, opts: ConfigListOpts): Promise<void> {
  const user = await ctx.currentUser();
  const values = await readSettings(await ctx.database(), user.id);
  if (opts.json) {
    // The keys are the settings' own names (as `config set` takes them), so they keep their dots and underscores.
    printJsonDocument(ctx.io, { settings: values });
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
}
