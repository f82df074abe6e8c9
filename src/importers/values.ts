// Reading the messy values of broker exports: thousands separators, currency signs, parentheses for negatives,
// "--" for empty, dates in several shapes, and the many ways of saying buy and sell. Each reader returns a value or
// a reason, never throws, so a bad row becomes one precise error entry.
import { DateTime } from "luxon";
import { Decimal } from "../domain/decimal.js";

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });

const EMPTY = new Set(["", "--", "-", "n/a", "na", "null", "none"]);

export function isEmptyValue(text: string | undefined): boolean {
  return text === undefined || EMPTY.has(text.trim().toLowerCase());
}

/**
 * A decimal as brokers write it: "1,234.50", "$1,234.50", "(12.30)" or "-12.30", "+5", "12.30 USD". Returns the exact
 * decimal string. Exponents, hex and other surprises are refused.
 */
export function readDecimal(text: string, options: { scale: number; allowNegative: boolean }): Read<string> {
  let raw = text.trim();
  let negative = false;
  if (/^\(.*\)$/.test(raw)) {
    negative = true;
    raw = raw.slice(1, -1).trim();
  }
  raw = raw.replace(/^[A-Z]{3}\s+/, "").replace(/\s+[A-Z]{3}$/, ""); // "USD 12.30" / "12.30 USD"
  if (raw.startsWith("-")) {
    negative = !negative;
    raw = raw.slice(1).trim();
  } else if (raw.startsWith("+")) {
    raw = raw.slice(1).trim();
  }
  raw = raw.replace(/^[$€£¥]/, "").trim();
  if (raw.startsWith("-")) {
    negative = !negative;
    raw = raw.slice(1);
  }
  if (!/^(\d{1,3}(,\d{3})+|\d+)(\.\d*)?$|^\.\d+$/.test(raw)) return fail("not a number");
  const value = new Decimal(raw.replace(/,/g, "")).times(negative ? -1 : 1);
  if (value.isNegative() && !options.allowNegative) return fail("must not be negative");
  if (value.decimalPlaces() > options.scale) {
    // Brokers often print more places than the amount carries ("1.2300000"): accept if they are zeros.
    return fail(`more than ${options.scale} decimal places`);
  }
  return ok(value.isZero() ? "0" : value.toFixed());
}

export type Action = "buy" | "sell";

const BUY = new Set([
  "buy",
  "b",
  "bot",
  "bought",
  "long",
  "cover",
  "buy to cover",
  "btc",
  "buy to open",
  "bto",
  "buy to close",
  "buytocover",
  "buytoopen",
  "buytoclose",
]);
const SELL = new Set([
  "sell",
  "s",
  "sld",
  "sold",
  "short",
  "sell short",
  "ss",
  "sellshort",
  "short sell",
  "sell to open",
  "sto",
  "sell to close",
  "stc",
  "selltoopen",
  "selltoclose",
]);
const NON_TRADE =
  /^(dividend|div|cash dividend|qualified dividend|interest|credit interest|debit interest|transfer|journal|deposit|withdrawal|wire|ach|fee|adr fee|tax|withholding|split|reinvest|reinvestment|margin interest|cash in lieu|assignment fee)\b/;

export function readAction(text: string): Read<Action> | { ok: true; value: "skip" } {
  const key = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (BUY.has(key)) return ok("buy");
  if (SELL.has(key)) return ok("sell");
  if (NON_TRADE.test(key)) return { ok: true, value: "skip" };
  return fail("not a buy or sell (buy, sell, short, cover, BTO, STC... )");
}

const DATE_TIME_FORMATS = [
  "yyyy-MM-dd HH:mm:ss.SSS",
  "yyyy-MM-dd HH:mm:ss",
  "yyyy-MM-dd HH:mm",
  "yyyy-MM-dd, HH:mm:ss",
  "yyyyMMdd HH:mm:ss",
  "yyyyMMdd;HHmmss",
  "MM/dd/yyyy HH:mm:ss",
  "MM/dd/yyyy HH:mm",
  "M/d/yyyy H:mm:ss",
  "M/d/yyyy H:mm",
  "M/d/yyyy h:mm:ss a",
  "M/d/yyyy h:mm a",
  "MM/dd/yy HH:mm:ss",
  "M/d/yy h:mm:ss a",
];
const DATE_ONLY_FORMATS = ["yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy", "yyyyMMdd", "M/d/yy"];

export interface ReadDate {
  instant: Date;
  /** The value carried no time of day: the file's row order decides the order within that day. */
  dateOnly: boolean;
}

// The shapes almost every export uses, read with one regular expression instead of luxon's format parser (which
// builds its token regexes per call and was most of an import's parsing time).
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const US_LIKE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?$/;

function fromParts(
  zone: string,
  y: string,
  mo: string,
  d: string,
  h?: string,
  mi?: string,
  se?: string,
  ms?: string,
  ampm?: string,
): Read<ReadDate> | undefined {
  let hour = h === undefined ? 0 : Number(h);
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toLowerCase() === "pm" ? 12 : 0);
  }
  const parsed = DateTime.fromObject(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour,
      minute: mi === undefined ? 0 : Number(mi),
      second: se === undefined ? 0 : Number(se),
      millisecond: ms === undefined ? 0 : Number(ms.padEnd(3, "0").slice(0, 3)),
    },
    { zone },
  );
  if (!parsed.isValid) return undefined;
  return ok({ instant: parsed.toJSDate(), dateOnly: h === undefined });
}

/** A fill's time, read as wall-clock time in `timeZone` unless the text carries an offset. */
export function readDateTime(text: string, timeZone: string): Read<ReadDate> {
  const raw = text.trim().replace(/\s+/g, " ");
  const iso = ISO_LIKE.exec(raw);
  if (iso) {
    const [, y, mo, d, h, mi, se, ms] = iso as unknown as string[];
    return fromParts(timeZone, y as string, mo as string, d as string, h, mi, se, ms) ?? fail(NOT_A_DATE);
  }
  const us = US_LIKE.exec(raw);
  if (us) {
    const [, mo, d, y, h, mi, se, ampm] = us as unknown as string[];
    return fromParts(timeZone, y as string, mo as string, d as string, h, mi, se, undefined, ampm) ?? fail(NOT_A_DATE);
  }
  return readOtherDateTime(raw, timeZone);
}

const NOT_A_DATE = "not a date and time this importer reads (e.g. 2024-03-01 09:30:00 or 03/01/2024 09:30:00)";

function readOtherDateTime(raw: string, timeZone: string): Read<ReadDate> {
  const iso = DateTime.fromISO(raw, { zone: timeZone });
  if (iso.isValid && /[T ]\d/.test(raw)) return ok({ instant: iso.toJSDate(), dateOnly: false });
  for (const format of DATE_TIME_FORMATS) {
    const parsed = DateTime.fromFormat(raw, format, { zone: timeZone });
    if (parsed.isValid) return ok({ instant: parsed.toJSDate(), dateOnly: false });
  }
  for (const format of DATE_ONLY_FORMATS) {
    const parsed = DateTime.fromFormat(raw, format, { zone: timeZone });
    if (parsed.isValid) return ok({ instant: parsed.toJSDate(), dateOnly: true });
  }
  return fail(NOT_A_DATE);
}
