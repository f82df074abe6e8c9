// Splitting one open trade into a closed part and an open remainder: the one rule shared by `trade close --qty` and
// the FIFO matching of imported fills, so both build trades the same way.
//
// The commission rule: an open trade's commission holds the entry commission paid so far. When part of it closes,
// the closed part gets its quantity-proportional share of that entry commission plus the whole closing commission;
// the remainder keeps the rest of the entry commission. Shares are made to the cent with allocate(), so the two rows
// always add up to the original (quantity, entry commission and initial risk alike).
import { FieldError, ValidationError } from "../errors.js";
import { allocate } from "./allocation.js";
import { Decimal } from "./decimal.js";

export interface OpenLot {
  quantity: string;
  /** Entry commission so far, NUMERIC(10,2). */
  commission: string;
  /** The initial risk, shared like the commission; null when none was set. */
  initialRisk: string | null;
}

export interface ClosedPart {
  quantity: string;
  commission: string;
  initialRisk: string | null;
}

export interface LotSplit {
  closed: ClosedPart;
  /** What stays open; null when the whole quantity closes. */
  remainder: OpenLot | null;
}

const COMMISSION_LIMIT = new Decimal("1e8"); // NUMERIC(10,2)

/**
 * Closes `closeQuantity` of `lot`, paying `closingCommission` on the way out. A quantity above the open one is an
 * error (the caller decides what to do with an excess, e.g. open a reversed position).
 */
export function splitTrade(lot: OpenLot, closeQuantity: string, closingCommission = "0"): LotSplit {
  const open = new Decimal(lot.quantity);
  const closing = new Decimal(closeQuantity);
  if (!closing.gt(0)) throw new FieldError("qty", (name) => `${name} must be greater than 0, got '${closeQuantity}'`);
  if (closing.gt(open)) {
    throw new FieldError(
      "qty",
      (name) => `${name} ${closing.toFixed()} is more than the open quantity ${open.toFixed()}`,
    );
  }
  const remaining = open.minus(closing);
  const weights = [closing.toFixed(), remaining.toFixed()];
  const [closedEntry, keptEntry] = allocate(lot.commission, weights) as [string, string];
  const closedCommission = new Decimal(closedEntry).plus(closingCommission);
  if (closedCommission.abs().gte(COMMISSION_LIMIT)) {
    throw new ValidationError("the commission of the closed part is too large to store");
  }
  const [closedRisk, keptRisk] = lot.initialRisk === null ? [null, null] : allocate(lot.initialRisk, weights);
  const closed: ClosedPart = {
    quantity: closing.toFixed(),
    commission: closedCommission.toFixed(2),
    initialRisk: closedRisk ?? null,
  };
  if (remaining.isZero()) return { closed, remainder: null };
  return {
    closed,
    remainder: { quantity: remaining.toFixed(), commission: keptEntry, initialRisk: keptRisk ?? null },
  };
}
