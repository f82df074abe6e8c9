// The generic reader's header names that mean different things in different brokers' files (`Type`, `Amount`,
// `Exec Time`, a date-only `Date` beside a `Timestamp`) are read as the field only where their values fit.
import { describe, expect, it } from "vitest";
import type { RowResult } from "../../src/importers/format.js";
import { genericFormat } from "../../src/importers/generic.js";

const options = { timeZone: "UTC", accountId: null, mapping: {} };

function readRows(header: string[], rows: string[][]): RowResult[] {
  const read = genericFormat.reader(header, options);
  return rows.map((row, i) => read(row, i + 2));
}

const fill = (result: RowResult | undefined) => {
  if (result?.kind !== "fill") throw new Error(`not a fill: ${JSON.stringify(result)}`);
  return result.fill;
};

describe("ambiguous header names", () => {
  it("a Type column holding asset types is the asset type", () => {
    const [first, second] = readRows(
      ["Date", "Symbol", "Side", "Quantity", "Price", "Type"],
      [
        ["2025-03-03 09:31:00", "AAPL", "Buy", "1", "180", "Stock"],
        ["2025-03-03 09:32:00", "ESH5", "Buy", "1", "5800", "Future"],
      ],
    );
    expect([fill(first).assetType, fill(second).assetType]).toEqual(["stock", "future"]);
  });

  it.each(["Cash", "Limit", "TRD", "3"])("a Type column holding %s is not read (never forex for Cash)", (value) => {
    const results = readRows(
      ["Date", "Symbol", "Side", "Quantity", "Price", "Type"],
      [
        ["2025-03-03 09:31:00", "AAPL", "Buy", "1", "180", value],
        ["2025-03-03 09:32:00", "AAPL", "Sell", "1", "181", "Option"],
      ],
    );
    expect(results.map((r) => fill(r).assetType)).toEqual(["stock", "stock"]);
  });

  it("an Asset Type column is read whatever it holds: an unknown value is the row's error", () => {
    const [result] = readRows(
      ["Date", "Symbol", "Side", "Quantity", "Price", "Asset Type"],
      [["2025-03-03 09:31:00", "AAPL", "Buy", "1", "180", "Limit"]],
    );
    expect(result?.kind).toBe("error");
  });

  it("an Amount column holding plain numbers is the quantity", () => {
    const [result] = readRows(
      ["Date", "Symbol", "Side", "Amount", "Price"],
      [["2025-03-03 09:31:00", "BTC", "Buy", "0.5", "60000"]],
    );
    expect(fill(result).quantity).toBe("0.5");
  });

  it("an Amount column holding money is never read as the quantity: each row says so", () => {
    const [result] = readRows(
      ["Date", "Symbol", "Side", "Amount", "Price"],
      [["2025-03-03 09:31:00", "AAPL", "Buy", "-$18,001.00", "180"]],
    );
    expect(result).toEqual({
      kind: "error",
      errors: [
        {
          line: 2,
          column: "Amount",
          value: "-$18,001.00",
          reason: "this column holds money, not a quantity: give the quantity column with --map quantity=Column",
        },
      ],
    });
  });

  it("a date-only Date beside a Timestamp: the Timestamp's time is the fill's", () => {
    const [result] = readRows(
      ["Date", "Timestamp", "Symbol", "Side", "Quantity", "Price"],
      [["2025-03-03", "2025-03-03 14:31:05", "AAPL", "Buy", "1", "180"]],
    );
    expect(fill(result).executedAt.toISOString()).toBe("2025-03-03T14:31:05.000Z");
    expect(fill(result).dateOnly).toBe(false);
  });

  it("an Exec Time holding a time of day is a time, joined to the Date", () => {
    const [result] = readRows(
      ["Date", "Exec Time", "Symbol", "Side", "Quantity", "Price"],
      [["2025-03-03", "09:31:00", "AAPL", "Buy", "1", "180"]],
    );
    expect(fill(result).executedAt.toISOString()).toBe("2025-03-03T09:31:00.000Z");
  });

  it("an Exec Time holding only a time, with no date anywhere, is never read as a date", () => {
    const [result] = readRows(
      ["Exec Time", "Symbol", "Side", "Quantity", "Price"],
      [["09:31:00", "AAPL", "Buy", "1", "180"]],
    );
    expect(result?.kind).toBe("error");
  });
});
