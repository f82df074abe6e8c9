import { Command } from "commander";
import type { Context } from "../../context.js";
import { buildRules, RULE_HELP } from "../../domain/strategies.js";
import { editStrategy } from "../../domain/strategy-operations.js";
import { UsageError } from "../../errors.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { strategyJson } from "../../io/strategy-view.js";
import type { RunFn } from "../define.js";
import { collect } from "./add.js";

export interface StrategyEditOpts {
  strategy: string;
  name?: string;
  description?: string;
  /** Replace every rule (as typed, each checked). */
  rules?: string[];
  addRules?: string[];
  json: boolean;
}

interface StrategyEditOptions {
  name?: string;
  description?: string;
  rule?: string[];
  addRule?: string[];
  json?: boolean;
}

export function strategyEditCommand(ctx: Context, run: RunFn<StrategyEditOpts> = runStrategyEdit): Command {
  return new Command("edit")
    .description("Rename a strategy, change its description or its rules")
    .argument("<strategy>", "name or id")
    .option("--name <name>", "a new name")
    .option("--description <text>", "a new description")
    .option("--rule <rule>", `replace all rules (repeatable): ${RULE_HELP}`, collect)
    .option("--add-rule <rule>", "add a rule to the existing ones (repeatable)", collect)
    .option("--json", "print the strategy as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy edit "Opening range" --name "ORB 5m"
  $ tradesense strategy edit "ORB 5m" --add-rule "check: Above the 20-day average"`,
    )
    .action((strategy: string, flags: StrategyEditOptions) => {
      if ([flags.name, flags.description, flags.rule, flags.addRule].every((v) => v === undefined)) {
        throw new UsageError("give --name, --description, --rule or --add-rule");
      }
      buildRules([...(flags.rule ?? []), ...(flags.addRule ?? [])]);
      return run(ctx, {
        strategy,
        name: flags.name,
        description: flags.description,
        rules: flags.rule,
        addRules: flags.addRule,
        json: Boolean(flags.json),
      });
    });
}

export async function runStrategyEdit(ctx: Context, options: StrategyEditOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const strategy = await editStrategy(db, user.id, options.strategy, {
    name: options.name,
    description: options.description,
    rules: options.rules,
    addRules: options.addRules,
  });
  if (options.json) printJsonDocument(ctx.io, strategyJson(strategy));
  else printLine(ctx.io, `Updated strategy ${strategy.id}: ${strategy.name}`);
}
