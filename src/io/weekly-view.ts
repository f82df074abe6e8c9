// The weekly report rendered: sheets (a terminal table, coloured only on a TTY), plain text for cron and the mail's
// text part, markdown and JSON files, a plain HTML table for the mail's HTML part, and the multipart message itself.
// Every renderer takes the one document, WeeklyReport (weekly-json.ts); an HTML report renderer can take it the same way. A journal
// holding several currencies gets each currency's tables apart, titled with the currency.
import { randomBytes } from "node:crypto";
import { type EdgeDimension, WEEKLY_FIGURE_KEYS, type WeeklyFigureKey } from "../domain/weekly-report.js";
import { ValidationError } from "../errors.js";
import { type Sheet, sheetText, tableText } from "./report-view.js";
import type { IOStreams } from "./streams.js";
import type { WeeklyCurrencyReport, WeeklyReport } from "./weekly-json.js";

const FIGURE_LABELS: Record<WeeklyFigureKey, string> = {
  netPnl: "Net P&L",
  grossPnl: "Gross P&L",
  commissions: "Commissions and fees",
  roundTrips: "Round trips",
  wins: "Wins",
  losses: "Losses",
  scratches: "Scratches",
  winRate: "Win rate %",
  expectancy: "Expectancy",
  profitFactor: "Profit factor",
  totalR: "Total R",
  tradingDays: "Trading days",
};

const DIMENSION_LABELS: Record<EdgeDimension, string> = {
  symbol: "Symbol",
  strategy: "Strategy",
  weekday: "Weekday",
  hour: "Hour of entry",
};

const cell = (value: string | number | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

export function weeklyTitle(report: WeeklyReport): string {
  return `Weekly report ${report.week.week} (${report.week.from} to ${report.week.to}, ${report.week.timeZone})`;
}

/** Net P&L of the week, each currency named when the journal holds more than one ("USD 120.00, EUR -35.50"). */
export function weeklyNetPnl(report: WeeklyReport): string {
  const [only, ...more] = report.byCurrency;
  if (only && more.length === 0) return only.figures.netPnl;
  return report.byCurrency.map((r) => `${r.currency} ${r.figures.netPnl}`).join(", ");
}

/** Every table of the report, each currency's apart (titles prefixed with the currency when there are several). */
export function weeklySheets(report: WeeklyReport): { title: string; sheet: Sheet }[] {
  const several = report.byCurrency.length > 1;
  return report.byCurrency.flatMap((section) =>
    currencySheets(section).map(({ title, sheet }) => ({
      title: several ? `${section.currency}: ${title}` : title,
      sheet,
    })),
  );
}

/** The notes of every currency's week, then the report's own. */
function weeklyNotes(report: WeeklyReport): string[] {
  const several = report.byCurrency.length > 1;
  return [
    ...report.byCurrency.flatMap((r) => r.notes.map((note) => (several ? `${r.currency}: ${note}` : note))),
    ...report.notes,
  ];
}

function currencySheets(report: WeeklyCurrencyReport): { title: string; sheet: Sheet }[] {
  const figures: Sheet = {
    headers: [
      "Figure",
      "This week",
      "Week before",
      "Change",
      `${report.fourWeekAverage.weeks}-week average`,
      "Vs average",
    ],
    rows: WEEKLY_FIGURE_KEYS.map((key) => [
      FIGURE_LABELS[key],
      cell(report.figures[key]),
      cell(report.previousWeek.figures[key]),
      cell(report.previousWeek.change[key]),
      cell(report.fourWeekAverage.figures[key]),
      cell(report.fourWeekAverage.change[key]),
    ]),
    signed: [3, 5],
    numeric: [1, 2, 3, 4, 5],
  };
  const days: Sheet = {
    headers: ["Day", "Date", "Net P&L", "Round trips", "Wins", "Losses"],
    rows: report.days.map((d) => [d.weekday, d.day, d.netPnl, String(d.roundTrips), String(d.wins), String(d.losses)]),
    signed: [2],
    numeric: [2, 3, 4, 5],
  };
  const edge: Sheet = {
    headers: ["By", "Best", "Net P&L", "Round trips", "Worst", "Net P&L", "Round trips"],
    rows: (Object.keys(DIMENSION_LABELS) as EdgeDimension[]).map((dimension) => {
      const { best, worst } = report.edgeAndLeak.dimensions[dimension];
      return [
        DIMENSION_LABELS[dimension],
        cell(best?.group),
        cell(best?.netPnl),
        cell(best?.roundTrips),
        cell(worst?.group),
        cell(worst?.netPnl),
        cell(worst?.roundTrips),
      ];
    }),
    signed: [2, 5],
    numeric: [2, 3, 5, 6],
  };
  return [
    { title: "Figures", sheet: figures },
    { title: "Days", sheet: days },
    {
      title: `Edge and leak (groups with at least ${report.edgeAndLeak.minRoundTrips} round trips)`,
      sheet: edge,
    },
  ];
}

/** The report as terminal text: tables, coloured only when `io` allows it (never under --cron). */
export function weeklyText(io: IOStreams, report: WeeklyReport): string {
  const parts = [weeklyTitle(report)];
  for (const { title, sheet } of weeklySheets(report)) parts.push("", title, tableText(io, sheet));
  for (const note of weeklyNotes(report)) parts.push("", note);
  return `${parts.join("\n")}\n`;
}

export function weeklyMarkdown(report: WeeklyReport): string {
  const parts = [`# ${weeklyTitle(report)}`];
  for (const { title, sheet } of weeklySheets(report)) parts.push("", `## ${title}`, "", sheetText(sheet, "markdown"));
  for (const note of weeklyNotes(report)) parts.push("", `> ${note}`);
  return `${parts.join("\n")}\n`;
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A plain, self-contained HTML page of the same tables (no script, no network: its CSP forbids both). */
export function weeklyHtml(report: WeeklyReport): string {
  const table = (sheet: Sheet) =>
    [
      "<table>",
      `<thead><tr>${sheet.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>`,
      "<tbody>",
      ...sheet.rows.map(
        (row) =>
          `<tr>${row.map((c, i) => `<td${sheet.numeric?.includes(i) ? ' class="n"' : ""}>${escapeHtml(c)}</td>`).join("")}</tr>`,
      ),
      "</tbody></table>",
    ].join("\n");
  return [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${escapeHtml(weeklyTitle(report))}</title>`,
    "<style>body{font-family:sans-serif}table{border-collapse:collapse;margin-bottom:1em}" +
      "th,td{border:1px solid #999;padding:2px 6px}td.n{text-align:right}</style>",
    "</head><body>",
    `<h1>${escapeHtml(weeklyTitle(report))}</h1>`,
    ...weeklySheets(report).flatMap(({ title, sheet }) => [`<h2>${escapeHtml(title)}</h2>`, table(sheet)]),
    ...weeklyNotes(report).map((note) => `<p>${escapeHtml(note)}</p>`),
    "</body></html>",
    "",
  ].join("\n");
}

function header(name: string, value: string): string {
  // A line break in a header value would let it add headers of its own (a Bcc:).
  if (/[\r\n]/.test(value)) throw new ValidationError(`a mail ${name} header cannot contain a line break`);
  return `${name}: ${value}`;
}

/** The weekly report as a multipart/alternative message: the plain text figures, then the HTML page. */
export function weeklyMail(input: {
  to: string;
  from?: string | undefined;
  report: WeeklyReport;
  text: string;
  html: string;
}): string {
  const boundary = `tradesense-${randomBytes(12).toString("hex")}`;
  const part = (type: string, body: string) => [
    `--${boundary}`,
    `Content-Type: ${type}; charset=utf-8`,
    "Content-Transfer-Encoding: 8bit",
    "",
    body.replace(/\r?\n/g, "\r\n"),
  ];
  return [
    header("To", input.to),
    ...(input.from ? [header("From", input.from)] : []),
    header("Subject", `TradeSense weekly report ${input.report.week.week}: net P&L ${weeklyNetPnl(input.report)}`),
    "MIME-Version: 1.0",
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    "",
    "This is a multipart message in MIME format.",
    ...part("text/plain", input.text),
    ...part("text/html", input.html),
    `--${boundary}--`,
    "",
  ].join("\r\n");
}
