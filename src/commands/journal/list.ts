import { Command } from "commander";
import type { Context } from "../../context.js";
import { type JournalFilter, listJournalEntries } from "../../db/journal.js";
import { parseDateRange } from "../../domain/dates.js";
import { parseId, parseMood } from "../../domain/journal.js";
import { journalColumns } from "../../io/journal-view.js";
import { printJson, printLine, printTable } from "../../io/render.js";
import { parseLimit } from "../trade/list.js";

interface JournalListOptions {
  from?: string;
  to?: string;
  mood?: string;
  tag?: string;
  trade?: string;
  archived?: boolean;
  limit?: number;
  json?: boolean;
}

export function journalListCommand(ctx: Context): Command {
  return new Command("list")
    .description("List journal entries, newest first (archived ones only with --archived)")
    .option("--from <date>", "written on or after this date (your time zone)")
    .option("--to <date>", "written before this date (your time zone)")
    .option("--mood <word>", "only entries with this mood")
    .option("--tag <tag>", "only entries with this tag")
    .option("--trade <id>", "only entries linked to this trade")
    .option("--archived", "include archived entries")
    .option("--limit <n>", "at most this many entries", parseLimit)
    .option("--json", "print the entries as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal list --from 2024-03-01 --mood fomo
  $ tradesense journal list --trade 12            # what you wrote about trade 12
  $ tradesense journal list --tag earnings --json`,
    )
    .action(async (options: JournalListOptions) => {
      const user = await ctx.currentUser();
      const filter: JournalFilter = {};
      Object.assign(filter, parseDateRange(options, user.timezone, ctx.now()));
      if (options.mood !== undefined) filter.mood = parseMood(options.mood) ?? "";
      if (options.tag !== undefined) filter.tag = options.tag.trim().toLowerCase();
      if (options.trade !== undefined) filter.tradeId = parseId(options.trade, "--trade");
      if (options.archived) filter.archived = true;
      if (options.limit) filter.limit = options.limit;
      const entries = await listJournalEntries(await ctx.database(), user.id, filter);
      if (options.json) {
        printJson(ctx.io, entries);
        return;
      }
      if (entries.length === 0) {
        printLine(ctx.io, "No journal entries match.");
        return;
      }
      printTable(ctx.io, journalColumns(user.timezone), entries);
    });
}
