// Reports as a sheet (a header and rows of plain text), rendered as a table on a terminal (colour for profit and
// loss), tab-separated lines off one, or as --format json|csv|tsv|markdown; -o FILE picks the format from the
// extension (as hledger does) and writes the file whole or not at all.
import { renameSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import Table from "cli-table3";
import type { SummaryFigures } from "../domain/report-engine.js";
import { WEEKDAY_NAMES } from "../domain/report-rules.js";
import { ValidationError } from "../errors.js";
import { colorSigned, formatDateTime, printJson, printLine, printNote } from "./render.js";
import { type HtmlReportView, renderReportHtml } from "./report-html.js";
import type { BreakdownReport, DrawdownReport, StreaksReport, SummaryReport } from "./report-json.js";
import type { IOStreams } from "./streams.js";

export const REPORT_FORMATS = ["table", "json", "csv", "tsv", "markdown", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

const EXTENSION_FORMATS: Record<string, ReportFormat> = {
  ".json": "json",
  ".csv": "csv",
  ".tsv": "tsv",
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "table",
  ".html": "html",
  ".htm": "html",
};

export function parseFormat(text: string): ReportFormat {
  const format = REPORT_FORMATS.find((f) => f === text.trim().toLowerCase());
  if (!format) throw new ValidationError(`--format must be one of ${REPORT_FORMATS.join(", ")}, got '${text}'`);
  return format;
}

/** The format a report is written in: --format, else the output file's extension, else table (TSV off a TTY). */
export function chooseFormat(format: ReportFormat | undefined, output: string | undefined): ReportFormat {
  if (format) return format;
  if (output === undefined) return "table";
  const fromExtension = EXTENSION_FORMATS[extname(output).toLowerCase()];
  if (!fromExtension) {
    throw new ValidationError(
      `cannot tell the format of '${output}' from its extension (use .json, .csv, .tsv, .md, .html, or --format)`,
    );
  }
  return fromExtension;
}

export interface Sheet {
  headers: string[];
  rows: string[][];
  /** Columns holding signed money: coloured green/red on a terminal. */
  signed?: number[];
  /** Columns aligned right on a terminal. */
  numeric?: number[];
}

const dash = (value: string | number | null | undefined) =>
  value === null || value === undefined ? "" : String(value);

/** "3d 4h", "2h 05m", "12m", "40s": holding times as a trader reads them. */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "";
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d > 0) return `${d}d ${h}h`;
  if (h > 0) return `${h}h ${String(m).padStart(2, "0")}m`;
  if (m > 0) return `${m}m`;
  return `${seconds}s`;
}

function roundRatio(value: string | null, places: number): string {
  if (value === null) return "";
  const [whole, fraction = ""] = value.split(".");
  if (fraction.length <= places) return value;
  // Half-up on the decimal text, so a printed ratio never goes through a binary float.
  const scaled =
    BigInt(`${whole}${fraction.slice(0, places)}`.replace("-", "")) + (Number(fraction[places]) >= 5 ? 1n : 0n);
  const text = scaled.toString().padStart(places + 1, "0");
  const sign = value.startsWith("-") && scaled !== 0n ? "-" : "";
  return `${sign}${text.slice(0, -places)}.${text.slice(-places)}`;
}

/** One line per figure: [label, value as printed]. */
function figureLines(f: SummaryFigures): [string, string][] {
  const dd = f.maxDrawdown;
  return [
    ["Net P&L", f.netPnl],
    ["Gross P&L", f.grossPnl],
    ["Commissions and fees", f.commissions],
    ["Round trips", String(f.roundTrips)],
    ["Wins", String(f.wins)],
    ["Losses", String(f.losses)],
    ["Scratches", String(f.scratches)],
    ["Win rate %", dash(f.winRate)],
    ["Average win", dash(f.averageWin)],
    ["Average loss", dash(f.averageLoss)],
    ["Payoff ratio", roundRatio(f.payoffRatio, 2)],
    ["Profit factor", roundRatio(f.profitFactor, 2)],
    ["Expectancy", dash(f.expectancy)],
    ["Expectancy R", roundRatio(f.expectancyR, 2)],
    ["Largest win", dash(f.largestWin)],
    ["Largest loss", dash(f.largestLoss)],
    ["Total R", roundRatio(f.totalR, 2)],
    ["Round trips with R", String(f.roundTripsWithR)],
    ["SQN", dash(f.sqn)],
    ["Max drawdown", dd ? dd.amount : "0.00"],
    ["Max drawdown % of peak", dd ? dash(dd.percent) : ""],
    ["Drawdown start", dd ? (dd.start ?? "period start") : ""],
    ["Drawdown trough", dd ? dd.trough : ""],
    ["Drawdown recovery", dd ? (dd.recovery ?? "not recovered") : ""],
    ["Longest win streak", String(f.longestWinStreak)],
    ["Longest loss streak", String(f.longestLossStreak)],
    ["Average hold, winners", formatDuration(f.averageHoldSecondsWin)],
    ["Average hold, losers", formatDuration(f.averageHoldSecondsLoss)],
    ["Best day", f.bestDay ? `${f.bestDay.day} ${f.bestDay.netPnl}` : ""],
    ["Worst day", f.worstDay ? `${f.worstDay.day} ${f.worstDay.netPnl}` : ""],
    ["Trading days", String(f.tradingDays)],
  ];
}

const SIGNED_FIGURES = new Set([
  "Net P&L",
  "Gross P&L",
  "Average win",
  "Average loss",
  "Expectancy",
  "Largest win",
  "Largest loss",
]);

export function summarySheet(report: SummaryReport): Sheet {
  const lines = figureLines(report.figures);
  if (!report.previous) {
    return { headers: ["Figure", "Value"], rows: lines, numeric: [1] };
  }
  const before = figureLines(report.previous.figures);
  const change = report.previous.change;
  const keys = Object.keys(report.figures);
  const changeByLabel = new Map<string, string>();
  // Figure lines follow the figures' order except the drawdown's parts; match the plain ones by position of key.
  const plain: Record<string, string> = {
    "Net P&L": "netPnl",
    "Gross P&L": "grossPnl",
    "Commissions and fees": "commissions",
    "Round trips": "roundTrips",
    Wins: "wins",
    Losses: "losses",
    Scratches: "scratches",
    "Win rate %": "winRate",
    "Average win": "averageWin",
    "Average loss": "averageLoss",
    "Payoff ratio": "payoffRatio",
    "Profit factor": "profitFactor",
    Expectancy: "expectancy",
    "Expectancy R": "expectancyR",
    "Largest win": "largestWin",
    "Largest loss": "largestLoss",
    "Total R": "totalR",
    "Round trips with R": "roundTripsWithR",
    SQN: "sqn",
    "Longest win streak": "longestWinStreak",
    "Longest loss streak": "longestLossStreak",
    "Trading days": "tradingDays",
  };
  for (const [label, key] of Object.entries(plain)) {
    if (keys.includes(key)) {
      const value = change[key];
      const ratio = ["payoffRatio", "profitFactor", "expectancyR", "totalR"].includes(key);
      changeByLabel.set(label, ratio ? roundRatio(value as string | null, 2) : dash(value));
    }
  }
  return {
    headers: ["Figure", "Value", "Previous", "Change"],
    rows: lines.map(([label, value], i) => [label, value, before[i]?.[1] ?? "", changeByLabel.get(label) ?? ""]),
    numeric: [1, 2, 3],
  };
}

export function openPositionsSheet(report: SummaryReport): Sheet {
  return {
    headers: ["Open at end", "Account", "Side", "Type", "Quantity", "Cost"],
    rows: report.openPositions.map((p) => [p.symbol, p.account, p.side, p.assetType, p.quantity, p.cost]),
    numeric: [4, 5],
  };
}

/** A journal in several currencies: one value column per currency, figure by figure, never added together. */
export function currencySummarySheet(reports: { currency: string; report: SummaryReport }[]): Sheet {
  const columns = reports.map(({ report }) => figureLines(report.figures));
  const first = columns[0] ?? [];
  return {
    headers: ["Figure", ...reports.map((r) => r.currency)],
    rows: first.map(([label], i) => [label, ...columns.map((lines) => lines[i]?.[1] ?? "")]),
    numeric: reports.map((_, i) => i + 1),
  };
}

export function currencyOpenPositionsSheet(reports: { currency: string; report: SummaryReport }[]): Sheet {
  const sheets = reports.map(({ report }) => openPositionsSheet(report));
  return {
    headers: [...(sheets[0]?.headers ?? []), "Currency"],
    rows: sheets.flatMap((sheet, i) => sheet.rows.map((row) => [...row, reports[i]?.currency ?? ""])),
    numeric: [4, 5],
  };
}

export function breakdownSheet(report: BreakdownReport): Sheet {
  const label = (group: string) =>
    report.report === "weekdays"
      ? (WEEKDAY_NAMES[Number(group)] ?? group)
      : report.report === "hours"
        ? `${group}:00`
        : group;
  return {
    headers: [
      report.report === "r" ? "R" : report.report.replace(/s$/, "").replace(/^./, (c) => c.toUpperCase()),
      "Net P&L",
      "Gross",
      "Commissions",
      "Round trips",
      "Wins",
      "Losses",
      "Scratches",
      "Win %",
      "Avg win",
      "Avg loss",
      "Profit factor",
      "Expectancy",
      "Avg R",
    ],
    rows: report.groups.map((g) => [
      label(g.group),
      g.netPnl,
      g.grossPnl,
      g.commissions,
      String(g.roundTrips),
      String(g.wins),
      String(g.losses),
      String(g.scratches),
      dash(g.winRate),
      dash(g.averageWin),
      dash(g.averageLoss),
      roundRatio(g.profitFactor, 2),
      dash(g.expectancy),
      roundRatio(g.averageR, 2),
    ]),
    signed: [1, 12],
    numeric: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13],
  };
}

export function streaksSheet(report: StreaksReport, timeZone: string): Sheet {
  const rows: string[][] = [];
  for (const s of report.streaks) {
    rows.push([
      s.outcome,
      String(s.length),
      formatDateTime(new Date(s.firstFlatAt), timeZone),
      formatDateTime(new Date(s.lastFlatAt), timeZone),
      s.netPnl,
      "",
    ]);
    for (const t of s.roundTrips ?? []) {
      rows.push([
        `  ${t.symbol} ${t.side}`,
        "",
        formatDateTime(new Date(t.openedAt), timeZone),
        formatDateTime(new Date(t.flatAt), timeZone),
        t.netPnl,
        roundRatio(t.r, 2),
      ]);
    }
  }
  return {
    headers: ["Streak", "Round trips", "From (flat)", "To (flat)", "Net P&L", "R"],
    rows,
    signed: [4],
    numeric: [1, 4, 5],
  };
}

export function drawdownSheet(report: DrawdownReport): Sheet {
  return {
    headers: ["Start (peak)", "Peak", "Trough", "Drawdown", "% of peak", "Recovered"],
    rows: report.drawdowns.map((d) => [
      d.start ?? "period start",
      d.peak,
      d.trough,
      d.amount,
      dash(d.percent),
      d.recovery ?? "not recovered",
    ]),
    numeric: [1, 3, 4],
  };
}

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function mdCell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** A sheet as text in a file format (never coloured). */
export function sheetText(sheet: Sheet, format: Exclude<ReportFormat, "json" | "table" | "html">): string {
  const all = [sheet.headers, ...sheet.rows];
  if (format === "csv") return all.map((r) => r.map(csvCell).join(",")).join("\n");
  if (format === "tsv") return all.map((r) => r.map((c) => c.replace(/[\t\n\r]/g, " ")).join("\t")).join("\n");
  const align = sheet.headers.map((_, i) => (sheet.numeric?.includes(i) ? "---:" : "---"));
  return [
    `| ${sheet.headers.map(mdCell).join(" | ")} |`,
    `| ${align.join(" | ")} |`,
    ...sheet.rows.map((r) => `| ${r.map(mdCell).join(" | ")} |`),
  ].join("\n");
}

export function tableText(io: IOStreams, sheet: Sheet): string {
  const table = new Table({
    head: sheet.headers.map((h) => (io.colorEnabled ? io.color.bold(h) : h)),
    colAligns: sheet.headers.map((_, i) => (sheet.numeric?.includes(i) ? "right" : "left")),
    style: { head: [], border: [] },
  });
  for (const row of sheet.rows) {
    table.push(
      row.map((cell, i) => {
        const signed = sheet.signed?.includes(i) || (i === 1 && SIGNED_FIGURES.has(row[0] ?? ""));
        return signed && io.colorEnabled ? colorSigned(io, cell) : cell;
      }),
    );
  }
  return table.toString();
}

export interface ReportOutput {
  format: ReportFormat;
  /** A file to write instead of stdout. */
  output?: string;
}

/** Writes a file whole: a temporary file beside it, renamed over it, so a failure leaves no half-written report. */
export function writeWhole(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, path);
  } catch (error) {
    throw new ValidationError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

/**
 * Prints (or writes) a report: `json` is the report object itself; the other formats print each sheet, the sheets
 * separated by a blank line; notes go to stderr on a terminal and into a file's text as lines starting with "# ".
 * `html` needs the page's view (the caller builds it only for that format, since its charts cost queries).
 */
export function emitReport(
  io: IOStreams,
  out: ReportOutput,
  report: { notes: string[] },
  sheets: Sheet[],
  html?: HtmlReportView,
): void {
  const present = sheets.filter((s, i) => i === 0 || s.rows.length > 0);
  if (out.format === "html") {
    if (!html) throw new Error("an HTML report needs its view");
    const text = renderReportHtml(html);
    if (out.output === undefined) io.stdout.write(text);
    else {
      writeWhole(out.output, text);
      printNote(io, `Wrote ${out.output}`);
    }
    return;
  }
  if (out.output !== undefined) {
    let text: string;
    if (out.format === "json") text = `${JSON.stringify(report, null, 2)}\n`;
    else if (out.format === "table")
      text = `${present.map((s) => tableText({ ...io, colorEnabled: false }, s)).join("\n\n")}\n`;
    else text = `${present.map((s) => sheetText(s, out.format as "csv")).join("\n\n")}\n`;
    writeWhole(out.output, text);
    printNote(io, `Wrote ${out.output}`);
    return;
  }
  if (out.format === "json") {
    printJson(io, report);
    return;
  }
  const format = out.format === "table" && !io.stdoutIsTTY ? "tsv" : out.format;
  for (const [i, sheet] of present.entries()) {
    if (i > 0) printLine(io);
    printLine(io, format === "table" ? tableText(io, sheet) : sheetText(sheet, format));
  }
  for (const note of report.notes) printNote(io, note);
}
