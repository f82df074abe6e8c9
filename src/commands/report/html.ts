// The view an HTML report needs besides its tables: the chart series, queried only when the format is html.
import type { Context } from "../../context.js";
import { chartSeries } from "../../domain/report-charts.js";
import type { ReportRequest } from "../../domain/report-engine.js";
import type { HtmlReportView } from "../../io/report-html.js";
import type { PeriodJson } from "../../io/report-json.js";
import type { ReportOutput, Sheet } from "../../io/report-view.js";

export async function htmlViewFor(
  ctx: Context,
  output: ReportOutput,
  request: ReportRequest,
  report: { period: PeriodJson; notes: string[] },
  title: string,
  sheets: { caption: string; sheet: Sheet }[],
): Promise<HtmlReportView | undefined> {
  if (output.format !== "html") return undefined;
  const charts = await chartSeries(await ctx.database(), request);
  return { title, period: report.period, sheets, charts, notes: report.notes };
}
