import { Command } from "commander";
import type { Context } from "../../context.js";
import { futuresListCommand } from "./list.js";
import { futuresSetCommand } from "./set.js";
import { futuresUnsetCommand } from "./unset.js";

export function futuresCommand(ctx: Context): Command {
  return new Command("futures")
    .description("Futures contracts: the point value, tick, exchange and currency of each root, and your own")
    .addCommand(futuresListCommand(ctx))
    .addCommand(futuresSetCommand(ctx))
    .addCommand(futuresUnsetCommand(ctx));
}
