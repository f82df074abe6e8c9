// The weekly report (`report week`): one ISO week (Monday to Sunday in the user's zone) with its headline figures
// beside the week before and the average of the four weeks before, its seven days, and the "edge and leak" (the best
// and worst symbol, strategy, weekday and entry hour, each only when it rests on enough round trips). Here are the
// figures (WeeklyResult); io/weekly-json.ts makes of them the declared document every renderer takes (JSON, text,
// markdown, mail, HTML).
// Reports never add two currencies (issue 17): a journal holding more than one gets the week of each currency apart,
// as `report summary` shows them. Days and weeks are trading days by the report.session setting, as in every report.
import type { Kysely } from "kysely";
import { DateTime } from "luxon";
import { breakdown, currenciesIn, type ReportScope } from "../db/reports.js";
import type { Database } from "../db/schema.js";
import { FieldError, ValidationError } from "../errors.js";
import { Decimal } from "./decimal.js";
import { inSnapshot, type ReportRequest, type SummaryFigures, scopeOf, summaryFigures } from "./report-engine.js";
import { parsePeriod, type ReportPeriod } from "./report-periods.js";
import { type BreakdownKind, currencyLabel, WEEKDAY_NAMES } from "./report-rules.js";
import { sessionNow, type TradingDayRule, tradingDayRule } from "./trading-day.js";

/** A best or worst group is shown only when it rests on at least this many round trips in the week. */
export const EDGE_MIN_ROUND_TRIPS = 2;

/** How many weeks before the report's week the average is taken over. */
export const AVERAGE_WEEKS = 4;

/** The figures a weekly report compares; counts as numbers, money and ratios as decimal strings. */
export const WEEKLY_FIGURE_KEYS = [
  "netPnl",
  "grossPnl",
  "commissions",
  "roundTrips",
  "wins",
  "losses",
  "scratches",
  "winRate",
  "expectancy",
  "profitFactor",
  "totalR",
  "tradingDays",
] as const;
export type WeeklyFigureKey = (typeof WEEKLY_FIGURE_KEYS)[number];
export type WeeklyFigures = Pick<SummaryFigures, WeeklyFigureKey>;

/** Sums over the four weeks divided by four; the rates (win rate, expectancy, profit factor) of the four weeks pooled. */
export type AverageFigures = Record<WeeklyFigureKey, string | null>;

/** Rates are taken over the four weeks' pooled round trips; every other figure is a total, averaged per week. */
const POOLED: ReadonlySet<WeeklyFigureKey> = new Set(["winRate", "expectancy", "profitFactor"]);

export interface WeeklyDay {
  day: string;
  weekday: string;
  netPnl: string;
  roundTrips: number;
  wins: number;
  losses: number;
}

export interface EdgeGroup {
  group: string;
  netPnl: string;
  roundTrips: number;
  winRate: string | null;
}

export type EdgeDimension = "symbol" | "strategy" | "weekday" | "hour";

/**
 * One currency's week: every money figure of a weekly report, in that currency alone. Its periods are the domain's
 * here; io/weekly-json.ts declares the same section with each period as printed.
 */
export interface WeeklyCurrencyResult<Period = ReportPeriod> {
  /** "USD", "EUR"...; "unspecified" for trades whose file gave none. */
  currency: string;
  figures: WeeklyFigures;
  previousWeek: { period: Period; figures: WeeklyFigures; change: Record<WeeklyFigureKey, string | null> };
  fourWeekAverage: {
    period: Period;
    weeks: number;
    figures: AverageFigures;
    change: Record<WeeklyFigureKey, string | null>;
  };
  days: WeeklyDay[];
  edgeAndLeak: {
    minRoundTrips: number;
    dimensions: Record<EdgeDimension, { best: EdgeGroup | null; worst: EdgeGroup | null }>;
  };
  notes: string[];
}

export interface WeeklyResult {
  /** The week (label "2025-W23"), Monday to Sunday (trading days by the session setting) in the user's zone. */
  period: ReportPeriod;
  /** One entry per currency the journal holds (one for most journals), never added together. */
  byCurrency: WeeklyCurrencyResult[];
  notes: string[];
}

const WEEK_TEXT = /^(\d{4})-w(\d{2})$/i;

/**
 * --week 2025-W23, or by default the last full week before `now` in the user's zone. Under a trading session (`rule`)
 * the week's days are trading days: "last week" is taken from the session's clock (Sunday 19:00 ET is Monday's CME
 * session, so the week just ended is the last full one).
 */
export function weeklyPeriod(
  week: string | undefined,
  timeZone: string,
  now: Date,
  rule: TradingDayRule = tradingDayRule("calendar", timeZone),
): ReportPeriod {
  timeZone = rule.zone;
  now = sessionNow(now, rule);
  const refused = new FieldError("week", (name) => `${name} must be an ISO week such as 2025-W23, got '${week}'`);
  if (week !== undefined && !WEEK_TEXT.test(week.trim())) throw refused;
  let period: ReportPeriod;
  try {
    period = parsePeriod(week ?? "last-week", timeZone, now);
  } catch (error) {
    // A week the year does not have (2025-W54): parsePeriod's message speaks of --period.
    if (error instanceof ValidationError) throw refused;
    throw error;
  }
  const monday = DateTime.fromISO(period.fromDay as string, { zone: timeZone });
  return { ...period, label: monday.toFormat("kkkk-'W'WW") };
}

function shifted(period: ReportPeriod, timeZone: string, weeksBack: number, length: number, label: string) {
  const monday = DateTime.fromISO(period.fromDay as string, { zone: timeZone });
  const from = monday.minus({ weeks: weeksBack });
  return {
    label,
    fromDay: from.toFormat("yyyy-MM-dd"),
    toDay: from.plus({ weeks: length }).toFormat("yyyy-MM-dd"),
    unit: length === 1 ? "week" : "days",
  } satisfies ReportPeriod;
}

function pick(figures: SummaryFigures): WeeklyFigures {
  return Object.fromEntries(WEEKLY_FIGURE_KEYS.map((key) => [key, figures[key]])) as WeeklyFigures;
}

const text = (value: string | number | null) => (value === null ? null : String(value));

function averageOf(pooled: SummaryFigures): AverageFigures {
  return Object.fromEntries(
    WEEKLY_FIGURE_KEYS.map((key) => {
      const value = pooled[key];
      if (value === null || POOLED.has(key)) return [key, text(value)];
      const places = typeof value === "number" ? 2 : Math.max(value.split(".")[1]?.length ?? 0, 2);
      return [key, new Decimal(value).dividedBy(AVERAGE_WEEKS).toFixed(places, Decimal.ROUND_HALF_UP)];
    }),
  ) as AverageFigures;
}

/** this - that, exactly, with the more precise side's places; null where either side has no figure. */
function changeOf(
  current: WeeklyFigures,
  other: Record<WeeklyFigureKey, string | number | null>,
): Record<WeeklyFigureKey, string | null> {
  return Object.fromEntries(
    WEEKLY_FIGURE_KEYS.map((key) => {
      const a = text(current[key]);
      const b = text(other[key]);
      if (a === null || b === null) return [key, null];
      const places = Math.max(a.split(".")[1]?.length ?? 0, b.split(".")[1]?.length ?? 0);
      return [key, new Decimal(a).minus(b).toFixed(places)];
    }),
  ) as Record<WeeklyFigureKey, string | null>;
}

const EDGE_KINDS: Record<EdgeDimension, BreakdownKind> = {
  symbol: "symbols",
  strategy: "strategies",
  weekday: "weekdays",
  hour: "hours",
};

function groupLabel(dimension: EdgeDimension, group: string): string {
  if (dimension === "weekday") return WEEKDAY_NAMES[Number(group)] ?? group;
  if (dimension === "hour") return `${group}:00`;
  return group;
}

async function edgeOf(
  db: Parameters<typeof breakdown>[0],
  scope: ReportScope,
  dimension: EdgeDimension,
): Promise<{ best: EdgeGroup | null; worst: EdgeGroup | null }> {
  const rows = await breakdown(db, scope, EDGE_KINDS[dimension]);
  const qualified = rows
    .filter((row) => row.round_trips >= EDGE_MIN_ROUND_TRIPS)
    .map((row) => ({
      group: groupLabel(dimension, row.group),
      netPnl: row.net,
      roundTrips: row.round_trips,
      winRate: row.win_rate,
    }))
    // Highest net first; equal nets in group order, so the same week always names the same groups.
    .sort((a, b) => new Decimal(b.netPnl).comparedTo(a.netPnl) || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
  const best = qualified[0] ?? null;
  // The worst is another group than the best: with one qualified group there is no leak to name.
  const worst = qualified.length > 1 ? (qualified[qualified.length - 1] ?? null) : null;
  return { best, worst };
}

async function daysOf(db: Parameters<typeof breakdown>[0], scope: ReportScope, period: ReportPeriod) {
  const rows = await breakdown(db, scope, "daily");
  const byDay = new Map(rows.map((row) => [row.group, row]));
  const monday = DateTime.fromISO(period.fromDay as string, { zone: "UTC" });
  return Array.from({ length: 7 }, (_, i): WeeklyDay => {
    const day = monday.plus({ days: i }).toFormat("yyyy-MM-dd");
    const row = byDay.get(day);
    return {
      day,
      weekday: WEEKDAY_NAMES[i + 1] as string,
      netPnl: row?.net ?? "0.00",
      roundTrips: row?.round_trips ?? 0,
      wins: row?.wins ?? 0,
      losses: row?.losses ?? 0,
    };
  });
}

/**
 * The weekly report of `request.period` (a week from weeklyPeriod), read in one snapshot: one section per currency
 * the journal holds (only `request.filters.currency` when it names one), each with only that currency's trades.
 */
export async function weeklyReport(db: Kysely<Database>, request: ReportRequest): Promise<WeeklyResult> {
  const { period } = request;
  // Dates are trading days, which the period already names: shifting whole weeks back needs no zone.
  const previous = shifted(period, "UTC", 1, 1, `before ${period.label}`);
  const fourWeeks = shifted(
    period,
    "UTC",
    AVERAGE_WEEKS,
    AVERAGE_WEEKS,
    `${AVERAGE_WEEKS} weeks before ${period.label}`,
  );
  return inSnapshot(db, async (trx) => {
    const currencies =
      request.filters.currency !== undefined ? [request.filters.currency] : await currenciesIn(trx, request.userId);
    const byCurrency: WeeklyCurrencyResult[] = [];
    // An empty journal has no currency: its (empty) week is reported once, as the journal's own.
    for (const currency of currencies.length > 0 ? currencies : [undefined]) {
      const filters = currency === undefined ? request.filters : { ...request.filters, currency };
      const scope = scopeOf({ ...request, filters });
      const figures = pick(await summaryFigures(trx, scope));
      const before = pick(await summaryFigures(trx, scopeOf({ ...request, filters, period: previous })));
      const average = averageOf(await summaryFigures(trx, scopeOf({ ...request, filters, period: fourWeeks })));
      const dimensions = {} as WeeklyCurrencyResult["edgeAndLeak"]["dimensions"];
      for (const dimension of Object.keys(EDGE_KINDS) as EdgeDimension[]) {
        dimensions[dimension] = await edgeOf(trx, scope, dimension);
      }
      const notes: string[] = [];
      if (figures.roundTrips === 0) notes.push(`No round trip went flat in ${period.label}.`);
      byCurrency.push({
        currency: currencyLabel(currency ?? ""),
        figures,
        previousWeek: { period: previous, figures: before, change: changeOf(figures, before) },
        fourWeekAverage: {
          period: fourWeeks,
          weeks: AVERAGE_WEEKS,
          figures: average,
          change: changeOf(figures, average),
        },
        days: await daysOf(trx, scope, period),
        edgeAndLeak: { minRoundTrips: EDGE_MIN_ROUND_TRIPS, dimensions },
        notes,
      });
    }
    const notes =
      byCurrency.length > 1
        ? [
            `This journal holds trades in ${byCurrency.map((r) => r.currency).join(", ")}: each currency's figures stand apart, never added together.`,
          ]
        : [];
    return { period, byCurrency, notes };
  });
}
