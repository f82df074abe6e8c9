import { Command } from "commander";
import type { Context } from "../../context.js";
import { buildRules, RULE_HELP } from "../../domain/strategies.js";
import { createStrategy } from "../../domain/strategy-operations.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { strategyJson } from "../../io/strategy-view.js";
import { canPrompt } from "../../io/streams.js";
import type { RunFn } from "../define.js";

export const collect = (value: string, previous: string[] = []) => [...previous, value];

export interface StrategyAddOpts {
  name: string;
  description?: string;
  /** The rules as typed, each checked. */
  rules: string[];
  json: boolean;
}

export function strategyAddCommand(ctx: Context, run: RunFn<StrategyAddOpts> = runStrategyAdd): Command {
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
    .action((name: string, flags: { description?: string; rule?: string[]; json?: boolean }) => {
      const rules = flags.rule ?? [];
      buildRules(rules);
      return run(ctx, { name, description: flags.description, rules, json: Boolean(flags.json) });
    });
}

export async function runStrategyAdd(ctx: Context, options: StrategyAddOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const { name } = options;
  let { description } = options;
  const rules = [...options.rules];
  if (description === undefined && rules.length === 0 && canPrompt(ctx.io)) {
    description = await ctx.prompter.input({ message: "Description", flag: "--description", default: "" });
    for (;;) {
      const rule = await ctx.prompter.input({ message: `Rule (${RULE_HELP}; empty to finish)`, flag: "--rule" });
      if (rule.trim() === "") break;
      rules.push(rule);
    }
  }
  const strategy = await createStrategy(db, user.id, { name, description, rules }, ctx.now());
  if (options.json) printJsonDocument(ctx.io, strategyJson(strategy));
  else printLine(ctx.io, `Created strategy ${strategy.id}: ${strategy.name}`);
}
