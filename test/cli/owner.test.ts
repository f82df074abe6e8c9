// One owner for the embedded journal (issue 11): real tradesense processes side by side on one data directory. Each
// waits for the one that has it open, nothing is lost, the tables agree with their indexes, a killed holder blocks
// nobody, and a wait that runs out says who holds the journal. The embedded journal only: a server has many sessions.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { amcheck } from "@electric-sql/pglite/contrib/amcheck";
import { describe, expect, it } from "vitest";
import {
  addTrade,
  type Finished,
  runTradesense as run,
  journalHome as scratchJournal,
  startTradesense as start,
  takeJournal,
} from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

// Twenty commands in turn, each starting PGlite: minutes on a loaded two-core machine. Generous, never timed.
const TIMEOUT = 1_200_000;

/** N fills of one symbol, alternately Buy 10 and Sell 10: N/2 closed trades, each with its own execution ids. */
function fillsFile(dir: string, symbol: string, count: number): string {
  const lines = ["Date,Symbol,Side,Quantity,Price,Commission,Account,Execution ID"];
  for (let i = 0; i < count; i++) {
    const minute = String(i % 60).padStart(2, "0");
    const hour = String(10 + Math.floor(i / 60)).padStart(2, "0");
    lines.push(
      `2024-03-01 ${hour}:${minute}:00,${symbol},${i % 2 === 0 ? "Buy" : "Sell"},10,${100 + (i % 7)}.25,0,U1,${symbol}-${i}`,
    );
  }
  const path = join(dir, `${symbol}.csv`);
  writeFileSync(path, `${lines.join("\n")}\n`);
  return path;
}

interface JournalFacts {
  executionsBySymbol: Record<string, number>;
  tradesBySymbol: Record<string, number>;
  closedBySymbol: Record<string, number>;
}

/**
 * Opens the data directory once every process has ended: row counts by sequential scan and by index must agree,
 * amcheck must find every heap row in every btree index, and the facts a user would check are returned.
 */
async function inspect(dataDir: string): Promise<JournalFacts> {
  // An owner process may still have the directory open: it is asked to leave, and the claim taken, first.
  const claim = await takeJournal(dataDir);
  const lite = await PGlite.create(dataDir, { extensions: { amcheck } });
  try {
    for (const table of ["trades", "executions", "trade_executions", "import_history", "audit_logs", "api_usage"]) {
      await lite.exec("SET enable_seqscan = on; SET enable_indexscan = off; SET enable_bitmapscan = off");
      const bySeq = await lite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      await lite.exec("SET enable_seqscan = off; SET enable_indexscan = on; SET enable_bitmapscan = on");
      const byIndex = await lite.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`);
      expect(byIndex.rows[0]?.n, `${table}: index count against table count`).toBe(bySeq.rows[0]?.n);
    }
    await lite.exec("RESET ALL; CREATE EXTENSION IF NOT EXISTS amcheck");
    const indexes = await lite.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
         JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE a.amname = 'btree' AND n.nspname = 'public'`,
    );
    expect(indexes.rows.length).toBeGreaterThan(10);
    for (const { name } of indexes.rows) {
      await lite.query(`SELECT bt_index_check('public.${name}'::regclass, true)`);
    }
    const count = async (query: string) =>
      Object.fromEntries(
        (await lite.query<{ symbol: string; n: number }>(query)).rows.map((row) => [row.symbol, row.n]),
      ) as Record<string, number>;
    return {
      executionsBySymbol: await count("SELECT symbol, count(*)::int AS n FROM executions GROUP BY symbol"),
      tradesBySymbol: await count("SELECT symbol, count(*)::int AS n FROM trades GROUP BY symbol"),
      closedBySymbol: await count(
        "SELECT symbol, count(*)::int AS n FROM trades WHERE exit_date IS NOT NULL GROUP BY symbol",
      ),
    };
  } finally {
    await lite.close();
    await claim.release();
  }
}

function expectSuccess(results: Finished[]): void {
  for (const result of results) {
    expect({ args: result.args.join(" "), code: result.code, stderr: result.stderr }).toEqual({
      args: result.args.join(" "),
      code: 0,
      stderr: expect.not.stringMatching(/error|unexpected/),
    });
  }
}

// Every test runs twice: each command opening the journal itself, and through the journal's owner process.
describe.each(["off", "auto"])("one owner for the embedded journal (TRADESENSE_OWNER=%s)", (owner) => {
  const journalHome = (prefix: string) => scratchJournal(`${prefix}-${owner}`);
  const startTradesense = (args: string[], env: NodeJS.ProcessEnv) => start(args, { TRADESENSE_OWNER: owner, ...env });
  const runTradesense = (args: string[], env: NodeJS.ProcessEnv) => run(args, { TRADESENSE_OWNER: owner, ...env });

  it(
    "makes a second import wait for the first, and keeps every fill of both",
    async () => {
      const { home, dataDir } = await journalHome("owner-imports");
      const first = startTradesense(["import", "csv", fillsFile(home, "IMPA", 40)], {
        TRADESENSE_HOME: home,
        TRADESENSE_TEST_HOOK: "pause",
      });
      await first.stderrShows("test-hook: holding the journal");
      const second = startTradesense(["import", "csv", fillsFile(home, "IMPB", 20)], {
        TRADESENSE_HOME: home,
        TRADESENSE_TEST_HOOK: "announce",
      });
      await second.stderrShows("test-hook: waiting for the journal");
      first.child.kill("SIGUSR2");
      expectSuccess(await Promise.all([first.finished, second.finished]));
      const facts = await inspect(dataDir);
      expect(facts.executionsBySymbol).toEqual({ IMPA: 40, IMPB: 20 });
      expect(facts.closedBySymbol).toEqual({ IMPA: 20, IMPB: 10 });
    },
    TIMEOUT,
  );

  it(
    "runs imports and trade adds started at the same moment one after the other, losing nothing",
    async () => {
      const { home, dataDir } = await journalHome("owner-race");
      const env = { TRADESENSE_HOME: home };
      const results = await Promise.all([
        runTradesense(["import", "csv", fillsFile(home, "RACEA", 60)], env),
        runTradesense(["import", "csv", fillsFile(home, "RACEB", 40)], env),
        runTradesense(addTrade("ADDA"), env),
        runTradesense(addTrade("ADDB"), env),
      ]);
      expectSuccess(results);
      const facts = await inspect(dataDir);
      expect(facts.executionsBySymbol).toEqual({ RACEA: 60, RACEB: 40 });
      expect(facts.tradesBySymbol).toEqual({ RACEA: 30, RACEB: 20, ADDA: 1, ADDB: 1 });
    },
    TIMEOUT,
  );

  it(
    "lets trade list and positions read only after a trade close that holds the journal has finished",
    async () => {
      const { home } = await journalHome("owner-read");
      const env = { TRADESENSE_HOME: home };
      expectSuccess([await runTradesense(addTrade("READ"), env)]);
      const close = startTradesense(["trade", "close", "1", "--price", "60"], {
        ...env,
        TRADESENSE_TEST_HOOK: "pause",
      });
      await close.stderrShows("test-hook: holding the journal");
      const list = startTradesense(["trade", "list", "--json"], { ...env, TRADESENSE_TEST_HOOK: "announce" });
      const positions = startTradesense(["positions", "--json"], { ...env, TRADESENSE_TEST_HOOK: "announce" });
      await list.stderrShows("test-hook: waiting for the journal");
      await positions.stderrShows("test-hook: waiting for the journal");
      close.child.kill("SIGUSR2");
      const results = await Promise.all([close.finished, list.finished, positions.finished]);
      expectSuccess(results);
      // Both readers waited for the close: they see it (5 x (60 - 50) = 50.00) and no open position.
      const listed = JSON.parse((results[1] as Finished).stdout);
      const closed = listed.trades.map((t: { id: number; status: string; exitPrice: string; pnl: string }) => [
        t.id,
        t.status,
        t.exitPrice,
        t.pnl,
      ]);
      expect(closed).toEqual([[1, "closed", "60.0000000000", "50.00"]]);
      expect(JSON.parse((results[2] as Finished).stdout)).toEqual({ version: 1, positions: [] });
    },
    TIMEOUT,
  );

  it(
    "runs 20 mixed commands from 4 processes at once: all succeed and every row is there",
    async () => {
      const { home, dataDir } = await journalHome("owner-mixed");
      const env = { TRADESENSE_HOME: home };
      const worker = async (n: number): Promise<Finished[]> => {
        const done: Finished[] = [];
        for (const args of [
          addTrade(`W${n}A`),
          ["import", "csv", fillsFile(home, `W${n}I`, 10)],
          ["trade", "list"],
          addTrade(`W${n}B`),
          ["positions"],
        ]) {
          done.push(await runTradesense(args, env));
        }
        return done;
      };
      const results = (await Promise.all([1, 2, 3, 4].map(worker))).flat();
      expect(results).toHaveLength(20);
      expect(results.filter((r) => r.code === 1)).toEqual([]);
      expectSuccess(results);
      const facts = await inspect(dataDir);
      const expected: Record<string, number> = {};
      for (const n of [1, 2, 3, 4]) Object.assign(expected, { [`W${n}A`]: 1, [`W${n}B`]: 1, [`W${n}I`]: 5 });
      expect(facts.tradesBySymbol).toEqual(expected);
      expect(facts.executionsBySymbol).toEqual({ W1I: 10, W2I: 10, W3I: 10, W4I: 10 });
    },
    TIMEOUT,
  );

  it(
    "lets the next command in at once when the holder is killed with kill -9",
    async () => {
      const { home, dataDir } = await journalHome("owner-kill");
      const holder = startTradesense(addTrade("KILLED"), { TRADESENSE_HOME: home, TRADESENSE_TEST_HOOK: "pause" });
      await holder.stderrShows("test-hook: holding the journal");
      // A wait far longer than the test's own timeout: the waiter only gets in if the kernel freed the claim.
      const waiter = startTradesense([...addTrade("AFTER"), "--wait", "3600"], {
        TRADESENSE_HOME: home,
        TRADESENSE_TEST_HOOK: "announce",
      });
      await waiter.stderrShows("test-hook: waiting for the journal");
      holder.child.kill("SIGKILL");
      expect((await holder.finished).signal).toBe("SIGKILL");
      expectSuccess([await waiter.finished]);
      const facts = await inspect(dataDir);
      expect(facts.tradesBySymbol).toEqual({ AFTER: 1 });
    },
    TIMEOUT,
  );

  it(
    "exits 5 with one line naming the holder when --wait runs out, and says once in a terminal what it waits for",
    async () => {
      const { home } = await journalHome("owner-timeout");
      const holder = startTradesense(["import", "csv", fillsFile(home, "HOLD", 10)], {
        TRADESENSE_HOME: home,
        TRADESENSE_TEST_HOOK: "pause",
      });
      await holder.stderrShows("test-hook: holding the journal");
      const dataDir = join(home, "data", "pglite");
      const refusal = `error: the journal at ${dataDir} is in use by tradesense import csv (pid ${holder.pid}); gave up after waiting 1 s (--wait SECONDS waits longer)`;
      // Both wait out their second side by side (the terminal run blocks this process; the other runs meanwhile).
      const waiting = runTradesense(["trade", "list", "--wait", "1"], { TRADESENSE_HOME: home });
      const terminal = runInTerminal(["positions", "--wait", "1"], [], {
        TRADESENSE_HOME: home,
        TRADESENSE_OWNER: owner,
      });
      expect(await waiting).toMatchObject({ code: 5, stdout: "", stderr: `${refusal}\n` });
      expect(terminal.code).toBe(5);
      const screen = plainText(terminal.screen).trim().split("\n");
      expect(screen).toEqual([`waiting for tradesense import csv (pid ${holder.pid}) to finish...`, refusal]);

      // Commands that need no database never wait, even with --wait 0.
      const noDatabase = [["--version"], ["trade", "list", "--help"], ["completion", "bash"], ["import", "formats"]];
      const answers = await Promise.all(
        noDatabase.map((args) => runTradesense([...args, "--wait", "0"], { TRADESENSE_HOME: home })),
      );
      expect(answers.map((result, i) => ({ args: noDatabase[i], code: result.code, stderr: result.stderr }))).toEqual(
        noDatabase.map((args) => ({ args, code: 0, stderr: "" })),
      );
      holder.child.kill("SIGUSR2");
      expectSuccess([await holder.finished]);
    },
    TIMEOUT,
  );
});
