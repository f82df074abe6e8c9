// The generic format's row reader: commission and fees add up to one cost with two places, exactly as decimal.js
// printed it (the value is hashed into a fill's fingerprint, so its spelling must not change).
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/domain/decimal.js";
import { genericFormat } from "../../src/importers/generic.js";
import { readDecimal } from "../../src/importers/values.js";

const options = { timeZone: "UTC", accountId: null, mapping: {} };

function costOf(header: string[], costs: string[]): string | undefined {
  const read = genericFormat.reader(header, options);
  const result = read(["2024-03-01 09:30:00", "AAPL", "Buy", "10", "1.5", ...costs], 2);
  return result.kind === "fill" ? result.fill.commission : undefined;
}

/** The former sum: 0, plus each readable cost without its sign, with decimal.js, printed with two places. */
function formerSum(costs: string[]): string {
  let sum = "0";
  for (const text of costs) {
    const read = readDecimal(text, { scale: 2, allowNegative: true });
    if (text.trim() !== "" && read.ok) sum = new Decimal(sum).plus(read.value.replace(/^-/, "")).toFixed(2);
  }
  return sum;
}

describe("generic reader costs", () => {
  const values = ["1", "1.5", "1.25", "0", "-0.5", "(2.10)", "$1,234.5", "", "99999999.99", "0.10", "007"];
  const both = ["Date", "Symbol", "Side", "Quantity", "Price", "Commission", "Fees"];

  it.each(values)("commission %j alone", (commission) => {
    expect(costOf(both.slice(0, 6), [commission])).toBe(formerSum([commission]));
  });

  it.each(values)("fees %j alone", (fees) => {
    expect(costOf([...both.slice(0, 5), "Fees"], [fees])).toBe(formerSum([fees]));
  });

  it("commission and fees together", () => {
    for (const commission of values) {
      for (const fees of values) {
        const sum = formerSum([commission, fees]);
        // A sum past NUMERIC(10, 2) is the row's error now, where it used to fail the whole import.
        const fits = sum.indexOf(".") <= 8;
        expect(costOf(both, [commission, fees]), `${commission} + ${fees}`).toBe(fits ? sum : undefined);
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
