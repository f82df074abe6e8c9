// db copy moves a journal from the embedded database to a server and back, losing nothing: every row of every table
// compared one by one. The target must hold nothing of that user's, and a refused copy writes nothing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDbCopyOptions } from "../../src/commands/db/copy.js";
import { knownTables } from "../../src/db/dump.js";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, serverAvailable, type TestDatabase } from "../support/databases.js";
import { initJournal } from "../support/journal.js";
import { fillJournal, ok, type Rows, snapshot, without } from "../support/snapshot.js";

describe("db copy options", () => {
  it.each([
    [{ to: "postgres://h/db" }, { direction: "to", url: "postgres://h/db", json: false }],
    [
      { from: "postgresql://u@h/db", username: "me", json: true },
      { direction: "from", url: "postgresql://u@h/db", username: "me", json: true },
    ],
  ])("%j parses to %j", (raw, expected) => {
    expect(parseDbCopyOptions(raw)).toEqual(expected);
  });
  it.each([
    [{}, "db copy needs exactly one of --to <url> or --from <url>"],
    [{ to: "postgres://a/b", from: "postgres://c/d" }, "db copy needs exactly one of --to <url> or --from <url>"],
    [{ to: "/some/dir" }, "--to must be a postgres:// or postgresql:// URL"],
    [{ to: "postgres://a/b", username: "me" }, "--username goes with --from"],
  ])("%j is refused: %s", (raw, message) => {
    expect(() => parseDbCopyOptions(raw)).toThrow(message);
  });
});

describe.runIf(serverAvailable())("db copy embedded -> server -> embedded", () => {
  let embedded: TestDatabase;
  let server: TestDatabase;
  let back: TestDatabase;
  let cli: CliRunner;
  beforeAll(async () => {
    [embedded, server, back] = await Promise.all([
      createTestDatabase("embedded"),
      createTestDatabase("server"),
      createTestDatabase("embedded"),
    ]);
    cli = cliFor(embedded);
    await initJournal(cli, embedded);
    await fillJournal(cli);
  });
  afterAll(async () => {
    await Promise.all([embedded?.close(), server?.close(), back?.close()]);
  });

  // Each copy adds its own audit row and usage row; everything else must be identical.
  const copyOnly = (table: string, row: Record<string, unknown>) =>
    (table === "audit_logs" && row.action === "db.copy") || (table === "api_usage" && row.endpoint === "db copy");

  it("keeps every row and link, and a second copy to the same server is refused", async () => {
    const before: Rows = await snapshot(embedded.db);
    const to = await ok(cli, ["db", "copy", "--to", server.url as string]);
    expect(to.stdout).toBe(`Copied trader's journal to ${server.url}: 9 trade(s), 1 journal entry, 1 strategy.\n`);
    const onServer = await snapshot(server.db);
    expect(without(onServer, copyOnly)).toEqual(before);

    const again = await cli(["db", "copy", "--to", server.url as string]);
    expect(again.stderr).toBe("error: user 'trader' already has trades, journal entries or strategies there\n");
    expect(again.code).toBe(4);
    expect(await snapshot(server.db)).toEqual(onServer);

    const backCli = cliFor(back);
    const from = await ok(backCli, ["db", "copy", "--from", server.url as string, "--username", "trader"]);
    expect(from.stdout).toBe(
      `Copied trader's journal to ${backCli.home}/data/pglite: 9 trade(s), 1 journal entry, 1 strategy.\n`,
    );
    expect(without(await snapshot(back.db), copyOnly)).toEqual(before);
    // The copied journal is this home's journal now: its user is the current one.
    const listed = await ok(backCli, ["trade", "list", "--json"]);
    expect(JSON.parse(listed.stdout).trades).toHaveLength(9);
  });

  it("knows how every table hangs off a user (a new table must be added to db/dump.ts)", async () => {
    const tables = Object.keys(await snapshot(embedded.db)).sort();
    expect([...knownTables].sort()).toEqual(tables);
  });
});
