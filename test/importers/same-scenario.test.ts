// The same trading week written in every broker's format (fixtures/imports/same-scenario/, its README has the fills)
// imports to the same trades and the same P&L: a trader who moves brokers, or imports two brokers' files, sees one
// set of numbers. Each file goes into its own journal, detected from its header with no --broker.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { Decimal } from "decimal.js";
import { expect, it } from "vitest";
import { cliFor } from "../support/cli.js";
import { describeEachBackend, useDatabase } from "../support/databases.js";
import { initJournal } from "../support/journal.js";

const dir = join(import.meta.dirname, "../../fixtures/imports/same-scenario");
const files = readdirSync(dir)
  .filter((name) => name.endsWith(".csv"))
  .sort();

/**
 * Formats whose export holds no commissions or fees (Webull's orders records): the same fills give the gross P&L,
 * 590.90 + the 6.60 of commissions the others carry.
 */
const WITHOUT_COSTS = new Set(["webull"]);

describeEachBackend("the same week from every broker's export", (backend) => {
  const own = useDatabase(backend, "test");

  it.each(files)(
    "%s imports to the same trades and P&L",
    async (file) => {
      const cli = cliFor(own.database);
      await initJournal(cli, own.database);
      const result = await cli(["import", "csv", join(dir, file), "--json"]);
      expect(result.code, result.stderr).toBe(0);
      const summary = JSON.parse(result.stdout).imports[0];
      // The file is named after its format: generic.csv, schwab.csv, ibkr-flex.csv...
      const format = file.replace(/(-[a-z0-9]+)?\.csv$/, "");
      expect(summary.format).toBe(format);
      const costs = !WITHOUT_COSTS.has(format);
      expect(summary.newFills).toBe(7);
      expect(summary.unmatched).toEqual([]);
      expect(summary.openPositions).toEqual([]);
      // 108.00 + 235.50 + 247.40 (the README's table); without costs 110.00 + 237.50 + 250.00.
      expect(summary.realizedPnl).toBe(costs ? "590.90" : "597.50");
      const bySymbol = await own.database.db
        .selectFrom("trades")
        .select(["symbol", "side", "asset_type", "multiplier"])
        .select((eb) => [
          eb.fn.sum<string>("pnl").as("pnl"),
          eb.fn.sum<string>("quantity").as("quantity"),
          eb.fn.sum<string>("commission").as("commission"),
        ])
        .where("status", "=", "closed")
        .groupBy(["symbol", "side", "asset_type", "multiplier"])
        .orderBy("symbol")
        .execute();
      // Quantities and multipliers compared by value: the columns' scale is not what this test is about.
      const byValue = bySymbol.map((row) => ({
        ...row,
        quantity: new Decimal(row.quantity).toFixed(),
        multiplier: new Decimal(row.multiplier).toFixed(),
      }));
      expect(byValue).toEqual([
        {
          symbol: "AAPL",
          side: "long",
          asset_type: "stock",
          multiplier: "1",
          pnl: costs ? "108.00" : "110.00",
          quantity: "100",
          commission: costs ? "2.00" : "0.00",
        },
        {
          symbol: "SPY250321C00560000",
          side: "long",
          asset_type: "option",
          multiplier: "100",
          pnl: costs ? "247.40" : "250.00",
          quantity: "2",
          commission: costs ? "2.60" : "0.00",
        },
        {
          symbol: "TSLA",
          side: "short",
          asset_type: "stock",
          multiplier: "1",
          pnl: costs ? "235.50" : "237.50",
          quantity: "50",
          commission: costs ? "2.00" : "0.00",
        },
      ]);
    },
    60_000,
  );
});
