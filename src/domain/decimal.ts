// Exact decimals for money and quantities. Input is checked as text first: decimal.js would also accept hex, binary
// and exponents, which no trader means. Values leave here as strings, ready for a NUMERIC column.
import { Decimal } from "decimal.js";
import { ValidationError } from "../errors.js";

export { Decimal };

export interface DecimalRule {
  /** What the user calls it, e.g. "--qty" or "quantity". */
  field: string;
  /** NUMERIC(precision, scale) of the column it goes into. */
  precision: number;
  scale: number;
  /** positive: > 0; nonNegative: >= 0. */
  sign?: "positive" | "nonNegative" | "any";
}

const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function parseDecimal(text: string, rule: DecimalRule): string {
  const raw = text.trim();
  if (!PLAIN_DECIMAL.test(raw)) {
    throw new ValidationError(`${rule.field} must be a number, got '${text}'`);
  }
  const value = new Decimal(raw);
  if (rule.sign === "positive" && !value.gt(0)) {
    throw new ValidationError(`${rule.field} must be greater than 0, got '${text}'`);
  }
  if (rule.sign === "nonNegative" && value.lt(0)) {
    throw new ValidationError(`${rule.field} must not be negative, got '${text}'`);
  }
  if (value.decimalPlaces() > rule.scale) {
    throw new ValidationError(`${rule.field} allows at most ${rule.scale} decimal places, got '${text}'`);
  }
  const integerDigits = value.abs().trunc().toFixed(0).replace(/^0$/, "").length;
  if (integerDigits > rule.precision - rule.scale) {
    throw new ValidationError(`${rule.field} is too large, got '${text}'`);
  }
  return value.toFixed();
}
