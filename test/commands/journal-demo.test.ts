// The journal part of `tradesense demo`, run against a test database: entries linked to the demo's trades and a
// stemmed search over them.
import { afterAll, beforeAll, expect, it } from "vitest";
import { runJournalDemo } from "../../src/commands/demo-journal.js";
import { bufferedStreams } from "../../src/io/streams.js";
import { type CliRunner, cliFor, initUser } from "../support/cli.js";
import { createTestDatabase, type TestDatabase } from "../support/databases.js";

let database: TestDatabase;
let cli: CliRunner;

beforeAll(async () => {
  database = await createTestDatabase("embedded");
  cli = cliFor(database);
  await initUser(cli, "America/New_York", "demo");
  for (const symbol of ["NVDA", "TSLA", "AMD"]) {
    const added = await cli(["trade", "add", "--symbol", symbol, "--side", "long", "--qty", "1", "--price", "10"]);
    expect(added.code).toBe(0);
  }
});
afterAll(async () => {
  await database?.close();
});

it("writes three entries linked to their trades and shows a stemmed search", async () => {
  const io = bufferedStreams();
  const user = await database.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
  await runJournalDemo(io, database.db, user.id, "America/New_York");
  expect(io.stdoutText()).toBe(
    [
      "3 journal entries written with `tradesense journal write`, linked to their trades.",
      "$ tradesense journal search breakout      # stemmed: also finds 'breakouts'",
      "#1 NVDA failed **breakout**",
      "  written 2024-03-05 16:00 · mood frustrated · confidence 4/10",
      "  Bought the **breakout** before the 15-minute close. It fell back into the range; the stop did its job",
      "",
      "#3 Week review",
      "  written 2024-03-09 10:00 · mood focused · confidence 7/10",
      "  Two fades, two **breakouts**. The best trades came from patience at the open",
      "",
      "",
    ].join("\n"),
  );
  const links = await database.db
    .selectFrom("trade_journal_links")
    .innerJoin("trades", "trades.id", "trade_journal_links.trade_id")
    .select(["trades.symbol", "trade_journal_links.journal_entry_id"])
    .orderBy("trades.symbol")
    .execute();
  expect(links).toEqual([
    { symbol: "AMD", journal_entry_id: 2 },
    { symbol: "NVDA", journal_entry_id: 1 },
    { symbol: "TSLA", journal_entry_id: 2 },
  ]);
});
