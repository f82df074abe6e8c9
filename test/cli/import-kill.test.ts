// A kill in the middle of an import leaves nothing of the file behind, and the next import marks that run failed.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateFills } from "../../bench/generate-fills.js";
import { openDatabase } from "../../src/db/connect.js";
import { cliFor } from "../support/cli.js";
import { createTestDatabase, serverAvailable, type TestDatabase } from "../support/databases.js";

const bin = join(import.meta.dirname, "../../bin/tradesense");
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function startImport(file: string, env: NodeJS.ProcessEnv) {
  return spawn(bin, ["import", "csv", file], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, TRADESENSE_OWNER: "off", ...env },
    stdio: "ignore",
  });
}

describe.runIf(serverAvailable())("killing an import on the server", () => {
  let database: TestDatabase;
  let file: string;
  beforeAll(async () => {
    database = await createTestDatabase("server");
    const dir = mkdtempSync(join(inject("scratchDir"), "kill-"));
    file = join(dir, "big.csv");
    await generateFills(file, 60_000);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("rolls back everything written mid-transaction, and the next run marks the run failed", async () => {
    const cli = cliFor(database);
    expect(
      (
        await cli(["init", "--yes", "--username", "k", "--email", "k@example.com", "--password-stdin"], {
          stdin: "long enough pw",
        })
      ).code,
    ).toBe(0);
    const child = startImport(file, { TRADESENSE_HOME: cli.home, DATABASE_URL: database.url });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    const deadline = Date.now() + 60_000;
    let status: string | null | undefined;
    while (Date.now() < deadline) {
      status = (await database.db.selectFrom("import_history").select("status").executeTakeFirst())?.status;
      if (status === "processing") break;
      await sleep(50);
    }
    expect(status).toBe("processing");
    await sleep(700); // well inside the transaction: 60,000 rows take seconds
    child.kill("SIGKILL");
    await exited;

    const counts = await sql<{ fills: number; trades: number }>`
      select (select count(*) from executions) as fills, (select count(*) from trades) as trades`.execute(database.db);
    expect(counts.rows[0]).toEqual({ fills: 0, trades: 0 });
    expect((await database.db.selectFrom("import_history").select("status").execute()).map((r) => r.status)).toEqual([
      "processing",
    ]);

    const small = join(inject("scratchDir"), `small-${Date.now()}.csv`);
    await generateFills(small, 10);
    const next = await cli(["import", "csv", small, "--json"]);
    expect(JSON.parse(next.stdout).imports[0]).toMatchObject({ newFills: 10, interruptedRunsFailed: 1 });
    const history = await database.db.selectFrom("import_history").select(["status", "errors"]).orderBy("id").execute();
    expect(history).toEqual([
      {
        status: "failed",
        errors: [{ line: null, column: null, value: null, reason: "interrupted: nothing from this file was saved" }],
      },
      { status: "completed", errors: [] },
    ]);
  });
});

describe("killing an import on the embedded database", () => {
  it("leaves nothing of the file when killed mid-transaction, and the journal opens and imports again", async () => {
    const home = mkdtempSync(join(inject("scratchDir"), "kill-embedded-"));
    const file = join(home, "big.csv");
    await generateFills(file, 40_000);
    const env = { TRADESENSE_HOME: home };
    const init = spawn(bin, ["init", "--yes", "--username", "k"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TRADESENSE_OWNER: "off", ...env },
      stdio: "ignore",
    });
    expect(await new Promise((resolve) => init.on("exit", resolve))).toBe(0);
    // Stopped where its 40,000 new fills are written inside the import's transaction and not committed.
    const child = spawn(bin, ["import", "csv", file], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        TRADESENSE_OWNER: "off",
        ...env,
        TRADESENSE_TEST_PAUSE: "import-stored",
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    const exited = new Promise((resolve) => child.on("exit", resolve));
    let stderr = "";
    await new Promise<void>((resolve, reject) => {
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (stderr.includes("paused at import-stored")) resolve();
      });
      child.on("exit", () => reject(new Error(`import ended before its pause: ${stderr}`)));
    });
    child.kill("SIGKILL");
    await exited;

    const opened = await openDatabase({ kind: "embedded", path: join(home, "data", "pglite") });
    try {
      const fills = Number(
        (await sql<{ n: number }>`select count(*) as n from executions`.execute(opened.db)).rows[0]?.n,
      );
      const runs = await opened.db.selectFrom("import_history").select("status").execute();
      expect(fills).toBe(0);
      // The run's own row was committed before its transaction began: it stays, never 'completed'.
      expect(runs.map((r) => r.status)).toEqual(["processing"]);
    } finally {
      await opened.close();
    }
    const small = join(home, "small.csv");
    await generateFills(small, 10);
    const again = spawn(bin, ["import", "csv", small, "--json"], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, TRADESENSE_OWNER: "off", ...env },
      stdio: ["ignore", "pipe", "ignore"],
    });
    let stdout = "";
    again.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    // 10 fills on 10 symbols into an empty journal: a sell past the shares held says Short (bench/generate-fills.ts),
    // so nothing is left unmatched and the import is clean (exit 0); the killed run is marked failed.
    expect(await new Promise((resolve) => again.on("exit", resolve))).toBe(0);
    expect(JSON.parse(stdout).imports[0]).toMatchObject({ newFills: 10, unmatched: [], interruptedRunsFailed: 1 });
    // Three processes each start PGlite, and 40,000 fills are read: minutes on a busy machine, not a timing limit.
  }, 300_000);
});
