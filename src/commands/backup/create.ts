import { statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { Command } from "commander";
import type { Context } from "../../context.js";
import {
  backupFileName,
  createBackup,
  DEFAULT_RETENTION,
  parseRetention,
  pruneBackups,
  type Retention,
} from "../../domain/backup.js";
import { parsedAs } from "../../errors.js";
import { printBackupWritten } from "../../io/backup-view.js";
import { testPauseHook } from "../../io/test-pause.js";
import { version } from "../../package-root.js";
import type { RunFn } from "../define.js";

export interface BackupOptions {
  /** A file, or a directory to write the backup's usual name into; undefined: the data directory's backups/. */
  output?: string;
  /** Set when old backups are pruned: always for the default directory, with --output only when --keep is given. */
  keep?: Retention;
  all: boolean;
  json: boolean;
}

export function parseBackupOptions(raw: {
  output?: string;
  keep?: string;
  all?: boolean;
  json?: boolean;
}): BackupOptions {
  const keep =
    raw.keep !== undefined
      ? parsedAs("--keep", () => parseRetention(raw.keep as string))
      : raw.output === undefined
        ? DEFAULT_RETENTION
        : undefined;
  return {
    ...(raw.output !== undefined ? { output: resolve(raw.output) } : {}),
    ...(keep ? { keep } : {}),
    all: raw.all === true,
    json: raw.json === true,
  };
}

export async function backupRun(ctx: Context, options: BackupOptions): Promise<void> {
  const db = await ctx.database();
  const user = await ctx.currentUser();
  const now = ctx.now();
  let path = options.output ?? join(ctx.paths.backupsDir, backupFileName(now));
  if (options.output && isDirectory(options.output)) path = join(options.output, backupFileName(now));
  const manifest = await createBackup({
    db,
    location: ctx.location(),
    user,
    all: options.all,
    path,
    productVersion: version,
    now,
    env: ctx.env,
    dumpDataDir: () => ctx.dumpDataDir(),
    pause: testPauseHook(ctx.io, ctx.env),
  });
  const pruned = options.keep ? pruneBackups(dirname(path), options.keep, now) : [];
  printBackupWritten(ctx.io, options.json, path, manifest, pruned);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

export function backupCreateCommand(ctx: Context, run: RunFn<BackupOptions> = backupRun): Command {
  return new Command("create")
    .description("Write a compressed, checksummed snapshot of the journal (the default `backup` verb)")
    .option("-o, --output <file>", "write here (a file or a directory) instead of the data directory's backups/")
    .option("--keep <30d|N>", "then remove backups older than N days (30d), or all but the N newest; default 30d")
    .option("--all", "server, superuser: the whole database (pg_dump when installed), not just your rows")
    .option("--json", "print what was written as JSON")
    .addHelpText(
      "after",
      `
Examples:
  $ tradesense backup                                 # into the data directory's backups/, keeps 30 days
  $ tradesense backup --output ~/journal.backup
  $ tradesense backup --keep 7                        # keep the 7 newest
  0 2 * * * tradesense backup --json >> ~/backup.log  # daily, from cron`,
    )
    .action((raw: { output?: string; keep?: string; all?: boolean; json?: boolean }) =>
      run(ctx, parseBackupOptions(raw)),
    );
}
