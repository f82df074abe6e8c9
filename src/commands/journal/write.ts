import { Command } from "commander";
import type { Context } from "../../context.js";
import {
  appendToBody,
  DAILY_TAG,
  dailyTitle,
  dayInZone,
  type JournalFields,
  type JournalPatch,
  parseBody,
  parseConfidence,
  parseJournalTags,
  parseMood,
  parseTemplate,
  parseTitle,
  renderTemplate,
} from "../../domain/journal.js";
import { editEntry, findTodaysDailyNote, writeEntry } from "../../domain/journal-operations.js";
import { UsageError } from "../../errors.js";
import { editText } from "../../io/editor.js";
import { journalEntryJson } from "../../io/journal-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { type RunFn, refuseTogether } from "../define.js";
import { collectTradeId, readNewContent } from "./content.js";

/** The flags read and checked; the body is read in the run step (a file, standard input or the editor). */
export interface JournalWriteOpts {
  title?: string;
  content?: string;
  file?: string;
  /** undefined: no --mood; null: --mood ''. */
  mood?: string | null;
  confidence: number | null;
  tags: string[] | null;
  /** Each trade once, in the order given. */
  tradeIds: number[];
  daily: boolean;
  json: boolean;
}

interface JournalWriteFlags {
  title?: string;
  content?: string;
  file?: string;
  mood?: string;
  confidence?: string;
  tags?: string;
  trade?: number[];
  daily?: boolean;
  json?: boolean;
}

export function journalWriteCommand(ctx: Context, run: RunFn<JournalWriteOpts> = runJournalWrite): Command {
  return new Command("write")
    .description("Write a journal entry (from flags, a file, standard input, or your editor)")
    .option("--title <text>", "the title (up to 255 characters)")
    .option("--content <text>", "the body")
    .option("--file <path>", "read the body from a file (- for standard input)")
    .option("--mood <word>", "how you felt: calm, fomo, tilted... (stored lower-case)")
    .option("--confidence <1-10>", "how confident you were, 1 to 10")
    .option("--tags <tags>", "comma-separated tags")
    .option("--trade <id>", "link this trade (repeatable)", collectTradeId)
    .option("--daily", "write today's daily note, or add to it if it exists (one per day, your time zone)")
    .option("--json", "print the saved entry as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal write                      # in a terminal: opens $VISUAL/$EDITOR (title line, then body)
  $ tradesense journal write --title "AAPL breakout" --content "Waited for the retest." --mood calm --confidence 7
  $ tradesense journal write --title "Post-mortem" --file notes.md --trade 12 --trade 13
  $ echo "Stayed flat, no setups." | tradesense journal write --daily

An empty body aborts without saving. Off a terminal, the body comes from --content, --file or standard input,
and --title is required (except with --daily).`,
    )
    .action((flags: JournalWriteFlags) => run(ctx, parseJournalWrite(flags)));
}

/** Every flag is checked before the database is touched or the editor opened. */
export function parseJournalWrite(flags: JournalWriteFlags): JournalWriteOpts {
  refuseTogether({ "--content": flags.content !== undefined, "--file": flags.file !== undefined });
  return {
    title: flags.title !== undefined ? parseTitle(flags.title) : undefined,
    content: flags.content,
    file: flags.file,
    mood: flags.mood !== undefined ? parseMood(flags.mood) : undefined,
    confidence: flags.confidence !== undefined ? parseConfidence(flags.confidence) : null,
    tags: flags.tags !== undefined ? parseJournalTags(flags.tags) : null,
    tradeIds: [...new Set(flags.trade ?? [])],
    daily: Boolean(flags.daily),
    json: Boolean(flags.json),
  };
}

export async function runJournalWrite(ctx: Context, options: JournalWriteOpts): Promise<void> {
  const { title, confidence, tags, tradeIds } = options;
  const mood = options.mood ?? null;
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const now = ctx.now();

  if (options.daily) {
    const existing = await findTodaysDailyNote(db, user.id, user.timezone, now);
    if (existing) {
      const text = await readNewContent(ctx, options);
      const patch: JournalPatch = {};
      if (text !== undefined) {
        patch.content = appendToBody(existing.content, parseBody(text));
        if (title !== undefined) patch.title = title;
      } else {
        const edited = parseTemplate(
          editText(ctx.env, renderTemplate(title ?? existing.title, existing.content ?? "")),
        );
        patch.title = edited.title;
        patch.content = edited.content;
      }
      if (options.mood !== undefined) patch.mood = mood;
      if (confidence !== null) patch.confidence = confidence;
      if (tags !== null) patch.tags = [...new Set([...(existing.tags ?? []), ...tags])];
      const entry = await editEntry(db, user.id, existing.id, patch, tradeIds);
      if (options.json) printJsonDocument(ctx.io, { ...journalEntryJson(entry), tradeIds });
      else printLine(ctx.io, `Updated daily note #${entry.id}: ${entry.title}`);
      return;
    }
  }

  const dailyTags = options.daily ? [...new Set([DAILY_TAG, ...(tags ?? [])])] : tags;
  const defaultTitle = options.daily ? dailyTitle(dayInZone(now, user.timezone).date) : undefined;
  const usesFlagOrPipe = options.content !== undefined || options.file !== undefined || !ctx.io.stdinIsTTY;
  if (usesFlagOrPipe && title === undefined && defaultTitle === undefined) {
    throw new UsageError("--title is required when the body comes from --content, --file or standard input");
  }
  const text = await readNewContent(ctx, options);
  let fields: JournalFields;
  if (text !== undefined) {
    fields = { title: title ?? defaultTitle ?? "", content: parseBody(text), mood, confidence, tags: dailyTags };
  } else {
    const edited = parseTemplate(editText(ctx.env, renderTemplate(title ?? defaultTitle ?? "", "")));
    fields = { ...edited, mood, confidence, tags: dailyTags };
  }
  const entry = await writeEntry(db, user.id, fields, tradeIds, now);
  if (options.json) {
    printJsonDocument(ctx.io, { ...journalEntryJson(entry), tradeIds });
    return;
  }
  const links = tradeIds.length > 0 ? ` (linked to trade${tradeIds.length > 1 ? "s" : ""} ${tradeIds.join(", ")})` : "";
  printLine(ctx.io, `Saved journal entry #${entry.id}: ${entry.title}${links}`);
}
