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
