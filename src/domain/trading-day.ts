// The trading day a trade belongs to, by the `report.session` setting: `calendar` (default) is the calendar day in
// the user's zone; `cme` is the CME Globex session, which opens at 18:00 America/New_York the evening before (a trade
// closed at 18:30 ET on Tuesday is Wednesday's). A rule is a zone and a shift: the trading day of an instant is the
// date of its wall-clock time in the zone plus the shift (migration 061 cuts the report_days rollup the same way).
import { DateTime } from "luxon";
import { ValidationError } from "../errors.js";

export const SESSIONS = ["calendar", "cme"] as const;
export type Session = (typeof SESSIONS)[number];

export interface TradingDayRule {
  session: Session;
  zone: string;
  /** Hours added to the wall-clock time before taking its date (6 for CME: 18:00 becomes the next day's 00:00). */
  shiftHours: number;
}

export function parseSession(text: string, key = "report.session"): Session {
  const value = text.trim().toLowerCase();
  if (!(SESSIONS as readonly string[]).includes(value)) {
    throw new ValidationError(`${key} must be one of ${SESSIONS.join(", ")}, not '${text}'`);
  }
  return value as Session;
}

export function tradingDayRule(session: Session | null | undefined, userZone: string): TradingDayRule {
  return session === "cme"
    ? { session, zone: "America/New_York", shiftHours: 6 }
    : { session: "calendar", zone: userZone, shiftHours: 0 };
}

/** The trading day (YYYY-MM-DD) of an instant. */
export function tradingDayOf(instant: Date, rule: TradingDayRule): string {
  const local = DateTime.fromJSDate(instant, { zone: rule.zone }).setZone("UTC", { keepLocalTime: true });
  return local.plus({ hours: rule.shiftHours }).toISODate() as string;
}

/** The instant a trading day starts: its date's midnight minus the shift, as wall-clock time in the zone. */
export function startOfTradingDay(day: string, rule: TradingDayRule): Date {
  const wall = DateTime.fromISO(day, { zone: "UTC" }).minus({ hours: rule.shiftHours });
  return DateTime.fromObject(
    { year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute },
    { zone: rule.zone },
  ).toJSDate();
}

/** "Now" as a clock in the rule's zone whose date is the trading day (for today, this week... under a session). */
export function sessionNow(now: Date, rule: TradingDayRule): Date {
  return new Date(now.getTime() + rule.shiftHours * 3_600_000);
}
