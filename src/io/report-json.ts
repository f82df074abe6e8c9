// The --json documents of report summary, the breakdowns, streaks and drawdown (README "Reports"): the engine's figures
// (domain/report-engine.ts) with the report's kind, the period as printed in the user's zone, and the filters and
// scratch rule it was asked with. Each field is declared here, in this order; the tables, CSV, Markdown and HTML of a
// report are drawn from the same document (report-view.ts), so every format shows the same figures.
import {
  type BreakdownGroup,
  type BreakdownResult,
  type Drawdown,
  type DrawdownResult,
  type OpenPosition,
  type PeriodJson,
  periodJson,
  REPORT_JSON_VERSION,
  type ReportRequest,
  type StreaksResult,
  type SummaryFigures,
  type SummaryResult,
} from "../domain/report-engine.js";
import type { BreakdownKind, ReportFilters, ScratchRule } from "../domain/report-rules.js";

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
