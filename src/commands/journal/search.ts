import { Command } from "commander";
import type { Context } from "../../context.js";
import { searchJournalEntries } from "../../db/journal.js";
import { UsageError } from "../../errors.js";
import { renderSearchHit, searchHitJson } from "../../io/journal-view.js";
import { printJson, printLine } from "../../io/render.js";
import { parseLimit } from "../trade/list.js";

interface JournalSearchOptions {
  archived?: boolean;
  limit?: number;
  json?: boolean;
}

export function journalSearchCommand(ctx: Context): Command {
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
      .action(async (words: string[], options: JournalSearchOptions) => {
        const query = words.join(" ").trim();
        if (query === "") throw new UsageError("the search query is empty");
        const user = await ctx.currentUser();
        const hits = await searchJournalEntries(await ctx.database(), user.id, query, {
          archived: Boolean(options.archived),
          ...(options.limit ? { limit: options.limit } : {}),
        });
        if (options.json) {
          printJson(ctx.io, hits.map(searchHitJson));
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
      })
  );
}
