import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId, sumPnl } from "../../domain/journal.js";
import { showEntry } from "../../domain/journal-log.js";
import { renderEntryHeader, renderLinkedTotal } from "../../io/journal-view.js";
import { printJson, printLine, printTable } from "../../io/render.js";
import { tradeColumns } from "../../io/trade-view.js";

export function journalShowCommand(ctx: Context): Command {
  return new Command("show")
    .description("Show a journal entry in full, with its linked trades and their P&L")
    .argument("<id>", "the entry's id")
    .option("--json", "print the entry and its trades as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal show 4
  $ tradesense journal show 4 --json | jq '.trades[].pnl'`,
    )
    .action(async (idText: string, options: { json?: boolean }) => {
      const id = parseId(idText, "journal entry id");
      const user = await ctx.currentUser();
      const { entry, trades } = await showEntry(await ctx.database(), user.id, id);
      const netPnl = sumPnl(trades.map((t) => t.pnl));
      if (options.json) {
        printJson(ctx.io, { entry, trades, linkedNetPnl: netPnl });
        return;
      }
      for (const line of renderEntryHeader(ctx.io, entry, user.timezone)) printLine(ctx.io, line);
      printLine(ctx.io);
      if (entry.content) printLine(ctx.io, entry.content);
      printLine(ctx.io);
      if (trades.length === 0) {
        printLine(ctx.io, "No linked trades.");
        return;
      }
      printTable(ctx.io, tradeColumns(ctx.io, user.timezone), trades);
      printLine(ctx.io, renderLinkedTotal(ctx.io, trades.length, netPnl));
    });
}
