import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { migrationStatus } from "../../db/migrate.js";
import { dbStatusJson } from "../../io/db-view.js";
import { printJsonDocument } from "../../io/json-output.js";
import { printLine, printTable } from "../../io/render.js";
import type { RunFn } from "../define.js";

export interface DbStatusOpts {
  json: boolean;
}

export function dbStatusCommand(ctx: Context, run: RunFn<DbStatusOpts> = runDbStatus): Command {
  return new Command("status")
    .description("Show where the database is and which migrations are applied or pending")
    .option("--json", "print the status as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense db status
  $ tradesense db status --json | jq '.migrations[] | select(.applied == false)'`,
    )
    .action((flags: { json?: boolean }) => run(ctx, { json: Boolean(flags.json) }));
}

export async function runDbStatus(ctx: Context, opts: DbStatusOpts): Promise<void> {
  const location = ctx.location();
  const db = await ctx.database({ skipMigrationCheck: true });
  const migrations = await migrationStatus(db);
  const where = describeLocation(location);
  const pending = migrations.filter((m) => m.appliedAt === null).length;
  if (opts.json) {
    printJsonDocument(ctx.io, dbStatusJson(location.kind, where, migrations));
    return;
  }
  printLine(ctx.io, `Database: ${location.kind === "embedded" ? "embedded" : "server"} at ${where}`);
  printTable(
    ctx.io,
    [
      { header: "Migration", value: (m) => m.file },
      {
        header: "Status",
        value: (m) => (m.appliedAt ? "applied" : "pending"),
        style: (text, m) => (m.appliedAt ? ctx.io.color.green(text) : ctx.io.color.yellow(text)),
      },
      { header: "Applied at (UTC)", value: (m) => m.appliedAt?.toISOString().replace("T", " ").slice(0, 19) ?? "" },
    ],
    migrations,
  );
  printLine(ctx.io, `${migrations.length - pending} applied, ${pending} pending.`);
}
