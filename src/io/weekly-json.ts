// The weekly report's declared document (README "The weekly report from cron"): the figures of
// domain/weekly-report.ts with the version, the report's kind and every period as printed in the user's zone. Every
// renderer takes this one document (weekly-view.ts: text, markdown, the HTML page, the mail); `--json` and `-o
// FILE.json` print it through weeklyJson.
import type { ReportRequest } from "../domain/report-engine.js";
import type { WeeklyCurrencyResult, WeeklyResult } from "../domain/weekly-report.js";
import { type PeriodJson, periodJson, REPORT_JSON_VERSION } from "./report-json.js";

/** One currency's week (every money figure in that currency alone), its two periods as printed. */
export type WeeklyCurrencyReport = WeeklyCurrencyResult<PeriodJson>;

export interface WeeklyReport {
  version: number;
  report: "weekly";
  /** "2025-W23", Monday to Sunday (trading days by the session setting) in the user's zone. */
  week: PeriodJson & { week: string };
  /** One entry per currency the journal holds (one for most journals), never added together. */
  byCurrency: WeeklyCurrencyReport[];
  notes: string[];
}

/** The document of `request`'s week, its periods printed in `request.timeZone`. */
export function weeklyDocument(request: ReportRequest, result: WeeklyResult): WeeklyReport {
  const printed = (period: WeeklyResult["period"]) => periodJson(period, request.timeZone);
  return {
    version: REPORT_JSON_VERSION,
    report: "weekly",
    week: { ...printed(result.period), week: result.period.label },
    byCurrency: result.byCurrency.map((section) => ({
      currency: section.currency,
      figures: section.figures,
      previousWeek: { ...section.previousWeek, period: printed(section.previousWeek.period) },
      fourWeekAverage: { ...section.fourWeekAverage, period: printed(section.fourWeekAverage.period) },
      days: section.days,
      edgeAndLeak: section.edgeAndLeak,
      notes: section.notes,
    })),
    notes: result.notes,
  };
}

/**
 * The report as JSON: with one currency the figures stand at the top level (with `currency`), as before currencies;
 * with more, `byCurrency` holds each currency's figures, as `report summary --json` does.
 */
export function weeklyJson(report: WeeklyReport): object {
  const { byCurrency, notes, ...head } = report;
  if (byCurrency.length !== 1) return report;
  const only = byCurrency[0] as WeeklyCurrencyReport;
  return { ...head, ...only, notes: [...only.notes, ...notes] };
}
