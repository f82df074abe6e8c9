// Report periods: named periods, years, months and ISO weeks, or --from/--to, all cut in the user's time zone (weeks
// run Monday to Sunday). A period is a half-open range of local dates; the UTC instants follow from the zone, so a
// day that crosses a daylight-saving change is 23 or 25 hours long and still one day.
import { DateTime } from "luxon";
import { FieldError, ValidationError } from "../errors.js";

export interface ReportPeriod {
  /** What the user asked for: "this-week", "2025-06", "2025-03-01..2025-03-31", "all". */
  label: string;
  /** First local date, inclusive; null for all time. */
  fromDay: string | null;
  /** Local date after the last one (exclusive); null for all time. */
  toDay: string | null;
  /** The calendar unit the period is one of, so --compare previous steps back by a month or a year exactly. */
  unit: "day" | "week" | "month" | "year" | "days" | "all";
}

export const NAMED_PERIODS = [
  "today",
  "yesterday",
  "this-week",
  "last-week",
  "this-month",
  "last-month",
  "this-year",
  "ytd",
  "last-year",
  "all",
] as const;

const ISO_DAY = "yyyy-MM-dd";

function span(label: string, from: DateTime, to: DateTime, unit: ReportPeriod["unit"]): ReportPeriod {
  return { label, fromDay: from.toFormat(ISO_DAY), toDay: to.toFormat(ISO_DAY), unit };
}

/** Reads --period; `now` decides what "today" and "this week" are, in `timeZone`. */
export function parsePeriod(text: string, timeZone: string, now: Date): ReportPeriod {
  const value = text.trim().toLowerCase();
  const today = DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  const week = today.startOf("week");
  const month = today.startOf("month");
  const year = today.startOf("year");
  switch (value) {
    case "today":
      return span(value, today, today.plus({ days: 1 }), "day");
    case "yesterday":
      return span(value, today.minus({ days: 1 }), today, "day");
    case "this-week":
      return span(value, week, week.plus({ weeks: 1 }), "week");
    case "last-week":
      return span(value, week.minus({ weeks: 1 }), week, "week");
    case "this-month":
      return span(value, month, month.plus({ months: 1 }), "month");
    case "last-month":
      return span(value, month.minus({ months: 1 }), month, "month");
    case "this-year":
      return span(value, year, year.plus({ years: 1 }), "year");
    case "ytd":
      return span(value, year, today.plus({ days: 1 }), "days");
    case "last-year":
      return span(value, year.minus({ years: 1 }), year, "year");
    case "all":
      return { label: "all", fromDay: null, toDay: null, unit: "all" };
  }
  let match = /^(\d{4})$/.exec(value);
  if (match) {
    const start = DateTime.fromObject({ year: Number(match[1]) }, { zone: timeZone });
    return span(value, start, start.plus({ years: 1 }), "year");
  }
  match = /^(\d{4})-(\d{2})$/.exec(value);
  if (match && Number(match[2]) >= 1 && Number(match[2]) <= 12) {
    const start = DateTime.fromObject({ year: Number(match[1]), month: Number(match[2]) }, { zone: timeZone });
    return span(value, start, start.plus({ months: 1 }), "month");
  }
  match = /^(\d{4})-w(\d{2})$/.exec(value);
  if (match) {
    const start = DateTime.fromObject(
      { weekYear: Number(match[1]), weekNumber: Number(match[2]), weekday: 1 },
      { zone: timeZone },
    );
    if (start.isValid && start.weekNumber === Number(match[2])) {
      return span(value.toUpperCase(), start, start.plus({ weeks: 1 }), "week");
    }
  }
  throw new ValidationError(
    `unknown period '${text}' (use ${NAMED_PERIODS.join(", ")}, a year 2025, a month 2025-06 or a week 2025-W23)`,
  );
}

function parseDay(text: string, field: string, timeZone: string): DateTime {
  const day = DateTime.fromFormat(text.trim(), ISO_DAY, { zone: timeZone });
  if (!day.isValid) throw new FieldError(field, (name) => `${name} is not a date, got '${text}' (use YYYY-MM-DD)`);
  return day;
}

/** --from and --to are local dates, both included; either may be left out (from the first trade, up to today). */
export function rangePeriod(
  from: string | undefined,
  to: string | undefined,
  timeZone: string,
  now: Date,
): ReportPeriod {
  const start = from !== undefined ? parseDay(from, "from", timeZone) : null;
  const end =
    to !== undefined ? parseDay(to, "to", timeZone) : DateTime.fromJSDate(now, { zone: timeZone }).startOf("day");
  if (start && start > end) {
    throw new FieldError(
      ["from", "to"],
      (fromName, toName) => `${fromName} ${from} is after ${toName} ${end.toFormat(ISO_DAY)}`,
    );
  }
  return {
    label: `${start ? start.toFormat(ISO_DAY) : ""}..${end.toFormat(ISO_DAY)}`,
    fromDay: start ? start.toFormat(ISO_DAY) : null,
    toDay: end.plus({ days: 1 }).toFormat(ISO_DAY),
    unit: start ? "days" : "all",
  };
}

/** The period just before, of the same length: the previous week, month or year, or as many days before. */
export function previousPeriod(period: ReportPeriod, timeZone: string): ReportPeriod {
  if (period.fromDay === null || period.toDay === null || period.unit === "all") {
    throw new FieldError("compare", (name) => `${name} previous needs a period with a start (not all time)`);
  }
  const from = DateTime.fromISO(period.fromDay, { zone: timeZone });
  const to = DateTime.fromISO(period.toDay, { zone: timeZone });
  const step = period.unit === "days" ? { days: Math.round(to.diff(from, "days").days) } : { [`${period.unit}s`]: 1 };
  return { ...span(`before ${period.label}`, from.minus(step), from, period.unit), label: `before ${period.label}` };
}

/** The UTC instant a local date starts at, in the user's zone. */
export function startOfLocalDay(day: string, timeZone: string): Date {
  return DateTime.fromISO(day, { zone: timeZone }).toJSDate();
}
