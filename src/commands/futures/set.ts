import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseContractInput, setContract } from "../../domain/user-contracts.js";
import { contractJson } from "../../io/futures-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

interface FuturesSetFlags {
  pointValue: string;
  tickSize?: string;
  exchange?: string;
  currency?: string;
  json?: boolean;
}

/** The contract to set, checked: the root upper-cased, the exchange and currency as stored, the numbers as typed. */
export interface FuturesSetOpts {
  root: string;
  pointValue: string;
  tickSize?: string;
  exchange?: string;
  currency?: string;
  json: boolean;
}

export function futuresSetCommand(ctx: Context, run: RunFn<FuturesSetOpts> = runFuturesSet): Command {
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
    .action((root: string, flags: FuturesSetFlags) => run(ctx, parseFuturesSet(root, flags)));
}

export function parseFuturesSet(rootText: string, flags: FuturesSetFlags): FuturesSetOpts {
  const { root, values } = parseContractInput({ root: rootText, ...flags });
  return {
    root,
    pointValue: flags.pointValue,
    tickSize: flags.tickSize,
    exchange: values.exchange ?? undefined,
    currency: values.currency ?? undefined,
    json: Boolean(flags.json),
  };
}

export async function runFuturesSet(ctx: Context, opts: FuturesSetOpts): Promise<void> {
  const user = await ctx.currentUser();
  const contract = await setContract(await ctx.database(), user.id, {
    root: opts.root,
    pointValue: opts.pointValue,
    tickSize: opts.tickSize,
    exchange: opts.exchange,
    currency: opts.currency,
  });
  if (opts.json) printJsonDocument(ctx.io, { contract: contractJson(contract) });
  else
    printLine(
      ctx.io,
      `${contract.root}: point value ${contract.pointValue} ${contract.currency}${contract.tickSize ? `, tick ${contract.tickSize}` : ""}${contract.exchange ? `, ${contract.exchange}` : ""}`,
    );
}
