// npm run bench:backup (or `tsx bench/backup.ts`): backup and restore, end to end as processes, against PostgreSQL's
// own pg_dump / pg_restore of the same rows timed in the same run. Never a pass/fail test.
//   - embedded: a journal of BENCH_BACKUP_EMBEDDED_TRADES trades (default 100,000): `backup`, `backup verify`,
//     `restore` into a fresh home. PGlite has no socket pg_dump could reach, so the baseline is pg_dump/pg_restore of
//     the same trades loaded into a server database.
//   - server: BENCH_BACKUP_SERVER_TRADES trades (default 1,000,000) of one user: `backup` (that user's rows) and
//     `restore` into an empty database, against `pg_dump -Fc` and `pg_restore --single-transaction` of that database.
// Rows come from SQL generate_series. BENCH_DATABASE_URL names the server (default the local one).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../src/db/connect.js";

const bin = join(import.meta.dirname, "..", "bin", "tradesense");
const embeddedTrades = Number(process.env.BENCH_BACKUP_EMBEDDED_TRADES ?? 100_000);
const serverTrades = Number(process.env.BENCH_BACKUP_SERVER_TRADES ?? 1_000_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const work = mkdtempSync(join(tmpdir(), "tradesense-bench-backup-"));

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}, input?: string): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(input !== undefined ? { input } : {}),
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function psql(url: string, command: string): void {
  run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", command]);
}

function freshDatabase(name: string): string {
  psql(adminUrl, `drop database if exists ${name} with (force)`);
  psql(adminUrl, `create database ${name}`);
  return databaseUrl(name);
}

/** Trades of user `userId`: three in ten short, one in ten open, tags on a fifth, notes on a quarter. */
function generateTrades(userId: number, count: number): string {
  return `insert into trades (user_id, symbol, side, quantity, entry_price, exit_price, entry_date, exit_date,
      commission, status, tags, notes)
    select ${userId}, (array['AAPL','MSFT','NVDA','TSLA','AMD','META','SPY','QQQ'])[1 + i % 8],
      case when i % 3 = 0 then 'short' else 'long' end, 10 + i % 90, 100 + i % 50,
      case when i % 10 <> 0 then 100 + i % 50 + (i % 7 - 3) * 0.25 end,
      timestamp '2023-01-01' + i * interval '1 minute',
      case when i % 10 <> 0 then timestamp '2023-01-01' + i * interval '1 minute' + interval '30 minutes' end,
      1.00, case when i % 10 <> 0 then 'closed' else 'open' end,
      case when i % 5 = 0 then array['gap', 'review'] end, case when i % 4 = 0 then 'note ' || i end
    from generate_series(1, ${count}) i`;
}

const size = (file: string) => `${(statSync(file).size / 1024 / 1024).toFixed(1)} MB`;
const rows: [string, number, string, string][] = [];
const row = (what: string, ms: number, note: string, baseline?: number) =>
  rows.push([what, ms, note, baseline ? `${(ms / baseline).toFixed(1)}x` : "1.0x"]);

/** pg_dump -Fc and pg_restore --single-transaction of a server database: the floor both are compared against. */
function pgBaseline(url: string, label: string): { dump: number; restore: number } {
  const file = join(work, `${label}.pgdump`);
  const dump = run("pg_dump", ["-Fc", "--no-owner", "-f", file, url]);
  row(`pg_dump -Fc (${label}, baseline)`, dump, size(file));
  const target = freshDatabase(`bench_backup_${label}_pgr`);
  const restore = run("pg_restore", ["--single-transaction", "--no-owner", "-d", target, file]);
  row(`pg_restore (${label}, baseline)`, restore, "");
  psql(adminUrl, `drop database bench_backup_${label}_pgr with (force)`);
  return { dump, restore };
}

async function embedded(): Promise<void> {
  const home = join(work, "embedded-home");
  run(bin, ["init", "--yes", "--username", "bench"], { TRADESENSE_HOME: home });
  const opened = await openDatabase({ kind: "embedded", path: join(home, "data", "pglite") });
  await sql.raw(generateTrades(1, embeddedTrades)).execute(opened.db);
  await opened.close();
  // The same trades in a server database, for pg_dump and pg_restore.
  const mirror = freshDatabase("bench_backup_embedded_mirror");
  run(bin, ["--database-url", mirror, "db", "migrate"], { TRADESENSE_HOME: join(work, "mirror-home") });
  run(
    bin,
    ["init", "--yes", "--username", "bench", "--email", "b@example.com", "--password-stdin"],
    {
      TRADESENSE_HOME: join(work, "mirror-home"),
      DATABASE_URL: mirror,
    },
    "bench password",
  );
  psql(mirror, generateTrades(1, embeddedTrades));
  const base = pgBaseline(mirror, "embedded");
  const file = join(work, "embedded.backup");
  row(
    `tradesense backup (embedded, ${embeddedTrades} trades)`,
    run(bin, ["backup", "--output", file], { TRADESENSE_HOME: home }),
    size(file),
    base.dump,
  );
  row(
    "tradesense backup verify (embedded)",
    run(bin, ["backup", "verify", file], { TRADESENSE_HOME: home }),
    "",
    base.restore,
  );
  row(
    "tradesense restore (embedded, fresh home)",
    run(bin, ["restore", file], { TRADESENSE_HOME: join(work, "embedded-restored") }),
    "",
    base.restore,
  );
  psql(adminUrl, "drop database bench_backup_embedded_mirror with (force)");
}

async function server(): Promise<void> {
  const url = freshDatabase("bench_backup_server");
  const home = join(work, "server-home");
  run(bin, ["--database-url", url, "db", "migrate"], { TRADESENSE_HOME: home });
  run(
    bin,
    ["init", "--yes", "--username", "bench", "--email", "b@example.com", "--password-stdin"],
    {
      TRADESENSE_HOME: home,
      DATABASE_URL: url,
    },
    "bench password",
  );
  psql(url, generateTrades(1, serverTrades));
  const base = pgBaseline(url, "server");
  const file = join(work, "server.backup");
  row(
    `tradesense backup (server, ${serverTrades} trades)`,
    run(bin, ["backup", "--output", file], { TRADESENSE_HOME: home, DATABASE_URL: url }),
    size(file),
    base.dump,
  );
  const target = freshDatabase("bench_backup_server_restored");
  run(bin, ["--database-url", target, "db", "migrate"], { TRADESENSE_HOME: join(work, "restored-home") });
  row(
    "tradesense restore (server, empty database)",
    run(bin, ["restore", file], { TRADESENSE_HOME: join(work, "restored-home"), DATABASE_URL: target }),
    "",
    base.restore,
  );
  psql(adminUrl, "drop database bench_backup_server with (force)");
  psql(adminUrl, "drop database bench_backup_server_restored with (force)");
}

try {
  if (embeddedTrades > 0) await embedded();
  if (serverTrades > 0) await server();
  console.log("| command | time | size | ratio |\n|---|---:|---:|---:|");
  for (const [what, ms, note, ratio] of rows) console.log(`| ${what} | ${Math.round(ms)} ms | ${note} | ${ratio} |`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
