import { Command } from "commander";
import type { Context } from "../../context.js";
import { unsetContract } from "../../domain/user-contracts.js";
import { printJson, printLine } from "../../io/render.js";

export function futuresUnsetCommand(ctx: Context): Command {
  return new Command("unset")
    .description("Remove your point value for a root (a built-in root goes back to the built-in row)")
    .argument("<root>", "the contract root, e.g. FDAX")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense futures unset FDAX")
    .action(async (root: string, options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const result = await unsetContract(await ctx.database(), user.id, root);
      if (options.json) printJson(ctx.io, { version: 1, root: result.root, builtIn: result.builtIn });
      else
        printLine(
          ctx.io,
          result.builtIn
            ? `${result.root}: your point value removed; the built-in ${result.builtIn.pointValue} applies`
            : `${result.root}: removed`,
        );
    });
}
