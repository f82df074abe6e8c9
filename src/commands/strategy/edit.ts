import { Command } from "commander";
import type { Context } from "../../context.js";
import { editStrategy } from "../../domain/playbook.js";
import { RULE_HELP } from "../../domain/strategies.js";
import { UsageError } from "../../errors.js";
import { printJson, printLine } from "../../io/render.js";
import { collect } from "./add.js";

interface StrategyEditOptions {
  name?: string;
  description?: string;
  rule?: string[];
  addRule?: string[];
  json?: boolean;
}

export function strategyEditCommand(ctx: Context): Command {
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
    .action(async (nameOrId: string, options: StrategyEditOptions) => {
      if ([options.name, options.description, options.rule, options.addRule].every((v) => v === undefined)) {
        throw new UsageError("give --name, --description, --rule or --add-rule");
      }
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const strategy = await editStrategy(db, user.id, nameOrId, {
        name: options.name,
        description: options.description,
        rules: options.rule,
        addRules: options.addRule,
      });
      if (options.json) printJson(ctx.io, strategy);
      else printLine(ctx.io, `Updated strategy ${strategy.id}: ${strategy.name}`);
    });
}
