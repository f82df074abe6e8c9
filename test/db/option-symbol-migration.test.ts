// Migration 066 on a journal written before it: options the generic reader built from Underlying/Expiry/Strike/Right
// were stored under its own compact symbol (`AAPL240315C190`); they are renamed to the unpadded OCC symbol every
// broker's module writes, with the trades' notes and tags on the same rows, and the same file is then known.

import { mkdtempSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import { migrateToLatest } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { rewindFillIdentity } from "../support/fill-identity.js";
import { useJournal } from "../support/journal.js";

const now = new Date("2024-03-20T15:00:00Z");

const OPTIONS = [
  "Date,Underlying,Expiry,Strike,Right,Side,Quantity,Price,Commission",
  "2024-03-01 10:00:00,AAPL,2024-03-15,190,C,BTO,2,1.50,1.30",
  "2024-03-04 10:00:00,AAPL,2024-03-15,190,C,STC,2,2.10,1.30",
  "2024-03-05 10:00:00,MSFT,04/19/2024,400.50,Put,BTO,1,3.00,0.65",
  "",
].join("\n");

// What the generic reader's own builder wrote for these parts before 066, worked out by hand: the root, the expiry's
// digits (the last six of eight: 20240315 -> 240315, 04192024 -> 192024), C or P, the strike as written less a
// trailing .0.
const OLD_SYMBOLS: [string, string][] = [
  ["AAPL240315C00190000", "AAPL240315C190"],
  ["MSFT240419P00400500", "MSFT192024P400.50"],
];

describeEachBackend("migration 066: generic option symbols become OCC symbols", (backend) => {
  const journal = useJournal(backend);

  it("renames the positions the generic reader built, keeps the trades' notes and tags, and knows the file again", async () => {
    const { database, cli, userId } = journal;
    const db = database.db;
    const file = join(mkdtempSync(join(inject("scratchDir"), "occ-")), "options.csv");
    writeFileSync(file, OPTIONS);
    const first = await cli(["import", "csv", file, "--json"], { now });
    expect(first.code, first.stderr).toBe(0);
    // (2.10 - 1.50) x 2 x 100 - 2.60 = 117.40.
    expect(JSON.parse(first.stdout).imports[0]).toMatchObject({ newFills: 3, realizedPnl: "117.40" });
    const closed = await db
      .selectFrom("trades")
      .select(["id", "round_trip_id"])
      .where("status", "=", "closed")
      .executeTakeFirstOrThrow();
    await sql`UPDATE trades SET notes = 'rolled up next week', tags = ARRAY['earnings'] WHERE id = ${closed.id}`.execute(
      db,
    );
    // A trade the user typed with the compact symbol is theirs: the migration leaves it alone.
    const manual = await db
      .insertInto("trades")
      .values({
        user_id: userId,
        symbol: "AAPL240315C190",
        side: "long",
        quantity: "1",
        entry_price: "1.00",
        entry_date: "2024-03-06T15:00:00Z",
        status: "open",
        asset_type: "option",
        multiplier: "100",
      })
      .returning("id")
      .executeTakeFirstOrThrow();

    // The journal the code before 066 wrote: the compact symbols wherever the imported positions are named.
    for (const [occ, compact] of OLD_SYMBOLS) {
      await sql`UPDATE executions SET symbol = ${compact} WHERE symbol = ${occ}`.execute(db);
      await sql`UPDATE trades SET symbol = ${compact} WHERE symbol = ${occ}`.execute(db);
      await sql`UPDATE round_trips SET symbol = ${compact} WHERE symbol = ${occ}`.execute(db);
      await sql`UPDATE report_round_trips SET symbol = ${compact} WHERE symbol = ${occ}`.execute(db);
    }
    await rewindFillIdentity(db);
    expect((await migrateToLatest(db)).applied).toEqual([
      "066_generic_option_symbols_occ.sql",
      "067_fill_identity.sql",
    ]);

    const fills = await db.selectFrom("executions").select("symbol").distinct().orderBy("symbol").execute();
    expect(fills).toEqual([{ symbol: "AAPL240315C00190000" }, { symbol: "MSFT240419P00400500" }]);
    const trades = await db
      .selectFrom("trades")
      .select(["id", "symbol", "notes", "tags", "status"])
      .orderBy("id")
      .execute();
    expect(trades).toEqual([
      {
        id: closed.id,
        symbol: "AAPL240315C00190000",
        notes: "rolled up next week",
        tags: ["earnings"],
        status: "closed",
      },
      expect.objectContaining({ symbol: "MSFT240419P00400500", status: "open" }),
      { id: manual.id, symbol: "AAPL240315C190", notes: null, tags: null, status: "open" },
    ]);
    const trip = await db
      .selectFrom("round_trips")
      .select("symbol")
      .where("id", "=", closed.round_trip_id as number)
      .executeTakeFirstOrThrow();
    expect(trip.symbol).toBe("AAPL240315C00190000");
    const rollup = await db
      .selectFrom("report_round_trips")
      .select(["symbol", "net"])
      .where("trip_key", "=", closed.round_trip_id as number)
      .executeTakeFirstOrThrow();
    expect(rollup).toEqual({ symbol: "AAPL240315C00190000", net: "117.40" });

    // The generic reader now writes these symbols itself: the same file is known, the trades untouched.
    const again = await cli(["import", "csv", file, "--json"], { now });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imports[0]).toMatchObject({ newFills: 0, knownFills: 3 });
    const after = await db.selectFrom("trades").select(["id", "notes"]).where("id", "=", closed.id).execute();
    expect(after).toEqual([{ id: closed.id, notes: "rolled up next week" }]);
  });
});
