// kill -9 in the middle of a backup or a restore leaves no partial file under the final name and no half-restored
// journal. The built CLI runs as a real process; TRADESENSE_TEST_PAUSE stops it at a named moment (it says so on
// stderr), so the kill lands exactly there rather than after a guessed delay.
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { cliFor } from "../support/cli.js";
import { serverAvailable, useDatabase } from "../support/databases.js";
import { journalHome, type Running, runTradesense, startTradesense } from "../support/processes.js";

// Each test runs several commands that each start PGlite or an owner: minutes on a loaded machine, never timed.
const TIMEOUT = 300_000;

/** Runs the CLI to a successful end (throws with its stderr otherwise). */
async function tradesense(args: string[], env: NodeJS.ProcessEnv) {
  const result = await runTradesense(args, env, "");
  if (result.code !== 0) throw new Error(`${args.join(" ")} exited ${result.code}: ${result.stderr}`);
  return result;
}

/** Starts the CLI paused at `moment`; resolves once it says it is there. */
async function startPaused(args: string[], env: NodeJS.ProcessEnv, moment: string): Promise<Running> {
  const paused = startTradesense(args, { ...env, TRADESENSE_TEST_PAUSE: moment });
  await paused.stderrShows(`paused at ${moment}`);
  return paused;
}

async function kill(running: Running): Promise<void> {
  running.child.kill("SIGKILL");
  await running.finished;
}

async function tradeSymbols(env: NodeJS.ProcessEnv): Promise<string[]> {
  const { stdout } = await tradesense(["trade", "list", "--json"], env);
  const parsed = JSON.parse(stdout) as { trades: { symbol: string }[] };
  return parsed.trades.map((t) => t.symbol).sort();
}

describe("killing backup and restore on the embedded journal", () => {
  let env: NodeJS.ProcessEnv;
  let dir: string;
  let backup: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(inject("scratchDir"), "backup-kill-"));
    env = { TRADESENSE_HOME: (await journalHome("backup-kill", {}, ["--username", "k", "--timezone", "UTC"])).home };
    for (const symbol of ["AAA", "BBB"]) {
      await tradesense(["trade", "add", "--symbol", symbol, "--side", "long", "--qty", "1", "--price", "10"], env);
    }
    backup = join(dir, "two-trades.backup");
    await tradesense(["backup", "--output", backup], env);
    await tradesense(["trade", "add", "--symbol", "CCC", "--side", "long", "--qty", "1", "--price", "10"], env);
  }, 180_000);

  it(
    "a backup killed while writing leaves nothing under the final name",
    async () => {
      const target = join(dir, "killed.backup");
      await kill(await startPaused(["backup", "--output", target], env, "backup-write"));
      expect(existsSync(target)).toBe(false);
      expect(readdirSync(dir).filter((name) => name.startsWith("killed"))).toEqual([]);
      // The journal is fine and the next backup completes.
      await tradesense(["backup", "--output", target], env);
      const { stdout } = await tradesense(["backup", "verify", target, "--json"], env);
      expect(JSON.parse(stdout).restoredCounts.trades).toBe(3);
    },
    TIMEOUT,
  );

  it(
    "a restore killed with every row loaded but not committed leaves the journal as it was",
    async () => {
      expect(await tradeSymbols(env)).toEqual(["AAA", "BBB", "CCC"]);
      await kill(await startPaused(["restore", backup, "--yes"], env, "restore-load"));
      expect(await tradeSymbols(env)).toEqual(["AAA", "BBB", "CCC"]);
      await tradesense(["restore", backup, "--yes"], env);
      expect(await tradeSymbols(env)).toEqual(["AAA", "BBB"]);
    },
    TIMEOUT,
  );
});

describe.runIf(serverAvailable())("killing a restore on the server", () => {
  const own = useDatabase("server");

  it(
    "rolls back: the user's rows are as they were",
    async () => {
      const cli = cliFor(own.database);
      await cli(["init", "--yes", "--username", "k", "--email", "k@example.com", "--password-stdin"], {
        stdin: "long enough pw",
      });
      await cli(["trade", "add", "--symbol", "AAA", "--side", "long", "--qty", "1", "--price", "10"]);
      const file = join(mkdtempSync(join(inject("scratchDir"), "backup-kill-")), "one.backup");
      expect((await cli(["backup", "--output", file])).code).toBe(0);
      await cli(["trade", "add", "--symbol", "BBB", "--side", "long", "--qty", "1", "--price", "10"]);
      const env = { TRADESENSE_HOME: cli.home, DATABASE_URL: own.database.url };
      await kill(await startPaused(["restore", file, "--yes"], env, "restore-load"));
      const symbols = await own.database.db.selectFrom("trades").select("symbol").orderBy("symbol").execute();
      expect(symbols.map((t) => t.symbol)).toEqual(["AAA", "BBB"]);
    },
    TIMEOUT,
  );
});
