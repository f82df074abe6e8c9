// Exact decimals for money and quantities. Input is checked as text first: decimal.js would also accept hex, binary
// and exponents, which no trader means. Values leave here as strings, ready for a NUMERIC column.
import { Decimal } from "decimal.js";
import { FieldError } from "../errors.js";

export { Decimal };

export interface DecimalRule {
  /** The input's key (`qty`): errors are FieldErrors of it, which a command names by its flag (errors.ts). */
  field: string;
  /** What the field is called where no flag names it ("quantity"); the field itself by default. */
  label?: string;
  /** The part of the field's value this number is, said after its name (`stop:` of `--rule "stop: 1.5"`). */
  part?: string;
  /** NUMERIC(precision, scale) of the column it goes into. */
  precision: number;
  scale: number;
  /** positive: > 0; nonNegative: >= 0. */
  sign?: "positive" | "nonNegative" | "any";
}

const PLAIN_DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

export function parseDecimal(text: string, rule: DecimalRule): string {
  const refuse = (say: (name: string) => string) =>
    new FieldError(rule.field, (name) => say(rule.part ? `${name} ${rule.part}` : name), rule.label);
  const raw = text.trim();
  if (!PLAIN_DECIMAL.test(raw)) {
    throw refuse((name) => `${name} must be a number, got '${text}'`);
  }
  const value = new Decimal(raw);
  if (rule.sign === "positive" && !value.gt(0)) {
    throw refuse((name) => `${name} must be greater than 0, got '${text}'`);
  }
  if (rule.sign === "nonNegative" && value.lt(0)) {
    throw refuse((name) => `${name} must not be negative, got '${text}'`);
  }
  if (value.decimalPlaces() > rule.scale) {
    throw refuse((name) => `${name} allows at most ${rule.scale} decimal places, got '${text}'`);
  }
  const integerDigits = value.abs().trunc().toFixed(0).replace(/^0$/, "").length;
  if (integerDigits > rule.precision - rule.scale) {
    throw refuse((name) => `${name} is too large, got '${text}'`);
  }
  return value.toFixed();
}
