// Dates the user types are wall-clock times in their time zone (daylight saving included) unless they carry an
// offset; they leave here as UTC instants.
import { DateTime } from "luxon";
import { FieldError } from "../errors.js";

const FORMATS = ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd"];

/** `field` is the input's key (`date`): errors are FieldErrors of it, which a command names by its flag (errors.ts). */
export function parseUserDate(text: string, timeZone: string, field: string, now: Date = new Date()): Date {
  const raw = text.trim();
  if (raw.toLowerCase() === "now") return now;
  const parsed = parseIn(raw, timeZone);
  if (!parsed.isValid) {
    throw new FieldError(
      field,
      (name) => `${name} is not a valid date, got '${text}' (use YYYY-MM-DD, 'YYYY-MM-DD HH:MM' or an ISO 8601 time)`,
    );
  }
  // A bare date means the day's start wherever that falls (a zone may skip midnight itself).
  if (HAS_TIME.test(raw) && !EXPLICIT_OFFSET.test(raw)) checkWallClock(parsed, raw, timeZone, field);
  const instant = parsed.toJSDate();
  if (!isPlausibleDate(instant, now))
    throw new FieldError(field, (name) => `${name} is out of range, got '${text}' (${dateRangeText(now)})`);
  return instant;
}

function parseIn(raw: string, zone: string): DateTime {
  let parsed = DateTime.fromISO(raw, { zone, setZone: false });
  for (const format of FORMATS) {
    if (parsed.isValid) break;
    parsed = DateTime.fromFormat(raw, format, { zone });
  }
  return parsed;
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

const HAS_TIME = /\d{1,2}:\d{2}/;

/** A time of day followed by Z or a UTC offset: the text names one instant whatever the zone's clock did. */
const EXPLICIT_OFFSET = /\d{2}:\d{2}(:\d{2}(\.\d+)?)?\s*(Z|[+-]\d{2}(:?\d{2})?)$/i;

/**
 * A wall-clock time the zone skipped (the spring-forward gap) or had twice (the fall-back hour) names no single
 * instant: luxon would quietly move the first forward and pick one offset for the second. Both are refused here; the
 * ambiguous one names the offsets that settle it, so a terminal can offer them and a script can write one.
 */
function checkWallClock(parsed: DateTime, raw: string, timeZone: string, field: string): void {
  // UTC has no gaps: there the text keeps the wall-clock fields exactly as typed.
  const typed = parseIn(raw, "UTC");
  if (typed.hour !== parsed.hour || typed.minute !== parsed.minute || typed.day !== parsed.day) {
    const [before, after] = gapEdges(parsed);
    throw new FieldError(
      field,
      (name) =>
        `${name} '${raw}' does not exist in ${timeZone} (the clocks skip it); the nearest valid times are ${before} and ${after}`,
    );
  }
  const offsets = parsed.getPossibleOffsets();
  if (offsets.length > 1) throw new AmbiguousTimeError(field, raw, timeZone, offsets);
}

/** The last minute before a spring-forward gap and the first after it, as local times. */
function gapEdges(shifted: DateTime): [string, string] {
  // `shifted` lies after the gap; walk back to the minute the offset changed (a gap is at most a few hours).
  let first = shifted.startOf("minute");
  for (let i = 0; i < 24 * 60 && first.minus({ minutes: 1 }).offset === shifted.offset; i++) {
    first = first.minus({ minutes: 1 });
  }
  const last = first.minus({ minutes: 1 });
  return [last.toFormat("yyyy-MM-dd HH:mm"), first.toFormat("yyyy-MM-dd HH:mm")];
}

/** A local time the zone had twice; `choices` are the same text with each offset, earliest first. */
export class AmbiguousTimeError extends FieldError {
  readonly choices: { text: string; label: string }[];
  constructor(field: string, raw: string, timeZone: string, offsets: DateTime[]) {
    const choices = [...offsets]
      .sort((a, b) => a.toMillis() - b.toMillis())
      .map((o) => ({
        text: o.toFormat("yyyy-MM-dd'T'HH:mmZZ"),
        label: `${o.toFormat("yyyy-MM-dd HH:mm")} ${o.offsetNameShort ?? o.toFormat("ZZ")} (UTC${o.toFormat("ZZ")})`,
      }));
    super(
      field,
      (name) =>
        `${name} '${raw}' happens twice in ${timeZone} (the clocks go back); add the offset: ${choices.map((c) => `'${c.text}'`).join(" or ")}`,
    );
    this.choices = choices;
  }
}

/**
 * Refuses a trade time after the end of today in the user's zone: a typo for a past date far more often than a
 * trade logged ahead (which `--allow-future` still allows).
 */
export function refuseFuture(instant: Date, field: string, timeZone: string, now: Date): void {
  const endOfToday = DateTime.fromJSDate(now, { zone: timeZone }).endOf("day");
  if (instant.getTime() > endOfToday.toMillis()) {
    const when = DateTime.fromJSDate(instant, { zone: timeZone }).toFormat("yyyy-MM-dd HH:mm");
    throw new FieldError(
      [field, "allowFuture"],
      (name, allowFuture) =>
        `${name} ${when} is in the future (today is ${endOfToday.toFormat("yyyy-MM-dd")} in ${timeZone}); pass ${allowFuture} if that is right`,
    );
  }
}

/** --from and --to of a listing, as instants; --from after --to is a usage error, as reports have it. */
export function parseDateRange(
  range: { from?: string | undefined; to?: string | undefined },
  timeZone: string,
  now: Date,
): { from?: Date; to?: Date } {
  const from = range.from ? parseUserDate(range.from, timeZone, "from", now) : undefined;
  const to = range.to ? parseUserDate(range.to, timeZone, "to", now) : undefined;
  if (from && to && from > to) {
    throw new FieldError(
      ["from", "to"],
      (fromName, toName) => `${fromName} ${range.from} is after ${toName} ${range.to}`,
    );
  }
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}
