// Exact decimals for money and quantities. Input is read as text by decimalDigits, the one decimal reader (the
// importer's messy-number reading peels signs, brackets and currency marks and then calls it): decimal.js would also
// accept hex, binary and exponents, which no trader means. Values leave here as strings, ready for a NUMERIC column.
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

export function parseDecimal(text: string, rule: DecimalRule): string {
  const refuse = (say: (name: string) => string) =>
    new FieldError(rule.field, (name) => say(rule.part ? `${name} ${rule.part}` : name), rule.label);
  const raw = text.trim();
  const signed = raw.startsWith("-") || raw.startsWith("+");
  const read = decimalDigits(signed ? raw.slice(1) : raw);
  if (read === undefined) {
    throw refuse((name) => `${name} must be a number, got '${text}'`);
  }
  const negative = raw.startsWith("-") && read.digits !== "0";
  if (rule.sign === "positive" && (negative || read.digits === "0")) {
    throw refuse((name) => `${name} must be greater than 0, got '${text}'`);
  }
  if (rule.sign === "nonNegative" && negative) {
    throw refuse((name) => `${name} must not be negative, got '${text}'`);
  }
  if (read.places > rule.scale) {
    throw refuse((name) => `${name} allows at most ${rule.scale} decimal places, got '${text}'`);
  }
  if (integerDigits(read.digits) > rule.precision - rule.scale) {
    throw refuse((name) => `${name} is too large, got '${text}'`);
  }
  return negative ? `-${read.digits}` : read.digits;
}

/** An unsigned decimal in its exact canonical form (`12.34`, `0.5`, `0`) and the places after its point. */
export interface DecimalDigits {
  digits: string;
  places: number;
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/**
 * The one decimal reader: an unsigned decimal text (`12.30`, `.5`, `5.`; with `grouped`, thousands separated by
 * commas, `1,234.50`) as its exact canonical digits, leading and trailing zeros dropped; undefined for anything else
 * (signs, exponents, hex, spaces: the callers peel off what their notation allows first). `significantDigits` rounds
 * half up to that many significant digits (the importer keeps the 20 decimal.js's multiplication once kept).
 */
export function decimalDigits(
  raw: string,
  options: { grouped?: boolean; significantDigits?: number } = {},
): DecimalDigits | undefined {
  const length = raw.length;
  let i = 0;
  while (i < length && isDigit(raw.charCodeAt(i))) i++;
  let integer = raw.slice(0, i);
  if (options.grouped && i < length && raw.charCodeAt(i) === 44) {
    // Thousands separators: 1 to 3 digits, then groups of exactly three.
    if (i === 0 || i > 3) return undefined;
    while (i < length && raw.charCodeAt(i) === 44) {
      const group = i + 1;
      i = group;
      while (i < length && isDigit(raw.charCodeAt(i))) i++;
      if (i - group !== 3) return undefined;
      integer += raw.slice(group, i);
    }
  }
  let fraction = "";
  if (i < length && raw.charCodeAt(i) === 46) {
    const start = ++i;
    while (i < length && isDigit(raw.charCodeAt(i))) i++;
    fraction = raw.slice(start, i);
    if (integer.length === 0 && fraction.length === 0) return undefined;
  } else if (integer.length === 0) return undefined;
  if (i !== length) return undefined;

  const limit = options.significantDigits ?? Number.POSITIVE_INFINITY;
  // The common case: already canonical, as most numbers are written.
  if (
    integer.length + fraction.length <= limit &&
    integer.length > 0 &&
    (integer.charCodeAt(0) !== 48 || integer.length === 1) &&
    (fraction.length === 0 ? integer !== "0" : fraction.charCodeAt(fraction.length - 1) !== 48)
  ) {
    return { digits: fraction.length === 0 ? integer : `${integer}.${fraction}`, places: fraction.length };
  }

  // value = significand x 10^exponent, the significand without leading zeros.
  const all = integer + fraction;
  let first = 0;
  while (first < all.length && all.charCodeAt(first) === 48) first++;
  if (first === all.length) return { digits: "0", places: 0 };
  let significand = all.slice(first);
  let exponent = -fraction.length;
  if (significand.length > limit) {
    const roundUp = significand.charCodeAt(limit) >= 53;
    exponent += significand.length - limit;
    significand = significand.slice(0, limit);
    if (roundUp) significand = (BigInt(significand) + 1n).toString();
  }
  let end = significand.length;
  while (significand.charCodeAt(end - 1) === 48) end--;
  exponent += significand.length - end;
  significand = significand.slice(0, end);
  if (exponent >= 0) return { digits: significand + "0".repeat(exponent), places: 0 };
  const places = -exponent;
  if (significand.length > places) {
    const point = significand.length - places;
    return { digits: `${significand.slice(0, point)}.${significand.slice(point)}`, places };
  }
  return { digits: `0.${"0".repeat(places - significand.length)}${significand}`, places };
}

/** Digits before the point of canonical digits ("0.5" has none): NUMERIC(p, s) holds p - s of them. */
export function integerDigits(digits: string): number {
  const point = digits.indexOf(".");
  const integer = point === -1 ? digits : digits.slice(0, point);
  return integer === "0" ? 0 : integer.length;
}
