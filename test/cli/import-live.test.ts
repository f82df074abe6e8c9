// Issue 18, defect 4: an import waiting for the user's import lock is alive, and another import must not mark it
// failed. Two real CLI processes against the server (the embedded journal is one process's at a time, so there no
// import can be waiting while another runs).
import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import pg from "pg";
import { describe, expect, inject, it } from "vitest";
import { cliFor, initUser } from "../support/cli.js";
import { serverAvailable, useDatabase } from "../support/databases.js";
import { runTradesense } from "../support/processes.js";

/** The user's import lock (db/import-history.ts#lockUserImports). */
const USER_IMPORTS = 7_310_001;

const runImport = (file: string, env: NodeJS.ProcessEnv) => runTradesense(["import", "csv", file, "--json"], env);

describe.runIf(serverAvailable())("an import waiting for the user's import lock [server]", () => {
  const own = useDatabase("server");

  /** Polls (a safety-net deadline, not a timing) until `count` imports wait for the advisory lock. */
  async function waitForWaiters(count: number) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      const waiting = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and not granted and classid = ${USER_IMPORTS}`.execute(own.database.db);
      if (Number(waiting.rows[0]?.n ?? 0) >= count) return;
      if (Date.now() > deadline) throw new Error(`fewer than ${count} imports waiting`);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  it("is never marked failed by another import that starts meanwhile; both complete", async () => {
    const cli = cliFor(own.database);
    await initUser(cli, "UTC", "waiter");
    const user = await own.database.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
    const dir = mkdtempSync(join(inject("scratchDir"), "import-live-"));
    const header = "Date,Symbol,Side,Quantity,Price,Commission,Account,Execution ID\n";
    const first = join(dir, "first.csv");
    const second = join(dir, "second.csv");
    writeFileSync(first, `${header}2024-03-01 10:00:00,AAA,Buy,10,10.00,0,U1,A1\n`);
    writeFileSync(second, `${header}2024-03-01 10:00:00,BBB,Buy,10,10.00,0,U1,B1\n`);

    // The test holds the user's import lock, as a long import would, while two imports start.
    const holder = new pg.Client({ connectionString: own.database.url });
    await holder.connect();
    try {
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock($1, $2)", [USER_IMPORTS, user.id]);
      const env = { TRADESENSE_HOME: cli.home, DATABASE_URL: own.database.url };
      const one = runImport(first, env);
      await waitForWaiters(1);
      const two = runImport(second, env);
      await waitForWaiters(2);
      const statuses = await own.database.db.selectFrom("import_history").select("status").orderBy("id").execute();
      expect(statuses).toEqual([{ status: "processing" }, { status: "processing" }]);
      await holder.query("commit");
      const results = await Promise.all([one, two]);
      for (const result of results) {
        expect(result.stderr).toBe("");
        expect(result.code).toBe(0);
        expect(JSON.parse(result.stdout).imports[0]).toMatchObject({ status: "completed", interruptedRunsFailed: 0 });
      }
    } finally {
      await holder.end();
    }
    const history = await own.database.db
      .selectFrom("import_history")
      .select(["status", "errors"])
      .orderBy("id")
      .execute();
    expect(history).toEqual([
      { status: "completed", errors: [] },
      { status: "completed", errors: [] },
    ]);
    const failures = await own.database.db
      .selectFrom("audit_logs")
      .select("action")
      .where("action", "=", "import.fail")
      .execute();
    expect(failures).toEqual([]);
  });
});
