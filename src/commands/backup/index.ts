import { Command } from "commander";
import type { Context } from "../../context.js";
import { backupCreateCommand } from "./create.js";
import { backupListCommand } from "./list.js";
import { backupVerifyCommand } from "./verify.js";

export function backupCommand(ctx: Context): Command {
  return new Command("backup")
    .description("Back up the journal (`backup` alone writes one), list backups, verify one")
    .addCommand(backupCreateCommand(ctx), { isDefault: true })
    .addCommand(backupListCommand(ctx))
    .addCommand(backupVerifyCommand(ctx));
}
