// link and unlink: one pair of verbs over the same flags and checks.
import { Command } from "commander";
import type { Context } from "../../context.js";
import { parseId } from "../../domain/journal.js";
import { linkEntry, unlinkEntry } from "../../domain/journal-log.js";
import { UsageError } from "../../errors.js";
import { printLine } from "../../io/render.js";
import { collectTradeId } from "./content.js";

function linkVerb(ctx: Context, verb: "link" | "unlink"): Command {
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
    .action(async (idText: string, options: { trade?: number[] }) => {
      const id = parseId(idText, "journal entry id");
      const tradeIds = [...new Set(options.trade ?? [])];
      if (tradeIds.length === 0) throw new UsageError("--trade is required");
      const user = await ctx.currentUser();
      const db = await ctx.database();
      const list = tradeIds.join(", ");
      const trades = `trade${tradeIds.length > 1 ? "s" : ""} ${list}`;
      if (linking) {
        const added = await linkEntry(db, user.id, id, tradeIds);
        const already = tradeIds.length - added;
        printLine(
          ctx.io,
          `Linked journal entry #${id} to ${trades}${already > 0 ? ` (${already} already linked)` : ""}.`,
        );
      } else {
        await unlinkEntry(db, user.id, id, tradeIds);
        printLine(ctx.io, `Unlinked journal entry #${id} from ${trades}.`);
      }
    });
}

export function journalLinkCommand(ctx: Context): Command {
  return linkVerb(ctx, "link");
}

export function journalUnlinkCommand(ctx: Context): Command {
  return linkVerb(ctx, "unlink");
}
