// Sharing an amount of money out over parts, to the cent, with nothing lost: the parts always add up to the whole.
// Used wherever one row becomes several: a partial close splits a trade's commission between the closed part and the
// part left open, and FIFO matching of imported fills splits each fill's commission over the trades it feeds.
//
// The arithmetic is on whole numbers of the smallest unit (BigInt), so it is exact whatever the sizes, and fast
// enough for an import that shares out commissions for millions of fills.
import { fromUnits, placesOf, toUnits } from "./whole-units.js";

/**
 * Splits `total` (a decimal string with at most `scale` places) in proportion to `weights` (non-negative decimal
 * strings, e.g. quantities), rounding each part to `scale` places by the largest-remainder method: parts are
 * floored, then the leftover units go to the parts with the largest remainders (ties to the earlier part). The parts
 * sum to `total` exactly, and a part whose weight is zero gets zero.
 */
export function allocate(total: string, weights: string[], scale = 2): string[] {
  if (weights.length === 0) throw new Error("allocate needs at least one weight");
  const weightPlaces = Math.max(...weights.map(placesOf));
  const scaled = weights.map((w) => toUnits(w, weightPlaces) as bigint);
  if (scaled.some((w) => w < 0n)) throw new Error("allocate: weights must not be negative");
  const sum = scaled.reduce((acc, w) => acc + w, 0n);
  const whole = toUnits(total, scale);
  if (whole === undefined) throw new Error(`allocate: ${total} has more than ${scale} decimal places`);
  if (sum === 0n) {
    if (whole !== 0n) throw new Error("cannot allocate a non-zero amount over zero weights");
    return weights.map(() => fromUnits(0n, scale));
  }
  const negative = whole < 0n;
  const units = negative ? -whole : whole;
  const parts = scaled.map((w) => (units * w) / sum);
  let leftover = units - parts.reduce((acc, p) => acc + p, 0n);
  if (leftover > 0n) {
    const order = scaled
      .map((w, index) => ({ index, remainder: (units * w) % sum }))
      .sort((a, b) => (a.remainder === b.remainder ? a.index - b.index : a.remainder > b.remainder ? -1 : 1));
    for (const { index } of order) {
      if (leftover === 0n) break;
      parts[index] = (parts[index] as bigint) + 1n;
      leftover--;
    }
  }
  return parts.map((p) => fromUnits(negative ? -p : p, scale));
}
