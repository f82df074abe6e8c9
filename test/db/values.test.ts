// Values cross both drivers the same way: NUMERIC as exact strings, INT8 as numbers, TIMESTAMP as UTC whatever TZ is.
import { sql } from "kysely";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createTestDatabase, describeEachBackend, type TestDatabase } from "../support/databases.js";

describeEachBackend("values across the driver", (backend) => {
  let database: TestDatabase;
  const originalTz = process.env.TZ;
  beforeAll(async () => {
    // A zone far from UTC, with daylight saving: a driver that reads TIMESTAMP as local time would shift by hours.
    process.env.TZ = "America/New_York";
    database = await createTestDatabase(backend);
  });
  afterAll(async () => {
    process.env.TZ = originalTz;
    await database?.close();
  });

  it("returns NUMERIC as exact decimal strings and stores strings without float error", async () => {
    const result = await sql<{ a: string; b: string }>`
      select (${"0.1"}::numeric + ${"0.2"}::numeric) as a, ${"12345678901.2345"}::numeric(15,4) as b`.execute(
      database.db,
    );
    expect(result.rows[0]).toEqual({ a: "0.3", b: "12345678901.2345" });
  });

  it("returns INT8 (count, bigint) as a JavaScript number", async () => {
    const result = await sql<{ n: number; big: number }>`select count(*) as n, 9007199254740991::int8 as big`.execute(
      database.db,
    );
    expect(result.rows[0]).toEqual({ n: 1, big: 9007199254740991 });
  });

  it("writes and reads TIMESTAMP as UTC, whatever the process time zone", async () => {
    const user = await database.db
      .insertInto("users")
      .values({ username: "tz", email: "tz@example.com", hashed_password: "!" })
      .returning(["id", "created_at"])
      .executeTakeFirstOrThrow();
    // The column default is UTC too: within a minute of now, not hours away.
    expect(Math.abs((user.created_at?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    const instant = new Date("2024-07-01T13:30:00.000Z");
    const trade = await database.db
      .insertInto("trades")
      .values({
        user_id: user.id,
        symbol: "TZ",
        side: "long",
        quantity: "1",
        entry_price: "1",
        entry_date: instant,
        exit_date: "2024-07-01T15:00:00Z",
      })
      .returning(["id", "entry_date", "exit_date"])
      .executeTakeFirstOrThrow();
    expect(trade.entry_date.toISOString()).toBe("2024-07-01T13:30:00.000Z");
    expect(trade.exit_date?.toISOString()).toBe("2024-07-01T15:00:00.000Z");
    const stored = await sql<{
      text: string;
    }>`select entry_date::text as text from trades where id = ${trade.id}`.execute(database.db);
    expect(stored.rows[0]?.text).toBe("2024-07-01 13:30:00");
    // Without changing pg's process-wide defaults: other pg users in the process keep theirs.
    expect((await import("pg")).default.defaults.parseInputDatesAsUTC).toBe(false);
  });
});
