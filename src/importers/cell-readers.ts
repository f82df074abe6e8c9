// Reading the messy values of broker exports: thousands separators, currency signs, parentheses for negatives,
// "--" for empty, dates in several shapes, and the many ways of saying buy and sell. Each reader returns a value or
// a reason, never throws, so a bad row becomes one precise error entry.
import { DateTime, Info, type Zone } from "luxon";
import { Decimal, decimalDigits, integerDigits } from "../domain/decimal.js";
import {
  type Action,
  BUY_SPELLINGS,
  CLOSING_SPELLINGS,
  OPENING_SPELLINGS,
  type PositionEffect,
  SELL_SPELLINGS,
} from "../domain/trade-vocabulary.js";

export type Read<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });

const EMPTY = new Set(["", "--", "-", "n/a", "na", "null", "none"]);

export function isEmptyValue(text: string | undefined): boolean {
  if (text === undefined) return true;
  // Every empty spelling starts with "-" or "n" and has at most four characters: a value starting with another
  // printable character (which trim() keeps), or longer with no space at either end, is not one.
  const first = text.charCodeAt(0);
  if (isPlainAscii(first) && first !== 45 && (first | 32) !== 110) return false;
  if (text.length > 4 && isPlainAscii(first) && isPlainAscii(text.charCodeAt(text.length - 1))) return false;
  return EMPTY.has(text.trim().toLowerCase());
}

/** A printable ASCII character other than space: trim() keeps it and toLowerCase() does not change the length. */
const isPlainAscii = (code: number) => code > 32 && code < 127;

/**
 * A decimal as brokers write it: "1,234.50", "$1,234.50", "(12.30)" or "-12.30", "+5", "12.30 USD", and with
 * `decimalComma` "1.234,50". Returns the exact decimal string: the signs, brackets and currency marks peeled off here,
 * the digits read by domain/decimal.ts's decimalDigits. Exponents, hex and other surprises are refused.
 */
export function readDecimal(
  text: string,
  options: {
    scale: number;
    allowNegative: boolean;
    precision?: number;
    /** Round more places than `scale` half-up (telling `onRound`) instead of refusing them. */
    onRound?: () => void;
    /** The file writes decimal commas (`1.234,50`): points and spaces are read as grouping. */
    decimalComma?: boolean;
    /** A notation of the caller's, turned into a decimal first (Treasury 32nds, `110'16`). */
    notation?: (text: string) => string;
  },
): Read<string> {
  let raw = text.trim();
  if (options.decimalComma) raw = pointForm(raw);
  if (options.notation) raw = options.notation(raw).trim();
  let negative = false;
  // A plain number ("12.30", "1,234") has none of the signs, brackets or currency marks peeled off below.
  if (!isDigitOrPoint(raw.charCodeAt(0)) || !isDigitOrPoint(raw.charCodeAt(raw.length - 1))) {
    if (BRACKETED.test(raw)) {
      negative = true;
      raw = raw.slice(1, -1).trim();
    }
    raw = raw.replace(CODE_BEFORE, "").replace(CODE_AFTER, ""); // "USD 12.30" / "12.30 USD"
    if (raw.startsWith("-")) {
      negative = !negative;
      raw = raw.slice(1).trim();
    } else if (raw.startsWith("+")) {
      raw = raw.slice(1).trim();
    }
    raw = raw.replace(CURRENCY_SIGN, "").trim();
    if (raw.startsWith("-")) {
      negative = !negative;
      raw = raw.slice(1);
    }
  }
  let value = decimalDigits(raw, AS_WRITTEN);
  if (value === undefined) return fail("not a number");
  if (value.places > options.scale && options.onRound) {
    // Brokers print per-share costs with 3-5 places and float noise (0.1399999999999999): the column keeps `scale`.
    options.onRound();
    const rounded = new Decimal(value.digits).toDecimalPlaces(options.scale, Decimal.ROUND_HALF_UP).toFixed();
    value = { digits: rounded, places: rounded.includes(".") ? rounded.length - rounded.indexOf(".") - 1 : 0 };
  }
  // decimal.js gave "-0" for a negated zero, and refused it as negative.
  if (negative && !options.allowNegative) return fail("must not be negative");
  if (value.places > options.scale) {
    // Brokers often print more places than the amount carries ("1.2300000"): accept if they are zeros.
    return fail(`more than ${options.scale} decimal places`);
  }
  // NUMERIC(precision, scale) holds precision - scale digits before the point: more would fail the whole import.
  if (options.precision !== undefined && integerDigits(value.digits) > options.precision - options.scale) {
    return fail(`out of range: at most ${options.precision - options.scale} digits before the decimal point`);
  }
  return ok(negative && value.digits !== "0" ? `-${value.digits}` : value.digits);
}

const BRACKETED = /^\(.*\)$/;
const CODE_BEFORE = /^[A-Z]{3}\s+/;
const CODE_AFTER = /\s+[A-Z]{3}$/;
const CURRENCY_SIGN = /^[$€£¥]/;
/** Significant digits decimal.js kept (its default precision) when the old reader multiplied by ±1. */
const SIGNIFICANT_DIGITS = 20;
const AS_WRITTEN = { grouped: true, significantDigits: SIGNIFICANT_DIGITS };

const isDigitOrPoint = (code: number) => (code >= 48 && code <= 57) || code === 46;

/** A decimal-comma number (`1.234,50`, `21000,25`, `€ 12,5`) in the point form: points, spaces and signs dropped. */
function pointForm(text: string): string {
  return text.replace(/[.\s$€£]/g, "").replace(",", ".");
}

/**
 * trades.quantity and executions.quantity are NUMERIC(21, 10) (migration 047): fractional shares to 10 places (Trading
 * 212 writes 0.0123456789) and crypto, with the seed's 11 digits before the point.
 */
export const QUANTITY_SCALE = 10;
export const QUANTITY_PRECISION = 21;

/**
 * Prices (trades.entry_price/exit_price/stop_price, executions.price) are NUMERIC(21, 10) (migration 070): 6J at
 * 0.0067055, Treasury 32nds and their fractions (110.515625), sub-penny stocks and crypto, with 11 digits before the
 * point as before. More places are rounded half-up to 10 and counted.
 */
export const PRICE_SCALE = 10;
export const PRICE_PRECISION = 21;

export type { Action, PositionEffect };

const NON_TRADE =
  /^(dividend|div|cash dividend|qualified dividend|interest|credit interest|debit interest|transfer|journal|deposit|withdrawal|wire|ach|fee|adr fee|tax|withholding|split|reinvest|reinvestment|margin interest|cash in lieu|assignment fee)\b/;

const BOUGHT: Read<Action> = Object.freeze(ok<Action>("buy"));
const SOLD: Read<Action> = Object.freeze(ok<Action>("sell"));

export function readAction(text: string): Read<Action> | { ok: true; value: "skip" } {
  const lower = text.trim().toLowerCase();
  // The spellings hold single spaces only, so one that matches before folding whitespace matches after it.
  if (BUY_SPELLINGS.has(lower)) return BOUGHT;
  if (SELL_SPELLINGS.has(lower)) return SOLD;
  const key = lower.replace(/\s+/g, " ");
  if (BUY_SPELLINGS.has(key)) return BOUGHT;
  if (SELL_SPELLINGS.has(key)) return SOLD;
  if (NON_TRADE.test(key)) return { ok: true, value: "skip" };
  return fail("not a buy or sell (buy, sell, short, cover, BTO, STC... )");
}

/** The position effect a side spelling states (`Sell Short`, `Buy to Cover`...), or null for a plain buy or sell. */
export function readPositionEffect(text: string): PositionEffect | null {
  const key = text.trim().toLowerCase().replace(/\s+/g, " ");
  if (OPENING_SPELLINGS.has(key)) return "open";
  if (CLOSING_SPELLINGS.has(key)) return "close";
  return null;
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

// The shapes almost every export uses, read without luxon's format parser (which builds its token regexes per call):
// ISO-like by hand (it is nearly every row of a large file), US-like with one regular expression.
const ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const US_LIKE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?$/;

/** A fill's time, read as wall-clock time in `timeZone` unless the text carries an offset. */
export function readDateTime(text: string, timeZone: string): Read<ReadDate> {
  const trimmed = text.trim();
  const iso = readIsoLike(trimmed, timeZone);
  if (iso !== undefined) return iso;
  const raw = trimmed.replace(/\s+/g, " ");
  const isoParts = ISO_LIKE.exec(raw);
  if (isoParts) {
    const [, y, mo, d, h, mi, se, ms] = isoParts as unknown as string[];
    return fromParts(timeZone, y as string, mo as string, d as string, h, mi, se, ms) ?? fail(NOT_A_DATE);
  }
  const us = US_LIKE.exec(raw);
  if (us) {
    const [, mo, d, y, h, mi, se, ampm] = us as unknown as string[];
    return fromParts(timeZone, y as string, mo as string, d as string, h, mi, se, undefined, ampm) ?? fail(NOT_A_DATE);
  }
  return readOtherDateTime(raw, timeZone);
}

/**
 * ISO_LIKE by hand on text with no other whitespace than the one separator (so the whitespace folding above would not
 * change it); undefined to let the general path decide.
 */
function readIsoLike(text: string, timeZone: string): Read<ReadDate> | undefined {
  const length = text.length;
  if (length < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return undefined;
  if (length === 10) {
    return (
      instantOf(timeZone, { year, month, day, hour: 0, minute: 0, second: 0, millisecond: 0 }, true) ?? fail(NOT_A_DATE)
    );
  }
  const separator = text.charCodeAt(10);
  if (separator !== 32 && separator !== 84) return undefined;
  // The hour has one or two digits.
  const hourDigits = text.charCodeAt(12) === 58 ? 1 : 2;
  const hour = digitsAt(text, 11, hourDigits);
  let i = 11 + hourDigits;
  if (hour < 0 || text.charCodeAt(i) !== 58) return undefined;
  const minute = digitsAt(text, i + 1, 2);
  if (minute < 0) return undefined;
  i += 3;
  let second = 0;
  let millisecond = 0;
  if (i < length) {
    if (text.charCodeAt(i) !== 58) return undefined;
    second = digitsAt(text, i + 1, 2);
    if (second < 0) return undefined;
    i += 3;
    if (i < length) {
      // A fraction of 1 to 6 digits: milliseconds are its first three, padded.
      const fraction = length - i - 1;
      if (text.charCodeAt(i) !== 46 || fraction < 1 || fraction > 6 || digitsAt(text, i + 1, fraction) < 0) {
        return undefined;
      }
      millisecond = digitsAt(text, i + 1, Math.min(fraction, 3)) * (fraction === 1 ? 100 : fraction === 2 ? 10 : 1);
    }
  }
  return instantOf(timeZone, { year, month, day, hour, minute, second, millisecond }, false) ?? fail(NOT_A_DATE);
}

/** The number written by `count` ASCII digits at `start`, or -1. */
function digitsAt(text: string, start: number, count: number): number {
  if (start + count > text.length) return -1;
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + code - 48;
  }
  return value;
}

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
  const time = {
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour,
    minute: mi === undefined ? 0 : Number(mi),
    second: se === undefined ? 0 : Number(se),
    millisecond: ms === undefined ? 0 : Number(ms.padEnd(3, "0").slice(0, 3)),
  };
  return instantOf(zone, time, h === undefined);
}

/** A local date and time as luxon's DateTime.fromObject takes it. */
interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

/**
 * The instant of a wall-clock time in `zone`, exactly as luxon's DateTime.fromObject gives it (undefined where luxon
 * finds it invalid), without building a DateTime per row: the local time read as UTC, minus the zone's offset for
 * that local hour, which is looked up once per hour and zone. Hours near an offset change, and anything unusual
 * (hour 24, years before 100, an unknown zone), go through luxon itself.
 */
function instantOf(zone: string, time: WallClock, dateOnly: boolean): Read<ReadDate> | undefined {
  const { year, month, day, hour, minute, second, millisecond } = time;
  const offsets = offsetsOf(zone);
  let offset: number | undefined;
  if (
    offsets !== undefined &&
    year >= 100 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month) &&
    hour <= 23 &&
    minute <= 59 &&
    second <= 59
  ) {
    offset = offsets.fixed ?? hourOffset(offsets, time);
  }
  const ts =
    offset === undefined
      ? luxonInstant(zone, time)
      : Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offset * 60 * 1000;
  return ts === undefined ? undefined : ok({ instant: new Date(ts), dateOnly });
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function luxonInstant(zone: string, time: WallClock): number | undefined {
  const parsed = DateTime.fromObject({ ...time }, { zone });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

interface ZoneOffsets {
  /** As the caller wrote it, which is what luxon is given. */
  name: string;
  zone: Zone;
  /** A zone without daylight saving time (UTC, "UTC+5"): its one offset, in minutes. */
  fixed: number | undefined;
  /** Offset in minutes by local date and hour; NaN for an hour luxon must work out itself, row by row. */
  byHour: Map<number, number>;
}

const zoneOffsets = new Map<string, ZoneOffsets | undefined>();
/** Distinct local hours kept per zone before the cache starts over (a year of hours is under 9,000). */
const MAX_CACHED_HOURS = 100_000;
const HOUR = 3_600_000;

function offsetsOf(name: string): ZoneOffsets | undefined {
  let offsets = zoneOffsets.get(name);
  if (offsets === undefined && !zoneOffsets.has(name)) {
    // "default" follows luxon's Settings.defaultZone, which may change: never cached.
    const zone = name.toLowerCase() === "default" ? undefined : Info.normalizeZone(name);
    offsets =
      zone?.isValid === true
        ? { name, zone, fixed: zone.isUniversal ? zone.offset(0) : undefined, byHour: new Map() }
        : undefined;
    zoneOffsets.set(name, offsets);
  }
  return offsets;
}

/**
 * The zone's offset for one local hour, worked out once through luxon. It is cached only for an hour that luxon
 * maps to the same offset from its first to its last millisecond, with that offset in force from two hours before to
 * two hours after, in whole minutes, and within two hours of the offset luxon starts its guess from (the zone's
 * offset now): then luxon's answer for any minute of the hour is the local time minus that offset. Skipped and
 * repeated hours at a DST change (and the hours next to them) are left to luxon, row by row.
 */
function hourOffset(offsets: ZoneOffsets, { year, month, day, hour }: WallClock): number | undefined {
  const key = ((year * 13 + month) * 32 + day) * 24 + hour;
  let offset = offsets.byHour.get(key);
  if (offset === undefined) {
    offset = plainHourOffset(offsets, year, month, day, hour) ?? Number.NaN;
    if (offsets.byHour.size >= MAX_CACHED_HOURS) offsets.byHour.clear();
    offsets.byHour.set(key, offset);
  }
  return Number.isNaN(offset) ? undefined : offset;
}

function plainHourOffset(
  { name, zone }: ZoneOffsets,
  year: number,
  month: number,
  day: number,
  hour: number,
): number | undefined {
  const first = luxonInstant(name, { year, month, day, hour, minute: 0, second: 0, millisecond: 0 });
  const last = luxonInstant(name, { year, month, day, hour, minute: 59, second: 59, millisecond: 999 });
  if (first === undefined || last === undefined) return undefined;
  const offset = zone.offset(first);
  const local = Date.UTC(year, month - 1, day, hour);
  const plain =
    Number.isInteger(offset) &&
    Math.abs(zone.offset(Date.now()) - offset) <= 120 &&
    first === local - offset * 60 * 1000 &&
    last === local + HOUR - 1 - offset * 60 * 1000 &&
    zone.offset(last) === offset &&
    zone.offset(first - 2 * HOUR) === offset &&
    zone.offset(last + 2 * HOUR) === offset;
  return plain ? offset : undefined;
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
