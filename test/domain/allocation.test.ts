import { describe, expect, it } from "vitest";
import { allocate } from "../../src/domain/allocation.js";
import { Decimal } from "../../src/domain/decimal.js";

describe("allocate", () => {
  it.each([
    ["1.00", ["1", "2"], ["0.33", "0.67"]],
    ["1.00", ["1", "1", "1"], ["0.34", "0.33", "0.33"]],
    ["0.01", ["50", "50"], ["0.01", "0.00"]],
    ["2.50", ["30", "70"], ["0.75", "1.75"]],
    ["1.30", ["0.3333", "0.6667"], ["0.43", "0.87"]],
    ["0.00", ["1", "2"], ["0.00", "0.00"]],
    ["-1.00", ["1", "2"], ["-0.33", "-0.67"]],
    ["5.00", ["0", "10"], ["0.00", "5.00"]],
  ])("%s over %j is %j", (total, weights, parts) => {
    expect(allocate(total, weights)).toEqual(parts);
  });

  it("always adds up to the whole", () => {
    let seed = 7;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % max;
    };
    for (let i = 0; i < 500; i++) {
      const total = (next(100000) / 100).toFixed(2);
      const weights = Array.from({ length: 1 + next(6) }, () => String(next(1000) + 1));
      const parts = allocate(total, weights);
      expect(parts.reduce((acc, p) => acc.plus(p), new Decimal(0)).toFixed(2)).toBe(total);
    }
  });

  it("refuses more places than the scale", () => {
    expect(() => allocate("1.005", ["1"])).toThrow("more than 2 decimal places");
  });
});

// The decimal.js implementation allocate() had before it moved to whole numbers: the results must not change.
function allocateWithDecimal(total: string, weights: string[], scale = 2): string[] {
  const sum = weights.reduce((acc, w) => acc.plus(w), new Decimal(0));
  const whole = new Decimal(total);
  if (sum.isZero()) return weights.map(() => whole.toFixed(scale));
  const unit = new Decimal(10).pow(-scale);
  const sign = whole.isNegative() ? -1 : 1;
  const units = whole.abs().div(unit);
  const exact = weights.map((w) => units.times(w).div(sum));
  const floors = exact.map((e) => e.floor());
  let leftover = units.minus(floors.reduce((acc, f) => acc.plus(f), new Decimal(0))).toNumber();
  const order = exact
    .map((e, index) => ({ index, remainder: e.minus(e.floor()) }))
    .sort((a, b) => b.remainder.comparedTo(a.remainder) || a.index - b.index);
  const result = floors.slice();
  for (const { index } of order) {
    if (leftover <= 0) break;
    result[index] = (result[index] as Decimal).plus(1);
    leftover--;
  }
  return result.map((r) => r.times(unit).times(sign).toFixed(scale));
}

describe("allocate, whole-number arithmetic", () => {
  it("gives what the decimal.js version gave, for commissions and quantities of every shape", () => {
    let seed = 11;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(seed / 65536) % max;
    };
    const quantity = () =>
      next(4) === 0 ? `${next(100000)}.${String(next(10000)).padStart(4, "0")}` : String(next(3000));
    for (let i = 0; i < 3000; i++) {
      const cents = next(4) === 0 ? next(100) : next(10_000_000);
      const total = `${next(5) === 0 ? "-" : ""}${(cents / 100).toFixed(2)}`;
      const weights = Array.from({ length: 1 + next(4) }, quantity);
      if (weights.every((w) => new Decimal(w).isZero())) weights.push("1");
      expect(allocate(total, weights)).toEqual(allocateWithDecimal(total, weights));
    }
  });

  it("handles other scales, trailing zeros and huge values exactly", () => {
    expect(allocate("1.0000", ["1", "3"], 4)).toEqual(["0.2500", "0.7500"]);
    expect(allocate("10", ["1.50", "1.5"], 0)).toEqual(["5", "5"]);
    expect(allocate("99999999.99", ["99999999999.9999", "0.0001"])).toEqual(["99999999.99", "0.00"]);
    expect(() => allocate("1", ["-1", "2"])).toThrow("weights must not be negative");
  });
});
