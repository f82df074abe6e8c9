// The embedded journal's owner process (issue 11), with real processes: a client killed inside its transaction leaves
// nothing (rows, locks, temporary tables, settings) for the next client; the owner killed with kill -9 blocks nobody
// and a command it was serving gets one line and exit 5; it leaves after its idle time; its socket lives in a
// directory only the user can open, and a directory that is not private is never used; commands that need the
// directory itself stop it first; and a command that cannot use an owner opens the journal itself, as before.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { generateFills } from "../../bench/generate-fills.js";
import { claimDataDir } from "../../src/db/owner.js";
import { currentBuild, encodeClientName, ownerPlace } from "../../src/db/owner-socket.js";
import {
  addTrade,
  journalHome,
  ownerSocket,
  runTradesense,
  startTradesense,
  takeJournal,
} from "../support/processes.js";

// Each test starts several processes that each start PGlite or an owner: minutes on a loaded machine, never timed.
const TIMEOUT = 600_000;
const on = { TRADESENSE_OWNER: "auto" };

/** The pid of the owner process serving a data directory (its command line names the directory), if one runs. */
function ownerPid(dataDir: string): number | undefined {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0");
      if (args.some((arg) => arg.endsWith("owner-main.js")) && args.includes(dataDir)) return Number(entry);
    } catch {}
  }
  return undefined;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, what: string, withinMs = 120_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Counts rows of a table by sequential scan and by index, with the journal to ourselves (owner stopped first). */
async function countBothWays(dataDir: string, table: string): Promise<{ bySeq: number; byIndex: number }> {
  const claim = await takeJournal(dataDir);
  const lite = await PGlite.create(dataDir);
  try {
    await lite.exec("SET enable_seqscan = on; SET enable_indexscan = off; SET enable_bitmapscan = off");
    const bySeq = (await lite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? -1;
    await lite.exec("SET enable_seqscan = off; SET enable_indexscan = on; SET enable_bitmapscan = on");
    const byIndex = (await lite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]?.n ?? -1;
    return { bySeq, byIndex };
  } finally {
    await lite.close();
    await claim.release();
  }
}

/** A client of the owner speaking SQL directly, as a tradesense command's pg client does. */
function ownerClient(dataDir: string, command: string): pg.Client {
  return new pg.Client({
    host: ownerPlace(dataDir, {}).dir,
    port: 5432,
    user: "postgres",
    database: "postgres",
    application_name: encodeClientName({ build: currentBuild(), pid: process.pid, command }),
  });
}

describe("the embedded journal's owner process", () => {
  it(
    "undoes an import killed with kill -9 inside its transaction: the next command sees 0 of its fills",
    async () => {
      const { home, dataDir } = await journalHome("owner-client-kill");
      const env = { ...on, TRADESENSE_HOME: home };
      const big = join(home, "big.csv");
      await generateFills(big, 2000);
      const importing = startTradesense(["import", "csv", big], { ...env, TRADESENSE_TEST_PAUSE: "import-stored" });
      // Stopped where its 2,000 new fills are written inside the import's transaction, not committed.
      await importing.stderrShows("paused at import-stored");
      expect(ownerPid(dataDir)).toBeDefined();
      importing.child.kill("SIGKILL");
      expect((await importing.finished).signal).toBe("SIGKILL");

      const small = join(home, "small.csv");
      await generateFills(small, 10);
      const next = await runTradesense(["import", "csv", small, "--json"], env);
      expect(next.code).toBe(0);
      // The killed run is found dead (its session lock went with its session) and marked failed; 10 new fills only.
      expect(JSON.parse(next.stdout).imports[0]).toMatchObject({ newFills: 10, interruptedRunsFailed: 1 });
      expect(await countBothWays(dataDir, "executions")).toEqual({ bySeq: 10, byIndex: 10 });
      expect(await countBothWays(dataDir, "import_history")).toEqual({ bySeq: 2, byIndex: 2 });
    },
    TIMEOUT,
  );

  it(
    "gives the next client a clean session: no transaction, advisory lock, temporary table or setting of a killed one",
    async () => {
      const { home, dataDir } = await journalHome("owner-session");
      expect((await runTradesense(["trade", "list"], { ...on, TRADESENSE_HOME: home })).code).toBe(0);
      const first = ownerClient(dataDir, "first");
      first.on("error", () => {});
      await first.connect();
      await first.query("SET TimeZone = 'Asia/Tokyo'");
      await first.query("SELECT pg_advisory_lock(4242)");
      await first.query("CREATE TEMP TABLE leftover (n int)");
      await first.query("BEGIN");
      await first.query("CREATE TABLE uncommitted (n int)");
      // The connection cut as a kill -9 would cut it: no Terminate, no ROLLBACK.
      (first as unknown as { connection: { stream: { destroy(): void } } }).connection.stream.destroy();

      const second = ownerClient(dataDir, "second");
      await second.connect();
      try {
        const { rows } = await second.query<{ tz: string; locks: string; temp: string | null; tx: string }>(
          `SELECT current_setting('TimeZone') AS tz,
                  (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory')::text AS locks,
                  to_regclass('pg_temp.leftover')::text AS temp,
                  (SELECT count(*) FROM pg_class WHERE relname = 'uncommitted')::text AS tx`,
        );
        expect(rows).toEqual([{ tz: "UTC", locks: "0", temp: null, tx: "0" }]);
      } finally {
        await second.end();
      }
    },
    TIMEOUT,
  );

  it(
    "blocks nobody when killed with kill -9, and a command it was serving says so in one line with exit 5",
    async () => {
      const { home, dataDir } = await journalHome("owner-kill9");
      const env = { ...on, TRADESENSE_HOME: home };
      const holder = startTradesense(addTrade("CUT"), { ...env, TRADESENSE_TEST_HOOK: "pause" });
      await holder.stderrShows("test-hook: holding the journal");
      const pid = ownerPid(dataDir);
      expect(pid).toBeDefined();
      process.kill(pid as number, "SIGKILL");
      await until(() => !alive(pid as number), "the killed owner to go");
      holder.child.kill("SIGUSR2");
      const cut = await holder.finished;
      expect(cut.code).toBe(5);
      expect(cut.stderr).toBe(
        "test-hook: holding the journal (pid " +
          `${holder.pid})\nerror: the embedded journal's owner process ended during this command: nothing it had not committed was saved; run it again\n`,
      );
      // The next command starts a new owner at once (the kernel freed the claim) and its trade is there.
      const after = await runTradesense([...addTrade("AFTER"), "--wait", "0"], env);
      expect(after.code).toBe(0);
      const listed = await runTradesense(["trade", "list", "--json"], env);
      expect(JSON.parse(listed.stdout).trades.map((t: { symbol: string }) => t.symbol)).toEqual(["AFTER"]);
      const next = ownerPid(dataDir);
      expect(next).toBeDefined();
      expect(next).not.toBe(pid);
    },
    TIMEOUT,
  );

  it(
    "leaves after its idle time, removing its socket and freeing the journal",
    async () => {
      const { home, dataDir } = await journalHome("owner-idle", { ownerIdle: 1 });
      // The command holds the journal through the owner until told to go on: the owner is looked for while it is
      // surely there, however busy the machine, and its idle second starts only after the command has ended.
      const command = startTradesense(["positions"], { ...on, TRADESENSE_HOME: home, TRADESENSE_TEST_HOOK: "pause" });
      await command.stderrShows("test-hook: holding the journal");
      const pid = ownerPid(dataDir);
      expect(pid).toBeDefined();
      command.child.kill("SIGUSR2");
      expect((await command.finished).code).toBe(0);
      await until(() => !alive(pid as number), "the idle owner to leave");
      expect(existsSync(ownerSocket(dataDir))).toBe(false);
      // Free: taken at once, without waiting.
      const claim = await claimDataDir(dataDir, { identity: { pid: process.pid, command: "test" }, waitSeconds: 0 });
      await claim.release();
    },
    TIMEOUT,
  );

  it(
    "listens in a directory only the user can open, and never uses one that others can",
    async () => {
      const { home, dataDir } = await journalHome("owner-dirs");
      expect((await runTradesense(["trade", "list"], { ...on, TRADESENSE_HOME: home })).code).toBe(0);
      const place = ownerPlace(dataDir, {});
      for (const dir of [place.userDir, place.dir]) {
        const stat = statSync(dir);
        expect({ dir, mode: (stat.mode & 0o777).toString(8), uid: stat.uid }).toEqual({
          dir,
          mode: "700",
          uid: process.getuid?.(),
        });
      }
      expect(statSync(place.socket).isSocket()).toBe(true);

      // A runtime directory whose tradesense directory others may open: no owner is started there, and the command
      // opens the journal itself.
      const runtime = mkdtempSync(join(inject("scratchDir"), "runtime-"));
      const other = await journalHome("owner-open-dir");
      const open = ownerPlace(other.dataDir, { XDG_RUNTIME_DIR: runtime });
      mkdirSync(open.userDir, { mode: 0o755 });
      chmodSync(open.userDir, 0o755);
      const result = await runTradesense(addTrade("OPEN"), {
        ...on,
        TRADESENSE_HOME: other.home,
        XDG_RUNTIME_DIR: runtime,
      });
      expect(result).toMatchObject({ code: 0, stderr: "" });
      expect(existsSync(open.dir)).toBe(false);
      expect(ownerPid(other.dataDir)).toBeUndefined();
    },
    TIMEOUT,
  );

  it(
    "falls back to opening the journal itself when the owner cannot start (another command holds the directory)",
    async () => {
      const { home, dataDir } = await journalHome("owner-fallback");
      const holder = startTradesense(addTrade("FIRST"), {
        TRADESENSE_HOME: home,
        TRADESENSE_OWNER: "off",
        TRADESENSE_TEST_HOOK: "pause",
      });
      await holder.stderrShows("test-hook: holding the journal");
      const waiter = startTradesense(addTrade("SECOND"), {
        ...on,
        TRADESENSE_HOME: home,
        TRADESENSE_TEST_HOOK: "announce",
      });
      await waiter.stderrShows("test-hook: waiting for the journal");
      expect(ownerPid(dataDir)).toBeUndefined();
      holder.child.kill("SIGUSR2");
      expect((await holder.finished).code).toBe(0);
      expect((await waiter.finished).code).toBe(0);
      const listed = await runTradesense(["trade", "list", "--json"], { ...on, TRADESENSE_HOME: home });
      expect(
        JSON.parse(listed.stdout)
          .trades.map((t: { symbol: string }) => t.symbol)
          .sort(),
      ).toEqual(["FIRST", "SECOND"]);
    },
    TIMEOUT,
  );

  it(
    "is stopped by a command that needs the directory itself (backup), which then runs without waiting for idle",
    async () => {
      const { home, dataDir } = await journalHome("owner-backup", { ownerIdle: 3600 });
      const env = { ...on, TRADESENSE_HOME: home };
      expect((await runTradesense(addTrade("KEPT"), env)).code).toBe(0);
      const pid = ownerPid(dataDir);
      expect(pid).toBeDefined();
      // --wait 30: far below the owner's idle hour; it only passes if the owner was asked to leave.
      const backup = await runTradesense(["backup", "create", "--wait", "30", "--json"], env);
      expect(backup.code).toBe(0);
      // The owner releases the journal as it closes, and the process may still be ending when backup finishes: give
      // it 30 s (its idle hour would never end within them), rather than reading its state in the same instant.
      await until(() => !alive(pid as number), "the asked owner to leave", 30_000);
      expect(JSON.parse(backup.stdout).rowCounts.trades).toBe(1);
    },
    TIMEOUT,
  );
});
