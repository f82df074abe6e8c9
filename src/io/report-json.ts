// The --json documents of report summary, the breakdowns, streaks, drawdown, calendar and equity (README "Reports"):
// the engine's figures (domain/report-engine.ts, domain/report-charts.ts) with the report's kind, the period as printed
// in the user's zone, and the filters and scratch rule it was asked with. The weekly report's is io/weekly-json.ts. Each field is declared here, in this order; the tables, CSV, Markdown and HTML of a
// report are drawn from the same document (report-view.ts), so every format shows the same figures.
import type { ChartDay, ChartResult, ChartSeries } from "../domain/report-charts.js";
import type {
  BreakdownGroup,
  BreakdownResult,
  Drawdown,
  DrawdownResult,
  OpenPosition,
  ReportRequest,
  StreaksResult,
  SummaryFigures,
  SummaryResult,
} from "../domain/report-engine.js";
import type { ReportPeriod } from "../domain/report-periods.js";
import type { BreakdownKind, ReportFilters, ScratchRule } from "../domain/report-rules.js";

/** The JSON shape's version of every report: bump it when a field changes meaning or goes away (adding one does not). */
export const REPORT_JSON_VERSION = 1;

export interface PeriodJson {
  label: string;
  from: string | null;
  to: string | null;
  timeZone: string;
}

/** The period as printed: local dates, `to` inclusive (the last day). Shared by every report's JSON. */
export function periodJson(period: ReportPeriod, timeZone: string): PeriodJson {
  const lastDay = period.toDay
    ? new Date(Date.parse(`${period.toDay}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10)
    : null;
  return { label: period.label, from: period.fromDay, to: lastDay, timeZone };
}

export interface SummaryReport {
  version: number;
  report: "summary";
  period: PeriodJson;
  filters: ReportFilters;
  scratch: ScratchRule;
  figures: SummaryFigures;
  openPositions: OpenPosition[];
  notes: string[];
  previous?: { period: PeriodJson; figures: SummaryFigures; change: Record<string, string | number | null> };
}

export interface BreakdownReport {
  version: number;
  report: BreakdownKind;
  period: PeriodJson;
  filters: ReportFilters;
  scratch: ScratchRule;
  groups: BreakdownGroup[];
  notes: string[];
}

export interface StreaksReport {
  version: number;
  report: "streaks";
  period: PeriodJson;
  streaks: {
    outcome: "win" | "loss";
    length: number;
    firstFlatAt: string;
    lastFlatAt: string;
    netPnl: string;
    roundTrips?: {
      id: string;
      symbol: string;
      account: string;
      side: string;
      openedAt: string;
      flatAt: string;
      netPnl: string;
      r: string | null;
    }[];
  }[];
  notes: string[];
}

export interface DrawdownReport {
  version: number;
  report: "drawdown";
  period: PeriodJson;
  drawdowns: Drawdown[];
  notes: string[];
}

export function summaryJson(request: ReportRequest, result: SummaryResult): SummaryReport {
  const { previous } = result;
  return {
    version: REPORT_JSON_VERSION,
    report: "summary",
    period: periodJson(result.period, request.timeZone),
    filters: request.filters,
    scratch: request.scratch,
    figures: result.figures,
    openPositions: result.openPositions,
    notes: result.notes,
    ...(previous
      ? {
          previous: {
            period: periodJson(previous.period, request.timeZone),
            figures: previous.figures,
            change: previous.change,
          },
        }
      : {}),
  };
}

export function breakdownJson(request: ReportRequest, result: BreakdownResult): BreakdownReport {
  return {
    version: REPORT_JSON_VERSION,
    report: result.kind,
    period: periodJson(result.period, request.timeZone),
    filters: request.filters,
    scratch: request.scratch,
    groups: result.groups,
    notes: result.notes,
  };
}

/** Times as ISO-8601 UTC; a streak's round trips only when they were asked for (--show). */
export function streaksJson(request: ReportRequest, result: StreaksResult): StreaksReport {
  return {
    version: REPORT_JSON_VERSION,
    report: "streaks",
    period: periodJson(result.period, request.timeZone),
    streaks: result.streaks.map((s) => ({
      outcome: s.outcome,
      length: s.length,
      firstFlatAt: s.firstFlatAt.toISOString(),
      lastFlatAt: s.lastFlatAt.toISOString(),
      netPnl: s.netPnl,
      ...(s.roundTrips
        ? {
            roundTrips: s.roundTrips.map((t) => ({
              id: t.id,
              symbol: t.symbol,
              account: t.account,
              side: t.side,
              openedAt: t.openedAt.toISOString(),
              flatAt: t.flatAt.toISOString(),
              netPnl: t.netPnl,
              r: t.r,
            })),
          }
        : {}),
    })),
    notes: result.notes,
  };
}

export function drawdownJson(request: ReportRequest, result: DrawdownResult): DrawdownReport {
  return {
    version: REPORT_JSON_VERSION,
    report: "drawdown",
    period: periodJson(result.period, request.timeZone),
    drawdowns: result.drawdowns,
    notes: result.notes,
  };
}

/** `report calendar` and `report equity` as JSON: the daily series and the deepest drawdown. */
export interface ChartReport {
  version: number;
  report: "calendar" | "equity";
  period: PeriodJson;
  filters: ReportFilters;
  days: ChartDay[];
  maxDrawdown: ChartSeries["maxDrawdown"];
  notes: string[];
}

/** The request's own notes (`extraNotes`, e.g. the period's) come before the figures'. */
export function chartJson(
  request: ReportRequest,
  kind: ChartReport["report"],
  result: ChartResult,
  extraNotes: string[] = [],
): ChartReport {
  return {
    version: REPORT_JSON_VERSION,
    report: kind,
    period: periodJson(request.period, request.timeZone),
    filters: request.filters,
    days: result.series.days,
    maxDrawdown: result.series.maxDrawdown,
    notes: [...extraNotes, ...result.notes],
  };
}
