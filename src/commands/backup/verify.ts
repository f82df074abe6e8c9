import { resolve } from "node:path";
import { Command } from "commander";
import type { Context } from "../../context.js";
import { verifyBackup } from "../../domain/backup.js";
import { backupJson, describeCounts } from "../../io/backup-view.js";
import { printJson, printLine } from "../../io/render.js";
import { version } from "../../package-root.js";
import type { RunFn } from "../define.js";

export interface BackupVerifyOptions {
  file: string;
  json: boolean;
}

export function parseBackupVerifyOptions(file: string, raw: { json?: boolean }): BackupVerifyOptions {
  return { file: resolve(file), json: raw.json === true };
}

export async function backupVerifyRun(ctx: Context, options: BackupVerifyOptions): Promise<void> {
  const result = await verifyBackup(options.file, version);
  if (options.json) {
    printJson(
      ctx.io,
      backupJson(options.file, result.manifest, {
        checksum: "ok",
        restoredCounts: result.restoredCounts,
        restoredPnlSum: result.restoredPnlSum,
      }),
    );
    return;
  }
  if (result.restoredCounts === null) {
    printLine(ctx.io, `${options.file}: checksum ok (a pg_dump backup: pg_restore checks the rest).`);
    return;
  }
  printLine(
    ctx.io,
    `${options.file}: checksum ok; restored into a scratch database with the manifest's row counts in ${Object.keys(result.restoredCounts).length} tables (${describeCounts(result.restoredCounts)}) and P&L sum ${result.restoredPnlSum}.`,
  );
}

export function backupVerifyCommand(ctx: Context, run: RunFn<BackupVerifyOptions> = backupVerifyRun): Command {
  return new Command("verify")
    .description("Check a backup: its SHA-256, then a restore into a scratch database against its manifest")
    .argument("<file>", "the backup file")
    .option("--json", "print the result as JSON")
    .addHelpText("after", "\nExamples:\n  $ tradesense backup verify ~/journal.backup")
    .action((file: string, raw: { json?: boolean }) => run(ctx, parseBackupVerifyOptions(file, raw)));
}
