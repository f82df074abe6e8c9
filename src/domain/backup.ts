// Backup, verify, restore and copy of a journal: what goes into a backup file and what comes back out of one.
// The file format is backup-file.ts; the rows engine (read a journal as COPY text, load it whole or as one user) is
// db/dump.ts.
import { createReadStream, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import type { Kysely } from "kysely";
import { recordAudit } from "../db/audit.js";
import { type DatabaseLocation, openScratchEmbedded } from "../db/connect.js";
import {
  countRows,
  eachSection,
  hasContent,
  loadForUser,
  loadWhole,
  readSections,
  sumPnl,
  type TableSection,
} from "../db/dump.js";
import { defaultMigrationsDir, listMigrationFiles, migrateToLatest, migrationStatus } from "../db/migrate.js";
import { hasPgTool, pgDumpStream, pgRestore } from "../db/pg-tools.js";
import type { Database } from "../db/schema.js";
import { findUserByUsername } from "../db/users.js";
import { DatabaseError, FieldError, UsageError, ValidationError } from "../errors.js";
import {
  type BackupHeader,
  type BackupManifest,
  checkBackupContent,
  type PauseHook,
  readBackupHeader,
  readContentBlob,
  readRows,
  rowsContent,
  writeBackupFile,
} from "./backup-file.js";

export interface ActingUser {
  id: number;
  username: string;
  isSuperuser: boolean;
}

/** `--keep`: backups younger than this many days, or this many newest backups. */
export type Retention = { days: number } | { count: number };

export const DEFAULT_RETENTION: Retention = { days: 30 };

export function parseRetention(text: string): Retention {
  const days = /^(\d+)d$/.exec(text);
  if (days?.[1] && Number(days[1]) >= 1) return { days: Number(days[1]) };
  if (/^\d+$/.test(text) && Number(text) >= 1) return { count: Number(text) };
  throw new FieldError("keep", (name) => `${name} must be a number of days like 30d or a count like 7, not '${text}'`);
}

const BACKUP_NAME = /^tradesense-.+\.backup$/;

/** tradesense-2026-12-02T01-23-45-123Z.backup: sorts by time, and is a valid file name everywhere. */
export function backupFileName(now: Date): string {
  return `tradesense-${now.toISOString().replace(/[:.]/g, "-")}.backup`;
}

export interface CreateBackupOptions {
  db: Kysely<Database>;
  location: DatabaseLocation;
  user: ActingUser;
  /** --all: a whole server database (superuser only). */
  all: boolean;
  path: string;
  productVersion: string;
  now: Date;
  env: NodeJS.ProcessEnv;
  dumpDataDir: () => Promise<Blob>;
  pause?: PauseHook;
}

/** Writes a backup of the journal to `path` (see backup-file.ts for the format); returns its manifest. */
export async function createBackup(options: CreateBackupOptions): Promise<BackupManifest> {
  const { db, location, user } = options;
  const migrations = (await migrationStatus(db)).filter((m) => m.appliedAt !== null).map((m) => m.file);
  const base = {
    productVersion: options.productVersion,
    createdAt: options.now.toISOString(),
    source: location.kind,
    username: user.username,
    migrations,
  } as const;
  if (location.kind === "embedded") {
    // The counts and the dump come from the same state: this process runs nothing else in between, and no other
    // process opens the journal while it is open.
    const rowCounts = await countRows(db);
    const pnlSum = await sumPnl(db);
    const dump = Buffer.from(await (await options.dumpDataDir()).arrayBuffer());
    return writeBackupFile(
      options.path,
      { ...base, scope: "journal", content: "pglite-datadir", rowCounts, pnlSum },
      () => Readable.from([dump]),
      options.pause,
    );
  }
  if (options.all && !user.isSuperuser) throw new FieldError("all", (name) => `backup ${name} needs a superuser`);
  const scopeUser = options.all ? undefined : user.id;
  if (options.all && hasPgTool("pg_dump", options.env)) {
    const rowCounts = await countRows(db);
    const pnlSum = await sumPnl(db);
    return writeBackupFile(
      options.path,
      { ...base, scope: "database", content: "pg_dump", rowCounts, pnlSum },
      () => pgDumpStream(location.url, options.env),
      options.pause,
    );
  }
  // One snapshot for the counts and every page of rows: writes by others land before or after it, never inside.
  return db
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (trx) => {
      const rowCounts = await countRows(trx, scopeUser);
      const pnlSum = await sumPnl(trx, scopeUser);
      const sections = await readSections(trx, scopeUser);
      return writeBackupFile(
        options.path,
        { ...base, scope: options.all ? "database" : "user", content: "rows", rowCounts, pnlSum },
        () => rowsContent(eachSection(sections)),
        options.pause,
      );
    });
}

export interface BackupListing {
  file: string;
  bytes: number;
  manifest: BackupManifest;
}

/** The backups in a directory, newest first; files that are not backups are left out. */
export function listBackups(dir: string): BackupListing[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const found: BackupListing[] = [];
  for (const name of names.filter((n) => BACKUP_NAME.test(n))) {
    const file = join(dir, name);
    try {
      found.push({ file, bytes: statSync(file).size, manifest: readBackupHeader(file).manifest });
    } catch {
      // Not a backup after all (or unreadable): listing shows only what restore would take.
    }
  }
  return found.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt));
}

/** Removes backups older than the retention allows; the newest is always kept. Returns the files removed. */
export function pruneBackups(dir: string, retention: Retention, now: Date): string[] {
  const [newest, ...older] = listBackups(dir);
  if (!newest) return [];
  const cutoff = "days" in retention ? now.getTime() - retention.days * 86_400_000 : undefined;
  const doomed = older.filter((b, index) =>
    cutoff !== undefined
      ? Date.parse(b.manifest.createdAt) < cutoff
      : index + 1 >= (retention as { count: number }).count,
  );
  for (const b of doomed) rmSync(b.file, { force: true });
  return doomed.map((b) => b.file);
}

/** Refuses a backup written by a newer schema than this build knows, naming both. */
export function checkSchema(header: BackupHeader, productVersion: string, migrationsDir = defaultMigrationsDir): void {
  const known = new Set(listMigrationFiles(migrationsDir));
  const unknown = header.manifest.migrations.filter((m) => !known.has(m));
  if (unknown.length > 0) {
    const ours = [...known].sort().at(-1) ?? "none";
    throw new DatabaseError(
      `the backup is from a newer schema (tradesense ${header.manifest.productVersion}, migration ${unknown.sort().at(-1)}) than this tradesense (${productVersion}, migration ${ours}): upgrade tradesense to restore it`,
    );
  }
}

/** Opens a backup: the manifest, the checksum and the schema checked. */
export async function openBackup(path: string, productVersion: string): Promise<BackupHeader> {
  const header = readBackupHeader(path);
  await checkBackupContent(path, header);
  checkSchema(header, productVersion);
  return header;
}

export interface VerifyResult {
  manifest: BackupManifest;
  /** Row counts found after restoring into a scratch database (null: not restorable here, checksum only). */
  restoredCounts: Record<string, number> | null;
  restoredPnlSum: string | null;
}

/** The checksum, then a restore into a scratch embedded database with the manifest's row counts and P&L sum. */
export async function verifyBackup(path: string, productVersion: string): Promise<VerifyResult> {
  const header = readBackupHeader(path);
  await checkBackupContent(path, header);
  const { manifest } = header;
  if (manifest.content === "pg_dump") return { manifest, restoredCounts: null, restoredPnlSum: null };
  checkSchema(header, productVersion);
  const scratch = await openScratchEmbedded(
    manifest.content === "pglite-datadir" ? await readContentBlob(path, header) : undefined,
  );
  try {
    if (manifest.content === "rows") {
      await migrateToLatest(scratch.db);
      await scratch.db.transaction().execute((trx) => loadWhole(trx, readRows(path, header)));
    }
    const counts = await countRows(scratch.db);
    const restoredCounts: Record<string, number> = {};
    for (const table of Object.keys(manifest.rowCounts)) restoredCounts[table] = counts[table] ?? 0;
    const restoredPnlSum = await sumPnl(scratch.db);
    for (const [table, expected] of Object.entries(manifest.rowCounts)) {
      if (restoredCounts[table] !== expected) {
        throw new ValidationError(
          `backup ${path} does not restore to its manifest: ${table} has ${expected} row(s), ${restoredCounts[table]} restored`,
        );
      }
    }
    if (restoredPnlSum !== manifest.pnlSum) {
      throw new ValidationError(
        `backup ${path} does not restore to its manifest: P&L sum ${manifest.pnlSum}, ${restoredPnlSum} restored`,
      );
    }
    return { manifest, restoredCounts, restoredPnlSum };
  } finally {
    await scratch.close();
  }
}

export interface RestoreOptions {
  path: string;
  header: BackupHeader;
  db: Kysely<Database>;
  location: DatabaseLocation;
  env: NodeJS.ProcessEnv;
  pause?: PauseHook;
}

export interface RestoreResult {
  /** The user the restored rows belong to (the backup's acting user), when it exists after the restore. */
  userId: number | null;
  username: string | null;
  rowCounts: Record<string, number>;
}

/**
 * Replaces the journal (a whole backup) or one user's rows (a user backup) with the backup's, in one transaction: a
 * failure or a kill at any moment leaves the journal as it was. An embedded backup is first opened in a scratch
 * database in memory and migrated to this build's schema.
 */
export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  const { header, db, path } = options;
  const { manifest } = header;
  if (manifest.content === "pg_dump") {
    if (options.location.kind !== "server") throw new UsageError("a pg_dump backup restores only into a server");
    await pgRestore(createReadStream(path, { start: header.contentOffset }), options.location.url, options.env);
    return { userId: null, username: manifest.username, rowCounts: manifest.rowCounts };
  }
  const scratch =
    manifest.content === "pglite-datadir" ? await openScratchEmbedded(await readContentBlob(path, header)) : undefined;
  try {
    const load = (sections: AsyncIterable<TableSection>) =>
      db.transaction().execute(async (trx) => {
        let userId: number | null;
        if (manifest.scope === "user") {
          if (!manifest.username) throw new ValidationError(`backup ${path} names no user`);
          userId = await loadForUser(trx, sections, { username: manifest.username, mode: "replace" });
        } else {
          await loadWhole(trx, sections);
          const found = manifest.username ? await findUserByUsername(trx, manifest.username) : undefined;
          userId = found?.id ?? null;
        }
        await options.pause?.("restore-load");
        await recordAudit(trx, {
          userId,
          action: "backup.restore",
          requestData: { backupCreatedAt: manifest.createdAt, scope: manifest.scope },
        });
        return { userId, username: userId === null ? null : manifest.username, rowCounts: manifest.rowCounts };
      });
    if (!scratch) return await load(readRows(path, header));
    await migrateToLatest(scratch.db);
    return await scratch.db.transaction().execute(async (source) => load(eachSection(await readSections(source))));
  } finally {
    await scratch?.close();
  }
}

/** Whether restoring would replace something: the whole journal's content, or the backup's user's. */
export async function restoreReplacesContent(db: Kysely<Database>, manifest: BackupManifest): Promise<boolean> {
  if (manifest.scope !== "user") return hasContent(db);
  const user = manifest.username ? await findUserByUsername(db, manifest.username) : undefined;
  return user ? hasContent(db, user.id) : false;
}

export interface CopyJournalOptions {
  source: Kysely<Database>;
  sourceUser: { id: number; username: string };
  target: Kysely<Database>;
}

/**
 * Copies one user's journal to another database, every link kept (journal links, strategies, round trips, fills,
 * imports, the audit trail), in one transaction on the target; the target must hold nothing of that user's yet.
 */
export async function copyJournal(
  options: CopyJournalOptions,
): Promise<{ targetUserId: number; rowCounts: Record<string, number> }> {
  const { source, sourceUser, target } = options;
  return source
    .transaction()
    .setIsolationLevel("repeatable read")
    .execute(async (snapshot) => {
      const rowCounts = await countRows(snapshot, sourceUser.id);
      const sections = await readSections(snapshot, sourceUser.id);
      const targetUserId = await target.transaction().execute(async (trx) => {
        const id = await loadForUser(trx, eachSection(sections), { username: sourceUser.username, mode: "into-empty" });
        await recordAudit(trx, { userId: id, action: "db.copy", requestData: { rows: rowCounts } });
        return id;
      });
      return { targetUserId, rowCounts };
    });
}
