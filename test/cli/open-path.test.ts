// Issue 18, defects 5-8: what opening the journal does when it is half-created, damaged, not writable, missing, or on
// a server whose client dies. Real processes on real data directories copied aside in a scratch home.
import { spawn } from "node:child_process";
import {
  chmodSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CLIENT_CHECK_INTERVAL_MS, openDatabase, READ_STATEMENT_TIMEOUT_MS } from "../../src/db/connect.js";
import { describeEachBackend, serverAvailable } from "../support/databases.js";
import { addTrade, bin, journalHome, runTradesense, takeJournal } from "../support/processes.js";

const TIMEOUT = 180_000;
const damagedAdvice = (dir: string) =>
  `copy the directory aside (\`mv ${dir} ${dir}.damaged\`), then restore your latest backup with \`tradesense restore\``;

function adminUrl(database: string): string {
  const url = new URL(inject("serverAdminUrl"));
  url.pathname = `/${database}`;
  return url.toString();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("serverAdminUrl") });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describeEachBackend("a journal that init never finished (defect 5)", (backend) => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let dropServerDatabase = async () => {};
  let where: string;
  beforeAll(async () => {
    home = mkdtempSync(join(inject("scratchDir"), "half-init-"));
    if (backend === "embedded") {
      // What an init killed before its migration transaction committed leaves: a database with no tables at all.
      where = join(home, "data", "pglite");
      mkdirSync(where, { recursive: true });
      const lite = await PGlite.create(where, { loadDataDir: new Blob([readFileSync(inject("embeddedTemplate"))]) });
      await lite.exec("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
      await lite.close();
      env = { TRADESENSE_HOME: home };
    } else {
      const name = `tradesense_t_${inject("runId")}_halfinit`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      dropServerDatabase = () =>
        admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => {});
      where = adminUrl(name);
      env = { TRADESENSE_HOME: home, DATABASE_URL: where };
    }
  }, TIMEOUT);
  afterAll(() => dropServerDatabase());

  const tables = async (): Promise<string[]> => {
    const query = "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1";
    if (backend === "embedded") {
      // An owner process a command started leaves first: the test opens the directory itself.
      const claim = await takeJournal(where);
      const lite = await PGlite.create(where);
      try {
        return (await lite.query<{ tablename: string }>(query)).rows.map((row) => row.tablename);
      } finally {
        await lite.close();
        await claim.release();
      }
    }
    const client = new pg.Client({ connectionString: where });
    await client.connect();
    try {
      return (await client.query<{ tablename: string }>(query)).rows.map((row) => row.tablename);
    } finally {
      await client.end();
    }
  };

  it(
    "is named by reading and writing commands with the one command that repairs it, and nothing is migrated",
    async () => {
      for (const args of [["trade", "list"], ["positions"], addTrade("NOPE")]) {
        const result = await runTradesense(args, env);
        expect({ args, code: result.code, stdout: result.stdout, stderr: result.stderr }).toEqual({
          args,
          code: 5,
          stdout: "",
          stderr: `error: the journal at ${where} was never fully created (init was interrupted): run \`tradesense init\`\n`,
        });
      }
      expect(await tables()).toEqual([]);
    },
    TIMEOUT,
  );
});

describe("damage to the embedded data directory (defect 6)", () => {
  let pristine: string;
  let tradesFile: string;
  beforeAll(async () => {
    // A journal created by a real `init` (initdb included), so it carries whatever options new journals get.
    pristine = mkdtempSync(join(inject("scratchDir"), "damage-"));
    const init = await runTradesense(["init", "--yes", "--username", "trader", "--timezone", "UTC"], {
      TRADESENSE_HOME: pristine,
    });
    expect(init.code).toBe(0);
    for (const symbol of ["AAA", "BBB", "CCC"]) {
      expect((await runTradesense(addTrade(symbol), { TRADESENSE_HOME: pristine })).code).toBe(0);
    }
    // The owner process the commands started leaves first: the journal is opened here, then copied, closed.
    await (await takeJournal(join(pristine, "data", "pglite"))).release();
    const lite = await PGlite.create(join(pristine, "data", "pglite"));
    try {
      expect((await lite.query<{ data_checksums: string }>("SHOW data_checksums")).rows).toEqual([
        { data_checksums: "on" },
      ]);
      await lite.exec("CHECKPOINT");
      tradesFile = (await lite.query<{ path: string }>("SELECT pg_relation_filepath('trades') AS path")).rows[0]
        ?.path as string;
    } finally {
      await lite.close();
    }
  }, TIMEOUT);

  /** A copy of the journal, damaged by `harm` in its data directory. */
  function damagedCopy(name: string, harm: (dataDir: string) => void): { home: string; dataDir: string } {
    const home = join(inject("scratchDir"), `${name}-${Math.random().toString(36).slice(2, 8)}`);
    cpSync(pristine, home, { recursive: true });
    // The config names the journal's user by its path: the copy is another path.
    const config = join(home, "config.json");
    writeFileSync(config, readFileSync(config, "utf8").replaceAll(pristine, home));
    const dataDir = join(home, "data", "pglite");
    harm(dataDir);
    return { home, dataDir };
  }

  it(
    "names four flipped bytes in the trades table as damage, and refuses writes from then on",
    async () => {
      const { home, dataDir } = damagedCopy("flipped", (dataDir) => {
        const fd = openSync(join(dataDir, tradesFile), "r+");
        writeSync(fd, Buffer.from([0xde, 0xad, 0xbe, 0xef]), 0, 4, 5000);
        closeSync(fd);
      });
      const env = { TRADESENSE_HOME: home };
      const list = await runTradesense(["trade", "list"], env);
      expect(list.stdout).toBe("");
      expect(list.stderr).toBe(
        `error: the journal at ${dataDir} is damaged (invalid page in block 0 of relation ${tradesFile}): ${damagedAdvice(dataDir)}\n`,
      );
      expect(list.code).toBe(5);
      const add = await runTradesense(addTrade("DDD"), env);
      expect(add.code).toBe(5);
      expect(add.stderr).toMatch(
        new RegExp(
          `^error: the journal at ${dataDir} is damaged \\(a read failed since \\d{4}-\\d\\d-\\d\\dT[^)]*\\) and takes no writes: `,
        ),
      );
      expect(add.stderr.trim().split("\n")).toHaveLength(1);
    },
    TIMEOUT,
  );

  it(
    "names a truncated table file, pg_control or WAL segment as damage in one line",
    async () => {
      const harms: [string, (dataDir: string) => void, RegExp][] = [
        ["table", (d) => truncateSync(join(d, tradesFile), 100), /damaged \(.*\): copy the directory aside/],
        [
          "control",
          (d) => truncateSync(join(d, "global", "pg_control"), 0),
          /damaged \(the database engine stopped reading its files\)/,
        ],
        [
          "wal",
          (d) => {
            for (const segment of readdirSync(join(d, "pg_wal")).filter((f) => /^[0-9A-F]{24}$/.test(f))) {
              truncateSync(join(d, "pg_wal", segment), 100);
            }
          },
          /damaged \(the database engine stopped reading its files\)/,
        ],
      ];
      for (const [name, harm, expected] of harms) {
        const { home } = damagedCopy(name, harm);
        const result = await runTradesense(["trade", "list"], { TRADESENSE_HOME: home });
        expect({
          name,
          code: result.code,
          stdout: result.stdout,
          lines: result.stderr.trim().split("\n").length,
        }).toEqual({
          name,
          code: 5,
          stdout: "",
          lines: 1,
        });
        expect(result.stderr).toMatch(expected);
        expect(result.stderr).not.toMatch(/Aborted|ASSERTIONS|at .*\.js/);
      }
    },
    TIMEOUT,
  );
});

describe("an embedded data directory that cannot be written, or does not exist (defect 8)", () => {
  it(
    "says the journal is not writable and what to do, instead of 'PGlite failed to initialize'",
    async () => {
      const { home, dataDir } = await journalHome("readonly");
      const asRoot = process.getuid?.() === 0;
      // root writes anywhere: the command runs as nobody, who may read the journal but not write it.
      if (asRoot) {
        for (let dir = home; dir !== "/"; dir = join(dir, "..")) chmodSync(dir, 0o755);
        chmodTree(dataDir, 0o755, 0o644);
        chmodSync(join(home, "config.json"), 0o644);
      } else {
        chmodTree(dataDir, 0o555, 0o444);
      }
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        // The owner process off: the command must open the directory itself to find it is not writable.
        const child = spawn(bin, ["trade", "list"], {
          env: { PATH: process.env.PATH, HOME: home, TRADESENSE_HOME: home, TRADESENSE_OWNER: "off" },
          ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("close", (code) => resolve({ code, stdout, stderr }));
      });
      expect(result).toEqual({
        code: 5,
        stdout: "",
        stderr: `error: cannot write to the journal at ${dataDir} (permission denied): even reading needs write access to it; give your user write permission on it (for example \`chmod -R u+w ${dataDir}\`) or run as the user who owns it\n`,
      });
    },
    TIMEOUT,
  );

  it("a reading command on a data path that does not exist creates nothing and says to run init", async () => {
    const home = mkdtempSync(join(inject("scratchDir"), "missing-"));
    const dataDir = join(home, "usb", "journal", "pglite");
    writeFileSync(join(home, "config.json"), JSON.stringify({ database: { embeddedPath: dataDir } }));
    for (const args of [["trade", "list"], ["positions"], ["db", "status"]]) {
      const result = await runTradesense(args, { TRADESENSE_HOME: home });
      expect({ args, code: result.code, stderr: result.stderr }).toEqual({
        args,
        code: 5,
        stderr: `error: no journal at ${dataDir}: run \`tradesense init\` first\n`,
      });
    }
    expect(existsSync(join(home, "usb"))).toBe(false);
  });

  it("a trade add with a bad value names the value before it finds there is no journal", async () => {
    const home = mkdtempSync(join(inject("scratchDir"), "no-journal-"));
    const bad = await runTradesense(
      ["trade", "add", "--symbol", "AAPL", "--side", "long", "--qty", "abc", "--price", "10"],
      { TRADESENSE_HOME: home },
    );
    expect({ code: bad.code, stderr: bad.stderr }).toEqual({
      code: 2,
      stderr: "error: --qty must be a number, got 'abc'\n",
    });
    const good = await runTradesense(
      ["trade", "add", "--symbol", "AAPL", "--side", "long", "--qty", "10", "--price", "10"],
      { TRADESENSE_HOME: home },
    );
    expect(good.code).toBe(5);
    expect(good.stderr).toMatch(/^error: no journal at .*: run `tradesense init` first\n$/);
  });
});

function chmodTree(path: string, dirMode: number, fileMode: number): void {
  chmodSync(path, dirMode);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chmodTree(child, dirMode, fileMode);
    else chmodSync(child, fileMode);
  }
}

describe.runIf(serverAvailable())("server sessions (defect 7)", () => {
  let name: string;
  beforeAll(async () => {
    name = `tradesense_t_${inject("runId")}_sessions`;
    await admin((client) => client.query(`CREATE DATABASE ${name}`));
  });
  afterAll(() => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));

  it("checks that the client is there during a statement, and gives reading commands a statement timeout", async () => {
    for (const readOnly of [true, false]) {
      const opened = await openDatabase({ kind: "server", url: adminUrl(name) }, { readOnly });
      try {
        const settings = await sql<{ check: string; timeout: string }>`
          SELECT current_setting('client_connection_check_interval') AS check,
                 current_setting('statement_timeout') AS timeout`.execute(opened.db);
        expect({ readOnly, ...settings.rows[0] }).toEqual({
          readOnly,
          check: `${CLIENT_CHECK_INTERVAL_MS / 1000}s`,
          timeout: readOnly ? `${READ_STATEMENT_TIMEOUT_MS / 60_000}min` : "0",
        });
      } finally {
        await opened.close();
      }
    }
  });

  it(
    "ends the session of a client killed with kill -9 mid-statement, freeing its advisory lock",
    async () => {
      // A client as the CLI opens it, holding an advisory lock (as an import holds the user's) in a long statement.
      const script = `
        import { sql } from "kysely";
        import { openDatabase } from ${JSON.stringify(join(import.meta.dirname, "../../src/db/connect.ts"))};
        const opened = await openDatabase({ kind: "server", url: process.env.URL });
        await opened.db.connection().execute(async (db) => {
          const { rows } = await sql\`SELECT pg_backend_pid() AS pid, pg_advisory_lock(4242)\`.execute(db);
          process.stdout.write("holding " + rows[0].pid + "\\n");
          await sql\`SELECT pg_sleep(600)\`.execute(db);
        });`;
      const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], {
        env: { PATH: process.env.PATH, URL: adminUrl(name) },
        cwd: join(import.meta.dirname, "../.."),
        stdio: ["ignore", "pipe", "inherit"],
      });
      const backendPid = await new Promise<number>((resolve, reject) => {
        let out = "";
        child.stdout.on("data", (d) => {
          out += d;
          const match = /holding (\d+)/.exec(out);
          if (match) resolve(Number(match[1]));
        });
        child.on("close", (code) => reject(new Error(`client ended (${code}) before holding the lock`)));
      });
      child.kill("SIGKILL");
      // A bounded poll: the session must be gone within 15 s (it ran on for the statement's 600 s before).
      let alive = true;
      for (let attempt = 0; attempt < 60 && alive; attempt++) {
        alive = await admin(async (client) => {
          const { rows } = await client.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1", [backendPid]);
          return rows.length > 0;
        });
        if (alive) await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(alive).toBe(false);
      const free = await admin(async (client) => (await client.query("SELECT pg_try_advisory_lock(4242) AS got")).rows);
      expect(free).toEqual([{ got: true }]);
    },
    TIMEOUT,
  );
});
