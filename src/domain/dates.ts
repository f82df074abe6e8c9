// Dates the user types are wall-clock times in their time zone (daylight saving included) unless they carry an
// offset; they leave here as UTC instants.
import { DateTime } from "luxon";
import { ValidationError } from "../errors.js";

const FORMATS = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

export function parseUserDate(text: string, timeZone: string, field: string, now: Date = new Date()): Date {
  const raw = text.trim();
  if (raw.toLowerCase() === "now") return now;
  let parsed = DateTime.fromISO(raw, { zone: timeZone, setZone: false });
  for (const format of FORMATS) {
    if (parsed.isValid) break;
    parsed = DateTime.fromFormat(raw, format, { zone: timeZone });
  }
  if (!parsed.isValid) {
    throw new ValidationError(
      `${field} is not a valid date, got '${text}' (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or an ISO 8601 time)`,
    );
  }
  const instant = parsed.toJSDate();
  if (!isPlausibleDate(instant, now))
    throw new ValidationError(`${field} is out of range, got '${text}' (${dateRangeText(now)})`);
  return instant;
}

/**
 * The one range of dates a journal takes, typed or imported: 1970-01-01 (in any zone) to ten years after now. A date
 * outside it is a typo (0024 for 2024) or a broker's placeholder (9999-12-31), never a trade.
 */
export function isPlausibleDate(instant: Date, now: Date): boolean {
  const time = instant.getTime();
  return time >= EARLIEST && time <= latestDate(now).getTime();
}

export function dateRangeText(now: Date): string {
  return `dates run from 1970-01-01 to ${latestDate(now).toISOString().slice(0, 10)}`;
}

/** 1970-01-01 00:00 in the zone furthest ahead of UTC (UTC+14). */
const EARLIEST = Date.UTC(1970, 0, 1) - 14 * 3_600_000;

function latestDate(now: Date): Date {
  const latest = new Date(now.getTime());
  latest.setUTCFullYear(latest.getUTCFullYear() + 10);
  return latest;
}
