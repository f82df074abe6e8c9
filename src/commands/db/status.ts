import { Command } from "commander";
import type { Context } from "../../context.js";
import { describeLocation } from "../../db/connect.js";
import { migrationStatus } from "../../db/migrate.js";
import { printJson, printLine, printTable } from "../../io/render.js";

export function dbStatusCommand(ctx: Context): Command {
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
    .action(async (options: { json?: boolean }) => {
      const location = ctx.location();
      const db = await ctx.database({ skipMigrationCheck: true });
      const migrations = await migrationStatus(db);
      const where = describeLocation(location);
      const pending = migrations.filter((m) => m.appliedAt === null).length;
      if (options.json) {
        printJson(ctx.io, {
          kind: location.kind,
          location: where,
          migrations: migrations.map((m) => ({ file: m.file, applied: m.appliedAt !== null, appliedAt: m.appliedAt })),
          pending,
        });
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
    });
}
