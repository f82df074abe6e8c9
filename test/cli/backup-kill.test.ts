// kill -9 in the middle of a backup or a restore leaves no partial file under the final name and no half-restored
// journal. The built CLI runs as a real process; TRADESENSE_TEST_PAUSE stops it at a named moment (it says so on
// stderr), so the kill lands exactly there rather than after a guessed delay.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cliFor } from "../support/cli.js";
import { createTestDatabase, serverAvailable, type TestDatabase } from "../support/databases.js";

const bin = join(import.meta.dirname, "../../bin/tradesense");
const run = promisify(execFile);

function baseEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TRADESENSE_OWNER: "off", ...env };
}

async function tradesense(args: string[], env: NodeJS.ProcessEnv, stdin?: string) {
  const child = run(bin, args, { env: baseEnv(env), encoding: "utf8" });
  child.child.stdin?.end(stdin ?? "");
  return child;
}

/** Starts the CLI paused at `moment`; resolves once it says it is there. */
async function startPaused(args: string[], env: NodeJS.ProcessEnv, moment: string): Promise<ChildProcess> {
  const child = spawn(bin, args, {
    env: baseEnv({ ...env, TRADESENSE_TEST_PAUSE: moment }),
    stdio: ["ignore", "ignore", "pipe"],
  });
  await new Promise<void>((resolve, reject) => {
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes(`paused at ${moment}`)) resolve();
    });
    // "close", not "exit": stderr is read to its end, so the error line is in the message.
    child.on("close", (code) => reject(new Error(`exited ${code} before pausing: ${stderr}`)));
  });
  return child;
}

async function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.on("exit", resolve));
  child.kill("SIGKILL");
  await exited;
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
    env = { TRADESENSE_HOME: join(dir, "home") };
    await tradesense(["init", "--yes", "--username", "k"], env);
    for (const symbol of ["AAA", "BBB"]) {
      await tradesense(["trade", "add", "--symbol", symbol, "--side", "long", "--qty", "1", "--price", "10"], env);
    }
    backup = join(dir, "two-trades.backup");
    await tradesense(["backup", "--output", backup], env);
    await tradesense(["trade", "add", "--symbol", "CCC", "--side", "long", "--qty", "1", "--price", "10"], env);
  }, 180_000);

  it("a backup killed while writing leaves nothing under the final name", async () => {
    const target = join(dir, "killed.backup");
    await kill(await startPaused(["backup", "--output", target], env, "backup-write"));
    expect(existsSync(target)).toBe(false);
    expect(readdirSync(dir).filter((name) => name.startsWith("killed"))).toEqual([]);
    // The journal is fine and the next backup completes.
    await tradesense(["backup", "--output", target], env);
    const { stdout } = await tradesense(["backup", "verify", target, "--json"], env);
    expect(JSON.parse(stdout).restoredCounts.trades).toBe(3);
  });

  it("a restore killed with every row loaded but not committed leaves the journal as it was", async () => {
    expect(await tradeSymbols(env)).toEqual(["AAA", "BBB", "CCC"]);
    await kill(await startPaused(["restore", backup, "--yes"], env, "restore-load"));
    expect(await tradeSymbols(env)).toEqual(["AAA", "BBB", "CCC"]);
    await tradesense(["restore", backup, "--yes"], env);
    expect(await tradeSymbols(env)).toEqual(["AAA", "BBB"]);
  });
});

describe.runIf(serverAvailable())("killing a restore on the server", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("server");
  });
  afterAll(async () => {
    await database?.close();
  });

  it("rolls back: the user's rows are as they were", async () => {
    const cli = cliFor(database);
    await cli(["init", "--yes", "--username", "k", "--email", "k@example.com", "--password-stdin"], {
      stdin: "long enough pw",
    });
    await cli(["trade", "add", "--symbol", "AAA", "--side", "long", "--qty", "1", "--price", "10"]);
    const file = join(mkdtempSync(join(inject("scratchDir"), "backup-kill-")), "one.backup");
    expect((await cli(["backup", "--output", file])).code).toBe(0);
    await cli(["trade", "add", "--symbol", "BBB", "--side", "long", "--qty", "1", "--price", "10"]);
    const env = { TRADESENSE_HOME: cli.home, DATABASE_URL: database.url };
    await kill(await startPaused(["restore", file, "--yes"], env, "restore-load"));
    const symbols = await database.db.selectFrom("trades").select("symbol").orderBy("symbol").execute();
    expect(symbols.map((t) => t.symbol)).toEqual(["AAA", "BBB"]);
  });
});
