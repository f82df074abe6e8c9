import { Command } from "commander";
import type { Context } from "../context.js";
import { listPositions } from "../db/trades.js";
import { printJsonDocument } from "../io/json-output.js";
import { positionJson } from "../io/position-view.js";
import { printLine, printTable } from "../io/render.js";
import { positionColumns } from "../io/trade-view.js";
import type { RunFn } from "./define.js";

export interface PositionsOpts {
  json: boolean;
}

export function positionsCommand(ctx: Context, run: RunFn<PositionsOpts> = runPositions): Command {
  return new Command("positions")
    .description("Open trades aggregated by symbol and account: quantity, average entry and cost")
    .option("--json", "print the positions as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense positions
  $ tradesense positions --json | jq '.positions[] | select(.symbol == "AAPL")'

Cost is entry price x quantity x multiplier, summed; the commission column is the entry commission paid so far.`,
    )
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runPositions(ctx: Context, opts: PositionsOpts): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const positions = await listPositions(db, user.id);
  if (opts.json) printJsonDocument(ctx.io, { positions: positions.map(positionJson) });
  else if (positions.length === 0) printLine(ctx.io, "No open positions.");
  else printTable(ctx.io, positionColumns, positions);
}
