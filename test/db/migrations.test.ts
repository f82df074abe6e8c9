import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import {
  defaultMigrationsDir,
  listMigrationFiles,
  migrateToLatest,
  migrationStatus,
  migrationTable,
} from "../../src/db/migrate.js";
import { tables } from "../../src/db/schema.js";
import { describeEachBackend, useDatabase } from "../support/databases.js";

const SEED_MIGRATIONS = [
  "001_initial_schema.sql",
  "002_add_email_verification.sql",
  "003_add_password_reset.sql",
  "004_add_user_settings.sql",
  "005_add_subscriptions.sql",
  "006_add_audit_logs.sql",
  "007_add_fulltext_search.sql",
  "008_add_generated_columns.sql",
];

const SEED_INDEXES = [
  "idx_users_email",
  "idx_users_username",
  "idx_user_settings_user_id",
  "idx_trades_user_id",
  "idx_trades_symbol",
  "idx_trades_entry_date",
  "idx_trades_status",
  "idx_trades_user_symbol",
  "idx_trades_open",
  "idx_journal_user_id",
  "idx_journal_created_at",
  "idx_journal_mood",
  "idx_journal_search",
  "idx_tjl_journal_id",
  "idx_strategies_user_id",
  "idx_strategies_user_name",
  "idx_subscriptions_user_id",
  "idx_subscriptions_stripe_id",
  "idx_subscriptions_status",
  "idx_api_usage_user_id",
  "idx_api_usage_created_at",
  "idx_api_usage_user_created",
  "idx_import_history_user_id",
  "idx_import_history_status",
  "idx_notifications_user_id",
  "idx_notifications_is_read",
  "idx_notifications_created_at",
  "idx_audit_logs_user_id",
  "idx_audit_logs_action",
  "idx_audit_logs_created_at",
];

describeEachBackend("migrations", (backend) => {
  const own = useDatabase(backend);

  it("keeps the seed's migration file names, in order", () => {
    expect(listMigrationFiles(defaultMigrationsDir).slice(0, 8)).toEqual(SEED_MIGRATIONS);
  });

  it("has applied every migration, and applying again changes nothing", async () => {
    const status = await migrationStatus(own.database.db);
    expect(status.map((m) => m.file)).toEqual(listMigrationFiles(defaultMigrationsDir));
    expect(status.every((m) => m.appliedAt instanceof Date)).toBe(true);
    const before = await sql<{ n: number }>`select count(*) as n from ${sql.table(migrationTable)}`.execute(
      own.database.db,
    );
    expect(await migrateToLatest(own.database.db)).toEqual({ applied: [] });
    const after = await sql<{ n: number }>`select count(*) as n from ${sql.table(migrationTable)}`.execute(
      own.database.db,
    );
    expect(after.rows).toEqual(before.rows);
  });

  it("matches the Kysely table types column by column (type, nullability, default, generated)", async () => {
    const rows = await sql<{
      table_name: string;
      column_name: string;
      sql_type: string;
      nullable: boolean;
      has_default: boolean;
      generated: boolean;
    }>`
      select c.table_name, c.column_name,
             format_type(a.atttypid, a.atttypmod) as sql_type,
             c.is_nullable = 'YES' as nullable,
             c.column_default is not null as has_default,
             c.is_generated = 'ALWAYS' as generated
      from information_schema.columns c
      join pg_attribute a on a.attrelid = (quote_ident(c.table_schema) || '.' || quote_ident(c.table_name))::regclass
                         and a.attname = c.column_name
      where c.table_schema = 'public' and c.table_name not like 'tradesense_migration%'
      order by c.table_name, c.ordinal_position`.execute(own.database.db);
    const actual: Record<string, Record<string, object>> = {};
    for (const r of rows.rows) {
      actual[r.table_name] ??= {};
      (actual[r.table_name] as Record<string, object>)[r.column_name] = {
        sqlType: r.sql_type,
        nullable: r.nullable,
        hasDefault: r.has_default,
        generated: r.generated,
      };
    }
    const declared: Record<string, Record<string, object>> = {};
    for (const [table, columns] of Object.entries(tables)) {
      declared[table] = {};
      for (const [name, spec] of Object.entries(columns)) {
        (declared[table] as Record<string, object>)[name] = {
          sqlType: spec.sqlType,
          nullable: spec.nullable,
          hasDefault: spec.hasDefault,
          generated: spec.generated,
        };
      }
    }
    expect(actual).toEqual(declared);
    expect(Object.keys(actual)).toHaveLength(Object.keys(tables).length);
  });

  it("creates every index the seed names, the GIN search index and the partial open-trades index", async () => {
    const rows = await sql<{ indexname: string; indexdef: string }>`
      select indexname, indexdef from pg_indexes where schemaname = 'public'`.execute(own.database.db);
    const byName = new Map(rows.rows.map((r) => [r.indexname, r.indexdef]));
    for (const name of SEED_INDEXES) expect(byName.has(name), name).toBe(true);
    expect(byName.get("idx_journal_search")).toMatch(/USING gin \(search_vector\)/);
    expect(byName.get("idx_trades_open")).toMatch(/WHERE \(\(status\)::text = 'open'::text\)/);
    expect(byName.get("idx_strategies_user_name")).toMatch(/^CREATE UNIQUE INDEX/);
    expect(byName.get("idx_user_settings_user_id")).toMatch(/^CREATE UNIQUE INDEX/);
  });

  it("keeps the seed's checks, cascades and the trades -> strategies key", async () => {
    const rows = await sql<{ table_name: string; constraint_name: string; definition: string }>`
      select conrelid::regclass::text as table_name, conname as constraint_name, pg_get_constraintdef(oid) as definition
      from pg_constraint where connamespace = 'public'::regnamespace and contype in ('f', 'c')`.execute(
      own.database.db,
    );
    const defs = rows.rows.map((r) => `${r.table_name}: ${r.definition}`);
    expect(defs).toContain("trades: FOREIGN KEY (strategy_id) REFERENCES strategies(id)");
    expect(defs).toContain("trades: FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE");
    expect(defs).toContain("trade_journal_links: FOREIGN KEY (trade_id) REFERENCES trades(id) ON DELETE CASCADE");
    expect(defs).toContain(
      "trade_journal_links: FOREIGN KEY (journal_entry_id) REFERENCES journal_entries(id) ON DELETE CASCADE",
    );
    expect(defs).toContain("audit_logs: FOREIGN KEY (user_id) REFERENCES users(id)");
    // The seed's ten cascades (later migrations add their own tables' keys, checked by their own tests).
    const seedTables = [
      "user_settings",
      "trades",
      "journal_entries",
      "trade_journal_links",
      "strategies",
      "subscriptions",
      "api_usage",
      "import_history",
      "notifications",
    ];
    const seedCascades = defs.filter(
      (d) => seedTables.includes(d.split(":")[0] as string) && d.includes("ON DELETE CASCADE"),
    );
    expect(seedCascades).toHaveLength(10);
    expect(defs.some((d) => d.startsWith("journal_entries: CHECK") && d.includes("confidence >= 1"))).toBe(true);
    expect(defs.some((d) => d.startsWith("subscriptions: CHECK") && d.includes("past_due"))).toBe(true);
    expect(defs.some((d) => d.startsWith("import_history: CHECK") && d.includes("processing"))).toBe(true);
  });

  it("maintains updated_at with a trigger, as ON UPDATE CURRENT_TIMESTAMP did", async () => {
    const user = await own.database.db
      .insertInto("users")
      .values({
        username: "clock",
        email: "clock@example.com",
        hashed_password: "!",
        updated_at: "2020-01-01 00:00:00",
      })
      .returning(["id", "updated_at"])
      .executeTakeFirstOrThrow();
    expect(user.updated_at?.toISOString()).toBe("2020-01-01T00:00:00.000Z");
    const updated = await own.database.db
      .updateTable("users")
      .set({ full_name: "Clock Watcher" })
      .where("id", "=", user.id)
      .returning("updated_at")
      .executeTakeFirstOrThrow();
    expect(Math.abs((updated.updated_at?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    const explicit = await own.database.db
      .updateTable("users")
      .set({ full_name: "Explicit", updated_at: "2021-06-01 12:00:00" })
      .where("id", "=", user.id)
      .returning("updated_at")
      .executeTakeFirstOrThrow();
    expect(explicit.updated_at?.toISOString()).toBe("2021-06-01T12:00:00.000Z");
  });

  it("rolls a failed migration back whole and names the file and statement", async () => {
    const dir = mkdtempSync(join(inject("scratchDir"), "migrations-"));
    for (const file of listMigrationFiles(defaultMigrationsDir))
      copyFileSync(join(defaultMigrationsDir, file), join(dir, file));
    writeFileSync(
      join(dir, "999_broken.sql"),
      "-- a deliberately broken migration\nCREATE TABLE half_done (id INTEGER);\nALTER TABLE trades ADD COLUMN pnl TEXT;\n",
    );
    await expect(migrateToLatest(own.database.db, dir)).rejects.toThrow(
      /^migration 999_broken\.sql failed at statement 2 \(line 3: ALTER TABLE trades ADD COLUMN pnl TEXT\): .*"pnl".*already exists; no migration was applied$/,
    );
    const leftover = await sql<{ name: string | null }>`select to_regclass('public.half_done')::text as name`.execute(
      own.database.db,
    );
    expect(leftover.rows[0]?.name).toBeNull();
    const status = await migrationStatus(own.database.db, dir);
    expect(status.find((m) => m.file === "999_broken.sql")?.appliedAt).toBeNull();
    expect(status.filter((m) => m.appliedAt !== null)).toHaveLength(listMigrationFiles(defaultMigrationsDir).length);
  });
});
