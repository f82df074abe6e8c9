// archive and unarchive: one pair of verbs. Archived entries leave list and search unless --archived is given.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId } from "../../domain/journal.js";
import { setArchived } from "../../domain/journal-log.js";
import { printLine } from "../../io/render.js";

function archiveVerb(ctx: Context, verb: "archive" | "unarchive"): Command {
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
    .action(async (idText: string) => {
      const id = parseId(idText, "journal entry id");
      const user = await ctx.currentUser();
      const changed = await setArchived(await ctx.database(), user.id, id, archiving);
      const state = archiving ? "archived" : "not archived";
      printLine(
        ctx.io,
        changed
          ? `${archiving ? "Archived" : "Unarchived"} journal entry #${id}.`
          : `Journal entry #${id} is already ${state}.`,
      );
    });
}

export function journalArchiveCommand(ctx: Context): Command {
  return archiveVerb(ctx, "archive");
}

export function journalUnarchiveCommand(ctx: Context): Command {
  return archiveVerb(ctx, "unarchive");
}
