// Backups on screen and as JSON (version 1): what a backup holds, in the same words for backup, list, verify, restore.

import type { BackupListing } from "../domain/backup.js";
import type { BackupManifest } from "../domain/backup-file.js";
import { jsonDocument, printJsonDocument } from "./json-output.js";
import { printJson, printLine, printTable } from "./render.js";
import type { IOStreams } from "./streams.js";

/** "12 trades, 3 journal entries, 2 strategies" from a manifest's row counts. */
export function describeCounts(counts: Record<string, number>): string {
  const n = (table: string) => counts[table] ?? 0;
  return `${n("trades")} trade(s), ${n("journal_entries")} journal entr${n("journal_entries") === 1 ? "y" : "ies"}, ${n("strategies")} strateg${n("strategies") === 1 ? "y" : "ies"}`;
}

/** A backup in every backup verb's --json (README "JSON output"); `createdAt` is ISO-8601 UTC. */
export function backupJson(file: string, manifest: BackupManifest, extra: Record<string, unknown> = {}) {
  return jsonDocument({
    file,
    createdAt: manifest.createdAt,
    productVersion: manifest.productVersion,
    source: manifest.source,
    scope: manifest.scope,
    content: manifest.content,
    username: manifest.username,
    migrations: manifest.migrations,
    rowCounts: manifest.rowCounts,
    pnlSum: manifest.pnlSum,
    bytes: manifest.contentBytes,
    sha256: manifest.contentSha256,
    ...extra,
  });
}

export function printBackupWritten(
  io: IOStreams,
  json: boolean,
  file: string,
  manifest: BackupManifest,
  pruned: string[],
): void {
  if (json) {
    printJson(io, backupJson(file, manifest, { pruned }));
    return;
  }
  printLine(
    io,
    `Backed up to ${file}: ${describeCounts(manifest.rowCounts)}, P&L sum ${manifest.pnlSum} (${formatBytes(manifest.contentBytes)}).`,
  );
  if (pruned.length > 0) printLine(io, `Removed ${pruned.length} old backup(s).`);
}

export function printBackupList(io: IOStreams, json: boolean, dir: string, backups: BackupListing[]): void {
  if (json) {
    // Each listed backup carries its own `version` too: the same object `backup verify --json` prints.
    printJsonDocument(io, { dir, backups: backups.map((b) => backupJson(b.file, b.manifest)) });
    return;
  }
  if (backups.length === 0) {
    printLine(io, `No backups in ${dir}.`);
    return;
  }
  printTable(
    io,
    [
      { header: "File", value: (b) => b.file },
      { header: "Created (UTC)", value: (b) => b.manifest.createdAt.replace("T", " ").slice(0, 19) },
      { header: "Scope", value: (b) => b.manifest.scope },
      { header: "Trades", value: (b) => String(b.manifest.rowCounts.trades ?? 0), align: "right" },
      { header: "P&L sum", value: (b) => b.manifest.pnlSum, align: "right" },
      { header: "Size", value: (b) => formatBytes(b.bytes), align: "right" },
    ],
    backups,
  );
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
