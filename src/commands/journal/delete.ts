import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId } from "../../domain/journal.js";
import { deleteEntry, showEntry } from "../../domain/journal-operations.js";
import { DeclinedError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface JournalDeleteOpts {
  id: number;
  yes: boolean;
}

export function journalDeleteCommand(ctx: Context, run: RunFn<JournalDeleteOpts> = runJournalDelete): Command {
  return new Command("delete")
    .description("Delete a journal entry and its links to trades (the trades stay)")
    .argument("<id>", "the entry's id")
    .option("-y, --yes", "do not ask for confirmation (required off a terminal)")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal delete 4
  $ tradesense journal delete 4 --yes             # in a script`,
    )
    .action((idText: string, flags: { yes?: boolean }) =>
      run(ctx, { id: parseId(idText, "journal entry id"), yes: Boolean(flags.yes) }),
    );
}

export async function runJournalDelete(ctx: Context, options: JournalDeleteOpts): Promise<void> {
  const id = options.id;
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const { entry } = await showEntry(db, user.id, id);
  if (!options.yes) {
    const sure = await ctx.prompter.confirm({
      message: `Delete journal entry #${id} "${entry.title}"?`,
      flag: "--yes",
    });
    if (!sure) throw new DeclinedError("Nothing deleted.");
  }
  const links = await deleteEntry(db, user.id, id);
  const removed = links > 0 ? ` and ${links} link${links === 1 ? "" : "s"} to trades` : "";
  printLine(ctx.io, `Deleted journal entry #${id}${removed}.`);
}
