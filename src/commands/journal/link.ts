// link and unlink: one pair of verbs over the same flags and checks.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId } from "../../domain/journal.js";
import { linkEntry, unlinkEntry } from "../../domain/journal-operations.js";
import { UsageError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";
import { collectTradeId } from "./content.js";

export interface JournalLinkOpts {
  id: number;
  /** The trades named, each once, in the order given. */
  tradeIds: number[];
}

function linkVerb(ctx: Context, verb: "link" | "unlink", run: RunFn<JournalLinkOpts>): Command {
  const linking = verb === "link";
  return new Command(verb)
    .description(linking ? "Link a journal entry to trades" : "Remove links between a journal entry and trades")
    .argument("<id>", "the entry's id")
    .option("--trade <id>", `the trade to ${verb} (repeatable)`, collectTradeId)
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense journal ${verb} 4 --trade 12
  $ tradesense journal ${verb} 4 --trade 12 --trade 13`,
    )
    .action((idText: string, flags: { trade?: number[] }) => {
      const id = parseId(idText, "journal entry id");
      const tradeIds = [...new Set(flags.trade ?? [])];
      if (tradeIds.length === 0) throw new UsageError("--trade is required");
      return run(ctx, { id, tradeIds });
    });
}

async function runLinking(ctx: Context, { id, tradeIds }: JournalLinkOpts, linking: boolean): Promise<void> {
  const user = await ctx.currentUser();
  const db = await ctx.database();
  const list = tradeIds.join(", ");
  const trades = `trade${tradeIds.length > 1 ? "s" : ""} ${list}`;
  if (linking) {
    const added = await linkEntry(db, user.id, id, tradeIds);
    const already = tradeIds.length - added;
    printLine(ctx.io, `Linked journal entry #${id} to ${trades}${already > 0 ? ` (${already} already linked)` : ""}.`);
  } else {
    await unlinkEntry(db, user.id, id, tradeIds);
    printLine(ctx.io, `Unlinked journal entry #${id} from ${trades}.`);
  }
}

export const runJournalLink: RunFn<JournalLinkOpts> = (ctx, opts) => runLinking(ctx, opts, true);
export const runJournalUnlink: RunFn<JournalLinkOpts> = (ctx, opts) => runLinking(ctx, opts, false);

export function journalLinkCommand(ctx: Context, run = runJournalLink): Command {
  return linkVerb(ctx, "link", run);
}

export function journalUnlinkCommand(ctx: Context, run = runJournalUnlink): Command {
  return linkVerb(ctx, "unlink", run);
}
