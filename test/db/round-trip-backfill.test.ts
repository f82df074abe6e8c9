// Migration 030 on a journal written before it: manual trades (a trade closed in parts, a lone trade) get round
// trips, imported ones keep theirs, and the report rollups start out filled, on both databases.
import { copyFileSync, mkdtempSync } from "node:fs";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { type Kysely, sql } from "kysely";
import { PGliteDialect } from "kysely-pglite-dialect";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { embeddedKysely, openDatabase, typeParsers } from "../../src/db/connect.js";
import { defaultMigrationsDir, listMigrationFiles, migrateToLatest } from "../../src/db/migrate.js";
import type { Database } from "../../src/db/schema.js";
import { type Backend, describeEachBackend } from "../support/databases.js";

async function freshDatabase(backend: Backend): Promise<{ db: Kysely<Database>; close: () => Promise<void> }> {
  if (backend === "embedded") {
    const client = await PGlite.create({ parsers: typeParsers });
    await client.exec("SET TimeZone = 'UTC'");
    const db = embeddedKysely(client, PGliteDialect);
    return { db, close: () => db.destroy() };
  }
  const name = `tradesense_backfill_${process.pid}_${Date.now()}`;
  const admin = inject("serverAdminUrl");
  const query = async (text: string) => {
    const client = new pg.Client({ connectionString: admin });
    await client.connect();
    try {
      await client.query(text);
    } finally {
      await client.end();
    }
  };
  await query(`CREATE DATABASE ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const opened = await openDatabase({ kind: "server", url: url.toString() });
  return {
    db: opened.db,
    close: async () => {
      await opened.close();
      await query(`DROP DATABASE ${name} WITH (FORCE)`);
    },
  };
}

describeEachBackend("migration 030 backfills round trips", (backend) => {
  let database: { db: Kysely<Database>; close: () => Promise<void> };
  beforeAll(async () => {
    database = await freshDatabase(backend);
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it("groups a manual trade's partial closes into one round trip and fills the rollups", async () => {
    const before = mkdtempSync(join(inject("scratchDir"), "before-030-"));
    for (const file of listMigrationFiles(defaultMigrationsDir).filter((f) => f < "030")) {
      copyFileSync(join(defaultMigrationsDir, file), join(before, file));
    }
    const db = database.db;
    await migrateToLatest(db, before);
    await sql`insert into users (username, email, hashed_password) values ('t', 't@example.com', 'x')`.execute(db);
    await sql`insert into user_settings (user_id, timezone) values (1, 'America/New_York')`.execute(db);
    // 300 AAPL closed in two parts plus an open remainder (same entry), a lone TSLA trade, and an imported MSFT row.
    await sql`insert into round_trips (user_id, account_id, symbol, side, opened_at, closed_at)
      values (1, 'U2', 'MSFT', 'long', '2025-03-03 15:00', '2025-03-05 20:00')`.execute(db);
    await sql`insert into trades (user_id, symbol, side, quantity, entry_price, exit_price, entry_date, exit_date,
        commission, status, account_id, round_trip_id) values
      (1, 'AAPL', 'long', 100, 100, 102, '2025-03-04 14:45', '2025-03-04 20:00', 2.00, 'closed', 'U1', null),
      (1, 'AAPL', 'long', 100, 100, 99, '2025-03-04 14:45', '2025-03-07 15:00', 2.00, 'closed', 'U1', null),
      (1, 'AAPL', 'long', 100, 100, null, '2025-03-04 14:45', null, 1.00, 'open', 'U1', null),
      (1, 'TSLA', 'short', 10, 200, 210, '2025-03-05 14:30', '2025-03-05 16:00', 1.00, 'closed', null, null),
      (1, 'MSFT', 'long', 60, 50, 52, '2025-03-03 15:00', '2025-03-05 20:00', 1.20, 'closed', 'U2', 1)`.execute(db);
    const applied = await migrateToLatest(db);
    expect(applied.applied).toContain("030_report_rollups.sql");
    const trips = await sql<{ symbol: string; trades: number; closed_at: Date | null; account_id: string }>`
      select r.symbol, r.account_id, r.closed_at, count(t.id)::int as trades
      from round_trips r join trades t on t.round_trip_id = r.id group by r.id order by r.symbol`.execute(db);
    expect(trips.rows).toEqual([
      { symbol: "AAPL", account_id: "U1", closed_at: null, trades: 3 },
      { symbol: "MSFT", account_id: "U2", closed_at: new Date("2025-03-05T20:00:00Z"), trades: 1 },
      { symbol: "TSLA", account_id: "", closed_at: new Date("2025-03-05T16:00:00Z"), trades: 1 },
    ]);
    expect((await sql`select * from trades where round_trip_id is null`.execute(db)).rows).toEqual([]);
    // AAPL: 198.00 and -102.00 realized, still open. TSLA: -101.00. MSFT: (52 - 50) x 60 - 1.20 = 118.80.
    const rollup = await sql<{ symbol: string; net: string; flat_at: Date | null }>`
      select symbol, net, flat_at from report_round_trips order by symbol`.execute(db);
    expect(rollup.rows).toEqual([
      { symbol: "AAPL", net: "96.00", flat_at: null },
      { symbol: "MSFT", net: "118.80", flat_at: new Date("2025-03-05T20:00:00Z") },
      { symbol: "TSLA", net: "-101.00", flat_at: new Date("2025-03-05T16:00:00Z") },
    ]);
    const days = await sql<{ day: string; net: string }>`select day, net from report_days order by day`.execute(db);
    expect(days.rows).toEqual([
      { day: "2025-03-04", net: "198.00" },
      { day: "2025-03-05", net: "17.80" },
      { day: "2025-03-07", net: "-102.00" },
    ]);
  }, 60_000);
});
