import { Command } from "commander";
import type { Context } from "../../context.js";
import { readSettings, settingSpec } from "../../domain/settings.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface ConfigGetOpts {
  /** A known setting (checked). */
  key: string;
  json: boolean;
}

export function configGetCommand(ctx: Context, run: RunFn<ConfigGetOpts> = runConfigGet): Command {
  return new Command("get")
    .description("Print one of your settings")
    .argument("<key>", "the setting, e.g. timezone (see `tradesense config list`)")
    .option("--json", "print the value as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ tradesense config get timezone\n  $ tradesense config get display.page_size --json",
    )
    .action((key: string, flags: { json?: boolean }) => {
      settingSpec(key);
      return run(ctx, { key, json: Boolean(flags.json) });
    });
}

export async function runConfigGet(ctx: Context, opts: ConfigGetOpts): Promise<void> {
  const user = await ctx.currentUser();
  const value = (await readSettings(await ctx.database(), user.id))[opts.key] ?? null;
  if (opts.json) printJsonDocument(ctx.io, { key: opts.key, value });
  else printLine(ctx.io, value === null ? "" : String(value));
}
