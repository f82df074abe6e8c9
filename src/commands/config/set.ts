import { Command } from "commander";
import type { Context } from "../../context.js";
import { changeSetting, settingSpec } from "../../domain/settings.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface ConfigSetOpts {
  /** A known setting, and a value it accepts (both checked; the value stays as typed for the audit row). */
  key: string;
  value: string;
  json: boolean;
}

export function configSetCommand(ctx: Context, run: RunFn<ConfigSetOpts> = runConfigSet): Command {
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
    .action((key: string, value: string, flags: { json?: boolean }) => {
      settingSpec(key).parse(value, key);
      return run(ctx, { key, value, json: Boolean(flags.json) });
    });
}

export async function runConfigSet(ctx: Context, opts: ConfigSetOpts): Promise<void> {
  const user = await ctx.currentUser();
  const change = await changeSetting(await ctx.database(), user.id, opts.key, opts.value);
  if (opts.json) printJsonDocument(ctx.io, { key: change.key, value: change.value, previous: change.previous });
  else printLine(ctx.io, `${change.key} = ${String(change.value)} (was ${String(change.previous ?? "unset")})`);
}
