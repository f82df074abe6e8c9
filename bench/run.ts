// npm run bench: figures and ratios against baselines timed in the same run. Never a pass/fail test.
//   1. Cold start: `tradesense --version` against `node -e 0` (the floor any Node CLI pays).
//   2. A `trade list` read on the embedded database, end to end as a process, against `tradesense --version`
//      (the CLI's own floor), with the journal holding BENCH_TRADES trades (default 10,000).
//   3. `import csv` of generated fills: BENCH_SERVER_FILLS (default 1,000,000) into the PostgreSQL server and
//      BENCH_EMBEDDED_FILLS (default 100,000) into the embedded database, fills per second and peak memory, against
//      psql's \copy of the same rows into a plain table in the same run; and a tenth of the server's N, to show
//      whether memory stays flat as N grows. BENCH_DATABASE_URL names the server (default the local one).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { generateFills } from "./generate-fills.js";
import { reportBenchmark } from "./report.js";

const bin = join(import.meta.dirname, "..", "bin", "tradesense");
const runs = Number(process.env.BENCH_RUNS ?? 7);
const tradeCount = Number(process.env.BENCH_TRADES ?? 10_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

// GNU time reports a child's peak resident memory; without it the benchmark still times everything.
const gnuTime = existsSync("/usr/bin/time");

function time(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv = {},
  repeat = runs,
): { ms: number; peakMb: number } {
  const times: number[] = [];
  let peakKb = 0;
  for (let i = 0; i < repeat; i++) {
    const start = process.hrtime.bigint();
    const [file, fileArgs] = gnuTime ? ["/usr/bin/time", ["-f", "%M", command, ...args]] : [command, args];
    const result = spawnSync(file, fileArgs, {
      env: { ...process.env, ...env },
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
    const lines = result.stderr.trim().split("\n");
    if (gnuTime) peakKb = Math.max(peakKb, Number(lines[lines.length - 1]));
  }
  return { ms: median(times), peakMb: peakKb / 1024 };
}

async function seedJournal(home: string): Promise<void> {
  const init = spawnSync(bin, ["init", "--yes", "--username", "bench", "--timezone", "America/New_York"], {
    env: { ...process.env, TRADESENSE_HOME: home },
    encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(init.stderr);
  const opened = await openDatabase({ kind: "embedded", path: join(home, "data", "pglite") });
  await migrateToLatest(opened.db);
  const user = await opened.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
  const symbols = ["AAPL", "MSFT", "NVDA", "TSLA", "AMD", "META", "SPY", "QQQ"];
  const batch = 1000;
  for (let start = 0; start < tradeCount; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(start + batch, tradeCount); i++) {
      const entry = (100 + (i % 50)).toFixed(2);
      const closed = i % 10 !== 0;
      rows.push({
        user_id: user.id,
        symbol: symbols[i % symbols.length] as string,
        side: i % 3 === 0 ? ("short" as const) : ("long" as const),
        quantity: String(10 + (i % 90)),
        entry_price: entry,
        exit_price: closed ? (Number(entry) + ((i % 7) - 3) * 0.25).toFixed(2) : null,
        entry_date: new Date(Date.UTC(2023, 0, 1) + i * 3_600_000),
        exit_date: closed ? new Date(Date.UTC(2023, 0, 1) + i * 3_600_000 + 1_800_000) : null,
        commission: "1.00",
        status: closed ? ("closed" as const) : ("open" as const),
      });
    }
    await opened.db.insertInto("trades").values(rows).execute();
  }
  await opened.close();
}

const serverFills = Number(process.env.BENCH_SERVER_FILLS ?? 1_000_000);
const embeddedFills = Number(process.env.BENCH_EMBEDDED_FILLS ?? 100_000);
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function psql(url: string, command: string): void {
  const result = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, "-c", command], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

type Figure = { ms: number; peakMb: number };

/**
 * What storing the fills alone costs on this server, whatever the importer does: psql \copy into a temporary table,
 * then one INSERT ... SELECT into executions with its keys, indexes and the ON CONFLICT dedup (the import's own
 * statement), for a second copy of the same rows under another import. No FIFO, no trades: a floor, not a target.
 */
function storageFloor(url: string, file: string): Figure {
  const script = [
    "CREATE TEMP TABLE fills (executed_at timestamp, symbol text, side text, quantity numeric, price numeric, commission numeric, account text, execution_id text)",
    `\\copy fills from '${file}' csv header`,
    "INSERT INTO import_history (user_id, filename, broker, status) SELECT id, 'floor', 'generic', 'processing' FROM users LIMIT 1",
    `INSERT INTO executions (user_id, import_id, fingerprint, broker, account_id, symbol, action, quantity, price,
       commission, executed_at, file_sequence, execution_id, source_line)
     SELECT (SELECT id FROM users LIMIT 1), currval('import_history_id_seq'),
       encode(sha256(convert_to('floor|' || execution_id, 'UTF8')), 'hex'), 'generic', account, symbol,
       lower(side), quantity, price, commission, executed_at, row_number() over (), execution_id, 0
     FROM fills ON CONFLICT (user_id, fingerprint) DO NOTHING`,
  ];
  return time("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", url, ...script.flatMap((c) => ["-c", c])], {}, 1);
}

async function importFigures(home: string): Promise<[string, Figure, string][]> {
  const rows: [string, Figure, string][] = [];
  const bigFile = join(home, "fills-server.csv");
  const tenthFile = join(home, "fills-tenth.csv");
  const embeddedFile = join(home, "fills-embedded.csv");
  await generateFills(bigFile, serverFills);
  await generateFills(tenthFile, Math.round(serverFills / 10));
  await generateFills(embeddedFile, embeddedFills);

  // Baseline: psql's \copy of the same rows into a plain table with the same columns.
  const baselineDb = `tradesense_bench_copy_${process.pid}`;
  psql(adminUrl, `DROP DATABASE IF EXISTS ${baselineDb}`);
  psql(adminUrl, `CREATE DATABASE ${baselineDb}`);
  const copyUrl = databaseUrl(baselineDb);
  psql(
    copyUrl,
    "CREATE TABLE fills (executed_at timestamp, symbol text, side text, quantity numeric, price numeric, commission numeric, account text, execution_id text)",
  );
  const copy = time("psql", ["-X", "-q", copyUrl, "-c", `\\copy fills from '${bigFile}' csv header`], {}, 1);
  psql(adminUrl, `DROP DATABASE ${baselineDb}`);
  rows.push([
    `psql \\copy ${serverFills.toLocaleString("en-US")} rows (baseline)`,
    copy,
    `${Math.round(serverFills / (copy.ms / 1000)).toLocaleString("en-US")} rows/s`,
  ]);

  let floor: Figure | undefined;
  for (const [label, file, count] of [
    ["server", bigFile, serverFills],
    ["server, N/10", tenthFile, Math.round(serverFills / 10)],
  ] as const) {
    const db = `tradesense_bench_import_${process.pid}`;
    psql(adminUrl, `DROP DATABASE IF EXISTS ${db}`);
    psql(adminUrl, `CREATE DATABASE ${db}`);
    const env = { TRADESENSE_HOME: join(home, `server-${count}`), DATABASE_URL: databaseUrl(db) };
    const init = spawnSync(
      bin,
      ["init", "--yes", "--username", "bench", "--email", "b@example.com", "--password-stdin"],
      {
        env: { ...process.env, ...env },
        input: "benchmark password",
        encoding: "utf8",
      },
    );
    if (init.status !== 0) throw new Error(init.stderr);
    const figure = time(bin, ["import", "csv", file], env, 1);
    if (label === "server") floor = storageFloor(databaseUrl(db), file);
    psql(adminUrl, `DROP DATABASE ${db} WITH (FORCE)`);
    const rate = Math.round(count / (figure.ms / 1000));
    rows.push([
      `import csv ${count.toLocaleString("en-US")} fills (${label})`,
      figure,
      `${rate.toLocaleString("en-US")} fills/s, ${(figure.ms / ((copy.ms * count) / serverFills)).toFixed(1)}x \\copy`,
    ]);
  }

  if (floor) {
    rows.push([
      `psql: the same ${serverFills.toLocaleString("en-US")} fills into executions only (floor)`,
      floor,
      `${Math.round(serverFills / (floor.ms / 1000)).toLocaleString("en-US")} fills/s, ${(floor.ms / copy.ms).toFixed(1)}x \\copy`,
    ]);
  }

  const embeddedHome = join(home, "embedded-import");
  const init = spawnSync(bin, ["init", "--yes", "--username", "bench"], {
    env: { ...process.env, TRADESENSE_HOME: embeddedHome },
    encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(init.stderr);
  const embedded = time(bin, ["import", "csv", embeddedFile], { TRADESENSE_HOME: embeddedHome }, 1);
  const embeddedRate = Math.round(embeddedFills / (embedded.ms / 1000));
  rows.push([
    `import csv ${embeddedFills.toLocaleString("en-US")} fills (embedded)`,
    embedded,
    `${embeddedRate.toLocaleString("en-US")} fills/s, ${(embedded.ms / ((copy.ms * embeddedFills) / serverFills)).toFixed(1)}x \\copy`,
  ]);
  return rows;
}

async function main(): Promise<void> {
  // `npm run bench -- report`: the report benchmark alone (bench/report.ts).
  if (process.argv.includes("report")) {
    await reportBenchmark();
    return;
  }
  const home = mkdtempSync(join(tmpdir(), "tradesense-bench-"));
  try {
    console.log(`tradesense benchmark: median of ${runs} runs each, ${tradeCount.toLocaleString("en-US")} trades\n`);
    const node = time(process.execPath, ["-e", "0"]);
    const version = time(bin, ["--version"]);
    await seedJournal(home);
    const env = { TRADESENSE_HOME: home };
    const list100 = time(bin, ["trade", "list", "--limit", "100"], env);
    const listAll = time(bin, ["trade", "list"], env);
    const rows: [string, Figure, string][] = [
      ["node -e 0 (baseline)", node, "1.0x"],
      ["tradesense --version", version, `${(version.ms / node.ms).toFixed(1)}x node`],
      ["trade list --limit 100 (embedded)", list100, `${(list100.ms / version.ms).toFixed(1)}x --version`],
      [`trade list, all ${tradeCount} (embedded)`, listAll, `${(listAll.ms / version.ms).toFixed(1)}x --version`],
    ];
    if (process.env.BENCH_SKIP_IMPORT !== "1") rows.push(...(await importFigures(home)));
    console.log("| command | time (median) | peak RSS | ratio |");
    console.log("|---|---:|---:|---:|");
    for (const [name, figure, ratio] of rows) {
      console.log(`| ${name} | ${figure.ms.toFixed(0)} ms | ${figure.peakMb.toFixed(0)} MB | ${ratio} |`);
    }
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
