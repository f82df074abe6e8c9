// A long `trade list` streams: every row in order off a terminal and as one valid JSON document, and on a terminal
// through the user's pager (a recording PAGER in a real pseudo-terminal), never through it off one. Real processes
// on an embedded journal on disk and on the server.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { openDatabase } from "../../src/db/connect.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { journalHome, tradesenseSync } from "../support/processes.js";
import { plainText, runInTerminal } from "../support/pty.js";

const TRADES = 20_500;

describeEachBackend("trade list of 20,500 trades", (backend) => {
  let home: string;
  let env: NodeJS.ProcessEnv;
  let server: TestDatabase | undefined;

  const tradesense = (args: string[], extra: NodeJS.ProcessEnv = {}, input?: string) =>
    tradesenseSync(
      args,
      { ...env, ...extra },
      { maxBuffer: 256 * 1024 * 1024, ...(input !== undefined ? { input } : {}) },
    );

  beforeAll(async () => {
    const user = ["--username", "trader", "--email", "t@example.com", "--timezone", "America/New_York"];
    if (backend === "server") {
      home = mkdtempSync(join(inject("scratchDir"), "list-stream-"));
      server = await createTestDatabase("server");
      env = { TRADESENSE_HOME: home, DATABASE_URL: server.url };
      const init = tradesense(["init", "--yes", ...user, "--password-stdin"], {}, "a long enough password");
      expect(init.code, init.stderr).toBe(0);
    } else {
      // A copy of the migrated template with its user made by init: no initdb, which is not what is tested here.
      ({ home } = await journalHome("list-stream", {}, user));
      env = { TRADESENSE_HOME: home };
    }
    const opened = server ?? (await openDatabase({ kind: "embedded", path: join(home, "data", "pglite") }));
    // Trade i: T<i>, entered i minutes after 2024-01-01 00:00 UTC, closed 30 minutes later, 1 share 10 -> 11.
    await sql`INSERT INTO trades (user_id, symbol, side, quantity, entry_price, exit_price, entry_date, exit_date,
        commission, status)
      SELECT (SELECT id FROM users WHERE username = 'trader'), 'T' || i, 'long', 1, 10, 11,
        timestamp '2024-01-01' + i * interval '1 minute', timestamp '2024-01-01' + i * interval '1 minute' + interval '30 minutes',
        0, 'closed'
      FROM generate_series(1, ${TRADES}) AS i`.execute(opened.db);
    if (!server) await opened.close();
  }, 180_000);

  afterAll(async () => {
    await server?.close();
  });

  it("off a terminal prints a header and every row, newest first, and never starts the pager", () => {
    const record = join(home, "pager-off-tty.txt");
    const listed = tradesense(["trade", "list"], { PAGER: `cat > ${record}` });
    expect(listed.code, listed.stderr).toBe(0);
    const lines = listed.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(TRADES + 1);
    expect(lines[0]).toBe("ID\tEntry\tSymbol\tSide\tQty\tEntry price\tExit price\tExit\tP&L\tP&L %\tR\tStatus");
    // T20500 entered 2024-01-15 05:40 UTC = 00:40 in New York; T1 at 00:01 UTC = 19:01 the day before.
    expect(lines[1]).toMatch(
      /^\d+\t2024-01-15 00:40\tT20500\tlong\t1\t10\t11\t2024-01-15 01:10\t1\.00\t10\.00\t\tclosed$/,
    );
    expect(lines[TRADES]).toMatch(
      /^\d+\t2023-12-31 19:01\tT1\tlong\t1\t10\t11\t2023-12-31 19:31\t1\.00\t10\.00\t\tclosed$/,
    );
    expect(existsSync(record)).toBe(false);
  });

  it("--json is one valid document with every trade and the totals of the same filter", () => {
    const listed = tradesense(["trade", "list", "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    const parsed = JSON.parse(listed.stdout);
    expect(parsed.trades).toHaveLength(TRADES);
    expect(parsed.trades[0]).toMatchObject({ symbol: "T20500", entryDate: "2024-01-15T05:40:00.000Z", pnl: "1.00" });
    expect(parsed.trades[TRADES - 1]).toMatchObject({ symbol: "T1", entryDate: "2024-01-01T00:01:00.000Z" });
    expect(parsed.totals).toEqual({
      trades: 20500,
      closed: 20500,
      roundTrips: 20500,
      wins: 20500,
      losses: 0,
      netPnl: "20500.00",
      netPnlByCurrency: null,
    });
    // The version is written before the first page of rows; the document stays one valid JSON value.
    expect(Object.keys(parsed)).toEqual(["version", "trades", "totals"]);
    expect(parsed.version).toBe(1);
    const limited = JSON.parse(tradesense(["trade", "list", "--json", "--limit", "2", "--sort", "symbol"]).stdout);
    expect(limited.trades.map((t: { symbol: string }) => t.symbol)).toEqual(["T1", "T10"]);
    expect(limited.totals.trades).toBe(20500);
  });

  it("on a terminal goes through PAGER as one table across pages of rows, with the totals line", () => {
    const record = join(home, "pager.txt");
    const result = runInTerminal(["trade", "list", "--limit", "2500"], [], {
      ...env,
      PAGER: `cat > ${record}`,
      PTY_TIMEOUT: "120",
      // Wide enough for every column whole: narrower terminals are tested in test/cli/tables.test.ts.
      PTY_COLUMNS: "160",
    });
    expect(result.code, result.screen).toBe(0);
    expect(plainText(result.screen)).not.toContain("T20500");
    const paged = plainText(readFileSync(record, "utf8")).trimEnd().split("\n");
    expect(paged.filter((line) => line.startsWith("┌"))).toHaveLength(1);
    expect(paged.filter((line) => line.startsWith("└"))).toHaveLength(1);
    expect(paged[1]).toMatch(/^│ +ID │ Entry +│ Symbol +│/);
    const rows = paged.filter((line) => /^│ +\d+ │/.test(line));
    expect(rows).toHaveLength(2500);
    expect(rows[0]).toMatch(/│ 2024-01-15 00:40 │ T20500 +│ long │/);
    // T18001: 18001 minutes after 2024-01-01 00:00 UTC is 2024-01-13 12:01 UTC, 07:01 in New York.
    expect(rows[2499]).toMatch(/│ 2024-01-13 07:01 │ T18001 +│ long │/);
    expect(paged.at(-1)).toBe(
      "20500 trades match, 2500 shown; 20500 closed; 20500 round trips flat: 20500 won, 0 lost, win rate 100.0%; net P&L 20500.00",
    );
  });
});
