import { Command } from "commander";
import type { Context } from "../../context.js";
import { importCsvCommand } from "./csv.js";
import { importFormatsCommand } from "./formats.js";
import { importHistoryCommand, importShowCommand } from "./history.js";
import { importUndoCommand } from "./undo.js";

export function importCommand(ctx: Context): Command {
  return new Command("import")
    .description("Import broker CSV exports: fills once each, trades by FIFO, every run recorded")
    .addCommand(importCsvCommand(ctx))
    .addCommand(importFormatsCommand(ctx))
    .addCommand(importHistoryCommand(ctx))
    .addCommand(importShowCommand(ctx))
    .addCommand(importUndoCommand(ctx));
}
