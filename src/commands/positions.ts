import { Command } from "commander";
import type { Context } from "../context.js";
import { listPositions } from "../db/trades.js";
import { printJson, printLine, printTable } from "../io/render.js";
import { positionColumns } from "../io/trade-view.js";

export function positionsCommand(ctx: Context): Command {
  return new Command("positions")
    .description("Open trades aggregated by symbol and account: quantity, average entry and cost")
    .option("--json", "print the positions as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense positions
  $ tradesense positions --json | jq '.[] | select(.symbol == "AAPL")'

Cost is entry price x quantity x multiplier, summed; the commission column is the entry commission paid so far.`,
    )
    .action(async (options: { json?: boolean }) => {
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const positions = await listPositions(db, user.id);
      if (options.json) printJson(ctx.io, positions);
      else if (positions.length === 0) printLine(ctx.io, "No open positions.");
      else printTable(ctx.io, positionColumns, positions);
    });
}
