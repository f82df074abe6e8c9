import { resolve } from "node:path";
import { Command } from "commander";
import type { Context } from "../../context.js";
import { listBackups } from "../../domain/backup.js";
import { printBackupList } from "../../io/backup-view.js";
import type { RunFn } from "../define.js";

export interface BackupListOptions {
  dir?: string;
  json: boolean;
}

export function parseBackupListOptions(raw: { dir?: string; json?: boolean }): BackupListOptions {
  return { ...(raw.dir !== undefined ? { dir: resolve(raw.dir) } : {}), json: raw.json === true };
}

export async function backupListRun(ctx: Context, options: BackupListOptions): Promise<void> {
  const dir = options.dir ?? ctx.paths.backupsDir;
  printBackupList(ctx.io, options.json, dir, listBackups(dir));
}

export function backupListCommand(ctx: Context, run: RunFn<BackupListOptions> = backupListRun): Command {
  return new Command("list")
    .description("List the backups in the data directory's backups/ (newest first); never opens the database")
    .option("--dir <dir>", "list this directory instead")
    .option("--json", "print the list as JSON")
    .addHelpText(
      "after",
      "\nExamples:\n  $ tradesense backup list\n  $ tradesense backup list --json | jq -r '.backups[0].file'",
    )
    .action((raw: { dir?: string; json?: boolean }) => run(ctx, parseBackupListOptions(raw)));
}
