import { Command } from "commander";
import type { Context } from "../../context.js";
import { tradeAddCommand } from "./add.js";
import { tradeListCommand } from "./list.js";

export function tradeCommand(ctx: Context): Command {
  return new Command("trade")
    .description("Log, list and review trades")
    .addCommand(tradeAddCommand(ctx))
    .addCommand(tradeListCommand(ctx));
}
