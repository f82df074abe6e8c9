import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseRoot, unsetContract } from "../../domain/user-contracts.js";
import { contractSpecJson } from "../../io/futures-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface FuturesUnsetOpts {
  /** The root, checked and upper-cased. */
  root: string;
  json: boolean;
}

export function futuresUnsetCommand(ctx: Context, run: RunFn<FuturesUnsetOpts> = runFuturesUnset): Command {
  return new Command("unset")
    .description("Remove your point value for a root (a built-in root goes back to the built-in row)")
    .argument("<root>", "the contract root, e.g. FDAX")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense futures unset FDAX")
    .action((root: string, flags: { json?: boolean }) =>
      run(ctx, { root: parseRoot(root), json: Boolean(flags.json) }),
    );
}

export async function runFuturesUnset(ctx: Context, opts: FuturesUnsetOpts): Promise<void> {
  const user = await ctx.currentUser();
  const result = await unsetContract(await ctx.database(), user.id, opts.root);
  if (opts.json)
    printJsonDocument(ctx.io, {
      root: result.root,
      builtIn: result.builtIn ? contractSpecJson(result.builtIn) : null,
    });
  else
    printLine(
      ctx.io,
      result.builtIn
        ? `${result.root}: your point value removed; the built-in ${result.builtIn.pointValue} applies`
        : `${result.root}: removed`,
    );
}
