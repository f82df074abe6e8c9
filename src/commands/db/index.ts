import { Command } from "commander";
import type { Context } from "../../context.js";
import { dbConnectCommand } from "./connect.js";
import { dbCopyCommand } from "./copy.js";
import { dbDisconnectCommand } from "./disconnect.js";
import { dbMigrateCommand } from "./migrate.js";
import { dbStatusCommand } from "./status.js";

export function dbCommand(ctx: Context): Command {
  return new Command("db")
    .description("Manage the database: migrations and where it lives")
    .addCommand(dbConnectCommand(ctx))
    .addCommand(dbCopyCommand(ctx))
    .addCommand(dbDisconnectCommand(ctx))
    .addCommand(dbMigrateCommand(ctx))
    .addCommand(dbStatusCommand(ctx));
}
