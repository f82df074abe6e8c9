import { Command } from "commander";
import type { Context } from "../../context.js";
import { listContracts } from "../../domain/user-contracts.js";
import { listedContractJson } from "../../io/futures-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printTable } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface FuturesListOpts {
  json: boolean;
}

export function futuresListCommand(ctx: Context, run: RunFn<FuturesListOpts> = runFuturesList): Command {
  return new Command("list")
    .description("List the futures contracts imports know: the built-in table with your additions and overrides")
    .option("--json", "print the contracts as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense futures list\n  $ tradesense futures list --json")
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runFuturesList(ctx: Context, opts: FuturesListOpts): Promise<void> {
  const user = await ctx.currentUser();
  const rows = await listContracts(await ctx.database(), user.id);
  if (opts.json) {
    printJsonDocument(ctx.io, { contracts: rows.map(listedContractJson) });
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
}
