// Prices to 10 decimal places (migration 070): 6J at 0.0067055 and Treasury futures in 32nds are stored exactly, so
// their P&L is right (at 4 places 6J's 0.0067055 and 0.0067255 were both 0.0067: a 250.00 move showed 0.00), through
// trade add, import (Tradovate decimal prices, TradeStation's 110'16.5 notation), list, show, export, backup, restore.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { cliFor, scratchHome } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { importChecked } from "../support/imports.js";
import { initJournal, useJournal } from "../support/journal.js";
import { ok } from "../support/snapshot.js";

const fixtures = join(import.meta.dirname, "../../fixtures/imports");

describeEachBackend("prices to 10 decimal places", (backend) => {
  const journal = useJournal(backend);

  const rows = (db = journal.database.db) =>
    db
      .selectFrom("trades")
      .select(["symbol", "side", "quantity", "entry_price", "exit_price", "multiplier", "commission", "pnl"])
      .orderBy("symbol")
      .orderBy("entry_date")
      .execute();

  it("keeps a 6J round trip exact through trade add: P&L 250.00 minus fees", async () => {
    const added = await ok(journal.cli, [
      ...["trade", "add", "--symbol", "6JH26", "--side", "long", "--qty", "1", "--price", "0.0067055"],
      ...["--exit-price", "0.0067255", "--asset-type", "future", "--multiplier", "12500000", "--commission", "3.00"],
      ...["--date", "2025-12-03 09:31", "--exit-date", "2025-12-03 09:48", "--json"],
    ]);
    // (0.0067255 - 0.0067055) x 1 x 12,500,000 = 0.00002 x 12,500,000 = 250.00; minus 3.00 commission = 247.00.
    // At 4 places both prices were 0.0067: -3.00.
    // pnl_percent: 247.00 / (0.0067055 x 12,500,000 = 83,818.75) x 100 = 0.2946... -> 0.29.
    expect(JSON.parse(added.stdout)).toMatchObject({ pnl: "247.00", pnlPercent: "0.29" });
    expect((await rows()).find((r) => r.symbol === "6JH26")).toEqual({
      symbol: "6JH26",
      side: "long",
      quantity: "1.0000000000",
      entry_price: "0.0067055000",
      exit_price: "0.0067255000",
      multiplier: "12500000.0000",
      commission: "3.00",
      pnl: "247.00",
    });
    // Shown with the places the price has, not padded to ten.
    const listed = (await ok(journal.cli, ["trade", "list", "--symbol", "6JH26"])).stdout;
    expect(listed).toContain("\t0.0067055\t0.0067255\t");
  });

  it("refuses an 11th decimal place in --price with one line", async () => {
    const added = await journal.cli([
      ...["trade", "add", "--symbol", "XX", "--side", "long", "--qty", "1", "--price", "0.00670550001"],
      ...["--date", "2025-12-03 09:31"],
    ]);
    expect(added.stderr).toBe("error: --price allows at most 10 decimal places, got '0.00670550001'\n");
    expect(added.code).toBe(2);
  });

  it("imports Tradovate's 6J and ZN decimal prices exactly", async () => {
    const result = await importChecked(journal.cli, journal.database, [
      join(fixtures, "tradovate/fills-exact-prices.csv"),
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe("");
    // 6JH6: 250.00 - (1.50 + 1.50) = 247.00. ZNH6 long 2: (110.546875 - 110.515625) x 2 x 1000 = 62.50, minus
    // 2.40 = 60.10 (at 4 places: (110.5469 - 110.5156) x 2000 = 62.60 -> 60.20). Realized: 307.10.
    expect(result.imports[0]).toMatchObject({ format: "tradovate", newFills: 4, realizedPnl: "307.10" });
    expect(result.imports[0]).toMatchObject({ rounded: {} });
    const fills = await journal.database.db
      .selectFrom("executions")
      .select(["symbol", "price"])
      .orderBy("executed_at")
      .execute();
    expect(fills).toEqual([
      { symbol: "6JH26", price: "0.0067055000" },
      { symbol: "6JH26", price: "0.0067255000" },
      { symbol: "ZNH26", price: "110.5156250000" },
      { symbol: "ZNH26", price: "110.5468750000" },
    ]);
    // The first 6JH26 row is the trade added by hand above (the same prices and fees).
    expect((await rows()).map((r) => [r.symbol, r.entry_price, r.exit_price, r.multiplier, r.pnl])).toEqual([
      ["6JH26", "0.0067055000", "0.0067255000", "12500000.0000", "247.00"],
      ["6JH26", "0.0067055000", "0.0067255000", "12500000.0000", "247.00"],
      ["ZNH26", "110.5156250000", "110.5468750000", "1000.0000", "60.10"],
    ]);
  });

  it("reads TradeStation's Treasury prices in 32nds (110'16.5, 110'175, 117'08) exactly", async () => {
    const target = await journal.anotherDatabase();
    const own = cliFor(target);
    await initJournal(own, target);
    const result = await importChecked(own, target, [join(fixtures, "tradestation/filled-orders-treasury.csv")]);
    expect(result.code, result.stderr).toBe(0);
    // 110'16.5 = 110 + 16.5/32 = 110.515625; 110'175 = 110 + 17.5/32 = 110.546875 (CME's compact half 32nd);
    // 117'08 = 117.25; 116'31 = 116 + 31/32 = 116.96875.
    // ZNH26 long 2: 0.03125 x 2 x 1000 = 62.50 - 4.80 = 57.70. ZBH26 short 1: (117.25 - 116.96875) x 1000 = 281.25
    // - 2.40 = 278.85. Realized: 336.55.
    expect(result.imports[0]).toMatchObject({ format: "tradestation", newFills: 4, failedRows: 0 });
    expect(result.imports[0]).toMatchObject({ realizedPnl: "336.55" });
    expect((await rows(target.db)).map((r) => [r.symbol, r.side, r.entry_price, r.exit_price, r.pnl])).toEqual([
      ["ZBH26", "short", "117.2500000000", "116.9687500000", "278.85"],
      ["ZNH26", "long", "110.5156250000", "110.5468750000", "57.70"],
    ]);
  });

  it("round-trips the exact prices through export and backup/restore", async () => {
    const exported = join(journal.dir, "trades.csv");
    await ok(journal.cli, ["export", "trades", "--format", "csv", "--output", exported]);
    const text = readFileSync(exported, "utf8");
    expect(text).toContain(",0.0067055000,");
    expect(text).toContain(",110.5468750000,");

    const backup = join(scratchHome(), "prices.backup");
    await ok(journal.cli, ["backup", "--output", backup]);
    const restored = await journal.anotherDatabase();
    await ok(cliFor(restored), ["restore", backup]);
    expect(await rows(restored.db)).toEqual(await rows());

    // The export read back into an empty journal gives the same prices and P&L.
    const reimported = await journal.anotherDatabase();
    const reimport = cliFor(reimported);
    await initJournal(reimport, reimported);
    await ok(reimport, ["import", "csv", exported]);
    expect((await rows(reimported.db)).map((r) => [r.symbol, r.entry_price, r.exit_price, r.pnl])).toEqual(
      (await rows()).map((r) => [r.symbol, r.entry_price, r.exit_price, r.pnl]),
    );
  });
});
