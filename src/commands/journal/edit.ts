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
import { editEntry, showEntry } from "../../domain/journal-operations.js";
import { UsageError } from "../../errors.js";
import { editText } from "../../io/editor.js";
import { journalEntryJson } from "../../io/journal-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import { type RunFn, refuseTogether } from "../define.js";
import { readContentFlag } from "./content.js";

export interface JournalEditOpts {
  id: number;
  /** The fields given as flags, read and checked (the body comes from content or file in the run step). */
  patch: JournalPatch;
  content?: string;
  file?: string;
  json: boolean;
}

interface JournalEditFlags {
  title?: string;
  content?: string;
  file?: string;
  mood?: string;
  confidence?: string;
  tags?: string;
  json?: boolean;
}

export function journalEditCommand(ctx: Context, run: RunFn<JournalEditOpts> = runJournalEdit): Command {
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
    .action((idText: string, flags: JournalEditFlags) => run(ctx, parseJournalEdit(idText, flags)));
}

export function parseJournalEdit(idText: string, flags: JournalEditFlags): JournalEditOpts {
  const id = parseId(idText, "journal entry id");
  const patch: JournalPatch = {};
  if (flags.title !== undefined) patch.title = parseTitle(flags.title);
  if (flags.mood !== undefined) patch.mood = parseMood(flags.mood);
  if (flags.confidence !== undefined) patch.confidence = parseConfidence(flags.confidence);
  if (flags.tags !== undefined) patch.tags = parseJournalTags(flags.tags);
  refuseTogether({ "--content": flags.content !== undefined, "--file": flags.file !== undefined });
  return { id, patch, content: flags.content, file: flags.file, json: Boolean(flags.json) };
}

export async function runJournalEdit(ctx: Context, options: JournalEditOpts): Promise<void> {
  const { id } = options;
  const patch: JournalPatch = { ...options.patch };
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
  if (options.json) printJsonDocument(ctx.io, journalEntryJson(entry));
  else printLine(ctx.io, `Saved journal entry #${entry.id}: ${entry.title}`);
}
