import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/domain/decimal.js";
import { fromUnits, pnlOf, toUnits } from "../../src/domain/whole-units.js";

// What tradePnl computed with decimal.js before it moved to whole numbers: the results must not change.
function pnlWithDecimal(side: "long" | "short", entry: string, exit: string, qty: string, mult: string, fee: string) {
  const move = side === "long" ? new Decimal(exit).minus(entry) : new Decimal(entry).minus(exit);
  return move.times(qty).times(mult).minus(fee).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2);
}

describe("fixed-point decimals", () => {
  it("reads and writes plain decimals exactly", () => {
    expect(toUnits("12.5", 4)).toBe(125000n);
    expect(toUnits("-0.0001", 4)).toBe(-1n);
    expect(toUnits("1.23456", 4)).toBeUndefined();
    expect(toUnits("1.23450", 4)).toBe(12345n);
    expect(fromUnits(-5n, 2)).toBe("-0.05");
    expect(fromUnits(0n, 2)).toBe("0.00");
    expect(fromUnits(123n, 0)).toBe("123");
    expect(() => toUnits("1e5", 2)).toThrow("'1e5' is not a plain decimal");
  });

  it.each([
    ["long", "100", "101.5", "10", "1", "1.00", "14.00"],
    ["short", "100", "101.5", "10", "1", "1.00", "-16.00"],
    ["long", "1.2345", "1.2346", "3", "100", "0", "0.03"],
    ["long", "10", "10", "1", "1", "0.004", "0.00"],
    ["short", "0.0001", "0", "25", "2", "0", "0.01"],
  ] as const)("%s %s -> %s x %s x %s - %s is %s", (side, entry, exit, qty, mult, fee, pnl) => {
    expect(pnlOf(side, entry, exit, qty, mult, fee)).toBe(pnl);
  });

  it("gives the P&L the decimal.js version gave, rounding half away from zero", () => {
    let seed = 3;
    const next = (max: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(seed / 65536) % max;
    };
    const price = () => `${next(500)}.${String(next(10000)).padStart(4, "0")}`;
    for (let i = 0; i < 5000; i++) {
      const side = next(2) === 0 ? "long" : "short";
      const entry = price();
      const exit = next(10) === 0 ? entry : price();
      const qty = next(3) === 0 ? `${next(1000)}.${String(next(10000)).padStart(4, "0")}` : String(1 + next(5000));
      const mult = ["1", "1.0000", "100", "50", "0.5", "12.5000"][next(6)] as string;
      const fee = `${next(20)}.${String(next(100)).padStart(2, "0")}`;
      expect(pnlOf(side, entry, exit, qty, mult, fee)).toBe(pnlWithDecimal(side, entry, exit, qty, mult, fee));
    }
  });
});
