import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId, sumPnl } from "../../domain/journal.js";
import { showEntry } from "../../domain/journal-operations.js";
import { journalEntryJson, renderEntryHeader, renderLinkedTotal } from "../../io/journal-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine, printTable } from "../../io/render.js";
import { tradeColumns, tradeJson } from "../../io/trade-view.js";
import type { RunFn } from "../define.js";

export interface JournalShowOpts {
  id: number;
  json: boolean;
}

export function journalShowCommand(ctx: Context, run: RunFn<JournalShowOpts> = runJournalShow): Command {
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
    .action((idText: string, flags: { json?: boolean }) =>
      run(ctx, { id: parseId(idText, "journal entry id"), json: Boolean(flags.json) }),
    );
}

export async function runJournalShow(ctx: Context, options: JournalShowOpts): Promise<void> {
  const id = options.id;
  const user = await ctx.currentUser();
  const { entry, trades } = await showEntry(await ctx.database(), user.id, id);
  const netPnl = sumPnl(trades.map((t) => t.pnl));
  if (options.json) {
    printJsonDocument(ctx.io, {
      entry: journalEntryJson(entry),
      trades: trades.map((t) => tradeJson(t)),
      linkedNetPnl: netPnl,
    });
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
}
