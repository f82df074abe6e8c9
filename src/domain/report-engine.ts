// Builds reports from the figures src/db/reports.ts computes: a summary (optionally beside the previous period),
// breakdowns, streaks and drawdowns. Every figure comes from SQL; here they are only named (camelCase, money as
// strings) and, for --compare, subtracted exactly with decimal.js. One snapshot (REPEATABLE READ) per report, so its
// figures agree with each other even while an import commits. A report's --json document (version, kind, the period
// as printed, the filters) is its view model's, io/report-json.ts; here are the figures only.
import type { Kysely, Transaction } from "kysely";
import {
  type BreakdownRow,
  breakdown,
  dayFigures,
  drawdowns,
  longestStreaks,
  openPositionsAt,
  type ReportScope,
  type StreakTripRow,
  streaks,
  streakTrips,
  tripFigures,
} from "../db/reports.js";
import type { Database } from "../db/schema.js";
import { Decimal } from "./decimal.js";
import { previousPeriod, type ReportPeriod } from "./report-periods.js";
import type { BreakdownKind, BreakdownSort, ReportFilters, ScratchRule } from "./report-rules.js";
import { startOfTradingDay, type TradingDayRule, tradingDayRule } from "./trading-day.js";

/** Under this many round trips with an R, SQN says little; the report warns. */
export const SQN_MIN_SAMPLE = 30;

export interface ReportRequest {
  userId: number;
  timeZone: string;
  period: ReportPeriod;
  filters: ReportFilters;
  scratch: ScratchRule;
  source?: ReportScope["source"];
  /** How days are cut (the report.session setting); the calendar day in `timeZone` when absent. */
  tradingDay?: TradingDayRule;
}

export interface Drawdown {
  amount: string;
  percent: string | null;
  start: string | null;
  peak: string;
  trough: string;
  recovery: string | null;
}

export interface SummaryFigures {
  netPnl: string;
  grossPnl: string;
  commissions: string;
  roundTrips: number;
  wins: number;
  losses: number;
  scratches: number;
  winRate: string | null;
  averageWin: string | null;
  averageLoss: string | null;
  payoffRatio: string | null;
  profitFactor: string | null;
  expectancy: string | null;
  expectancyR: string | null;
  largestWin: string | null;
  largestLoss: string | null;
  averageR: string | null;
  totalR: string | null;
  roundTripsWithR: number;
  roundTripsWithoutR: number;
  sqn: string | null;
  maxDrawdown: Drawdown | null;
  longestWinStreak: number;
  longestLossStreak: number;
  averageHoldSecondsWin: number | null;
  averageHoldSecondsLoss: number | null;
  bestDay: { day: string; netPnl: string } | null;
  worstDay: { day: string; netPnl: string } | null;
  tradingDays: number;
}

export interface OpenPosition {
  symbol: string;
  account: string;
  side: "long" | "short";
  assetType: string;
  trades: number;
  quantity: string;
  cost: string;
}

/** The summary's figures: the period's, its open positions at the end, and the previous period's beside them. */
export interface SummaryResult {
  period: ReportPeriod;
  figures: SummaryFigures;
  openPositions: OpenPosition[];
  previous?: { period: ReportPeriod; figures: SummaryFigures; change: Record<string, string | number | null> };
  notes: string[];
}

export function scopeOf(request: ReportRequest): ReportScope {
  const { period, timeZone } = request;
  const rule = request.tradingDay ?? tradingDayRule("calendar", timeZone);
  return {
    userId: request.userId,
    timeZone,
    dayZone: rule.zone,
    dayShiftHours: rule.shiftHours,
    from: period.fromDay ? startOfTradingDay(period.fromDay, rule) : null,
    to: period.toDay ? startOfTradingDay(period.toDay, rule) : null,
    fromDay: period.fromDay,
    toDay: period.toDay,
    filters: request.filters,
    scratch: request.scratch,
    source: request.source ?? "auto",
  };
}

export async function inSnapshot<T>(
  db: Kysely<Database>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.transaction().setIsolationLevel("repeatable read").execute(work);
}

export async function summaryFigures(trx: Transaction<Database>, scope: ReportScope): Promise<SummaryFigures> {
  const trips = await tripFigures(trx, scope);
  const days = await dayFigures(trx, scope);
  const [largest] = await drawdowns(trx, scope, { largest: true });
  const runs = await longestStreaks(trx, scope);
  return {
    netPnl: days.net,
    grossPnl: new Decimal(days.net).plus(days.commission).toFixed(2),
    commissions: days.commission,
    roundTrips: trips.round_trips,
    wins: trips.wins,
    losses: trips.losses,
    scratches: trips.scratches,
    winRate: trips.win_rate,
    averageWin: trips.average_win,
    averageLoss: trips.average_loss,
    payoffRatio: trips.payoff_ratio,
    profitFactor: trips.profit_factor,
    expectancy: trips.expectancy,
    expectancyR: trips.expectancy_r,
    largestWin: trips.largest_win,
    largestLoss: trips.largest_loss,
    averageR: trips.expectancy_r,
    totalR: trips.total_r,
    roundTripsWithR: trips.with_r,
    roundTripsWithoutR: trips.round_trips - trips.with_r,
    sqn: trips.sqn,
    maxDrawdown: largest
      ? {
          amount: largest.depth,
          percent: largest.percent,
          start: largest.start_day,
          peak: largest.peak,
          trough: largest.trough_day,
          recovery: largest.recovery_day,
        }
      : null,
    longestWinStreak: runs.win,
    longestLossStreak: runs.loss,
    averageHoldSecondsWin: trips.hold_win_seconds,
    averageHoldSecondsLoss: trips.hold_loss_seconds,
    bestDay: days.best_day ? { day: days.best_day, netPnl: days.best_day_net as string } : null,
    worstDay: days.worst_day ? { day: days.worst_day, netPnl: days.worst_day_net as string } : null,
    tradingDays: days.trading_days,
  };
}

function notesOf(figures: SummaryFigures): string[] {
  const notes: string[] = [];
  if (figures.roundTrips === 0) notes.push("No round trip went flat in this period.");
  if (figures.roundTripsWithoutR > 0) {
    notes.push(`${figures.roundTripsWithoutR} round trip(s) without an initial risk are left out of the R figures.`);
  }
  if (figures.roundTripsWithR > 0 && figures.roundTripsWithR < SQN_MIN_SAMPLE) {
    notes.push(`SQN rests on ${figures.roundTripsWithR} round trip(s): under ${SQN_MIN_SAMPLE}, it says little.`);
  }
  return notes;
}

/** current - previous for every number and money figure (exact); null where either side has none. */
function changeOf(current: SummaryFigures, previous: SummaryFigures): Record<string, string | number | null> {
  const change: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(current)) {
    const before = (previous as unknown as Record<string, unknown>)[key];
    if (typeof value === "number" && typeof before === "number") change[key] = value - before;
    else if (typeof value === "string" && typeof before === "string") {
      const places = Math.max(value.split(".")[1]?.length ?? 0, before.split(".")[1]?.length ?? 0);
      change[key] = new Decimal(value).minus(before).toFixed(places);
    } else if (key in previous) change[key] = null;
  }
  return change;
}

export async function summaryReport(
  db: Kysely<Database>,
  request: ReportRequest,
  options: { comparePrevious?: boolean; extraNotes?: string[] } = {},
): Promise<SummaryResult> {
  const previousRequest = options.comparePrevious
    ? { ...request, period: previousPeriod(request.period, request.timeZone) }
    : null;
  return inSnapshot(db, async (trx) => {
    const scope = scopeOf(request);
    const figures = await summaryFigures(trx, scope);
    const open = await openPositionsAt(trx, scope);
    const report: SummaryResult = {
      period: request.period,
      figures,
      openPositions: open.map((p) => ({
        symbol: p.symbol,
        account: p.account_id,
        side: p.side,
        assetType: p.asset_type,
        trades: p.trades,
        quantity: p.quantity,
        cost: p.cost,
      })),
      notes: [...(options.extraNotes ?? []), ...notesOf(figures)],
    };
    if (previousRequest) {
      const previous = await summaryFigures(trx, scopeOf(previousRequest));
      report.previous = {
        period: previousRequest.period,
        figures: previous,
        change: changeOf(figures, previous),
      };
    }
    return report;
  });
}

/** One group of a breakdown: the summary's round-trip and P&L figures, counted within the group. */
export type BreakdownGroup = { group: string } & Pick<
  SummaryFigures,
  | "netPnl"
  | "grossPnl"
  | "commissions"
  | "roundTrips"
  | "wins"
  | "losses"
  | "scratches"
  | "winRate"
  | "averageWin"
  | "averageLoss"
  | "payoffRatio"
  | "profitFactor"
  | "expectancy"
  | "averageR"
  | "totalR"
  | "largestWin"
  | "largestLoss"
>;

export interface BreakdownResult {
  kind: BreakdownKind;
  period: ReportPeriod;
  groups: BreakdownGroup[];
  notes: string[];
}

function groupOf(row: BreakdownRow): BreakdownGroup {
  return {
    group: row.group,
    netPnl: row.net,
    grossPnl: row.gross,
    commissions: row.commission,
    roundTrips: row.round_trips,
    wins: row.wins,
    losses: row.losses,
    scratches: row.scratches,
    winRate: row.win_rate,
    averageWin: row.average_win,
    averageLoss: row.average_loss,
    payoffRatio: row.payoff_ratio,
    profitFactor: row.profit_factor,
    expectancy: row.expectancy,
    averageR: row.expectancy_r,
    totalR: row.total_r,
    largestWin: row.largest_win,
    largestLoss: row.largest_loss,
  };
}

export async function breakdownReport(
  db: Kysely<Database>,
  request: ReportRequest,
  kind: BreakdownKind,
  options: { sort?: BreakdownSort; limit?: number; extraNotes?: string[] } = {},
): Promise<BreakdownResult> {
  return inSnapshot(db, async (trx) => {
    const rows = await breakdown(trx, scopeOf(request), kind, options);
    const notes = [...(options.extraNotes ?? [])];
    if (rows.length === 0) notes.push("Nothing was booked in this period.");
    return { kind, period: request.period, groups: rows.map(groupOf), notes };
  });
}

/** One run of wins or losses; its round trips when they were asked for. */
export interface Streak {
  outcome: "win" | "loss";
  length: number;
  firstFlatAt: Date;
  lastFlatAt: Date;
  netPnl: string;
  roundTrips?: StreakRoundTrip[];
}

export interface StreakRoundTrip {
  id: string;
  symbol: string;
  account: string;
  side: string;
  openedAt: Date;
  flatAt: Date;
  netPnl: string;
  r: string | null;
}

export interface StreaksResult {
  period: ReportPeriod;
  streaks: Streak[];
  notes: string[];
}

/** The longest win and loss runs (limit each), with their round trips when `show`. */
export async function streaksReport(
  db: Kysely<Database>,
  request: ReportRequest,
  options: { show?: boolean; limit?: number; extraNotes?: string[] } = {},
): Promise<StreaksResult> {
  const limit = options.limit ?? 1;
  return inSnapshot(db, async (trx) => {
    const scope = scopeOf(request);
    const all = await streaks(trx, scope);
    const chosen = [
      ...all.filter((s) => s.outcome === "win").slice(0, limit),
      ...all.filter((s) => s.outcome === "loss").slice(0, limit),
    ];
    const trips: StreakTripRow[] = options.show
      ? await streakTrips(
          trx,
          scope,
          chosen.map((s) => s.run),
        )
      : [];
    const notes = [...(options.extraNotes ?? [])];
    if (chosen.length === 0) notes.push("No round trip went flat in this period.");
    return {
      period: request.period,
      streaks: chosen.map((s) => ({
        outcome: s.outcome,
        length: s.length,
        firstFlatAt: s.first_flat_at,
        lastFlatAt: s.last_flat_at,
        netPnl: s.net,
        ...(options.show
          ? {
              roundTrips: trips
                .filter((t) => t.run === s.run)
                .map((t) => ({
                  id: t.trip_key,
                  symbol: t.symbol,
                  account: t.account_id,
                  side: t.side,
                  openedAt: t.opened_at,
                  flatAt: t.flat_at,
                  netPnl: t.net,
                  r: t.r,
                })),
            }
          : {}),
      })),
      notes,
    };
  });
}

export interface DrawdownResult {
  period: ReportPeriod;
  drawdowns: Drawdown[];
  notes: string[];
}

export async function drawdownReport(
  db: Kysely<Database>,
  request: ReportRequest,
  options: { extraNotes?: string[] } = {},
): Promise<DrawdownResult> {
  return inSnapshot(db, async (trx) => {
    const rows = await drawdowns(trx, scopeOf(request));
    const notes = [...(options.extraNotes ?? [])];
    if (rows.length === 0) notes.push("No drawdown in this period.");
    return {
      period: request.period,
      drawdowns: rows.map((r) => ({
        amount: r.depth,
        percent: r.percent,
        start: r.start_day,
        peak: r.peak,
        trough: r.trough_day,
        recovery: r.recovery_day,
      })),
      notes,
    };
  });
}
