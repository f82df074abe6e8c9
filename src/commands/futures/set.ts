import { Command } from "commander";
import type { Context } from "../../context.js";
import { setContract } from "../../domain/user-contracts.js";
import { printJson, printLine } from "../../io/render.js";

interface FuturesSetOptions {
  pointValue: string;
  tickSize?: string;
  exchange?: string;
  currency?: string;
  json?: boolean;
}

export function futuresSetCommand(ctx: Context): Command {
  return new Command("set")
    .description("Add a futures root, or override a built-in one, for your imports (recorded in the audit trail)")
    .argument("<root>", "the contract root, e.g. MES, 6E, SR3 (no month or year)")
    .requiredOption("--point-value <value>", "what one full point of price is worth per contract, e.g. 5 for MES")
    .option("--tick-size <size>", "the minimum price step, e.g. 0.25")
    .option("--exchange <name>", "the exchange, e.g. CME")
    .option("--currency <code>", "the contract's currency (default: the built-in row's, else USD)")
    .option("--json", "print the contract as JSON")
    .addHelpText(
      "after",
      `
Fills already imported keep the point value they were imported with: import the file again after a change.

Examples:
  $ tradesense futures set FDAX --point-value 25 --tick-size 0.5 --exchange EUREX --currency EUR
  $ tradesense futures set MES --point-value 5`,
    )
    .action(async (root: string, options: FuturesSetOptions) => {
      const user = await ctx.currentUser();
      const contract = await setContract(await ctx.database(), user.id, {
        root,
        pointValue: options.pointValue,
        tickSize: options.tickSize,
        exchange: options.exchange,
        currency: options.currency,
      });
      if (options.json) printJson(ctx.io, { version: 1, contract });
      else
        printLine(
          ctx.io,
          `${contract.root}: point value ${contract.pointValue} ${contract.currency}${contract.tickSize ? `, tick ${contract.tickSize}` : ""}${contract.exchange ? `, ${contract.exchange}` : ""}`,
        );
    });
}
