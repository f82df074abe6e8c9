// Issue 18, defect 11: init checks all its input before it creates anything, an interrupted init leaves nothing (or
// is finished by the next one), and a journal without its user says so with exit 5.
import { existsSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cliFor } from "../support/cli.js";
import { describeEachBackend, serverAvailable, useDatabase } from "../support/databases.js";
import { tradesenseSync as run } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

describe("init on a new embedded journal", () => {
  it.each([
    [
      ["--timezone", "Mars/Olympus"],
      "error: unknown time zone 'Mars/Olympus': use an IANA name such as America/New_York or UTC\n",
    ],
    [
      ["--username", "bad name"],
      "error: invalid username 'bad name': use 1-50 letters, digits, '.', '_' or '-', starting with a letter or digit\n",
    ],
    [["--email", "no-at-sign"], "error: invalid email 'no-at-sign'\n"],
  ])("refuses %j with exit 2 and creates no data directory", (flags, message) => {
    const home = mkdtempSync(join(inject("scratchDir"), "init-input-"));
    expect(run(["init", "--yes", ...flags], { TRADESENSE_HOME: home })).toEqual({
      code: 2,
      stdout: "",
      stderr: message,
    });
    expect(existsSync(join(home, "data", "pglite"))).toBe(false);
  });

  it("leaves nothing when Ctrl-C is pressed at the first prompt, and a later init creates the journal", () => {
    const home = mkdtempSync(join(inject("scratchDir"), "init-cancel-"));
    const cancelled = runInTerminal(["init", "--timezone", "UTC"], [{ expect: "Username", send: "\u0003" }], {
      TRADESENSE_HOME: home,
    });
    expect(cancelled.code, plainText(cancelled.screen)).toBe(130);
    expect(existsSync(join(home, "data", "pglite"))).toBe(false);
    expect(run(["init", "--yes", "--username", "later", "--timezone", "UTC"], { TRADESENSE_HOME: home }).code).toBe(0);
  });
});

describe.runIf(serverAvailable())("init on a new server database", () => {
  const name = `tradesense_t_${inject("runId")}_init_${process.hrtime.bigint() % 1_000_000n}`;
  let url: string;
  const admin = () => new pg.Client({ connectionString: inject("serverAdminUrl") });
  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
    await client.end();
    const parsed = new URL(inject("serverAdminUrl"));
    parsed.pathname = `/${name}`;
    url = parsed.toString();
  });
  afterAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  });

  it("refuses --yes without --email, or without a password, before it migrates anything", async () => {
    const home = mkdtempSync(join(inject("scratchDir"), "init-server-"));
    const env = { TRADESENSE_HOME: home, DATABASE_URL: url };
    expect(run(["init", "--yes", "--username", "srv"], env)).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --email is required: it has no default on a server\n",
    });
    expect(run(["init", "--yes", "--username", "srv", "--email", "s@example.com"], env)).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --password-stdin is required to create a user on a server\n",
    });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const tables = await client.query("select count(*)::int as n from pg_tables where schemaname = 'public'");
    await client.end();
    expect(tables.rows).toEqual([{ n: 0 }]);
  });
});

describeEachBackend("a journal without its user", (backend) => {
  const own = useDatabase(backend);

  it("says so with exit 5 (a database problem), and init finishes it", async () => {
    const cli = cliFor(own.database);
    const expected =
      backend === "embedded"
        ? { code: 5, stdout: "", stderr: "error: no current user for this journal: run `tradesense init`\n" }
        : {
            code: 2,
            stdout: "",
            stderr: expect.stringMatching(
              /^error: not logged in to .*: run `tradesense user login` \(or `tradesense init`\)\n$/,
            ),
          };
    expect(await cli(["trade", "list"])).toEqual(expected);
    const init = await cli(
      ["init", "--yes", "--username", "finisher", "--email", "f@example.com", "--password-stdin"],
      { stdin: "a long enough password" },
    );
    expect(init.code).toBe(0);
    expect((await cli(["trade", "list"])).code).toBe(0);
  });
});
