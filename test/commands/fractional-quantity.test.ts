// Quantities to 10 decimal places (migration 047): a 0.0000000001-share fill imports, and a 12.3456789012-share trade
// goes in with `trade add` and comes back exactly from the database, `trade list --json`, export, backup and restore.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { cliFor, scratchHome } from "../support/cli.js";
import { describeEachBackend } from "../support/databases.js";
import { initJournal, useJournal } from "../support/journal.js";
import { ok } from "../support/snapshot.js";

describeEachBackend("quantities to 10 decimal places", (backend) => {
  const journal = useJournal(backend);

  const rows = (db = journal.database.db) =>
    db
      .selectFrom("trades")
      .select(["symbol", "quantity", "entry_price", "exit_price", "pnl", "status"])
      .orderBy("symbol")
      .execute();

  it("imports a 0.0000000001-share fill and its sale as one exact trade", async () => {
    const file = join(journal.dir, "tiny.csv");
    writeFileSync(
      file,
      [
        "Date,Symbol,Side,Quantity,Price",
        "2024-03-01 10:00:00,TINY,Buy,0.0000000001,100.00",
        "2024-03-01 11:00:00,TINY,Sell,0.0000000001,200.00",
      ].join("\n"),
    );
    await ok(journal.cli, ["import", "csv", file]);
    const fills = await journal.database.db.selectFrom("executions").select(["quantity"]).execute();
    expect(fills).toEqual([{ quantity: "0.0000000001" }, { quantity: "0.0000000001" }]);
    // (200 - 100) x 0.0000000001 = 0.00000001: rounds to 0.00.
    expect(await rows()).toEqual([
      {
        symbol: "TINY",
        quantity: "0.0000000001",
        entry_price: "100.0000000000",
        exit_price: "200.0000000000",
        pnl: "0.00",
        status: "closed",
      },
    ]);
  });

  it("refuses an 11th decimal place in an import and in trade add, naming the limit", async () => {
    const file = join(journal.dir, "eleven.csv");
    writeFileSync(file, "Date,Symbol,Side,Quantity,Price\n2024-03-02 10:00:00,ELEVEN,Buy,0.00000000001,1.00\n");
    const imported = await journal.cli(["import", "csv", file]);
    // Its only row is bad: nothing imported, exit 11.
    expect(imported.code).toBe(11);
    expect(imported.stderr).toContain("eleven.csv:2: Quantity: '0.00000000001': more than 10 decimal places\n");
    const added = await journal.cli([
      ...["trade", "add", "--symbol", "ELEVEN", "--side", "long", "--qty", "1.00000000001", "--price", "1"],
      ...["--date", "2024-03-02 10:00"],
    ]);
    expect(added.code).toBe(2);
    expect(added.stderr).toBe("error: --qty allows at most 10 decimal places, got '1.00000000001'\n");
    expect((await rows()).map((r) => r.symbol)).toEqual(["TINY"]);
  });

  it("keeps 12.3456789012 exact through trade add, list, export, backup and restore", async () => {
    await ok(journal.cli, [
      ...["trade", "add", "--symbol", "FRAC", "--side", "long", "--qty", "12.3456789012", "--price", "100"],
      ...["--exit-price", "110", "--date", "2024-03-04 10:00", "--exit-date", "2024-03-04 15:00"],
    ]);
    // (110 - 100) x 12.3456789012 = 123.456789012 -> 123.46.
    const frac = (await rows()).find((r) => r.symbol === "FRAC");
    expect(frac).toMatchObject({ quantity: "12.3456789012", pnl: "123.46", status: "closed" });
    const listed = JSON.parse((await ok(journal.cli, ["trade", "list", "--symbol", "FRAC", "--json"])).stdout);
    expect(JSON.stringify(listed)).toContain('"quantity":"12.3456789012"');

    const exported = join(journal.dir, "trades.csv");
    await ok(journal.cli, ["export", "trades", "--format", "csv", "--output", exported]);
    expect(readFileSync(exported, "utf8")).toContain(",12.3456789012,");

    const backup = join(scratchHome(), "fractional.backup");
    await ok(journal.cli, ["backup", "--output", backup]);
    const target = await journal.anotherDatabase();
    await ok(cliFor(target), ["restore", backup]);
    expect(await rows(target.db)).toEqual(await rows());
    const restoredFills = await target.db.selectFrom("executions").select("quantity").execute();
    expect(restoredFills).toEqual([{ quantity: "0.0000000001" }, { quantity: "0.0000000001" }]);

    // The export read back into an empty journal gives the same quantities.
    const reimported = await journal.anotherDatabase();
    const reimport = cliFor(reimported);
    await initJournal(reimport, reimported);
    await ok(reimport, ["import", "csv", exported]);
    expect((await rows(reimported.db)).map((r) => [r.symbol, r.quantity, r.pnl])).toEqual([
      ["FRAC", "12.3456789012", "123.46"],
      ["TINY", "0.0000000001", "0.00"],
    ]);
  });
});
