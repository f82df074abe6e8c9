import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { Decimal } from "../../src/domain/decimal.js";
import { isEmptyValue, type Read, readAction, readDateTime, readDecimal } from "../../src/importers/cell-readers.js";

describe("readDateTime", () => {
  it.each([
    ["2024-03-01 09:30:00", "America/New_York", "2024-03-01T14:30:00.000Z", false],
    ["2024-07-01T09:30", "America/New_York", "2024-07-01T13:30:00.000Z", false],
    ["2024-03-01 09:30:00.250", "UTC", "2024-03-01T09:30:00.250Z", false],
    ["2024-03-01", "Europe/London", "2024-03-01T00:00:00.000Z", true],
    ["03/01/2024 9:30:00 AM", "America/Chicago", "2024-03-01T15:30:00.000Z", false],
    ["3/1/2024 1:05 PM", "UTC", "2024-03-01T13:05:00.000Z", false],
    ["03/01/2024", "UTC", "2024-03-01T00:00:00.000Z", true],
    ["2024-03-01T09:30:00Z", "Asia/Tokyo", "2024-03-01T09:30:00.000Z", false],
    ["20240301 09:30:00", "UTC", "2024-03-01T09:30:00.000Z", false],
  ])("reads %s in %s", (text, zone, iso, dateOnly) => {
    const read = readDateTime(text, zone);
    expect(read.ok && { iso: read.value.instant.toISOString(), dateOnly: read.value.dateOnly }).toEqual({
      iso,
      dateOnly,
    });
  });
  it.each(["2024-02-30 10:00:00", "13/01/2024", "yesterday", "2024-03-01 25:00:00", "3/1/2024 13:00 PM"])(
    "refuses %s",
    (text) => {
      expect(readDateTime(text, "UTC").ok).toBe(false);
    },
  );
});

describe("readDecimal", () => {
  it.each([
    ["1,234.50", "1234.5"],
    ["$1,234.50", "1234.5"],
    ["(12.30)", "-12.3"],
    ["-$5.00", "-5"],
    ["($1.25)", "-1.25"],
    ["12.30 USD", "12.3"],
    ["0.0000", "0"],
  ])("reads %s as %s", (text, value) => {
    expect(readDecimal(text, { scale: 4, allowNegative: true })).toEqual({ ok: true, value });
  });
  it.each([["1e5"], ["12,34"], ["abc"], ["1.23456"]])("refuses %s", (text) => {
    expect(readDecimal(text, { scale: 4, allowNegative: true }).ok).toBe(false);
  });
});

describe("readAction", () => {
  it.each([
    ["BOT", "buy"],
    ["Buy to Cover", "buy"],
    ["BTO", "buy"],
    ["SLD", "sell"],
    ["Sell Short", "sell"],
    ["STC", "sell"],
    ["Dividend", "skip"],
    ["Credit Interest", "skip"],
  ])("%s is %s", (text, value) => {
    expect(readAction(text)).toEqual({ ok: true, value });
  });
});

// The readers as they were before the fast paths, kept as oracles: what they return is stored and hashed into fill
// fingerprints, so the fast readers must give the same for every input, to the character.
const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = <T>(reason: string): Read<T> => ({ ok: false, reason });

function oldReadDecimal(text: string, options: { scale: number; allowNegative: boolean }): Read<string> {
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

const OLD_DATE_TIME_FORMATS = [
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
const OLD_DATE_ONLY_FORMATS = ["yyyy-MM-dd", "MM/dd/yyyy", "M/d/yyyy", "yyyyMMdd", "M/d/yy"];

interface OldReadDate {
  instant: Date;
  /** The value carried no time of day: the file's row order decides the order within that day. */
  dateOnly: boolean;
}

// The shapes almost every export uses, read with one regular expression instead of luxon's format parser (which
// builds its token regexes per call and was most of an import's parsing time).
const OLD_ISO_LIKE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,6}))?)?)?$/;
const OLD_US_LIKE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?(?: ?([AaPp][Mm]))?)?$/;

function oldFromParts(
  zone: string,
  y: string,
  mo: string,
  d: string,
  h?: string,
  mi?: string,
  se?: string,
  ms?: string,
  ampm?: string,
): Read<OldReadDate> | undefined {
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
function oldReadDateTime(text: string, timeZone: string): Read<OldReadDate> {
  const raw = text.trim().replace(/\s+/g, " ");
  const iso = OLD_ISO_LIKE.exec(raw);
  if (iso) {
    const [, y, mo, d, h, mi, se, ms] = iso as unknown as string[];
    return oldFromParts(timeZone, y as string, mo as string, d as string, h, mi, se, ms) ?? fail(OLD_NOT_A_DATE);
  }
  const us = OLD_US_LIKE.exec(raw);
  if (us) {
    const [, mo, d, y, h, mi, se, ampm] = us as unknown as string[];
    return (
      oldFromParts(timeZone, y as string, mo as string, d as string, h, mi, se, undefined, ampm) ?? fail(OLD_NOT_A_DATE)
    );
  }
  return oldReadOtherDateTime(raw, timeZone);
}

const OLD_NOT_A_DATE = "not a date and time this importer reads (e.g. 2024-03-01 09:30:00 or 03/01/2024 09:30:00)";

function oldReadOtherDateTime(raw: string, timeZone: string): Read<OldReadDate> {
  const iso = DateTime.fromISO(raw, { zone: timeZone });
  if (iso.isValid && /[T ]\d/.test(raw)) return ok({ instant: iso.toJSDate(), dateOnly: false });
  for (const format of OLD_DATE_TIME_FORMATS) {
    const parsed = DateTime.fromFormat(raw, format, { zone: timeZone });
    if (parsed.isValid) return ok({ instant: parsed.toJSDate(), dateOnly: false });
  }
  for (const format of OLD_DATE_ONLY_FORMATS) {
    const parsed = DateTime.fromFormat(raw, format, { zone: timeZone });
    if (parsed.isValid) return ok({ instant: parsed.toJSDate(), dateOnly: true });
  }
  return fail(OLD_NOT_A_DATE);
}

let seed = 7;
function random(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2 ** 31;
  return Math.floor((seed / 2 ** 31) * n);
}
const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;

describe("readDecimal gives what decimal.js gave", () => {
  const options = [
    { scale: 4, allowNegative: true },
    { scale: 4, allowNegative: false },
    { scale: 2, allowNegative: true },
    { scale: 0, allowNegative: false },
  ];
  const expectSame = (text: string) => {
    for (const option of options) {
      expect(readDecimal(text, option), `${JSON.stringify(text)} ${JSON.stringify(option)}`).toEqual(
        oldReadDecimal(text, option),
      );
    }
  };

  it.each([
    "1,234.50",
    "007",
    ".5",
    "(12.30)",
    "-0",
    "-0.00",
    "(0)",
    "+0",
    "1.",
    ".",
    "",
    " ",
    "0",
    "00",
    "0.",
    "0.0",
    "00.10",
    "1,234",
    "1,234,567.891",
    "12,34",
    "1234,567",
    ",123",
    "1,23",
    "1,2345",
    "1e5",
    "0x10",
    "Infinity",
    "NaN",
    "1.2.3",
    "--5",
    "-(5)",
    "(-5)",
    "(-$5)",
    "-$5.00",
    "$-5",
    "$ 5",
    "- 5",
    "+ 5",
    "+-5",
    "USD 12.30",
    "12.30 USD",
    "USD12.30",
    "12.30USD",
    "usd 12.30",
    "(USD 1.25)",
    "EUR -3",
    "€1.5",
    "£ 2",
    "¥1,000",
    "１２",
    "1.23456",
    "1.23450000",
    "0.00001",
    "123456789012345678901234",
    "12345678901234567890",
    "123456789012345678905",
    "123456789012345678904",
    "99999999999999999999.5",
    "99999999999999999999.4",
    "0.000000000000000000000000001234567890123456789012",
    "9999999999999999999.99999",
    "1.0000000000000000000049",
    "1.0000000000000000000050",
    "-1.0000000000000000000050",
    "00000000000000000000000000000001.5",
    "100000000000000000000000000",
  ])("%j", (text) => expectSame(text));

  it("on thousands of random numbers", () => {
    const pieces = [
      "0",
      "1",
      "5",
      "9",
      "00",
      "123",
      "999",
      ",",
      ",000",
      ",123",
      ".",
      ".",
      "-",
      "+",
      "(",
      ")",
      "$",
      " ",
    ];
    for (let i = 0; i < 20_000; i++) {
      let text = "";
      for (let n = random(10); n > 0; n--) text += pick(pieces);
      if (random(10) === 0) text = `USD ${text}`;
      if (random(10) === 0) text = `${text} USD`;
      if (random(20) === 0) text = "9".repeat(random(30)) + text;
      expectSame(text);
    }
  });
});

describe("readDateTime gives what luxon gave", () => {
  const zones = [
    "America/New_York",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
    "UTC",
    "UTC+5:30",
    "Nowhere/Else",
  ];
  const expectSame = (text: string, zone: string) => {
    const got = readDateTime(text, zone);
    const want = oldReadDateTime(text, zone);
    const view = (read: Read<{ instant: Date; dateOnly: boolean }>) =>
      read.ok ? { instant: read.value.instant.getTime(), dateOnly: read.value.dateOnly } : read;
    expect(view(got), `${JSON.stringify(text)} in ${zone}`).toEqual(view(want));
  };

  it.each([
    ["2024-03-10 02:30:00", "America/New_York"],
    ["2024-03-10 01:59:59.999", "America/New_York"],
    ["2024-03-10 03:00", "America/New_York"],
    ["2024-11-03 01:30:00", "America/New_York"],
    ["2024-11-03 00:59:59", "America/New_York"],
    ["2024-11-03 02:00:00", "America/New_York"],
    ["11/3/2024 1:30:00 AM", "America/New_York"],
    ["3/10/2024 2:30 AM", "America/New_York"],
    ["2024-03-31 01:30:00", "Europe/London"],
    ["2024-10-27 01:30:00", "Europe/London"],
    ["2024-04-07 01:45:00", "Australia/Lord_Howe"],
    ["2024-10-06 02:15:00", "Australia/Lord_Howe"],
    ["2024-02-29 12:00:00", "UTC"],
    ["2023-02-29 12:00:00", "UTC"],
    ["2100-02-29", "UTC"],
    ["2000-02-29", "UTC"],
    ["2024-02-30 10:00:00", "UTC"],
    ["2024-04-31", "UTC"],
    ["2024-00-10", "UTC"],
    ["2024-13-10", "UTC"],
    ["2024-03-00", "UTC"],
    ["2024-03-01 24:00:00", "America/New_York"],
    ["2024-03-01 24:00:01", "UTC"],
    ["2024-03-01 25:00:00", "UTC"],
    ["2024-03-01 23:60", "UTC"],
    ["2024-03-01 23:59:60", "UTC"],
    ["2024-03-01 9:30", "Asia/Kolkata"],
    ["2024-03-01T09:30:00.1", "UTC"],
    ["2024-03-01T09:30:00.12", "UTC"],
    ["2024-03-01T09:30:00.123456", "UTC"],
    ["2024-03-01T09:30:00.1234567", "UTC"],
    ["2024-03-01T09:30:00.", "UTC"],
    ["2024-03-01T09:30:00Z", "Asia/Tokyo"],
    ["2024-03-01T09:30:00+02:00", "UTC"],
    ["2024-03-01T", "UTC"],
    ["2024-03-01 ", "UTC"],
    ["  2024-03-01   09:30  ", "America/New_York"],
    ["2024-03-01\t09:30", "America/New_York"],
    ["2024-03-01  09:30", "Europe/London"],
    ["0001-01-01 00:00:00", "America/New_York"],
    ["0099-12-31 23:59:59", "Europe/London"],
    ["0100-03-01 12:00", "America/New_York"],
    ["1883-11-18 12:00", "America/New_York"],
    ["1900-01-01 00:00", "Europe/London"],
    ["9999-12-31 23:59:59.999", "Australia/Lord_Howe"],
    ["2024-03-01 09:30:00", "Nowhere/Else"],
    ["2024-03-01 09:30:00", "default"],
    ["2024-03-01 09:30:00", "local"],
    ["2024-03-01 09:30:00", "utc-4"],
    ["12/31/2024 11:59:59 PM", "Asia/Kolkata"],
    ["12/31/2024 12:00 am", "UTC"],
    ["1/1/2024 0:30 AM", "UTC"],
    ["1/1/2024 13:30 PM", "UTC"],
    ["1/1/2024 13:30", "UTC"],
    ["1/1/2024 24:00", "UTC"],
    ["01/01/24", "UTC"],
    ["20240301 09:30:00", "America/New_York"],
    ["2024-3-1", "UTC"],
    ["yesterday", "UTC"],
  ])("%j in %s", (text, zone) => expectSame(text, zone));

  it("at every quarter hour of the days around DST changes, 2018 to 2027", () => {
    const days: [string, number, number, number][] = [];
    for (let year = 2018; year <= 2027; year++) {
      for (const zone of zones.slice(0, 3)) {
        for (let ms = Date.UTC(year, 0, 1); ms < Date.UTC(year + 1, 0, 1); ms += 86_400_000) {
          const noon = DateTime.fromMillis(ms + 43_200_000, { zone });
          const next = noon.plus({ days: 1 });
          if (noon.offset !== next.offset) days.push([zone, noon.year, noon.month, noon.day]);
        }
      }
    }
    expect(days.length).toBeGreaterThan(50);
    for (const [zone, year, month, day] of days) {
      for (let shift = 0; shift <= 1; shift++) {
        const date = DateTime.utc(year, month, day).plus({ days: shift });
        for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
          const hh = String(Math.floor(minutes / 60)).padStart(2, "0");
          const mm = String(minutes % 60).padStart(2, "0");
          expectSame(`${date.toFormat("yyyy-MM-dd")} ${hh}:${mm}:07`, zone);
          expectSame(`${date.toFormat("yyyy-MM-dd")} ${hh}:${mm}`, zone);
        }
      }
    }
  });

  it("on thousands of random dates and times across zones and years", () => {
    const two = (n: number) => String(n).padStart(2, "0");
    for (let i = 0; i < 20_000; i++) {
      const year = random(5) === 0 ? pick([1, 99, 100, 1583, 1883, 1900, 1918, 1970, 2038, 9999]) : 1960 + random(80);
      const month = random(15) === 0 ? random(14) : 1 + random(12);
      const day = random(15) === 0 ? random(33) : 1 + random(31);
      const hour = random(15) === 0 ? random(26) : random(24);
      const minute = random(20) === 0 ? random(61) : random(60);
      const second = random(20) === 0 ? random(61) : random(60);
      const y = String(year).padStart(4, "0");
      let text: string;
      switch (random(6)) {
        case 0:
          text = `${y}-${two(month)}-${two(day)}`;
          break;
        case 1:
          text = `${y}-${two(month)}-${two(day)}${pick([" ", "T"])}${random(2) ? hour : two(hour)}:${two(minute)}`;
          break;
        case 2:
          text = `${y}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}${random(2) ? `.${random(1_000_000)}` : ""}`;
          break;
        case 3:
          text = `${month}/${day}/${y} ${hour % 12 || 12}:${two(minute)}${random(2) ? `:${two(second)}` : ""} ${pick(["AM", "PM", "am", "pm"])}`;
          break;
        case 4:
          text = `${two(month)}/${two(day)}/${y}${random(2) ? ` ${two(hour)}:${two(minute)}:${two(second)}` : ""}`;
          break;
        default:
          text = `${pick(["", " ", "\t"])}${y}-${two(month)}-${two(day)}${pick([" ", "  ", "\t"])}${two(hour)}:${two(minute)}${pick(["", " "])}`;
      }
      expectSame(text, pick(zones));
    }
  });
});

describe("isEmptyValue and readAction give what they gave", () => {
  const EMPTY = new Set(["", "--", "-", "n/a", "na", "null", "none"]);
  const oldIsEmptyValue = (text: string | undefined) => text === undefined || EMPTY.has(text.trim().toLowerCase());

  it("isEmptyValue on thousands of random values", () => {
    const pieces = ["n", "N", "-", "/", "a", "A", "u", "L", "o", "e", " ", "\t", "\u00a0", "\uFEFF", "x", "1", "İ"];
    expect(isEmptyValue(undefined)).toBe(true);
    for (let i = 0; i < 20_000; i++) {
      let text = "";
      for (let n = random(7); n > 0; n--) text += pick(pieces);
      expect(isEmptyValue(text), JSON.stringify(text)).toBe(oldIsEmptyValue(text));
    }
  });

  const NOT_A_SIDE = { ok: false, reason: "not a buy or sell (buy, sell, short, cover, BTO, STC... )" };
  it.each([
    ["Buy", { ok: true, value: "buy" }],
    [" BUY ", { ok: true, value: "buy" }],
    ["Buy  to\tCover", { ok: true, value: "buy" }],
    ["\u00a0sell short ", { ok: true, value: "sell" }],
    ["SOLD", { ok: true, value: "sell" }],
    ["sell\u00a0to\u00a0open", { ok: true, value: "sell" }],
    ["Dividend", { ok: true, value: "skip" }],
    ["cash  dividend", { ok: true, value: "skip" }],
    ["buy!", NOT_A_SIDE],
    ["", NOT_A_SIDE],
  ])("readAction(%j) folds case and whitespace: %j", (text, expected) => {
    expect(readAction(text)).toEqual(expected);
  });
});
