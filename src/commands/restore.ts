import { join, resolve } from "node:path";
import { Command } from "commander";
import type { Context } from "../context.js";
import { countUsers } from "../db/users.js";
import { backupFileName, createBackup, openBackup, restoreBackup, restoreReplacesContent } from "../domain/backup.js";
import { DeclinedError, UsageError } from "../errors.js";
import { backupJson, describeCounts } from "../io/backup-view.js";
import { printJson, printLine, printNote } from "../io/render.js";
import { testPauseHook } from "../io/test-pause.js";
import { version } from "../package-root.js";
import type { RunFn } from "./define.js";

export interface RestoreOptions {
  file: string;
  yes: boolean;
  json: boolean;
}

export function parseRestoreOptions(file: string, raw: { yes?: boolean; json?: boolean }): RestoreOptions {
  return { file: resolve(file), yes: raw.yes === true, json: raw.json === true };
}

export async function restoreRun(ctx: Context, options: RestoreOptions): Promise<void> {
  // The file is checked whole (checksum, schema) before the journal is opened: a bad backup touches nothing.
  const header = await openBackup(options.file, version);
  const { manifest } = header;
  const location = ctx.location();
  const db = await ctx.database({ create: location.kind === "embedded" });
  const hasUsers = (await countUsers(db)) > 0;
  const acting = hasUsers ? await ctx.currentUser() : undefined;
  if (location.kind === "server" && acting && !acting.isSuperuser) {
    if (manifest.scope !== "user" || manifest.username !== acting.username) {
      throw new UsageError("only a superuser restores another user's or a whole database's backup");
    }
  }
  let savedTo: string | undefined;
  if (acting && (await restoreReplacesContent(db, manifest))) {
    if (!options.yes) {
      const sure = await ctx.prompter.confirm({
        message: "This journal is not empty: replace it with the backup (a backup of it is taken first)?",
        flag: "--yes",
      });
      if (!sure) throw new DeclinedError("Nothing restored.");
    }
    const now = ctx.now();
    savedTo = join(ctx.paths.backupsDir, backupFileName(now));
    await createBackup({
      db,
      location,
      user: acting,
      all: location.kind === "server" && manifest.scope !== "user",
      path: savedTo,
      productVersion: version,
      now,
      env: ctx.env,
      dumpDataDir: () => ctx.dumpDataDir(),
    });
    printNote(ctx.io, `Saved what the restore replaces to ${savedTo}`);
  }
  const result = await restoreBackup({
    path: options.file,
    header,
    db,
    location,
    env: ctx.env,
    pause: testPauseHook(ctx.io, ctx.env),
  });
  if (location.kind === "embedded" && result.username) ctx.setCurrentUser(result.username);
  if (options.json) {
    printJson(ctx.io, backupJson(options.file, manifest, { restored: true, replacedSavedTo: savedTo ?? null }));
    return;
  }
  printLine(
    ctx.io,
    `Restored ${options.file} (${manifest.createdAt.replace("T", " ").slice(0, 19)} UTC): ${describeCounts(manifest.rowCounts)}, P&L sum ${manifest.pnlSum}.`,
  );
}

export function restoreCommand(ctx: Context, run: RunFn<RestoreOptions> = restoreRun): Command {
  return new Command("restore")
    .description("Restore a backup: into an empty journal, or replacing this one after backing it up (asks first)")
    .argument("<file>", "the backup file (see `tradesense backup list`)")
    .option("-y, --yes", "replace a non-empty journal without asking (required off a terminal)")
    .option("--json", "print what was restored as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense restore ~/journal.backup
  $ TRADESENSE_HOME=/tmp/check tradesense restore ~/journal.backup     # into a fresh home
  $ tradesense restore "$(tradesense backup list --json | jq -r '.backups[0].file')" --yes`,
    )
    .action((file: string, raw: { yes?: boolean; json?: boolean }) => run(ctx, parseRestoreOptions(file, raw)));
}
