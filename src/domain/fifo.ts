// Building trades from fills by FIFO, per account and symbol. Each opening fill is a lot; a closing fill closes the
// oldest lots first, and every (lot, closing fill) pair becomes one trade row priced at the two fills' own prices, so
// the sum of the rows' P&L is the realized P&L a FIFO broker reports. A fill that closes more than is open flips the
// position: the excess opens a new lot on the other side.
//
// Commission is shared out to the cent with nothing lost, by the same rule as `trade close --qty` (lots.ts
// splitTrade): when a quantity q is taken from a lot (or a fill) that still has quantity R and commission C, that part
// gets C x q / R to the cent (allocate() over [q, R - q], which rounds half-up) and the rest stays with what remains;
// the last part takes exactly what is left. Earlier parts never change when later fills arrive, and the parts of
// every fill add up to its commission.
//
// A stock split (a fill marked split) trades nothing: at its instant every open lot of the position is rescaled by the
// ratio (held + split quantity) / held, quantity x ratio and entry price / ratio, so each lot's cost (and its
// commission) is unchanged and realized P&L never moves; later closes match the rescaled lots. A split that cannot
// be applied exactly (nothing held, a short, a ratio no split has, a value the columns cannot hold) changes nothing
// and is reported with the unmatched fills, with its reason.
import type { ImportedTradeFields } from "../db/imported-trades.js";
import type { RoundTripSpan } from "../db/round-trips.js";
import { type AssetType, numericLimits, tables } from "../db/schema.js";
import { allocate } from "./allocation.js";
import { Decimal } from "./decimal.js";
import { splitTrade } from "./lots.js";
import { pnlOf } from "./whole-units.js";

export interface FifoFill {
  /** The execution's database id: a trade's identity is built from its fills' ids. */
  id: number;
  executedAt: Date;
  action: "buy" | "sell";
  quantity: string;
  price: string;
  commission: string;
  multiplier: string;
  assetType: AssetType;
  orderId: string | null;
  /** The file's currency for the fill (null: none given); a trade is in its opening fill's. */
  currency?: string | null;
  /** The format the fill came in; an imported trade's broker is its opening fill's. */
  broker?: string;
  /**
   * The fill can only close (a plain sell of shares, a `Buy to Cover`): what it finds nothing to close is left
   * unmatched, never opened as a position on the other side. Without it the excess opens the other side (a flip).
   */
  closesOnly?: boolean;
  /**
   * An opening balance (`import csv --opening`): the position held at this time, not a trade. It adds only what the
   * fills before it do not already hold on its side (all of it when flat, nothing when they hold as much or are on
   * the other side), so the real fills of an older export, imported later, are never doubled by it.
   */
  openingBalance?: boolean;
  /**
   * A stock split: buy adds `quantity` shares to the position (forward split), sell removes them (reverse split), at
   * price 0; applied to the open lots as a ratio (see applySplit), never a trade.
   */
  split?: boolean;
  /** Where the fill was read (import and file line), to say which row an unmatched fill is. */
  source?: { importId: number | null; line: number | null };
}

/** The part of a closes-only fill that found nothing open to close, or a split that could not be applied. */
export interface UnmatchedFill {
  fill: FifoFill;
  quantity: string;
  /** A split's: why it was not applied (the position is left as it was). */
  splitRefusal?: string;
}

/** A trade row built from fills: the fields the trades table takes, plus where it came from. */
export interface FifoTrade extends ImportedTradeFields {
  broker: string;
  /** Index of the round trip (flat to flat) this row belongs to, in order of opening. */
  roundTrip: number;
}

export type { RoundTripSpan };

interface Lot {
  fill: FifoFill;
  side: "long" | "short";
  /** Entry price per share: the opening fill's, divided by the ratio of every split since. */
  price: string;
  remainingQuantity: Decimal;
  remainingCommission: Decimal;
}

/** Takes quantity `take` out of (quantity, commission): returns the part's commission, to the cent. */
export function commissionShare(remainingCommission: Decimal, remainingQuantity: Decimal, take: Decimal): Decimal {
  if (take.gte(remainingQuantity)) return remainingCommission;
  const [part] = allocate(remainingCommission.toFixed(2), [take.toFixed(), remainingQuantity.minus(take).toFixed()]);
  return new Decimal(part as string);
}

export class FifoBuilder {
  private lots: Lot[] = [];
  private roundTrips: RoundTripSpan[] = [];
  /** Index of roundTrips[0]: a streaming caller forgets round trips it has written. */
  private roundOffset = 0;
  private readonly closed: FifoTrade[] = [];
  private readonly unmatchedFills: UnmatchedFill[] = [];

  /** keepClosed: false when the caller writes the trades add() returns as it goes (memory stays flat). */
  constructor(private readonly options: { keepClosed: boolean } = { keepClosed: true }) {}

  /** Adds the next fill (fills must come in time order). Returns the trades it closed. */
  add(fill: FifoFill): FifoTrade[] {
    if (fill.split) {
      const refusal = this.applySplit(fill);
      if (refusal !== undefined)
        this.unmatchedFills.push({ fill, quantity: new Decimal(fill.quantity).toFixed(), splitRefusal: refusal });
      return [];
    }
    if (fill.openingBalance) {
      const side = fill.action === "buy" ? "long" : "short";
      const held = this.lots.reduce((acc, lot) => acc.plus(lot.remainingQuantity), new Decimal(0));
      const current = this.lots[0]?.side ?? side;
      const missing = new Decimal(fill.quantity).minus(held);
      if (current !== side || missing.lte(0)) return [];
      fill = { ...fill, quantity: missing.toFixed() };
    }
    const emitted: FifoTrade[] = [];
    const side = fill.action === "buy" ? "long" : "short";
    let remaining = new Decimal(fill.quantity);
    let remainingCommission = new Decimal(fill.commission);
    const current = this.lots[0]?.side;

    if (current !== undefined && current !== side) {
      while (remaining.gt(0) && this.lots.length > 0) {
        const lot = this.lots[0] as Lot;
        const take = Decimal.min(lot.remainingQuantity, remaining);
        // The fill's share is taken against the whole fill, so a flip leaves the rest for the opening part.
        const fillPart = commissionShare(remainingCommission, remaining, take);
        // The lot closes exactly as an open trade does under `trade close --qty`.
        const split = splitTrade(
          {
            quantity: lot.remainingQuantity.toFixed(),
            commission: lot.remainingCommission.toFixed(2),
            initialRisk: null,
          },
          take.toFixed(),
          fillPart.toFixed(2),
        );
        const trip = this.roundTrips[this.roundTrips.length - 1] as RoundTripSpan;
        emitted.push({
          importKey: `${lot.fill.id}:${fill.id}`,
          side: lot.side,
          quantity: take.toFixed(),
          entryPrice: lot.price,
          exitPrice: fill.price,
          entryDate: lot.fill.executedAt,
          exitDate: fill.executedAt,
          commission: split.closed.commission,
          multiplier: lot.fill.multiplier,
          assetType: lot.fill.assetType,
          orderId: lot.fill.orderId,
          currency: lot.fill.currency ?? null,
          broker: lot.fill.broker ?? "import",
          openFillId: lot.fill.id,
          closeFillId: fill.id,
          roundTrip: trip.index,
        });
        lot.remainingQuantity = lot.remainingQuantity.minus(take);
        lot.remainingCommission = new Decimal(split.remainder?.commission ?? "0");
        remaining = remaining.minus(take);
        remainingCommission = remainingCommission.minus(fillPart);
        if (lot.remainingQuantity.isZero()) this.lots.shift();
        if (this.lots.length === 0) trip.closedAt = fill.executedAt;
      }
    }
    if (remaining.gt(0) && fill.closesOnly) {
      this.unmatchedFills.push({ fill, quantity: remaining.toFixed() });
    } else if (remaining.gt(0)) {
      if (this.lots.length === 0) {
        this.roundTrips.push({
          index: this.roundOffset + this.roundTrips.length,
          side,
          openedAt: fill.executedAt,
          closedAt: null,
        });
      }
      this.lots.push({ fill, side, price: fill.price, remainingQuantity: remaining, remainingCommission });
    }
    if (this.options.keepClosed) this.closed.push(...emitted);
    return emitted;
  }

  /**
   * Rescales every open lot by the split's ratio, or says why it cannot (then nothing changes). The ratio is derived
   * from what is held, as the broker's row gives only the shares added or removed; it must be a split's (a-for-b with
   * the smaller term at most MAX_SPLIT_TERM: a 401-share holding that a 1-for-4 split turns into 100 shares and cash
   * in lieu is not one) and every rescaled quantity and price must fit its column exactly.
   */
  private applySplit(fill: FifoFill): string | undefined {
    const held = this.lots.reduce((acc, lot) => acc.plus(lot.remainingQuantity), new Decimal(0));
    if (this.lots.length === 0) return "no open position";
    if (this.lots[0]?.side === "short") return "the position is short: a split of a short position is not applied";
    const change = new Decimal(fill.quantity);
    const after = fill.action === "buy" ? held.plus(change) : held.minus(change);
    if (after.lte(0)) return `it removes ${change.toFixed()} shares and only ${held.toFixed()} are held`;
    const [up, down] = reducedRatio(after, held);
    if (up > MAX_SPLIT_TERM && down > MAX_SPLIT_TERM)
      return `it turns ${held.toFixed()} shares into ${after.toFixed()}, which is no split ratio (a fractional share paid as cash in lieu is not applied)`;
    const rescaled: { lot: Lot; quantity: string; price: string }[] = [];
    for (const lot of this.lots) {
      const quantity = rescale(lot.remainingQuantity, up, down, QUANTITY);
      const price = rescale(new Decimal(lot.price), down, up, PRICE);
      if (quantity === null)
        return `${lot.remainingQuantity.toFixed()} shares x ${up}/${down} cannot be held exactly in ${QUANTITY.scale} decimal places`;
      if (price === null)
        return `the price ${new Decimal(lot.price).toFixed()} x ${down}/${up} cannot be held exactly in ${PRICE.scale} decimal places`;
      rescaled.push({ lot, quantity, price });
    }
    for (const { lot, quantity, price } of rescaled) {
      lot.remainingQuantity = new Decimal(quantity);
      lot.price = price;
    }
    return undefined;
  }

  /** Every trade row closed so far, in order. */
  closedTrades(): FifoTrade[] {
    return this.closed;
  }

  /** The closes-only fills (or their parts) that found nothing to close, in order. */
  unmatched(): UnmatchedFill[] {
    return this.unmatchedFills;
  }

  /** The lots still open, as open trade rows. */
  openTrades(): FifoTrade[] {
    const trip = this.roundTrips[this.roundTrips.length - 1];
    return this.lots.map((lot) => ({
      importKey: `${lot.fill.id}:open`,
      side: lot.side,
      quantity: lot.remainingQuantity.toFixed(),
      entryPrice: lot.price,
      exitPrice: null,
      entryDate: lot.fill.executedAt,
      exitDate: null,
      commission: lot.remainingCommission.toFixed(2),
      multiplier: lot.fill.multiplier,
      assetType: lot.fill.assetType,
      orderId: lot.fill.orderId,
      currency: lot.fill.currency ?? null,
      broker: lot.fill.broker ?? "import",
      openFillId: lot.fill.id,
      closeFillId: null,
      roundTrip: trip?.index ?? 0,
    }));
  }

  /** The round trips so far (from the first one not forgotten), in order. */
  rounds(): RoundTripSpan[] {
    return this.roundTrips;
  }

  /** Drops the round trips before index `keepFrom` (the caller has written them and they are closed). */
  forgetRoundsBefore(keepFrom: number): void {
    const drop = Math.min(Math.max(0, keepFrom - this.roundOffset), this.roundTrips.length);
    this.roundTrips.splice(0, drop);
    this.roundOffset += drop;
  }

  /** Signed open quantity: positive long, negative short. */
  position(): string {
    const total = this.lots.reduce((acc, lot) => acc.plus(lot.remainingQuantity), new Decimal(0));
    return (this.lots[0]?.side === "short" ? total.neg() : total).toFixed();
  }
}

/** The smaller term of a split's ratio is at most this: 3-for-2, 20-for-1, 1-for-20, 1-for-200 are splits. */
const MAX_SPLIT_TERM = 20n;
const QUANTITY = numericLimits(tables.trades.quantity);
const PRICE = numericLimits(tables.trades.entry_price);

/** `value` as a whole number of 10^-places units (value must have at most that many places). */
function units(value: Decimal, places: number): bigint {
  // By text, not multiplication: decimal.js rounds arithmetic to 20 digits and a quantity can have 21.
  return BigInt(value.toFixed(places).replace(".", ""));
}

/** after / held as a fraction in lowest terms. */
function reducedRatio(after: Decimal, held: Decimal): [bigint, bigint] {
  const places = Math.max(after.decimalPlaces(), held.decimalPlaces());
  const up = units(after, places);
  const down = units(held, places);
  const divisor = gcd(up, down);
  return [up / divisor, down / divisor];
}

function gcd(a: bigint, b: bigint): bigint {
  return b === 0n ? a : gcd(b, a % b);
}

/** value x up / down, exactly, within the column's limits; null when it cannot be held exactly there. */
function rescale(
  value: Decimal,
  up: bigint,
  down: bigint,
  limits: { scale: number; integerDigits: number },
): string | null {
  const places = value.decimalPlaces();
  const numerator = units(value, places) * up * 10n ** BigInt(limits.scale);
  const denominator = down * 10n ** BigInt(places);
  if (numerator % denominator !== 0n) return null;
  const digits = (numerator / denominator).toString().padStart(limits.scale + 1, "0");
  const whole = digits.slice(0, digits.length - limits.scale);
  if (whole.length > limits.integerDigits) return null;
  return new Decimal(`${whole}.${digits.slice(whole.length) || "0"}`).toFixed();
}

/** Realized P&L of a trade row, as the generated column computes it (price move x quantity x multiplier - commission). */
export function tradePnl(trade: FifoTrade): string | null {
  if (trade.exitPrice === null) return null;
  return pnlOf(trade.side, trade.entryPrice, trade.exitPrice, trade.quantity, trade.multiplier, trade.commission);
}
