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
  const year = parsed.year;
  if (year < 1900 || year > 2200) throw new ValidationError(`${field} is out of range, got '${text}'`);
  return parsed.toJSDate();
}
