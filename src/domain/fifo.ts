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
import type { ImportedTradeFields, RoundTripSpan } from "../db/imports.js";
import type { AssetType } from "../db/schema.js";
import { allocate } from "./allocation.js";
import { Decimal } from "./decimal.js";
import { pnlOf } from "./fixed.js";
import { splitTrade } from "./lots.js";

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
  /** Where the fill was read (import and file line), to say which row an unmatched fill is. */
  source?: { importId: number | null; line: number | null };
}

/** The part of a closes-only fill that found nothing open to close. */
export interface UnmatchedFill {
  fill: FifoFill;
  quantity: string;
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
          entryPrice: lot.fill.price,
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
      this.lots.push({ fill, side, remainingQuantity: remaining, remainingCommission });
    }
    if (this.options.keepClosed) this.closed.push(...emitted);
    return emitted;
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
      entryPrice: lot.fill.price,
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

/** Realized P&L of a trade row, as the generated column computes it (price move x quantity x multiplier - commission). */
export function tradePnl(trade: FifoTrade): string | null {
  if (trade.exitPrice === null) return null;
  return pnlOf(trade.side, trade.entryPrice, trade.exitPrice, trade.quantity, trade.multiplier, trade.commission);
}
