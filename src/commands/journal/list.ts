import { Command } from "commander";
import type { Context } from "../../context.js";
import { type JournalFilter, listJournalEntries } from "../../db/journal.js";
import { parseDateRange } from "../../domain/dates.js";
import { parseId, parseMood } from "../../domain/journal.js";
import { journalColumns, journalListEntryJson } from "../../io/journal-view.js";
import { JSON_VERSION, printJsonDocument } from "../../io/json-output.js";
import { printLine, printTable } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { parseLimit } from "../trade/list.js";

/** The filter, read and checked; dates stay text until the user's time zone is known. */
export interface JournalListOpts {
  from?: string;
  to?: string;
  /** "" for an empty --mood: entries with no mood. */
  mood?: string;
  tag?: string;
  tradeId?: number;
  archived: boolean;
  limit?: number;
  json: boolean;
}

interface JournalListFlags {
  from?: string;
  to?: string;
  mood?: string;
  tag?: string;
  trade?: string;
  archived?: boolean;
  limit?: number;
  json?: boolean;
}

export function journalListCommand(ctx: Context, run: RunFn<JournalListOpts> = runJournalList): Command {
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
    .action((flags: JournalListFlags) => run(ctx, parseJournalList(flags)));
}

export function parseJournalList(flags: JournalListFlags): JournalListOpts {
  return {
    from: flags.from,
    to: flags.to,
    mood: flags.mood !== undefined ? (parseMood(flags.mood) ?? "") : undefined,
    tag: flags.tag !== undefined ? flags.tag.trim().toLowerCase() : undefined,
    tradeId: flags.trade !== undefined ? parseId(flags.trade, "--trade") : undefined,
    archived: Boolean(flags.archived),
    limit: flags.limit,
    json: Boolean(flags.json),
  };
}

export async function runJournalList(ctx: Context, options: JournalListOpts): Promise<void> {
  const user = await ctx.currentUser();
  const filter: JournalFilter = {};
  Object.assign(filter, parseDateRange(options, user.timezone, ctx.now()));
  if (options.mood !== undefined) filter.mood = options.mood;
  if (options.tag !== undefined) filter.tag = options.tag;
  if (options.tradeId !== undefined) filter.tradeId = options.tradeId;
  if (options.archived) filter.archived = true;
  if (options.limit) filter.limit = options.limit;
  const entries = await listJournalEntries(await ctx.database(), user.id, filter);
  if (options.json) {
    printJsonDocument(ctx.io, { entries: entries.map(journalListEntryJson) }, JSON_VERSION);
    return;
  }
  if (entries.length === 0) {
    printLine(ctx.io, "No journal entries match.");
    return;
  }
  printTable(ctx.io, journalColumns(user.timezone), entries);
}
