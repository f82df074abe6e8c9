import { Command } from "commander";
import type { Context } from "../../context.js";
import { listContracts } from "../../domain/user-contracts.js";
import { printJson, printTable } from "../../io/render.js";

export function futuresListCommand(ctx: Context): Command {
  return new Command("list")
    .description("List the futures contracts imports know: the built-in table with your additions and overrides")
    .option("--json", "print the contracts as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense futures list\n  $ tradesense futures list --json")
    .action(async (options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const rows = await listContracts(await ctx.database(), user.id);
      if (options.json) {
        printJson(ctx.io, { version: 1, contracts: rows });
        return;
      }
      printTable(
        ctx.io,
        [
          { header: "Root", value: (r) => r.root },
          { header: "Point value", value: (r) => r.pointValue, align: "right" },
          { header: "Tick", value: (r) => r.tickSize, align: "right" },
          { header: "Exchange", value: (r) => r.exchange },
          { header: "Currency", value: (r) => r.currency },
          { header: "Contract", value: (r) => r.name },
          { header: "Source", value: (r) => r.source },
        ],
        rows,
      );
    });
}
