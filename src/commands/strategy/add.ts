import { Command } from "commander";
import type { Context } from "../../context.js";
import { createStrategy } from "../../domain/playbook.js";
import { RULE_HELP } from "../../domain/strategies.js";
import { printJson, printLine } from "../../io/render.js";
import { canPrompt } from "../../io/streams.js";

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export function strategyAddCommand(ctx: Context): Command {
  return new Command("add")
    .description("Create a strategy (playbook) with its rules")
    .argument("<name>", "a name, unique among your strategies")
    .option("--description <text>", "what the setup is")
    .option("--rule <rule>", `a rule, repeatable: ${RULE_HELP} followed by the text or amount`, collect)
    .option("--json", "print the strategy as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense strategy add "Opening range" --description "Break of the 5-minute range" \\
      --rule "entry: Break of the 5-minute high on volume" --rule "exit: Close below VWAP" \\
      --rule "check: Market trend agrees" --rule "stop: 0.50" --rule "max-loss: 250"
  $ tradesense strategy add "Gap fade"        # in a terminal: asks for a description and rules

Rules: entry:/exit:/check: add criteria; stop: <distance> and risk: <amount> give new trades of this strategy a
default stop or initial risk; max-loss: <amount> records the most a trade may lose.`,
    )
    .action(async (name: string, options: { description?: string; rule?: string[]; json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      let { description, rule: rules = [] } = options;
      if (description === undefined && rules.length === 0 && canPrompt(ctx.io)) {
        description = await ctx.prompter.input({ message: "Description", flag: "--description", default: "" });
        for (;;) {
          const rule = await ctx.prompter.input({ message: `Rule (${RULE_HELP}; empty to finish)`, flag: "--rule" });
          if (rule.trim() === "") break;
          rules.push(rule);
        }
      }
      const strategy = await createStrategy(db, user.id, { name, description, rules }, ctx.now());
      if (options.json) printJson(ctx.io, strategy);
      else printLine(ctx.io, `Created strategy ${strategy.id}: ${strategy.name}`);
    });
}
