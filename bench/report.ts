// npm run bench -- report: report times against the naive SQL, timed in the same run.
//   Server: BENCH_REPORT_TRADES (default 1,000,000) closed trades of one user, in round trips of 4 rows, plus half as
//   many of a second user (1.5M rows in trades), built with generate_series (the rollup triggers run on that insert).
//   Embedded: BENCH_REPORT_EMBEDDED (default 100,000) trades the same way.
//   For each: `report --period all` (with drawdown and streaks) and a one-week report, as database time (the report
//   engine's queries in-process, median of BENCH_RUNS) and end to end (`tradesense report --json` as a process),
//   beside psql running the naive per-trade SQL (counts and sums; the per-trade equity curve with max drawdown; one
//   week), and the ratio. Then the rollup triggers' cost on an import: `import csv` of BENCH_REPORT_IMPORT_FILLS
//   (default 100,000) fills into the server with the triggers, and with them disabled.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "kysely";
import { openDatabase } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { summaryReport } from "../src/domain/report-engine.js";
import { parsePeriod } from "../src/domain/report-periods.js";
import { DEFAULT_SCRATCH } from "../src/domain/report-rules.js";
import { generateFills } from "./generate-fills.js";

const bin = join(import.meta.dirname, "..", "bin", "tradesense");
const runs = Number(process.env.BENCH_RUNS ?? 5);
const serverTrades = Number(process.env.BENCH_REPORT_TRADES ?? 1_000_000);
const embeddedTrades = Number(process.env.BENCH_REPORT_EMBEDDED ?? 100_000);
const importFills = Number(process.env.BENCH_REPORT_IMPORT_FILLS ?? 100_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const ZONE = "America/New_York";
const ROWS_PER_TRIP = 4;
const WEEK = "2019-W23";
const TRIGGERS = ["trades_report_rollups_insert", "trades_report_rollups_update", "trades_report_rollups_delete"];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timed(work: () => Promise<unknown>, repeat = runs): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    await work();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

function run(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, {
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return ms;
}

function psql(url: string, command: string): number {
  return run("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", command]);
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Round trips of ROWS_PER_TRIP closed rows each, every 17 minutes from 2015 (a 1M-row history spans 8 years). */
function generateTradesSql(userId: number, trades: number): string[] {
  const trips = Math.floor(trades / ROWS_PER_TRIP);
  return [
    `INSERT INTO round_trips (user_id, account_id, symbol, side, opened_at, closed_at)
     SELECT ${userId}, 'U' || (g % 3), 'S' || (g % 200), CASE WHEN g % 3 = 0 THEN 'short' ELSE 'long' END,
       timestamp '2015-01-01 14:30' + g * interval '17 minutes',
       timestamp '2015-01-01 14:30' + g * interval '17 minutes' + interval '${ROWS_PER_TRIP * 40} minutes'
     FROM generate_series(1, ${trips}) g`,
    `INSERT INTO trades (user_id, round_trip_id, symbol, side, quantity, entry_price, exit_price, entry_date,
       exit_date, commission, status, account_id, initial_risk)
     SELECT r.user_id, r.id, r.symbol, r.side, 10 + r.id % 5, 100 + r.id % 50,
       100 + r.id % 50 + ((r.id * 7 + k * 3) % 11 - 5) * 0.25, r.opened_at, r.opened_at + k * interval '40 minutes',
       1.00, 'closed', r.account_id, CASE WHEN r.id % 4 = 0 THEN NULL ELSE 50 END
     FROM round_trips r CROSS JOIN generate_series(1, ${ROWS_PER_TRIP}) k WHERE r.user_id = ${userId}`,
  ];
}

/** The SQL one would write without a rollup: straight over the user's trades. */
function naiveSql(userId: number): Record<string, string> {
  const closed = `FROM trades WHERE user_id = ${userId} AND status = 'closed'`;
  return {
    counts: `SELECT count(*), sum(pnl), sum(commission), count(*) FILTER (WHERE pnl > 0), count(*) FILTER (WHERE pnl < 0),
      avg(pnl) FILTER (WHERE pnl > 0), avg(pnl) FILTER (WHERE pnl < 0), max(pnl), min(pnl) ${closed}`,
    drawdown: `SELECT max(peak - equity) FROM (SELECT equity, max(equity) OVER (ORDER BY exit_date, id) AS peak
      FROM (SELECT id, exit_date, sum(pnl) OVER (ORDER BY exit_date, id) AS equity ${closed}) e) p`,
    week: `SELECT count(*), sum(pnl), count(*) FILTER (WHERE pnl > 0), count(*) FILTER (WHERE pnl < 0) ${closed}
      AND exit_date >= timestamp '2019-06-03 04:00' AND exit_date < timestamp '2019-06-10 04:00'`,
  };
}

type Row = [string, string, string, string];

async function reportRows(
  label: string,
  db: Awaited<ReturnType<typeof openDatabase>>["db"],
  userId: number,
  cli: { env: NodeJS.ProcessEnv },
  naive: (query: string) => number,
  userIdForNaive: number,
): Promise<Row[]> {
  const now = new Date("2026-01-01T12:00:00Z");
  const request = (period: string) => ({
    userId,
    timeZone: ZONE,
    period: parsePeriod(period, ZONE, now),
    filters: {},
    scratch: DEFAULT_SCRATCH,
  });
  const queries = naiveSql(userIdForNaive);
  const naiveCounts = median(Array.from({ length: 3 }, () => naive(queries.counts as string)));
  const naiveDrawdown = median(Array.from({ length: 3 }, () => naive(queries.drawdown as string)));
  const naiveWeek = median(Array.from({ length: 3 }, () => naive(queries.week as string)));
  const allDb = await timed(() => summaryReport(db, request("all")));
  const weekDb = await timed(() => summaryReport(db, request(WEEK)));
  const perTrade = await timed(() => summaryReport(db, { ...request("all"), source: "trades" }), 1);
  const allCli = median(Array.from({ length: 3 }, () => run(bin, ["report", "--period", "all", "--json"], cli)));
  const weekCli = median(Array.from({ length: 3 }, () => run(bin, ["report", "--period", WEEK, "--json"], cli)));
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const x = (a: number, b: number) => `${(a / b).toFixed(2)}x`;
  return [
    [`${label}: psql, naive counts and sums (baseline)`, ms(naiveCounts), "", ""],
    [`${label}: psql, naive per-trade equity curve + max drawdown`, ms(naiveDrawdown), "", ""],
    [`${label}: psql, naive one week`, ms(naiveWeek), "", ""],
    [
      `${label}: report --period all (rollups; drawdown, streaks)`,
      ms(allDb),
      ms(allCli),
      `${x(allDb, naiveDrawdown)} naive drawdown, ${x(allDb, naiveCounts)} naive counts`,
    ],
    [`${label}: report --period ${WEEK}`, ms(weekDb), ms(weekCli), `${x(weekDb, naiveWeek)} naive week`],
    [
      `${label}: the same all-time figures per trade (no rollup)`,
      ms(perTrade),
      "",
      `${x(perTrade, naiveDrawdown)} naive drawdown`,
    ],
  ];
}

async function serverFigures(home: string): Promise<Row[]> {
  const name = `tradesense_bench_report_${process.pid}`;
  psql(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
  psql(adminUrl, `CREATE DATABASE ${name}`);
  const url = databaseUrl(name);
  const env = { TRADESENSE_HOME: join(home, "server"), DATABASE_URL: url };
  try {
    run(
      bin,
      ["init", "--yes", "--username", "bench", "--email", "b@example.com", "--timezone", ZONE, "--password-stdin"],
      {
        env,
        input: "benchmark password",
      },
    );
    const opened = await openDatabase({ kind: "server", url });
    try {
      const other = await sql<{ id: number }>`INSERT INTO users (username, email, hashed_password)
        VALUES ('other', 'o@example.com', 'x') RETURNING id`.execute(opened.db);
      const otherId = other.rows[0]?.id as number;
      const build = Date.now();
      for (const statement of generateTradesSql(1, serverTrades)) psql(url, statement);
      for (const statement of generateTradesSql(otherId, serverTrades / 2)) psql(url, statement);
      psql(url, "VACUUM ANALYZE");
      const buildSeconds = (Date.now() - build) / 1000;
      console.error(
        `built ${(serverTrades * 1.5).toLocaleString("en-US")} trades on the server in ${buildSeconds.toFixed(0)} s`,
      );
      return await reportRows(
        `server ${serverTrades.toLocaleString("en-US")}`,
        opened.db,
        1,
        { env },
        (query) => psql(url, query),
        1,
      );
    } finally {
      await opened.close();
    }
  } finally {
    psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}

async function embeddedFigures(home: string): Promise<Row[]> {
  const dir = join(home, "embedded");
  const env = { TRADESENSE_HOME: dir };
  run(bin, ["init", "--yes", "--username", "bench", "--timezone", ZONE], { env });
  const opened = await openDatabase({ kind: "embedded", path: join(dir, "data", "pglite") });
  try {
    await migrateToLatest(opened.db);
    for (const statement of generateTradesSql(1, embeddedTrades)) await sql.raw(statement).execute(opened.db);
    await sql`VACUUM ANALYZE`.execute(opened.db);
    // PGlite has no psql: the naive SQL runs through the same in-process connection (database time only).
    const inProcess = async (query: string) => {
      const start = process.hrtime.bigint();
      await sql.raw(query).execute(opened.db);
      return Number(process.hrtime.bigint() - start) / 1e6;
    };
    const queries = naiveSql(1);
    const naiveTimes: Record<string, number> = {};
    for (const [key, query] of Object.entries(queries)) {
      const times = [];
      for (let i = 0; i < 3; i++) times.push(await inProcess(query));
      naiveTimes[key] = median(times);
    }
    const order = Object.keys(queries);
    let call = 0;
    // reportRows asks for each naive query three times in order; hand back the figures measured above.
    const rows = await reportRows(
      `embedded ${embeddedTrades.toLocaleString("en-US")}`,
      opened.db,
      1,
      { env },
      () => naiveTimes[order[Math.floor(call++ / 3)] as string] as number,
      1,
    );
    return rows.map((row) => [row[0].replace("psql, ", "in-process SQL, "), row[1], row[2], row[3]]);
  } finally {
    await opened.close();
  }
}

/** The rollup triggers' cost on an import: the same fills into a fresh server journal with and without them. */
async function importCost(home: string): Promise<Row[]> {
  const file = join(home, "fills.csv");
  await generateFills(file, importFills);
  const rows: Row[] = [];
  const figures: number[] = [];
  for (const withTriggers of [true, false]) {
    const name = `tradesense_bench_rollup_${process.pid}`;
    psql(adminUrl, `DROP DATABASE IF EXISTS ${name}`);
    psql(adminUrl, `CREATE DATABASE ${name}`);
    const url = databaseUrl(name);
    const env = { TRADESENSE_HOME: join(home, `import-${withTriggers}`), DATABASE_URL: url };
    try {
      run(bin, ["init", "--yes", "--username", "bench", "--email", "b@example.com", "--password-stdin"], {
        env,
        input: "benchmark password",
      });
      if (!withTriggers) for (const trigger of TRIGGERS) psql(url, `ALTER TABLE trades DISABLE TRIGGER ${trigger}`);
      const ms = run(bin, ["import", "csv", file], { env });
      figures.push(ms);
      rows.push([
        `import csv ${importFills.toLocaleString("en-US")} fills (server), rollup triggers ${withTriggers ? "on" : "off"}`,
        `${ms.toFixed(0)} ms`,
        "",
        withTriggers ? "" : `triggers add ${(((figures[0] as number) / ms - 1) * 100).toFixed(0)}%`,
      ]);
    } finally {
      psql(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    }
  }
  return rows;
}

export async function reportBenchmark(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), "tradesense-bench-report-"));
  try {
    const load = (await import("node:os")).loadavg()[0]?.toFixed(2);
    console.log(
      `tradesense report benchmark: database time median of ${runs} runs, end to end median of 3; load ${load}\n`,
    );
    const rows: Row[] = [];
    if (process.env.BENCH_SKIP_SERVER !== "1") rows.push(...(await serverFigures(home)));
    rows.push(...(await embeddedFigures(home)));
    if (process.env.BENCH_SKIP_IMPORT !== "1") rows.push(...(await importCost(home)));
    console.log("| what | database time | end to end | ratio |");
    console.log("|---|---:|---:|---:|");
    for (const row of rows) console.log(`| ${row.join(" | ")} |`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}
