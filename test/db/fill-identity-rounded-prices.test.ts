// Fills stored before migration 070 with their prices rounded half-up to 4 places (6J's 0.0067055 as 0.0067): the
// same file imported again is the same fills, given their exact prices and their trades rebuilt (notes and tags kept),
// never stored a second time beside the rounded ones. A fill whose price differs by more than rounding stays another
// fill, as does one stored at 4 places after 070.
// Hand-worked (6J: 12,500,000 yen per contract, US/Eastern times):
//   Tradovate (execution ids) 6JH26: buy 1 @ 0.0067055, sell 1 @ 0.0067255, 1.50 + 1.50 fees: 0.00002 x 12.5M =
//   250.00 - 3.00 = 247.00 (rounded: both 0.0067, -3.00). ZNH26 long 2 @ 110.515625 -> 110.546875, 2.40 fees:
//   0.03125 x 2 x 1000 = 62.50 - 2.40 = 60.10 (rounded: 110.5156 -> 110.5469, 62.60 - 2.40 = 60.20).
//   Generic (no execution ids) 6JM26, account G1, two buys at one instant, 0.0067055 and 0.0067049 (both 0.0067
//   rounded: identical fills, told apart by their order), sell 2 @ 0.0067255 with 3.00: lot 1 250.00 - (1.50 + 1.50)
//   = 247.00; lot 2 0.0000206 x 12.5M = 257.50 - 3.00 = 254.50 (rounded: -3.00 each).
//   The re-imports change the realized P&L by 247.00 + 60.10 - (-3.00 + 60.20) = 249.90 and 247.00 + 254.50 -
//   (-6.00) = 507.50.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { sql } from "kysely";
import { expect, inject, it } from "vitest";
import { migrateToLatest } from "../../src/db/migrate.js";
import { describeEachBackend } from "../support/databases.js";
import { importChecked } from "../support/imports.js";
import { useJournal } from "../support/journal.js";
import { rewindPriceScale } from "../support/older-prices.js";
import { ok } from "../support/snapshot.js";

const tradovate = join(import.meta.dirname, "../../fixtures/imports/tradovate/fills-exact-prices.csv");
const GENERIC_HEADER = "Date,Time,Symbol,Side,Quantity,Price,Commission,Fees,Account,Asset Type\n";

describeEachBackend("fills stored with prices rounded before migration 070", (backend) => {
  const journal = useJournal(backend);

  it("are the same fills when their file is imported again: exact prices, trades rebuilt, nothing doubled", async () => {
    const { database, cli } = journal;
    const db = database.db;
    const dir = inject("scratchDir");
    const file = (name: string, rows: string) => {
      const path = join(dir, `${process.pid}-${backend}-${name}`);
      writeFileSync(path, GENERIC_HEADER + rows);
      return path;
    };
    const generic = file(
      "6j-generic.csv",
      "2025-12-04,09:31:05,6JM26,Buy,1,0.0067055,1.50,0,G1,future\n" +
        "2025-12-04,09:31:05,6JM26,Buy,1,0.0067049,1.50,0,G1,future\n" +
        "2025-12-04,09:48:20,6JM26,Sell,2,0.0067255,3.00,0,G1,future\n",
    );
    expect((await importChecked(cli, database, [tradovate])).code).toBe(0);
    expect((await importChecked(cli, database, [generic])).code).toBe(0);
    const sixJ = await db.selectFrom("trades").select("id").where("symbol", "=", "6JH26").executeTakeFirstOrThrow();
    await ok(cli, ["trade", "edit", String(sixJ.id), "--notes", "yen fade", "--tags", "fx,fade"]);

    // The journal as the code before 070 left it, imported on 2025-12-04.
    await rewindPriceScale(db);
    await sql`UPDATE executions SET created_at = '2025-12-04 22:00'`.execute(db);
    await sql`UPDATE import_history SET created_at = '2025-12-04 22:00', started_at = '2025-12-04 22:00'`.execute(db);
    expect((await migrateToLatest(db)).applied).toEqual(["070_price_ten_places.sql"]);
    const fills = () =>
      db
        .selectFrom("executions")
        .select(["import_id", "symbol", "action", "price"])
        .orderBy("symbol")
        .orderBy("id")
        .execute();
    const trades = () =>
      db
        .selectFrom("trades")
        .select(["id", "symbol", "entry_price", "exit_price", "pnl", "notes", "tags"])
        .orderBy("symbol")
        .orderBy("id")
        .execute();
    const storedFills = await fills();
    expect(storedFills.map((f) => f.price)).toEqual([
      ...["0.0067000000", "0.0067000000", "0.0067000000", "0.0067000000", "0.0067000000"],
      ...["110.5156000000", "110.5469000000"],
    ]);
    const roundedTrades = await trades();
    expect(roundedTrades.map((t) => [t.symbol, t.pnl])).toEqual([
      ["6JH26", "-3.00"],
      ["6JM26", "-3.00"],
      ["6JM26", "-3.00"],
      ["ZNH26", "60.20"],
    ]);

    // A different fill: its price (0.0067555, 0.0068 at 4 places) is not the stored one rounded.
    const other = file("6j-other.csv", "2025-12-04,09:31:05,6JM26,Buy,1,0.0067555,1.50,0,G1,future\n");
    const dry = await importChecked(cli, database, [other, "--dry-run"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.imports[0]).toMatchObject({ newFills: 1, knownFills: 0, pricesMadeExact: 0 });
    // The same fill read with another commission is refused as the guard refuses any fill read differently.
    const cheaper = file("6j-cheaper.csv", "2025-12-04,09:31:05,6JM26,Buy,1,0.0067055,0.00,0,G1,future\n");
    const refused = await cli(["import", "csv", cheaper]);
    expect(refused.stderr).toBe(
      `error: ${cheaper.split("/").pop()}: refused: 1 fill of this file is already in the journal from import 2 (generic, 2025-12-04) read with different commissions (0.00 here, 1.50 there): undo import 2 first (tradesense import undo 2) or pass --replace-import 2; nothing imported\n`,
    );
    expect(refused.code).toBe(11);
    expect(await fills()).toEqual(storedFills);

    // The Tradovate file again (execution ids): its four fills known, their prices made exact.
    const again = await cli(["import", "csv", tradovate]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toBe(
      "note: fills-exact-prices.csv: 4 fills of import 1 stored before migration 070 with prices rounded to 4 places now hold this file's exact prices; trades rebuilt\n",
    );
    expect(again.stdout).toContain("  fills: 0 new, 4 already known;");
    expect(again.stdout).toContain("  trades: 0 created, 2 updated, 0 removed; realized P&L 249.90\n");
    // The generic file again (no execution ids): the two identical rounded buys take its two prices in file order.
    const genericAgain = await importChecked(cli, database, [generic]);
    expect(genericAgain.code, genericAgain.stderr).toBe(0);
    expect(genericAgain.imports[0]).toMatchObject({
      newFills: 0,
      knownFills: 3,
      pricesMadeExact: 3,
      tradesRemoved: 0,
      realizedPnl: "507.50",
    });
    expect(await fills()).toEqual([
      { import_id: 1, symbol: "6JH26", action: "buy", price: "0.0067055000" },
      { import_id: 1, symbol: "6JH26", action: "sell", price: "0.0067255000" },
      { import_id: 2, symbol: "6JM26", action: "buy", price: "0.0067055000" },
      { import_id: 2, symbol: "6JM26", action: "buy", price: "0.0067049000" },
      { import_id: 2, symbol: "6JM26", action: "sell", price: "0.0067255000" },
      { import_id: 1, symbol: "ZNH26", action: "buy", price: "110.5156250000" },
      { import_id: 1, symbol: "ZNH26", action: "sell", price: "110.5468750000" },
    ]);
    // The same trades (ids, notes and tags), now exact.
    expect(await trades()).toEqual([
      { ...roundedTrades[0], entry_price: "0.0067055000", exit_price: "0.0067255000", pnl: "247.00" },
      { ...roundedTrades[1], entry_price: "0.0067055000", exit_price: "0.0067255000", pnl: "247.00" },
      { ...roundedTrades[2], entry_price: "0.0067049000", exit_price: "0.0067255000", pnl: "254.50" },
      { ...roundedTrades[3], entry_price: "110.5156250000", exit_price: "110.5468750000", pnl: "60.10" },
    ]);
    expect(roundedTrades[0]).toMatchObject({ notes: "yen fade", tags: ["fx", "fade"] });

    // A third time: all known as they are, nothing to make exact.
    const third = await importChecked(cli, database, [generic]);
    expect(third.stderr).toBe("");
    expect(third.imports[0]).toMatchObject({ newFills: 0, knownFills: 3, pricesMadeExact: 0, tradesUpdated: 0 });

    // A fill stored at 4 places after 070 is its own price, not a rounded one: 0.0067055 at its instant is another fill.
    expect(
      (
        await importChecked(cli, database, [
          file("g2-plain.csv", "2025-12-05,10:00:00,6JM26,Buy,1,0.0067,1.50,0,G2,future\n"),
        ])
      ).code,
    ).toBe(0);
    const later = await importChecked(cli, database, [
      file("g2-exact.csv", "2025-12-05,10:00:00,6JM26,Buy,1,0.0067055,1.50,0,G2,future\n"),
      "--dry-run",
    ]);
    expect(later.imports[0]).toMatchObject({ newFills: 1, knownFills: 0, pricesMadeExact: 0 });

    // Undoing the import that stored them rounded keeps them, exact: the re-import holds them too, and now alone.
    const againId = Number(/\(tradovate, import (\d+), completed\)/.exec(again.stdout)?.[1]);
    await ok(cli, ["import", "undo", "1", "--yes"]);
    expect((await fills()).filter((f) => f.symbol !== "6JM26")).toEqual([
      { import_id: againId, symbol: "6JH26", action: "buy", price: "0.0067055000" },
      { import_id: againId, symbol: "6JH26", action: "sell", price: "0.0067255000" },
      { import_id: againId, symbol: "ZNH26", action: "buy", price: "110.5156250000" },
      { import_id: againId, symbol: "ZNH26", action: "sell", price: "110.5468750000" },
    ]);
    expect((await trades()).map((t) => [t.symbol, t.pnl])).toEqual([
      ["6JH26", "247.00"],
      ["6JM26", "247.00"],
      ["6JM26", "254.50"],
      ["6JM26", null],
      ["ZNH26", "60.10"],
    ]);
  });
});
