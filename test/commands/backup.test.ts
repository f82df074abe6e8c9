// backup, backup verify, backup list and restore on both databases: a restore into a fresh journal gives the same
// rows in every table; a damaged, truncated or newer-schema backup is refused with one line and touches nothing.
import { copyFileSync, existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBackupOptions } from "../../src/commands/backup/create.js";
import { parseRestoreOptions } from "../../src/commands/restore.js";
import { openScratchEmbedded } from "../../src/db/connect.js";
import { defaultMigrationsDir, listMigrationFiles, migrateUpTo } from "../../src/db/migrate.js";
import { writeBackupFile } from "../../src/domain/backup-file.js";
import { type CliRunner, cliFor, scratchHome } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, serverAvailable, type TestDatabase } from "../support/databases.js";
import { initJournal, otherUser } from "../support/journal.js";
import { expectJsonShape, type JsonShape, versioned } from "../support/json-shape.js";
import { fillJournal, ok, type Rows, snapshot, without } from "../support/snapshot.js";

/** A backup in every backup verb's --json (README "JSON output"), written by hand. */
const BACKUP_JSON: JsonShape = {
  file: "string",
  createdAt: "time",
  productVersion: "string",
  source: "string",
  scope: "string",
  content: "string",
  username: "string?",
  migrations: "string[]",
  rowCounts: "object",
  pnlSum: "decimal",
  bytes: "integer",
  sha256: "string",
};

const newestMigration = listMigrationFiles(defaultMigrationsDir).at(-1);

describe("backup and restore options", () => {
  it.each([
    [{}, { keep: { days: 30 }, all: false, json: false }],
    [{ keep: "7d" }, { keep: { days: 7 }, all: false, json: false }],
    [
      { keep: "5", all: true },
      { keep: { count: 5 }, all: true, json: false },
    ],
    // A file of the user's choosing is not pruned unless asked.
    [{ output: "/b/x.backup" }, { output: "/b/x.backup", all: false, json: false }],
    [
      { output: "/b/x.backup", keep: "2" },
      { output: "/b/x.backup", keep: { count: 2 }, all: false, json: false },
    ],
  ])("backup %j parses to %j", (raw, expected) => {
    expect(parseBackupOptions(raw)).toEqual(expected);
  });
  it.each(["0", "0d", "30days", "-1", "1.5"])("--keep %s is refused", (keep) => {
    expect(() => parseBackupOptions({ keep })).toThrow(
      `--keep must be a number of days like 30d or a count like 7, not '${keep}'`,
    );
  });
  it("restore takes the file and --yes", () => {
    expect(parseRestoreOptions("/b/x.backup", { yes: true })).toEqual({ file: "/b/x.backup", yes: true, json: false });
  });
});

describeEachBackend("backup and restore", (backend) => {
  let source: TestDatabase;
  let cli: CliRunner;
  let otherId: number;
  const fresh: TestDatabase[] = [];
  beforeAll(async () => {
    source = await createTestDatabase(backend);
    cli = cliFor(source);
    await initJournal(cli, source);
    await fillJournal(cli);
    otherId = (await otherUser(source)).userId;
  });
  afterAll(async () => {
    await source?.close();
    for (const db of fresh) await db.close();
  });

  async function freshJournal(): Promise<{ database: TestDatabase; cli: CliRunner }> {
    const database = await createTestDatabase(backend);
    fresh.push(database);
    return { database, cli: cliFor(database) };
  }

  // What a backup carries: embedded, the whole journal; on a server, the acting user's rows only.
  const backedUp = (rows: Rows) =>
    backend === "embedded"
      ? rows
      : without(
          rows,
          (table, row) =>
            row.user_id === otherId ||
            (table === "users" && row.id === otherId) ||
            table === "user_sessions" ||
            table === "login_throttle",
        );
  // What a restore adds: its own audit row, and the run's usage row.
  const restoredOnly = (table: string, row: Record<string, unknown>) =>
    (table === "audit_logs" && row.action === "backup.restore") ||
    (table === "api_usage" && row.endpoint === "restore") ||
    (backend === "server" && (table === "user_sessions" || table === "login_throttle"));

  let file: string;
  let before: Rows;
  let createdAt: string;

  it("writes a backup whose manifest counts the rows and sums the P&L", async () => {
    before = await snapshot(source.db);
    file = join(scratchHome(), "journal.backup");
    const result = await ok(cli, ["backup", "--output", file, "--json"]);
    const written = JSON.parse(result.stdout);
    expectJsonShape(written, versioned({ ...BACKUP_JSON, pruned: "string[]" }), "backup --json");
    expect(written.file).toBe(file);
    createdAt = written.createdAt;
    expect(written.scope).toBe(backend === "embedded" ? "journal" : "user");
    expect(written.source).toBe(backend);
    expect(written.username).toBe("trader");
    expect(written.version).toBe(1);
    // AAPL, MSFT, and the fixture's 3 ACME, 2 FLIP, 1 SHRT and 1 open OPEN trades (the other user's is not counted
    // on a server; embedded, the whole journal is).
    expect(written.rowCounts.trades).toBe(backend === "embedded" ? 10 : 9);
    expect(written.rowCounts.journal_entries).toBe(1);
    expect(written.rowCounts.trade_journal_links).toBe(2);
    expect(written.rowCounts.executions).toBe(10);
    // AAPL (190.45 - 187.20) x 100 = 325.00; ACME 198.00 + 19.60 - 60.60; FLIP 8.00 + 27.75; SHRT 300 - 4.20 = 295.80.
    expect(written.pnlSum).toBe("813.55");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8").split("\n")[0]).toContain('"format":"tradesense-backup"');
  });

  it("verifies the checksum and a scratch restore against the manifest", async () => {
    const result = await ok(cli, ["backup", "verify", file, "--json"]);
    const verified = JSON.parse(result.stdout);
    expectJsonShape(
      verified,
      versioned({ ...BACKUP_JSON, checksum: "string", restoredCounts: "object?", restoredPnlSum: "decimal?" }),
      "backup verify --json",
    );
    expect(verified.checksum).toBe("ok");
    expect(verified.restoredCounts.trades).toBe(verified.rowCounts.trades);
    expect(verified.restoredPnlSum).toBe("813.55");
  });

  it("restores into a fresh journal with identical rows in every table", async () => {
    const target = await freshJournal();
    const result = await ok(target.cli, ["restore", file]);
    const counts =
      backend === "embedded" ? "10 trade(s), 1 journal entry, 2 strategies" : "9 trade(s), 1 journal entry, 1 strategy";
    expect(result.stdout).toBe(
      `Restored ${file} (${createdAt.replace("T", " ").slice(0, 19)} UTC): ${counts}, P&L sum 813.55.\n`,
    );
    const after = await snapshot(target.database.db);
    expect(without(after, restoredOnly)).toEqual(backedUp(before));
    expect(after.audit_logs?.filter((r) => r.action === "backup.restore")).toHaveLength(1);
  });

  it("refuses to replace a non-empty journal off a terminal without --yes, then replaces it after a backup", async () => {
    const target = await freshJournal();
    await ok(target.cli, ["restore", file]);
    if (backend === "server") {
      await ok(target.cli, ["user", "login", "--username", "trader", "--password-stdin"], "a long enough password");
    }
    await ok(target.cli, ["trade", "add", "--symbol", "EXTRA", "--side", "long", "--qty", "1", "--price", "1"]);
    const withExtra = await snapshot(target.database.db);
    const refused = await target.cli(["restore", file]);
    expect(refused.stderr).toBe("error: --yes is required when not running in a terminal\n");
    expect(refused.code).toBe(2);
    expect(without(await snapshot(target.database.db), (t) => t === "api_usage")).toEqual(
      without(withExtra, (t) => t === "api_usage"),
    );

    const replaced = await target.cli(["restore", file, "--yes", "--json"]);
    expect(replaced.code).toBe(0);
    const restored = JSON.parse(replaced.stdout);
    expectJsonShape(
      restored,
      versioned({ ...BACKUP_JSON, restored: "boolean", replacedSavedTo: "string?" }),
      "restore --json",
    );
    const saved = /^Saved what the restore replaces to (.+)$/m.exec(replaced.stderr)?.[1];
    expect(saved).toBeDefined();
    const savedManifest = JSON.parse(readFileSync(saved as string, "utf8").split("\n")[0] as string);
    expect(savedManifest.rowCounts.trades).toBe(backend === "embedded" ? 11 : 10);
    const trades = await target.database.db.selectFrom("trades").select("symbol").execute();
    expect(trades.map((t) => t.symbol)).not.toContain("EXTRA");
  });

  it("refuses a damaged backup in verify and restore with one line, touching nothing", async () => {
    const damaged = join(scratchHome(), "damaged.backup");
    const bytes = readFileSync(file);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 0xff;
    writeFileSync(damaged, bytes);
    const verify = await cli(["backup", "verify", damaged]);
    expect(verify.stderr).toBe(`error: backup ${damaged} is damaged: its content does not match its SHA-256\n`);
    expect(verify.code).toBe(2);
    const target = await freshJournal();
    const restore = await target.cli(["restore", damaged, "--yes"]);
    expect(restore.stderr).toBe(`error: backup ${damaged} is damaged: its content does not match its SHA-256\n`);
    expect(restore.code).toBe(2);
    expect(await target.database.db.selectFrom("users").select("id").execute()).toEqual([]);
  });

  it("refuses a truncated backup naming how much is missing", async () => {
    const truncated = join(scratchHome(), "truncated.backup");
    const bytes = readFileSync(file);
    const headerLength = bytes.indexOf(10) + 1;
    const contentBytes = bytes.length - headerLength;
    writeFileSync(truncated, bytes.subarray(0, headerLength + 100));
    const verify = await cli(["backup", "verify", truncated]);
    expect(verify.stderr).toBe(`error: backup ${truncated} is truncated: 100 of ${contentBytes} content bytes\n`);
    expect(verify.code).toBe(2);
    const restore = await cli(["restore", truncated, "--yes"]);
    expect(restore.stderr).toBe(`error: backup ${truncated} is truncated: 100 of ${contentBytes} content bytes\n`);
    expect(restore.code).toBe(2);
  });

  it("refuses a backup from a newer schema, naming both versions", async () => {
    const newer = join(scratchHome(), "newer.backup");
    const bytes = readFileSync(file);
    const headerLength = bytes.indexOf(10) + 1;
    const manifest = JSON.parse(bytes.subarray(0, headerLength - 1).toString("utf8"));
    manifest.productVersion = "9.9.9";
    manifest.migrations.push("099_from_the_future.sql");
    writeFileSync(newer, Buffer.concat([Buffer.from(`${JSON.stringify(manifest)}\n`), bytes.subarray(headerLength)]));
    const target = await freshJournal();
    const restore = await target.cli(["restore", newer, "--yes"]);
    expect(restore.stderr).toBe(
      `error: the backup is from a newer schema (tradesense 9.9.9, migration 099_from_the_future.sql) than this tradesense (0.1.0, migration ${newestMigration}): upgrade tradesense to restore it\n`,
    );
    expect(restore.code).toBe(5);
    expect(await target.database.db.selectFrom("users").select("id").execute()).toEqual([]);
  });

  it("a file that is not a backup is refused", async () => {
    const notBackup = join(scratchHome(), "notes.txt");
    writeFileSync(notBackup, "just some text\n");
    const result = await cli(["backup", "verify", notBackup]);
    expect(result.stderr).toBe(`error: ${notBackup} is not a tradesense backup (no manifest line)\n`);
    expect(result.code).toBe(2);
  });

  it("keeps 30 days in the data directory's backups/ by default, never removing the newest", async () => {
    const home = cli.home;
    const timed = cli;
    const day = (n: number) => new Date(Date.UTC(2026, 0, 1 + n, 2, 0, 0));
    for (const n of [0, 10, 35]) {
      const result = await timed(["backup"], { now: day(n) });
      expect(result.code).toBe(0);
    }
    const names = readdirSync(join(home, "data", "backups")).sort();
    // Day 0 is 35 days before the last run: removed; day 10 is 25 days old: kept.
    expect(names).toEqual(["tradesense-2026-01-11T02-00-00-000Z.backup", "tradesense-2026-02-05T02-00-00-000Z.backup"]);
    const kept = await timed(["backup", "--keep", "1"], { now: day(36) });
    expect(kept.stdout).toMatch(/Removed 2 old backup\(s\)\.\n$/);
    expect(readdirSync(join(home, "data", "backups"))).toEqual(["tradesense-2026-02-06T02-00-00-000Z.backup"]);
    const list = await timed(["backup", "list", "--json"]);
    expectJsonShape(JSON.parse(list.stdout), versioned({ dir: "string", backups: "array" }), "backup list --json");
    for (const listed of JSON.parse(list.stdout).backups)
      expectJsonShape(listed, versioned(BACKUP_JSON), "a listed backup");
    expect(JSON.parse(list.stdout).backups.map((b: { createdAt: string }) => b.createdAt)).toEqual([
      "2026-02-06T02:00:00.000Z",
    ]);
  });

  it("copies the backup file unchanged: a copy verifies too", async () => {
    const copy = join(scratchHome(), "copy.backup");
    copyFileSync(file, copy);
    expect((await cli(["backup", "verify", copy])).code).toBe(0);
  });
});

describeEachBackend("backup and restore of more rows than one page", (backend) => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase(backend), createTestDatabase(backend)]);
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it("restores 12,000 trades whole, each once", async () => {
    const cli = cliFor(source);
    const userId = await initJournal(cli, source);
    // Trade i makes i % 3: 4,000 each of 0, 1 and 2 -> 12,000.00 in all.
    await sql`
      insert into trades (user_id, symbol, side, quantity, entry_price, exit_price, entry_date, exit_date, status)
      select ${userId}, 'PAGE', 'long', 1, 10, 10 + i % 3, timestamp '2024-01-01' + i * interval '1 minute',
             timestamp '2024-01-01' + i * interval '1 minute' + interval '5 minutes', 'closed'
      from generate_series(1, 12000) i`.execute(source.db);
    const file = join(scratchHome(), "pages.backup");
    await ok(cli, ["backup", "--output", file]);
    await ok(cliFor(target), ["restore", file]);
    const restored = await sql<{ trades: number; distinct_ids: number; total: string }>`
      select count(*)::int as trades, count(distinct id)::int as distinct_ids, sum(pnl)::text as total
      from trades`.execute(target.db);
    expect(restored.rows[0]).toEqual({ trades: 12000, distinct_ids: 12000, total: "12000.00" });
  });
});

describe.runIf(serverAvailable())("backup --all on the server", () => {
  let source: TestDatabase;
  let target: TestDatabase;
  beforeAll(async () => {
    [source, target] = await Promise.all([createTestDatabase("server"), createTestDatabase("server")]);
  });
  afterAll(async () => {
    await Promise.all([source?.close(), target?.close()]);
  });

  it("is pg_dump of the whole database for a superuser, restored whole by pg_restore in one transaction", async () => {
    const cli = cliFor(source);
    await initJournal(cli, source);
    await fillJournal(cli);
    await otherUser(source);
    const before = await snapshot(source.db);
    const file = join(scratchHome(), "all.backup");
    const written = JSON.parse((await ok(cli, ["backup", "--all", "--output", file, "--json"])).stdout);
    expect(written).toMatchObject({ scope: "database", content: "pg_dump", pnlSum: "813.55" });
    expect(written.rowCounts.users).toBe(2);
    const verified = await ok(cli, ["backup", "verify", file]);
    expect(verified.stdout).toBe(`${file}: checksum ok (a pg_dump backup: pg_restore checks the rest).\n`);
    await ok(cliFor(target), ["restore", file]);
    // pg_restore writes no audit or usage row of its own; only the restore run's usage row is new.
    expect(without(await snapshot(target.db), (t, row) => t === "api_usage" && row.endpoint === "restore")).toEqual(
      without(before, () => false),
    );
  });

  it("is refused to a user who is not the superuser", async () => {
    const cli = cliFor(source);
    const registered = await cli(
      ["user", "register", "--username", "plain", "--email", "p@example.com", "--password-stdin"],
      { stdin: "plain password 1" },
    );
    expect(registered.code).toBe(0);
    await ok(cli, ["user", "login", "--username", "plain", "--password-stdin"], "plain password 1");
    const result = await cli(["backup", "--all", "--output", join(scratchHome(), "no.backup")]);
    expect(result.stderr).toBe("error: backup --all needs a superuser\n");
    expect(result.code).toBe(2);
  });
});

describe("a backup from an older schema", () => {
  let target: TestDatabase;
  beforeAll(async () => {
    target = await createTestDatabase("embedded");
  });
  afterAll(async () => {
    await target?.close();
  });

  it("is migrated on its way in: migration 020 moves trade_executions rows into the trade's own columns", async () => {
    const old = await openScratchEmbedded();
    const upTo014 = listMigrationFiles(defaultMigrationsDir).filter((f) => f <= "014_add_executions.sql");
    await migrateUpTo(old.db, "014_add_executions");
    await sql`insert into users (username, email, hashed_password) values ('old', 'old@example.com', '!')`.execute(
      old.db,
    );
    await sql`insert into executions (user_id, fingerprint, broker, symbol, action, quantity, price, executed_at,
        file_sequence) values (1, repeat('a', 64), 'generic', 'OLD', 'buy', 5, 20, '2024-02-01 15:00', 1)`.execute(
      old.db,
    );
    await sql`insert into trades (user_id, symbol, side, quantity, entry_price, entry_date, status)
      values (1, 'OLD', 'long', 5, 20, '2024-02-01 15:00', 'open')`.execute(old.db);
    await sql`insert into trade_executions values (1, 1, 'open', 5)`.execute(old.db);
    const dump = Buffer.from(await (await old.dumpDataDir()).arrayBuffer());
    await old.close();
    const file = join(scratchHome(), "old.backup");
    await writeBackupFile(
      file,
      {
        productVersion: "0.0.9",
        createdAt: "2024-02-02T00:00:00.000Z",
        source: "embedded",
        scope: "journal",
        content: "pglite-datadir",
        username: "old",
        migrations: upTo014,
        rowCounts: { users: 1, trades: 1, executions: 1, trade_executions: 1 },
        pnlSum: "0",
      },
      () => Readable.from([dump]),
    );

    await ok(cliFor(target), ["restore", file]);
    const trades = await target.db.selectFrom("trades").select(["symbol", "open_execution_id"]).execute();
    expect(trades).toEqual([{ symbol: "OLD", open_execution_id: 1 }]);
    const fills = await target.db.selectFrom("trade_executions").selectAll().execute();
    expect(fills).toEqual([{ trade_id: 1, execution_id: 1, role: "open", quantity: "5.0000000000" }]);
  });
});
