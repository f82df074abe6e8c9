// npm run bench: figures and ratios against floors timed in the same run. Never a pass/fail test.
//   1. Cold start: `tradesense --version` and `--help` against `node -e 0` (the floor any Node CLI pays).
//   2. Everyday embedded commands (`trade list --limit 100`, `trade show`, `positions`) and a listing of every trade,
//      against a Node script that opens the same data directory with PGlite, SELECTs 100 trades and closes it
//      (bench/floor-list.mjs): time and peak memory, each command opening the journal itself (TRADESENSE_OWNER=off).
//      Then the same commands through the journal's owner process (src/db/owner-process.ts): the first command, which
//      starts the owner, and later ones served by it, against the same floor timed in turns with them (on a copy of
//      the data directory: the floor must not open a directory the owner has open).
//   3. `import csv` of generated fills into the PostgreSQL server and into the embedded database, against floors that
//      write the rows the import wrote (import_history, executions, round_trips, trades) into a fresh journal of the
//      same schema: psql's \copy on the server, PGlite's COPY embedded (bench/floor-import.mjs); psql's \copy of
//      the fills into a plain table for scale; and a tenth of the server's N, to show whether memory stays flat.
// `npm run bench -- startup` times the cold start alone (BENCH_STARTUP_RUNS turns, 21 unless set), with two more
// floors for scale: an empty ES module and a minimal commander program (bench/floor-commander.mjs).
// `npm run bench -- --quick` runs smaller sizes in about two minutes; BENCH_SERVER_FILLS, BENCH_EMBEDDED_FILLS,
// BENCH_TRADES and BENCH_RUNS set them; BENCH_SKIP_IMPORT=1 leaves the imports out, BENCH_ONLY_IMPORT=1 runs only them;
// BENCH_DATABASE_URL names the server.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { openDatabase } from "../src/db/connect.js";
import { migrateToLatest } from "../src/db/migrate.js";
import { claimDataDir } from "../src/db/owner.js";
import { stopOwner } from "../src/db/owner-client.js";
import { generateFills } from "./generate-fills.js";
import { reportBenchmark } from "./report.js";

const bin = join(import.meta.dirname, "..", "bin", "tradesense");
const quick = process.argv.includes("--quick");
const runs = Number(process.env.BENCH_RUNS ?? (quick ? 5 : 9));
const tradeCount = Number(process.env.BENCH_TRADES ?? 10_000);
const node = process.execPath;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

type Figure = { ms: number; peakMb: number };

// GNU time reports a child's peak resident memory; without it the benchmark still times everything.
const gnuTime = existsSync("/usr/bin/time");

type Run = [command: string, args: string[], env?: NodeJS.ProcessEnv];

/** One run of a command: wall time, and peak resident memory from GNU time when there is one. */
function runOnce([command, args, env = {}]: Run): { ms: number; peakKb: number } {
  const start = process.hrtime.bigint();
  const [file, fileArgs] = gnuTime ? ["/usr/bin/time", ["-f", "%M", command, ...args]] : [command, args];
  const result = spawnSync(file, fileArgs, {
    env: { ...process.env, ...env },
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  const lines = result.stderr.trim().split("\n");
  return { ms, peakKb: gnuTime ? Number(lines[lines.length - 1]) : 0 };
}

/**
 * Median time and peak memory of each command, run in turns (one of each, then again), so that a command and its
 * floor meet the same load on a machine shared with other work.
 */
function timeTogether(commands: Run[], repeat = runs): Figure[] {
  const samples = commands.map(() => ({ times: [] as number[], peakKb: 0 }));
  for (let i = 0; i < repeat; i++) {
    commands.forEach((command, k) => {
      const { ms, peakKb } = runOnce(command);
      const sample = samples[k] as { times: number[]; peakKb: number };
      sample.times.push(ms);
      sample.peakKb = Math.max(sample.peakKb, peakKb);
    });
  }
  return samples.map((sample) => ({ ms: median(sample.times), peakMb: sample.peakKb / 1024 }));
}

function time(command: string, args: string[], env: NodeJS.ProcessEnv = {}, repeat = runs): Figure {
  return timeTogether([[command, args, env]], repeat)[0] as Figure;
}

async function seedJournal(home: string): Promise<void> {
  initJournal(home);
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

const serverFills = Number(process.env.BENCH_SERVER_FILLS ?? (quick ? 100_000 : 1_000_000));
const embeddedFills = Number(process.env.BENCH_EMBEDDED_FILLS ?? (quick ? 20_000 : 100_000));
const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

function psql(url: string, command: string): string {
  const result = spawnSync("psql", ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", url, "-c", command], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`psql failed: ${result.stderr}`);
  return result.stdout.trim();
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

type Row = [string, Figure, string];

/** What an import writes, in the order its foreign keys need; the floors load exactly these rows. */
const IMPORT_TABLES = ["import_history", "executions", "round_trips", "trades"];

/** The columns a COPY can load (generated columns are computed by the database). */
const COPY_COLUMNS = (table: string) =>
  `SELECT string_agg(column_name, ',' ORDER BY ordinal_position) AS columns FROM information_schema.columns
   WHERE table_schema = 'public' AND table_name = '${table}' AND is_generated = 'NEVER'`;

function initJournal(home: string, url?: string): void {
  const args = ["init", "--yes", "--username", "bench", "--timezone", "America/New_York"];
  const init = spawnSync(bin, url ? [...args, "--email", "b@example.com", "--password-stdin"] : args, {
    env: { ...process.env, TRADESENSE_HOME: home, ...(url ? { DATABASE_URL: url } : {}) },
    input: "benchmark password",
    encoding: "utf8",
  });
  if (init.status !== 0) throw new Error(init.stderr);
}

/**
 * The server's storage floor: psql loading, in one transaction with \copy, the rows the import wrote (dumped from
 * the imported database) into a fresh database of the same schema, with its keys, indexes and foreign keys.
 */
function serverStorageFloor(importedUrl: string, home: string): Figure {
  const dump = join(home, "server-dump");
  mkdirSync(dump, { recursive: true });
  const script: string[] = [];
  for (const table of IMPORT_TABLES) {
    const columns = psql(importedUrl, COPY_COLUMNS(table));
    psql(importedUrl, `\\copy (SELECT ${columns} FROM ${table} ORDER BY id) TO '${join(dump, `${table}.copy`)}'`);
    script.push(`\\copy ${table} (${columns}) FROM '${join(dump, `${table}.copy`)}'`);
  }
  const db = `tradesense_bench_floor_${process.pid}`;
  psql(adminUrl, `DROP DATABASE IF EXISTS ${db}`);
  psql(adminUrl, `CREATE DATABASE ${db}`);
  try {
    initJournal(join(home, "server-floor"), databaseUrl(db));
    const args = ["-X", "-q", "-1", "-v", "ON_ERROR_STOP=1", databaseUrl(db), ...script.flatMap((c) => ["-c", c])];
    return time("psql", args, {}, 1);
  } finally {
    psql(adminUrl, `DROP DATABASE ${db} WITH (FORCE)`);
  }
}

/** The embedded floor: PGlite's COPY of the rows the import wrote into a fresh journal (bench/floor-import.mjs). */
async function embeddedStorageFloor(importedDir: string, home: string): Promise<Figure> {
  const dump = join(home, "embedded-dump");
  mkdirSync(dump, { recursive: true });
  const source = await PGlite.create(importedDir);
  for (const table of IMPORT_TABLES) {
    const { rows } = await source.query<{ columns: string }>(COPY_COLUMNS(table));
    const columns = rows[0]?.columns ?? "";
    const copied = await source.query(`COPY (SELECT ${columns} FROM ${table} ORDER BY id) TO '/dev/blob'`);
    writeFileSync(join(dump, `${table}.copy`), Buffer.from(await (copied.blob as Blob).arrayBuffer()));
    writeFileSync(join(dump, `${table}.columns`), columns);
  }
  await source.close();
  writeFileSync(join(dump, "tables"), IMPORT_TABLES.join("\n"));
  const floorHome = join(home, "embedded-floor");
  initJournal(floorHome);
  return time(node, [join(import.meta.dirname, "floor-import.mjs"), join(floorHome, "data", "pglite"), dump], {}, 1);
}

/**
 * Cold start: `--version` and `--help` against `node -e 0`, run in turns; `withFloors` adds an empty ES module and a
 * minimal commander program, which start the same way before any code of their own.
 */
function startupFigures(home: string, withFloors: boolean, repeat = runs): Row[] {
  const env = { TRADESENSE_HOME: home };
  const floors: Run[] = [
    [node, ["--input-type=module", "-e", "0"]],
    [node, [join(import.meta.dirname, "floor-commander.mjs"), "--version"]],
  ];
  const [nodeFloor, version, help, emptyModule, commander] = timeTogether(
    [[node, ["-e", "0"]], [bin, ["--version"], env], [bin, ["--help"], env], ...(withFloors ? floors : [])],
    repeat,
  ) as [Figure, Figure, Figure, Figure?, Figure?];
  const rows: Row[] = [
    ["node -e 0 (floor)", nodeFloor, "1.00"],
    ["tradesense --version", version, `${ratio(version, nodeFloor)}x node -e 0`],
    ["tradesense --help", help, `${ratio(help, nodeFloor)}x node -e 0`],
  ];
  if (emptyModule && commander) {
    rows.push(
      ["node --input-type=module -e 0 (an ES module)", emptyModule, `${ratio(emptyModule, nodeFloor)}x node -e 0`],
      [
        "minimal commander program -V (bench/floor-commander.mjs)",
        commander,
        `${ratio(commander, nodeFloor)}x node -e 0`,
      ],
    );
  }
  return rows;
}

function printRows(rows: Row[]): void {
  console.log("| command | time (median) | peak RSS | against its floor |");
  console.log("|---|---:|---:|---:|");
  for (const [name, figure, against] of rows) {
    console.log(`| ${name} | ${figure.ms.toFixed(0)} ms | ${figure.peakMb.toFixed(0)} MB | ${against} |`);
  }
}

const ratio = (figure: Figure, floor: Figure) => (figure.ms / floor.ms).toFixed(2);
const memoryRatio = (figure: Figure, floor: Figure) => (figure.peakMb / floor.peakMb).toFixed(2);
const count = (n: number) => n.toLocaleString("en-US");

async function importFigures(home: string): Promise<Row[]> {
  const rows: Row[] = [];
  const bigFile = join(home, "fills-server.csv");
  const tenthFile = join(home, "fills-tenth.csv");
  const embeddedFile = join(home, "fills-embedded.csv");
  await generateFills(bigFile, serverFills);
  await generateFills(tenthFile, Math.round(serverFills / 10));
  await generateFills(embeddedFile, embeddedFills);

  // For scale: psql's \copy of the same rows into a plain table with the same columns.
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
  rows.push([`psql \\copy of ${count(serverFills)} fills into a plain table`, copy, "for scale"]);

  for (const [label, file, fills] of [
    ["server", bigFile, serverFills],
    ["server, N/10", tenthFile, Math.round(serverFills / 10)],
  ] as const) {
    const db = `tradesense_bench_import_${process.pid}`;
    psql(adminUrl, `DROP DATABASE IF EXISTS ${db}`);
    psql(adminUrl, `CREATE DATABASE ${db}`);
    const importHome = join(home, `server-${fills}`);
    initJournal(importHome, databaseUrl(db));
    const figure = time(
      bin,
      ["import", "csv", file],
      { TRADESENSE_HOME: importHome, DATABASE_URL: databaseUrl(db) },
      1,
    );
    const rate = `${count(Math.round(fills / (figure.ms / 1000)))} fills/s`;
    if (label === "server") {
      const floor = serverStorageFloor(databaseUrl(db), home);
      rows.push([`floor: psql writes the same ${count(fills)} fills and their trades (server)`, floor, "1.00"]);
      rows.push([`import csv ${count(fills)} fills (server)`, figure, `${ratio(figure, floor)}x floor, ${rate}`]);
    } else {
      rows.push([`import csv ${count(fills)} fills (${label})`, figure, `${rate}, memory as N grows`]);
    }
    psql(adminUrl, `DROP DATABASE ${db} WITH (FORCE)`);
  }

  const embeddedHome = join(home, "embedded-import");
  initJournal(embeddedHome);
  const embedded = time(
    bin,
    ["import", "csv", embeddedFile],
    { TRADESENSE_HOME: embeddedHome, TRADESENSE_OWNER: "off" },
    1,
  );
  const floor = await embeddedStorageFloor(join(embeddedHome, "data", "pglite"), home);
  rows.push([`floor: PGlite writes the same ${count(embeddedFills)} fills and their trades`, floor, "1.00"]);
  rows.push([
    `import csv ${count(embeddedFills)} fills (embedded)`,
    embedded,
    `${ratio(embedded, floor)}x floor, ${count(Math.round(embeddedFills / (embedded.ms / 1000)))} fills/s`,
  ]);
  return rows;
}

/** Waits until no owner process has the journal open (it was asked to leave, or has left). */
async function stopOwnerOf(dataDir: string): Promise<void> {
  const identity = { pid: process.pid, command: "bench" };
  await stopOwner(dataDir, process.env, identity);
  const claim = await claimDataDir(dataDir, { identity, waitSeconds: 600 });
  await claim.release();
}

/**
 * Everyday commands through the owner process: the first command (which starts it: measured with no owner running,
 * the owner stopped after each run) and later ones, timed in turns with the floor on a copy of the data directory.
 */
async function ownerFigures(home: string, floorDir: string, dataDir: string): Promise<Row[]> {
  const env = { TRADESENSE_HOME: home, TRADESENSE_OWNER: "auto" };
  const firstTimes: number[] = [];
  let firstPeakKb = 0;
  for (let i = 0; i < runs; i++) {
    await stopOwnerOf(dataDir);
    const { ms, peakKb } = runOnce([bin, ["trade", "list", "--limit", "100"], env]);
    firstTimes.push(ms);
    firstPeakKb = Math.max(firstPeakKb, peakKb);
  }
  const first: Figure = { ms: median(firstTimes), peakMb: firstPeakKb / 1024 };
  try {
    runOnce([bin, ["trade", "list", "--limit", "1"], env]);
    const [floor, list100, show, positions, add] = timeTogether([
      [node, [join(import.meta.dirname, "floor-list.mjs"), floorDir]],
      [bin, ["trade", "list", "--limit", "100"], env],
      [bin, ["trade", "show", "1"], env],
      [bin, ["positions"], env],
      [bin, ["trade", "add", "--symbol", "OWNR", "--side", "long", "--qty", "1", "--price", "10"], env],
    ]) as [Figure, Figure, Figure, Figure, Figure];
    const vsFloor = (figure: Figure) => `${ratio(figure, floor)}x floor`;
    return [
      ["floor again, timed in turns with the owner's clients", floor, "1.00"],
      ["trade list --limit 100, first command (starts the owner)", first, `${ratio(first, floor)}x floor`],
      ["trade list --limit 100 (through the owner)", list100, vsFloor(list100)],
      ["trade show 1 (through the owner)", show, vsFloor(show)],
      ["positions (through the owner)", positions, vsFloor(positions)],
      ["trade add (through the owner)", add, vsFloor(add)],
    ];
  } finally {
    await stopOwnerOf(dataDir);
  }
}

async function main(): Promise<void> {
  // `npm run bench -- report`: the report benchmark alone (bench/report.ts).
  if (process.argv.includes("report")) {
    await reportBenchmark();
    return;
  }
  const home = mkdtempSync(join(tmpdir(), "tradesense-bench-"));
  try {
    const load = (await import("node:os")).loadavg()[0]?.toFixed(1);
    if (process.argv.includes("startup")) {
      const turns = Number(process.env.BENCH_STARTUP_RUNS ?? 21);
      console.log(`tradesense start-up: median of ${turns} turns each; load average ${load} at the start\n`);
      printRows(startupFigures(home, true, turns));
      return;
    }
    console.log(
      `tradesense benchmark: median of ${runs} runs each, ${count(tradeCount)} trades; load average ${load} at the start\n`,
    );
    if (process.env.BENCH_ONLY_IMPORT === "1") {
      printRows(await importFigures(home));
      return;
    }
    const startup = startupFigures(home, false);
    await seedJournal(home);
    const env = { TRADESENSE_HOME: home, TRADESENSE_OWNER: "off" };
    const dataDir = join(home, "data", "pglite");
    const floorDir = join(home, "floor-copy");
    cpSync(dataDir, floorDir, { recursive: true });
    const [floor, list100, show, positions] = timeTogether([
      [node, [join(import.meta.dirname, "floor-list.mjs"), dataDir]],
      [bin, ["trade", "list", "--limit", "100"], env],
      [bin, ["trade", "show", "1"], env],
      [bin, ["positions"], env],
    ]) as [Figure, Figure, Figure, Figure];
    const listAll = time(bin, ["trade", "list"], env, Math.min(runs, 3));
    const owner = await ownerFigures(home, floorDir, dataDir);
    const vsFloor = (figure: Figure) => `${ratio(figure, floor)}x floor, memory ${memoryRatio(figure, floor)}x`;
    const rows: Row[] = [
      ...startup,
      ["floor: PGlite opens the journal, SELECTs 100 trades, closes", floor, "1.00"],
      ["trade list --limit 100 (embedded, owner off)", list100, vsFloor(list100)],
      ["trade show 1 (embedded, owner off)", show, vsFloor(show)],
      ["positions (embedded, owner off)", positions, vsFloor(positions)],
      [`trade list, all ${count(tradeCount)} (embedded, owner off)`, listAll, vsFloor(listAll)],
      ...owner,
    ];
    if (process.env.BENCH_SKIP_IMPORT !== "1") rows.push(...(await importFigures(home)));
    printRows(rows);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

await main();
