import { Command } from "commander";
import type { Context } from "../../context.js";
import { searchJournalEntries } from "../../db/journal.js";
import { UsageError } from "../../errors.js";
import { renderSearchHit, searchHitJson } from "../../io/journal-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { parseLimit } from "../trade/list.js";

export interface JournalSearchOpts {
  /** The words joined by spaces: never empty. */
  query: string;
  archived: boolean;
  limit?: number;
  json: boolean;
}

interface JournalSearchFlags {
  archived?: boolean;
  limit?: number;
  json?: boolean;
}

export function journalSearchCommand(ctx: Context, run: RunFn<JournalSearchOpts> = runJournalSearch): Command {
  return (
    new Command("search")
      .description("Full-text search of your journal (titles weigh more), best match first")
      .argument("<query...>", 'words; "quoted phrase", -word to exclude, or between alternatives')
      .option("--archived", "include archived entries")
      .option("--limit <n>", "at most this many results", parseLimit)
      .option("--json", "print the results (with rank and snippet) as JSON")
      // "-fomo" excludes a word: it must reach the query, not be refused as an unknown option.
      .allowUnknownOption()
      .addHelpText(
        "after",
        `
Examples:
  $ tradesense journal search breakout            # also finds "breakouts", "broke out" does not stem alike
  $ tradesense journal search '"stop loss"' -fomo
  $ tradesense journal search earnings or guidance --archived

Words are stemmed in English; matches are highlighted in the title and a snippet of the body.`,
      )
      .action((words: string[], flags: JournalSearchFlags) => {
        const query = words.join(" ").trim();
        if (query === "") throw new UsageError("the search query is empty");
        return run(ctx, { query, archived: Boolean(flags.archived), limit: flags.limit, json: Boolean(flags.json) });
      })
  );
}

export async function runJournalSearch(ctx: Context, options: JournalSearchOpts): Promise<void> {
  const user = await ctx.currentUser();
  const hits = await searchJournalEntries(await ctx.database(), user.id, options.query, {
    archived: Boolean(options.archived),
    ...(options.limit ? { limit: options.limit } : {}),
  });
  if (options.json) {
    printJsonDocument(ctx.io, { hits: hits.map(searchHitJson) });
    return;
  }
  if (hits.length === 0) {
    printLine(ctx.io, "No journal entries match.");
    return;
  }
  hits.forEach((hit, index) => {
    if (index > 0) printLine(ctx.io);
    for (const line of renderSearchHit(ctx.io, hit, user.timezone)) printLine(ctx.io, line);
  });
}
