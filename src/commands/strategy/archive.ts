import { Command } from "commander";
import type { Context } from "../../context.js";
import { setStrategyActive } from "../../domain/playbook.js";
import { printJson, printLine } from "../../io/render.js";

/** `archive` and `activate`: the same switch on is_active, so one builder makes both verbs. */
function activeSwitchCommand(ctx: Context, verb: "archive" | "activate"): Command {
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
    .action(async (nameOrId: string, options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const strategy = await setStrategyActive(db, user.id, nameOrId, active);
      if (options.json) printJson(ctx.io, strategy);
      else printLine(ctx.io, `${active ? "Activated" : "Archived"} strategy ${strategy.id}: ${strategy.name}`);
    });
}

export const strategyArchiveCommand = (ctx: Context) => activeSwitchCommand(ctx, "archive");
export const strategyActivateCommand = (ctx: Context) => activeSwitchCommand(ctx, "activate");
