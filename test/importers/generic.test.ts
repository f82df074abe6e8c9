// The generic format's row reader: commission and fees add up to one cost with two places, exactly as decimal.js
// printed it (the value is hashed into a fill's fingerprint, so its spelling must not change).
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/domain/decimal.js";
import { genericFormat } from "../../src/importers/generic.js";

const options = { timeZone: "UTC", accountId: null, mapping: {} };

function costOf(header: string[], costs: string[]): string | undefined {
  const read = genericFormat.reader(header, options);
  const result = read(["2024-03-01 09:30:00", "AAPL", "Buy", "10", "1.5", ...costs], 2);
  return result.kind === "fill" ? result.fill.commission : undefined;
}

/**
 * Each cost as written in a file, and the amount it stands for, written out by hand: the sign and the currency dressing
 * dropped, two places; null for an empty cell (no cost).
 */
const COSTS: [string, string | null][] = [
  ["1", "1.00"],
  ["1.5", "1.50"],
  ["1.25", "1.25"],
  ["0", "0.00"],
  ["-0.5", "0.50"],
  ["(2.10)", "2.10"],
  ["$1,234.5", "1234.50"],
  ["", null],
  ["99999999.99", "99999999.99"],
  ["0.10", "0.10"],
  ["007", "7.00"],
];

/** The expected commission of a row: the amounts added (no cost at all is "0"), or undefined past NUMERIC(10, 2). */
function expectedCost(amounts: (string | null)[]): string | undefined {
  const given = amounts.filter((a): a is string => a !== null);
  if (given.length === 0) return "0";
  const sum = given.reduce((total, a) => total.plus(a), new Decimal(0));
  return sum.lte("99999999.99") ? sum.toFixed(2) : undefined;
}

describe("generic reader costs", () => {
  const both = ["Date", "Symbol", "Side", "Quantity", "Price", "Commission", "Fees"];

  it.each(COSTS)("commission %j alone is %j", (commission, amount) => {
    expect(costOf(both.slice(0, 6), [commission])).toBe(amount ?? "0");
  });

  it.each(COSTS)("fees %j alone is %j", (fees, amount) => {
    expect(costOf([...both.slice(0, 5), "Fees"], [fees])).toBe(amount ?? "0");
  });

  it("commission and fees together", () => {
    for (const [commission, a] of COSTS) {
      for (const [fees, b] of COSTS) {
        // A sum past NUMERIC(10, 2) is the row's error now, where it used to fail the whole import.
        expect(costOf(both, [commission, fees]), `${commission} + ${fees}`).toBe(expectedCost([a, b]));
      }
    }
  });

  it("refuses a cost (or costs together) beyond executions.commission NUMERIC(10, 2)", () => {
    expect(costOf(both.slice(0, 6), ["123456789"])).toBeUndefined();
    expect(costOf(both, ["99999999.99", "0.01"])).toBeUndefined();
    expect(costOf(both, ["99999999.98", "0.01"])).toBe("99999999.99");
  });

  it("no cost column", () => {
    expect(costOf(both.slice(0, 5), [])).toBe("0");
  });
});

describe("generic reader asset types", () => {
  it("refuses names that are properties of every object rather than reading them as a type", () => {
    const read = genericFormat.reader(["Date", "Symbol", "Side", "Quantity", "Price", "Asset Type"], options);
    for (const name of ["constructor", "toString", "__proto__"]) {
      expect(read(["2024-03-01 09:30:00", "AAPL", "Buy", "10", "1.5", name], 7)).toEqual({
        kind: "error",
        errors: [
          {
            line: 7,
            column: "Asset Type",
            value: name,
            reason: "unknown asset type (stock, option, future, forex, crypto)",
          },
        ],
      });
    }
  });
});

describe("generic reader option parts", () => {
  const header = ["Date", "Underlying", "Expiry", "Strike", "Right", "Side", "Quantity", "Price"];
  const symbolOf = (expiry: string, strike: string, right: string) => {
    const read = genericFormat.reader(header, options);
    const result = read(["2024-03-01 10:00:00", "aapl", expiry, strike, right, "Buy", "1", "1.50"], 2);
    return result.kind === "fill" ? result.fill.symbol : result;
  };

  it("writes the unpadded OCC symbol a broker's module writes, whatever the expiry's spelling", () => {
    // AAPL, 2024-03-15, call, strike 190 = 190000 thousandths on eight digits: AAPL240315C00190000.
    for (const expiry of ["2024-03-15", "03/15/2024", "3/15/24", "20240315", "15MAR24"])
      expect(symbolOf(expiry, "190", "C")).toBe("AAPL240315C00190000");
    // A put at 187.50 (187500 thousandths), the right spelled out.
    expect(symbolOf("2024-03-15", "$187.50", "Put")).toBe("AAPL240315P00187500");
  });

  it("refuses parts that name no contract instead of writing a made-up symbol", () => {
    expect(symbolOf("2024-02-30", "190", "C")).toEqual({
      kind: "error",
      errors: [
        {
          line: 2,
          column: "symbol",
          value: "aapl 2024-02-30 190 C",
          reason: "option parts: '2024-02-30' is not an expiry date",
        },
      ],
    });
  });
});
