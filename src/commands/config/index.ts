import { Command } from "commander";
import type { Context } from "../../context.js";
import { configGetCommand } from "./get.js";
import { configListCommand } from "./list.js";
import { configSetCommand } from "./set.js";

export function configCommand(ctx: Context): Command {
  return new Command("config")
    .description("Read and change your settings: time zone, theme, notifications, display")
    .addCommand(configGetCommand(ctx))
    .addCommand(configSetCommand(ctx))
    .addCommand(configListCommand(ctx));
}
