// A kill in the middle of an import leaves nothing of the file behind, and the next import marks that run failed.
// TRADESENSE_TEST_PAUSE stops the import where its new fills are written inside its transaction and not committed
// (it says so on stderr), so the kill lands exactly there rather than after a guessed delay.
import { mkdtempSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { generateFills } from "../../bench/generate-fills.js";
import { openDatabase } from "../../src/db/connect.js";
import { cliFor } from "../support/cli.js";
import { createTestDatabase, serverAvailable, type TestDatabase } from "../support/databases.js";
import { journalHome, runTradesense, startTradesense } from "../support/processes.js";

/** Starts `import csv file`, stopped inside its transaction with the file's fills written; kills it there. */
async function killImportMidTransaction(file: string, env: NodeJS.ProcessEnv): Promise<void> {
  const importing = startTradesense(["import", "csv", file], { ...env, TRADESENSE_TEST_PAUSE: "import-stored" });
  await importing.stderrShows("paused at import-stored");
  importing.child.kill("SIGKILL");
  await importing.finished;
}

describe.runIf(serverAvailable())("killing an import on the server", () => {
  let database: TestDatabase;
  let file: string;
  beforeAll(async () => {
    database = await createTestDatabase("server");
    const dir = mkdtempSync(join(inject("scratchDir"), "kill-"));
    file = join(dir, "big.csv");
    await generateFills(file, 2_000);
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
    await killImportMidTransaction(file, { TRADESENSE_HOME: cli.home, DATABASE_URL: database.url });

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
    const { home, dataDir } = await journalHome("kill-embedded");
    const file = join(home, "big.csv");
    await generateFills(file, 40_000);
    // The owner process off: this is the kill of a command that has the data directory open itself, and the journal
    // PGlite recovers from it (a client killed while an owner serves it is test/cli/owner-process.test.ts's).
    const env = { TRADESENSE_HOME: home, TRADESENSE_OWNER: "off" };
    // Its 40,000 new fills written inside the import's transaction and not committed.
    await killImportMidTransaction(file, env);

    const opened = await openDatabase({ kind: "embedded", path: dataDir });
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
    const again = await runTradesense(["import", "csv", small, "--json"], env);
    // 10 fills on 10 symbols into an empty journal: a sell past the shares held says Short (bench/generate-fills.ts),
    // so nothing is left unmatched and the import is clean (exit 0); the killed run is marked failed.
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imports[0]).toMatchObject({
      newFills: 10,
      unmatched: [],
      interruptedRunsFailed: 1,
    });
    // Two processes each start PGlite, and 40,000 fills are read: minutes on a busy machine, not a timing limit.
  }, 300_000);
});
