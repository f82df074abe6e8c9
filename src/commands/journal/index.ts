import { Command } from "commander";
import type { Context } from "../../context.js";
import { journalArchiveCommand, journalUnarchiveCommand } from "./archive.js";
import { journalDeleteCommand } from "./delete.js";
import { journalEditCommand } from "./edit.js";
import { journalLinkCommand, journalUnlinkCommand } from "./link.js";
import { journalListCommand } from "./list.js";
import { journalSearchCommand } from "./search.js";
import { journalShowCommand } from "./show.js";
import { journalWriteCommand } from "./write.js";

export function journalCommand(ctx: Context): Command {
  return new Command("journal")
    .description("Write, search and review your trading journal")
    .addCommand(journalWriteCommand(ctx))
    .addCommand(journalListCommand(ctx))
    .addCommand(journalShowCommand(ctx))
    .addCommand(journalEditCommand(ctx))
    .addCommand(journalSearchCommand(ctx))
    .addCommand(journalLinkCommand(ctx))
    .addCommand(journalUnlinkCommand(ctx))
    .addCommand(journalArchiveCommand(ctx))
    .addCommand(journalUnarchiveCommand(ctx))
    .addCommand(journalDeleteCommand(ctx));
}
