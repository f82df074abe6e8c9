import { Command } from "commander";
import type { Context } from "../../context.js";
import { tradeAddCommand } from "./add.js";
import { tradeCloseCommand } from "./close.js";
import { tradeDeleteCommand } from "./delete.js";
import { tradeEditCommand } from "./edit.js";
import { tradeListCommand } from "./list.js";
import { tradeShowCommand } from "./show.js";
import { tradeTagCommand } from "./tag.js";

export function tradeCommand(ctx: Context): Command {
  return new Command("trade")
    .description("Log, list and review trades")
    .addCommand(tradeAddCommand(ctx))
    .addCommand(tradeCloseCommand(ctx))
    .addCommand(tradeListCommand(ctx))
    .addCommand(tradeShowCommand(ctx))
    .addCommand(tradeEditCommand(ctx))
    .addCommand(tradeTagCommand(ctx))
    .addCommand(tradeDeleteCommand(ctx));
}
