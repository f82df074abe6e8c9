import { Command } from "commander";
import type { Context } from "../../context.js";
import { setStrategyActive } from "../../domain/strategy-operations.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { strategyJson } from "../../io/strategy-view.js";
import type { RunFn } from "../define.js";

export interface StrategySwitchOpts {
  /** A name or an id, resolved in the journal. */
  strategy: string;
  json: boolean;
}

/** `archive` and `activate`: the same switch on is_active, so one builder makes both verbs. */
function activeSwitchCommand(ctx: Context, verb: "archive" | "activate", run: RunFn<StrategySwitchOpts>): Command {
  const active = verb === "activate";
  return new Command(verb)
    .description(
      active
        ? "Make an archived strategy active again (offered when adding trades)"
        : "Archive a strategy: kept with its trades, no longer offered when adding trades",
    )
    .argument("<strategy>", "name or id")
    .option("--json", "print the strategy as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy ${verb} "Opening range"`,
    )
    .action((strategy: string, flags: { json?: boolean }) => run(ctx, { strategy, json: Boolean(flags.json) }));
}

async function switchActive(ctx: Context, opts: StrategySwitchOpts, active: boolean): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const strategy = await setStrategyActive(db, user.id, opts.strategy, active);
  if (opts.json) printJsonDocument(ctx.io, strategyJson(strategy));
  else printLine(ctx.io, `${active ? "Activated" : "Archived"} strategy ${strategy.id}: ${strategy.name}`);
}

export const runStrategyArchive: RunFn<StrategySwitchOpts> = (ctx, opts) => switchActive(ctx, opts, false);
export const runStrategyActivate: RunFn<StrategySwitchOpts> = (ctx, opts) => switchActive(ctx, opts, true);

export const strategyArchiveCommand = (ctx: Context, run = runStrategyArchive) =>
  activeSwitchCommand(ctx, "archive", run);
export const strategyActivateCommand = (ctx: Context, run = runStrategyActivate) =>
  activeSwitchCommand(ctx, "activate", run);
