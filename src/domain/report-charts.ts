// The series the report pictures draw (HTML charts, terminal calendar and equity curve): built from the engine's
// daily and R breakdowns, so a picture never disagrees with the tables beside it. Equity and drawdown are running
// sums, added exactly with decimal.js; the pictures convert to numbers only to place a pixel or a character.
import type { Kysely } from "kysely";
import type { Database } from "../db/schema.js";
import { Decimal } from "./decimal.js";
import { type BreakdownGroup, breakdownReport, type ReportRequest } from "./report-engine.js";

export interface ChartDay {
  /** Local day, YYYY-MM-DD. */
  day: string;
  netPnl: string;
  roundTrips: number;
  /** Net P&L summed from the first day of the period to this one. */
  equity: string;
  /** Equity minus its highest point so far (0 or negative). */
  drawdown: string;
}

export interface ChartBucket {
  label: string;
  roundTrips: number;
  netPnl: string;
}

export interface ChartSeries {
  days: ChartDay[];
  rBuckets: ChartBucket[];
  /** The deepest drawdown (a positive amount, as the summary's): its peak day (null: before the first day) and trough. */
  maxDrawdown: { amount: string; peakDay: string | null; troughDay: string } | null;
}

export function chartSeriesOf(daily: BreakdownGroup[], r: BreakdownGroup[]): ChartSeries {
  const days: ChartDay[] = [];
  let equity = new Decimal(0);
  let peak = new Decimal(0);
  let peakDay: string | null = null;
  let deepest: ChartSeries["maxDrawdown"] = null;
  for (const group of [...daily].sort((a, b) => a.group.localeCompare(b.group))) {
    equity = equity.plus(group.netPnl);
    if (equity.greaterThan(peak)) {
      peak = equity;
      peakDay = group.group;
    }
    const drawdown = equity.minus(peak);
    if (drawdown.isNegative() && (deepest === null || drawdown.negated().greaterThan(deepest.amount))) {
      deepest = { amount: drawdown.negated().toFixed(2), peakDay, troughDay: group.group };
    }
    days.push({
      day: group.group,
      netPnl: group.netPnl,
      roundTrips: group.roundTrips,
      equity: equity.toFixed(2),
      drawdown: drawdown.isZero() ? "0.00" : drawdown.toFixed(2),
    });
  }
  return {
    days,
    rBuckets: r.map((g) => ({ label: g.group, roundTrips: g.roundTrips, netPnl: g.netPnl })),
    maxDrawdown: deepest,
  };
}

/** The series for a request's period and filters, from the engine's daily and R breakdowns. */
export async function chartSeries(db: Kysely<Database>, request: ReportRequest): Promise<ChartSeries> {
  return (await chartResult(db, request)).series;
}

/** The series with the daily breakdown's notes: what `report calendar` and `report equity` show (io/report-json.ts). */
export interface ChartResult {
  series: ChartSeries;
  notes: string[];
}

export async function chartResult(db: Kysely<Database>, request: ReportRequest): Promise<ChartResult> {
  const byGroup = { sort: { key: "group", direction: "asc" } } as const;
  const daily = await breakdownReport(db, request, "daily", byGroup);
  const r = await breakdownReport(db, request, "r", byGroup);
  return { series: chartSeriesOf(daily.groups, r.groups), notes: daily.notes };
}
