// archive and unarchive: one pair of verbs. Archived entries leave list and search unless --archived is given.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId } from "../../domain/journal.js";
import { setArchived } from "../../domain/journal-operations.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface JournalArchiveOpts {
  id: number;
}

function archiveVerb(ctx: Context, verb: "archive" | "unarchive", run: RunFn<JournalArchiveOpts>): Command {
  const archiving = verb === "archive";
  return new Command(verb)
    .description(
      archiving
        ? "Archive a journal entry: hidden from list and search unless --archived"
        : "Bring an archived journal entry back into list and search",
    )
    .argument("<id>", "the entry's id")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal ${verb} 4`,
    )
    .action((idText: string) => run(ctx, { id: parseId(idText, "journal entry id") }));
}

async function runArchiving(ctx: Context, id: number, archiving: boolean): Promise<void> {
  const user = await ctx.currentUser();
  const changed = await setArchived(await ctx.database(), user.id, id, archiving);
  const state = archiving ? "archived" : "not archived";
  printLine(
    ctx.io,
    changed
      ? `${archiving ? "Archived" : "Unarchived"} journal entry #${id}.`
      : `Journal entry #${id} is already ${state}.`,
  );
}

export const runJournalArchive: RunFn<JournalArchiveOpts> = (ctx, opts) => runArchiving(ctx, opts.id, true);
export const runJournalUnarchive: RunFn<JournalArchiveOpts> = (ctx, opts) => runArchiving(ctx, opts.id, false);

export function journalArchiveCommand(ctx: Context, run = runJournalArchive): Command {
  return archiveVerb(ctx, "archive", run);
}

export function journalUnarchiveCommand(ctx: Context, run = runJournalUnarchive): Command {
  return archiveVerb(ctx, "unarchive", run);
}
