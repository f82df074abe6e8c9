// Nonsense refused with one line and exit 2, and nothing written: symbols, future dates, local times the clock
// skipped or had twice, --from after --to, missing flags named all at once, declined confirmations.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type CliRunner, cliFor } from "../support/cli.js";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";
import { useJournal } from "../support/journal.js";

const trade = ["trade", "add", "--side", "long", "--qty", "10", "--price", "100"];

describeEachBackend("refusals of issue 19", (backend) => {
  const journal = useJournal(backend);
  // 2026-12-02 10:00 in New York.
  const now = new Date("2026-12-02T15:00:00Z");
  beforeEach(async () => {
    await journal.database.db.deleteFrom("trades").execute();
  });

  const tradeCount = async () =>
    Number(
      (
        await journal.database.db
          .selectFrom("trades")
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it("names every missing flag at once off a terminal", async () => {
    expect(await journal.cli(["trade", "add", "--side", "long"], { now })).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: --symbol, --qty and --price are required when not running in a terminal\n",
    });
    expect(
      (await journal.cli(["trade", "add", "--symbol", "AAPL", "--side", "long", "--qty", "1"], { now })).stderr,
    ).toBe("error: --price is required when not running in a terminal\n");
  });

  it("takes ticker characters, upper-cased, and refuses anything else naming what is allowed", async () => {
    for (const symbol of ["brk.b", "BTC/USD", "es-1", "^spx"]) {
      const result = await journal.cli([...trade, "--symbol", symbol, "--date", "2026-12-01", "--json"], { now });
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout).symbol).toBe(symbol.toUpperCase());
    }
    const option = await journal.cli(
      [...trade, "--symbol", "spy 261218c510", "--asset-type", "option", "--date", "2026-12-01", "--json"],
      { now },
    );
    expect(option.code, option.stderr).toBe(0);
    expect(JSON.parse(option.stdout).symbol).toBe("SPY 261218C510");
    expect(await tradeCount()).toBe(5);

    for (const symbol of ["X';--", "AAPL📈", "AAPL SPY"]) {
      expect(await journal.cli([...trade, "--symbol", symbol], { now })).toEqual({
        code: 2,
        stdout: "",
        stderr: `error: --symbol may hold only letters, digits, '.', '/', '-' and '^' (spaces only in an option symbol), got '${symbol}'\n`,
      });
    }
    expect((await journal.cli(["trade", "list", "--symbol", "X';--"], { now })).stderr).toBe(
      "error: --symbol may hold only letters, digits, '.', '/', '-' and '^' (spaces only in an option symbol), got 'X';--'\n",
    );
    expect(await tradeCount()).toBe(5);
  });

  it("refuses a trade after today in the user's zone unless --allow-future", async () => {
    // 23:59 today in New York is still today (04:59 UTC tomorrow).
    const lastMinute = await journal.cli([...trade, "--symbol", "AAPL", "--date", "2026-12-02 23:59", "--json"], {
      now,
    });
    expect(lastMinute.code, lastMinute.stderr).toBe(0);
    expect(JSON.parse(lastMinute.stdout).entryDate).toBe("2026-12-03T04:59:00.000Z");
    expect(await journal.cli([...trade, "--symbol", "AAPL", "--date", "2026-12-03 00:00"], { now })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: --date 2026-12-03 00:00 is in the future (today is 2026-12-02 in America/New_York); pass --allow-future if that is right\n",
    });
    const exitAhead = await journal.cli(
      [...trade, "--symbol", "AAPL", "--date", "2026-12-01", "--exit-price", "101", "--exit-date", "2027-01-04 10:00"],
      { now },
    );
    expect(exitAhead.stderr).toBe(
      "error: --exit-date 2027-01-04 10:00 is in the future (today is 2026-12-02 in America/New_York); pass --allow-future if that is right\n",
    );
    expect(await tradeCount()).toBe(1);
    const allowed = await journal.cli(
      [...trade, "--symbol", "AAPL", "--date", "2027-01-04 09:30", "--allow-future", "--json"],
      {
        now,
      },
    );
    expect(allowed.code, allowed.stderr).toBe(0);
    expect(JSON.parse(allowed.stdout).entryDate).toBe("2027-01-04T14:30:00.000Z");
    const id = JSON.parse(allowed.stdout).id;
    // Editing another field keeps the stored time; closing in the future needs the flag again.
    expect((await journal.cli(["trade", "edit", String(id), "--notes", "planned"], { now })).code).toBe(0);
    expect(
      (await journal.cli(["trade", "close", String(id), "--price", "105", "--date", "2027-01-05"], { now })).stderr,
    ).toBe(
      "error: --date 2027-01-05 00:00 is in the future (today is 2026-12-02 in America/New_York); pass --allow-future if that is right\n",
    );
  });

  it("refuses a local time the clocks skipped, naming the nearest valid ones, and asks for an offset for one they had twice", async () => {
    expect(await journal.cli([...trade, "--symbol", "AAPL", "--date", "2026-03-08 02:30"], { now })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: --date '2026-03-08 02:30' does not exist in America/New_York (the clocks skip it); the nearest valid times are 2026-03-08 01:59 and 2026-03-08 03:00\n",
    });
    expect(await journal.cli([...trade, "--symbol", "AAPL", "--date", "2026-11-01 01:30"], { now })).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "error: --date '2026-11-01 01:30' happens twice in America/New_York (the clocks go back); add the offset: '2026-11-01T01:30-04:00' or '2026-11-01T01:30-05:00'\n",
    });
    expect(await tradeCount()).toBe(0);
    const second = await journal.cli([...trade, "--symbol", "AAPL", "--date", "2026-11-01T01:30-05:00", "--json"], {
      now,
    });
    expect(JSON.parse(second.stdout).entryDate).toBe("2026-11-01T06:30:00.000Z");
    const after = await journal.cli([...trade, "--symbol", "AAPL", "--date", "2026-03-08 03:00", "--json"], { now });
    expect(JSON.parse(after.stdout).entryDate).toBe("2026-03-08T07:00:00.000Z");
  });

  it("refuses --from after --to in every listing", async () => {
    const listings = [["trade", "list"], ["journal", "list"], ["audit"], ["usage"], ["export", "trades"]];
    for (const listing of listings) {
      expect(
        await journal.cli([...listing, "--from", "2024-05-01", "--to", "2024-04-01"], { now }),
        listing.join(" "),
      ).toEqual({
        code: 2,
        stdout: "",
        stderr: "error: --from 2024-05-01 is after --to 2024-04-01\n",
      });
    }
  });
});

describe("help and unknown commands", () => {
  let database: TestDatabase;
  let cli: CliRunner;
  beforeAll(async () => {
    database = await createTestDatabase("embedded");
    cli = cliFor(database);
  });
  afterAll(async () => {
    await database?.close();
  });

  it("bare tradesense and tradesense trade print help on stdout and exit 0", async () => {
    const bare = await cli([]);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe("");
    expect(bare.stdout).toMatch(/^Usage: tradesense \[options\] \[command\]/);
    const group = await cli(["trade"]);
    expect(group.code).toBe(0);
    expect(group.stderr).toBe("");
    expect(group.stdout).toMatch(/^Usage: tradesense trade \[options\] \[command\]/);
  });

  it("help for a command that does not exist is a usage error", async () => {
    expect(await cli(["help", "frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'frobnicate' (see: tradesense --help)\n",
    });
    expect(await cli(["trade", "help", "frobnicate"])).toEqual({
      code: 2,
      stdout: "",
      stderr: "error: unknown command 'frobnicate' (see: tradesense trade --help)\n",
    });
    expect((await cli(["help", "trade"])).stdout).toMatch(/^Usage: tradesense trade/);
  });
});
