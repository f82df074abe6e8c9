import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { applyMigrations } from "../../domain/setup.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface DbMigrateOpts {
  json: boolean;
}

export function dbMigrateCommand(ctx: Context, run: RunFn<DbMigrateOpts> = runDbMigrate): Command {
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
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runDbMigrate(ctx: Context, opts: DbMigrateOpts): Promise<void> {
  const location = ctx.location();
  const db = await ctx.database({ skipMigrationCheck: true });
  const applied = await applyMigrations(db);
  if (opts.json) {
    printJsonDocument(ctx.io, { location: describeLocation(location), applied });
  } else if (applied.length === 0) {
    printLine(ctx.io, `${describeLocation(location)} is up to date: nothing to apply.`);
  } else {
    for (const file of applied) printLine(ctx.io, `applied ${file}`);
    printLine(ctx.io, `Applied ${applied.length} migration(s) to ${describeLocation(location)}.`);
  }
}
