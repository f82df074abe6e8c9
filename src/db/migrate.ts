// Migrations are the plain SQL files in migrations/, run by Kysely's Migrator. All pending files run in one
// transaction (PostgreSQL has transactional DDL), so a failure leaves the database exactly as it was.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type Kysely, type Migration, type MigrationProvider, type MigrationResultSet, Migrator, sql } from "kysely";
import { DatabaseError } from "../errors.js";
import { packageRoot } from "../package-root.js";
import { messageOf } from "./connect.js";
import type { Database } from "./schema.js";
import { splitSqlStatements } from "./split-sql.js";

export const defaultMigrationsDir = join(packageRoot, "migrations");

export const migrationTable = "tradesense_migration";
const migrationLockTable = "tradesense_migration_lock";

export class MigrationStatementError extends DatabaseError {}

export function listMigrationFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith(".sql"))
    .sort();
}

function migrationName(file: string): string {
  return file.replace(/\.sql$/, "");
}

class SqlFileMigrationProvider implements MigrationProvider {
  constructor(private readonly dir: string) {}

  async getMigrations(): Promise<Record<string, Migration>> {
    const migrations: Record<string, Migration> = {};
    for (const file of listMigrationFiles(this.dir)) {
      const path = join(this.dir, file);
      migrations[migrationName(file)] = {
        up: async (db) => {
          const statements = splitSqlStatements(readFileSync(path, "utf8"));
          for (const [index, statement] of statements.entries()) {
            try {
              await sql.raw(statement.text).execute(db);
            } catch (error) {
              const firstLine = statement.text.split("\n")[0]?.slice(0, 80);
              throw new MigrationStatementError(
                `migration ${file} failed at statement ${index + 1} (line ${statement.line}: ${firstLine}): ${messageOf(error)}`,
                { cause: error },
              );
            }
          }
        },
      };
    }
    return migrations;
  }
}

function migratorFor(db: Kysely<Database>, dir: string): Migrator {
  return new Migrator({
    // The migrator only needs its own tables; our Database type does not list them.
    db: db as unknown as Kysely<unknown>,
    provider: new SqlFileMigrationProvider(dir),
    migrationTableName: migrationTable,
    migrationLockTableName: migrationLockTable,
    // Features are built on branches in parallel, each with its own migration number; a journal that already ran a
    // later-numbered file must still take an earlier one that arrives afterwards.
    allowUnorderedMigrations: true,
  });
}

export interface MigrationStatus {
  name: string;
  file: string;
  appliedAt: Date | null;
}

export async function migrationStatus(db: Kysely<Database>, dir = defaultMigrationsDir): Promise<MigrationStatus[]> {
  const migrations = await migratorFor(db, dir).getMigrations();
  return migrations.map((m) => ({ name: m.name, file: `${m.name}.sql`, appliedAt: m.executedAt ?? null }));
}

export interface MigrateOutcome {
  applied: string[];
}

/** Applies every pending migration, or none of them: throws a DatabaseError naming the file and statement. */
export async function migrateToLatest(db: Kysely<Database>, dir = defaultMigrationsDir): Promise<MigrateOutcome> {
  const result: MigrationResultSet = await migratorFor(db, dir).migrateToLatest();
  if (result.error) {
    if (result.error instanceof DatabaseError) {
      throw new DatabaseError(`${result.error.message}; no migration was applied`, { cause: result.error });
    }
    throw new DatabaseError(`migrating failed: ${messageOf(result.error)}; no migration was applied`, {
      cause: result.error,
    });
  }
  return { applied: (result.results ?? []).filter((r) => r.status === "Success").map((r) => `${r.migrationName}.sql`) };
}

/** Applies pending migrations up to and including `name` (how a test builds a journal of an older schema). */
export async function migrateUpTo(db: Kysely<Database>, name: string, dir = defaultMigrationsDir): Promise<void> {
  const result = await migratorFor(db, dir).migrateTo(name);
  if (result.error) throw new DatabaseError(`migrating to ${name} failed: ${messageOf(result.error)}`);
}

/**
 * The migration files not applied yet. Every command that opens the database asks this first, so it is one SELECT
 * and a directory listing: the Migrator's own status (its table checks and locks) cost 270 ms of a 1.4 s `trade list`.
 */
export async function pendingMigrations(db: Kysely<Database>, dir = defaultMigrationsDir): Promise<string[]> {
  let applied: Set<string>;
  try {
    const { rows } = await sql<{ name: string }>`SELECT name FROM ${sql.table(migrationTable)}`.execute(db);
    applied = new Set(rows.map((row) => row.name));
  } catch (error) {
    // No migration table yet (undefined_table): nothing has been applied.
    if ((error as { code?: unknown }).code !== "42P01") throw error;
    applied = new Set();
  }
  return listMigrationFiles(dir).filter((file) => !applied.has(migrationName(file)));
}

/** Whether TradeSense's schema exists in this database at all (a server database before its first init has none). */
export async function hasSchema(db: Kysely<Database>): Promise<boolean> {
  const result = await sql<{ found: boolean }>`select to_regclass('users') is not null as found`.execute(db);
  return result.rows[0]?.found === true;
}
