// Exact decimal arithmetic on whole numbers of a unit (10^-places) held in BigInt: for the hot loops of an import
// (commission shares, P&L of millions of trade rows) where decimal.js objects cost too much. Values come in and go out
// as the plain decimal strings that NUMERIC columns give and take.

const PLAIN = /^-?(\d+)(?:\.(\d+))?$/;

/** A plain decimal string as a whole number of 10^-places units; undefined when it has more places. */
export function toUnits(text: string, places: number): bigint | undefined {
  const match = PLAIN.exec(text);
  if (!match) throw new Error(`'${text}' is not a plain decimal`);
  const fraction = match[2] ?? "";
  if (fraction.length > places && !/^0*$/.test(fraction.slice(places))) return undefined;
  const digits = BigInt((match[1] as string) + fraction.slice(0, places).padEnd(places, "0"));
  return text.startsWith("-") ? -digits : digits;
}

export function fromUnits(units: bigint, places: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, "0");
  const text = places === 0 ? digits : `${digits.slice(0, -places)}.${digits.slice(-places)}`;
  return negative ? `-${text}` : text;
}

export const placesOf = (text: string) => {
  const dot = text.indexOf(".");
  return dot === -1 ? 0 : text.length - dot - 1;
};

/**
 * (exit - entry) x quantity x multiplier - commission for a long (entry - exit for a short), rounded half away from
 * zero to cents: the trades table's generated pnl column, computed the same way.
 */
export function pnlOf(
  side: "long" | "short",
  entry: string,
  exit: string,
  quantity: string,
  multiplier: string,
  commission: string,
): string {
  const pricePlaces = Math.max(placesOf(entry), placesOf(exit));
  const move = (toUnits(exit, pricePlaces) as bigint) - (toUnits(entry, pricePlaces) as bigint);
  const q = placesOf(quantity);
  const m = placesOf(multiplier);
  const places = pricePlaces + q + m;
  const gross =
    (side === "long" ? move : -move) * (toUnits(quantity, q) as bigint) * (toUnits(multiplier, m) as bigint);
  const c = placesOf(commission);
  const costPlaces = Math.max(places, c);
  const net =
    gross * 10n ** BigInt(costPlaces - places) - (toUnits(commission, c) as bigint) * 10n ** BigInt(costPlaces - c);
  if (costPlaces <= 2) return fromUnits(net * 10n ** BigInt(2 - costPlaces), 2);
  const divisor = 10n ** BigInt(costPlaces - 2);
  const negative = net < 0n;
  const magnitude = negative ? -net : net;
  const rounded = (magnitude + divisor / 2n) / divisor;
  return fromUnits(negative ? -rounded : rounded, 2);
}
