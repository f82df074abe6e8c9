// Sharing an amount of money out over parts, to the cent, with nothing lost: the parts always add up to the whole.
// Used wherever one row becomes several: a partial close splits a trade's commission between the closed part and the
// part left open, and FIFO matching of imported fills splits each fill's commission over the trades it feeds.
import { Decimal } from "./decimal.js";

/**
 * Splits `total` (a decimal string with at most `scale` places) in proportion to `weights` (decimal strings, e.g.
 * quantities), rounding each part to `scale` places by the largest-remainder method: parts are floored, then the
 * leftover units go to the parts with the largest remainders (ties to the earlier part). The parts sum to `total`
 * exactly, and a part whose weight is zero gets zero.
 */
export function allocate(total: string, weights: string[], scale = 2): string[] {
  if (weights.length === 0) throw new Error("allocate needs at least one weight");
  const sum = weights.reduce((acc, w) => acc.plus(w), new Decimal(0));
  const whole = new Decimal(total);
  if (sum.isZero()) {
    if (!whole.isZero()) throw new Error("cannot allocate a non-zero amount over zero weights");
    return weights.map(() => whole.toFixed(scale));
  }
  const unit = new Decimal(10).pow(-scale);
  const sign = whole.isNegative() ? -1 : 1;
  const units = whole.abs().div(unit); // whole number of cents (or units of the scale)
  if (!units.isInteger()) throw new Error(`allocate: ${total} has more than ${scale} decimal places`);
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
