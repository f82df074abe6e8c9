import { Command } from "commander";
import type { Context } from "../../context.js";
import {
  type JournalPatch,
  parseBody,
  parseConfidence,
  parseId,
  parseJournalTags,
  parseMood,
  parseTemplate,
  parseTitle,
  renderTemplate,
} from "../../domain/journal.js";
import { editEntry, showEntry } from "../../domain/journal-log.js";
import { UsageError } from "../../errors.js";
import { editText } from "../../io/editor.js";
import { printJson, printLine } from "../../io/render.js";
import { readContentFlag } from "./content.js";

interface JournalEditOptions {
  title?: string;
  content?: string;
  file?: string;
  mood?: string;
  confidence?: string;
  tags?: string;
  json?: boolean;
}

export function journalEditCommand(ctx: Context): Command {
  return new Command("edit")
    .description("Change a journal entry: with flags, or in your editor when none are given")
    .argument("<id>", "the entry's id")
    .option("--title <text>", "new title")
    .option("--content <text>", "new body (replaces the old one)")
    .option("--file <path>", "new body from a file (- for standard input)")
    .option("--mood <word>", "new mood ('' clears it)")
    .option("--confidence <1-10>", "new confidence, 1 to 10")
    .option("--tags <tags>", "new comma-separated tags, replacing the old ones ('' clears them)")
    .option("--json", "print the changed entry as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal edit 4                     # in a terminal: opens the entry in $VISUAL/$EDITOR
  $ tradesense journal edit 4 --mood tilted --confidence 3
  $ tradesense journal edit 4 --file revised.md`,
    )
    .action(async (idText: string, options: JournalEditOptions) => {
      const id = parseId(idText, "journal entry id");
      const patch: JournalPatch = {};
      if (options.title !== undefined) patch.title = parseTitle(options.title);
      if (options.mood !== undefined) patch.mood = parseMood(options.mood);
      if (options.confidence !== undefined) patch.confidence = parseConfidence(options.confidence);
      if (options.tags !== undefined) patch.tags = parseJournalTags(options.tags);
      const text = await readContentFlag(ctx, options);
      if (text !== undefined) patch.content = parseBody(text);
      const user = await ctx.currentUser();
      const db = await ctx.database();
      if (Object.keys(patch).length === 0) {
        if (!ctx.io.stdinIsTTY) {
          throw new UsageError(
            "nothing to change: give --title, --content, --file, --mood, --confidence or --tags (or run in a terminal to use your editor)",
          );
        }
        const { entry } = await showEntry(db, user.id, id);
        Object.assign(patch, parseTemplate(editText(ctx.env, renderTemplate(entry.title, entry.content ?? ""))));
      }
      const entry = await editEntry(db, user.id, id, patch);
      if (options.json) printJson(ctx.io, entry);
      else printLine(ctx.io, `Saved journal entry #${entry.id}: ${entry.title}`);
    });
}
