import { Command } from "commander";
import type { Context } from "../../context.js";
import { strategyAddCommand } from "./add.js";
import { strategyActivateCommand, strategyArchiveCommand } from "./archive.js";
import { strategyDeleteCommand } from "./delete.js";
import { strategyEditCommand } from "./edit.js";
import { strategyListCommand } from "./list.js";
import { strategyShowCommand } from "./show.js";

export function strategyCommand(ctx: Context): Command {
  return new Command("strategy")
    .description("Strategies (playbooks): rules, and performance kept up to date as trades change")
    .addCommand(strategyAddCommand(ctx))
    .addCommand(strategyListCommand(ctx))
    .addCommand(strategyShowCommand(ctx))
    .addCommand(strategyEditCommand(ctx))
    .addCommand(strategyArchiveCommand(ctx))
    .addCommand(strategyActivateCommand(ctx))
    .addCommand(strategyDeleteCommand(ctx));
}
