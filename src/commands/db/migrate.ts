import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { applyMigrations } from "../../domain/setup.js";
import { printJson, printLine } from "../../io/render.js";

export function dbMigrateCommand(ctx: Context): Command {
  return new Command("migrate")
    .description("Apply pending migrations (all or none: a failure leaves the database as it was)")
    .option("--json", "print the applied migrations as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense db migrate
  $ tradesense db migrate --database-url postgres://me@db.internal/journal`,
    )
    .action(async (options: { json?: boolean }) => {
      const location = ctx.location();
      const db = await ctx.database({ skipMigrationCheck: true });
      const applied = await applyMigrations(db);
      if (options.json) {
        printJson(ctx.io, { location: describeLocation(location), applied });
      } else if (applied.length === 0) {
        printLine(ctx.io, `${describeLocation(location)} is up to date: nothing to apply.`);
      } else {
        for (const file of applied) printLine(ctx.io, `applied ${file}`);
        printLine(ctx.io, `Applied ${applied.length} migration(s) to ${describeLocation(location)}.`);
      }
    });
}
