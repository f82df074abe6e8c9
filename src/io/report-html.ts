// A report as one self-contained HTML file: the figures' tables, a calendar heatmap drawn as HTML tables, and three
// uPlot charts (equity with its drawdown, daily P&L bars, the R distribution). uPlot (~50 KB) rather than ECharts
// (~1 MB): it draws to a canvas that prints sharply at the page's resolution, and keeps a report small enough to mail.
// Its dist file is read from node_modules at run time and inlined, so the file opens with no network; the
// Content-Security-Policy forbids every request and lets only this file's own scripts (by hash) run.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ChartSeries } from "../domain/report-charts.js";
import type { PeriodJson } from "./report-json.js";
import type { Sheet } from "./report-view.js";

/** What an HTML report shows: any report (summary, breakdown, weekly ...) passes its tables and the chart series. */
export interface HtmlReportView {
  /** The report's name, e.g. "Summary" or "Symbols". */
  title: string;
  period: PeriodJson;
  /** Tables in order, each with a caption. */
  sheets: { caption: string; sheet: Sheet }[];
  charts: ChartSeries;
  notes: string[];
}

const escapeHtml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

let uplotFiles: { script: string; style: string } | undefined;

function uplot(): { script: string; style: string } {
  if (!uplotFiles) {
    // Resolved from this module at run time (bundled or not), never bundled: the library stays one file on disk.
    const require = createRequire(import.meta.url);
    const main = require.resolve("uplot");
    const dist = main.slice(0, main.lastIndexOf("/"));
    uplotFiles = {
      script: readFileSync(`${dist}/uPlot.iife.min.js`, "utf8"),
      style: readFileSync(`${dist}/uPlot.min.css`, "utf8"),
    };
  }
  return uplotFiles;
}

const sha256 = (text: string) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`;

function tableHtml(caption: string, sheet: Sheet): string {
  const align = (i: number) => (sheet.numeric?.includes(i) ? ' class="num"' : "");
  const sign = (i: number, cell: string, row: string[]) => {
    const signed = sheet.signed?.includes(i) || (i === 1 && SIGNED_LABELS.has(row[0] ?? ""));
    if (!signed || cell === "") return "";
    return cell.startsWith("-") ? " loss" : /^[0.]+$/.test(cell) ? "" : " win";
  };
  return `<section class="sheet"><table><caption>${escapeHtml(caption)}</caption>
<thead><tr>${sheet.headers.map((h, i) => `<th${align(i)}>${escapeHtml(h)}</th>`).join("")}</tr></thead>
<tbody>
${sheet.rows
  .map(
    (row) =>
      `<tr>${row
        .map((cell, i) => {
          const classes = `${sheet.numeric?.includes(i) ? "num" : ""}${sign(i, cell, row)}`.trim();
          return `<td${classes ? ` class="${classes}"` : ""}>${escapeHtml(cell)}</td>`;
        })
        .join("")}</tr>`,
  )
  .join("\n")}
</tbody></table></section>`;
}

const SIGNED_LABELS = new Set(["Net P&L", "Gross P&L", "Average win", "Average loss", "Expectancy", "Largest win"]);

/** One month as a Monday-first grid; each traded day's cell shaded by the size of its P&L against the largest. */
function calendarHtml(charts: ChartSeries): string {
  const byDay = new Map(charts.days.map((d) => [d.day, d]));
  const months = [...new Set(charts.days.map((d) => d.day.slice(0, 7)))];
  const largest = Math.max(0, ...charts.days.map((d) => Math.abs(Number(d.netPnl))));
  const out: string[] = [];
  for (const month of months) {
    const [year, monthNumber] = month.split("-").map(Number) as [number, number];
    const first = new Date(Date.UTC(year, monthNumber - 1, 1));
    const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
    const lead = (first.getUTCDay() + 6) % 7;
    const cells: string[] = Array.from({ length: lead }, () => "<td></td>");
    for (let date = 1; date <= length; date++) {
      const day = `${month}-${String(date).padStart(2, "0")}`;
      const figures = byDay.get(day);
      if (!figures) {
        cells.push(`<td class="day"><span class="date">${date}</span></td>`);
        continue;
      }
      const net = Number(figures.netPnl);
      const level = largest === 0 ? 0 : Math.max(1, Math.ceil((Math.abs(net) / largest) * 4));
      const tone = net > 0 ? `win${level}` : net < 0 ? `loss${level}` : "flat";
      cells.push(
        `<td class="day ${tone}" data-day="${day}" title="${day}: ${escapeHtml(figures.netPnl)}"><span class="date">${date}</span><span class="pnl">${escapeHtml(figures.netPnl)}</span></td>`,
      );
    }
    const weeks: string[] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(`<tr>${cells.slice(i, i + 7).join("")}</tr>`);
    out.push(`<table class="calendar"><caption>${month}</caption>
<thead><tr>${["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map((d) => `<th>${d}</th>`).join("")}</tr></thead>
<tbody>${weeks.join("\n")}</tbody></table>`);
  }
  return out.join("\n");
}

// Draws the three charts from the JSON data block; each chart's element records how many points it drew, which the
// browser test reads back.
const DRAW_SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  var charts = [];
  function drawAll() {
  charts.forEach(function (u) { u.destroy(); });
  charts = [];
  var css = getComputedStyle(document.documentElement);
  var color = function (name) { return css.getPropertyValue(name).trim(); };
  var ink = color("--ink"), grid = color("--grid"), win = color("--win"), loss = color("--loss"), accent = color("--accent");
  function axis(labels) {
    var a = { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } };
    if (labels) {
      a.incrs = [1, 2, 5, 7, 10, 14, 20, 30, 50, 100];
      a.values = function (u, splits) { return splits.map(function (i) { return labels[i] === undefined ? "" : labels[i]; }); };
    }
    return a;
  }
  var signed = uPlot.paths.bars({ size: [0.7, 60], disp: { fill: { unit: 3, values: function (u, s) {
    return u.data[s].map(function (v) { return v < 0 ? loss : win; }); } } } });
  var plain = uPlot.paths.bars({ size: [0.7, 80] });
  function draw(id, labels, series, values, yRange) {
    var el = document.getElementById(id);
    if (!el) return;
    var x = labels.map(function (_, i) { return i; });
    var opts = { width: Math.max(320, Math.min(900, el.clientWidth || 900)), height: 260,
      scales: { x: { time: false, range: [-0.5, labels.length - 0.5] } }, axes: [axis(labels), axis()],
      series: [{ label: "", value: function (u, i) { return i == null ? "" : labels[i]; } }].concat(series) };
    if (yRange) opts.scales.y = { range: yRange };
    charts.push(new uPlot(opts, [x].concat(values), el));
    el.setAttribute("data-points", String(x.length));
  }
  var days = data.days.map(function (d) { return d.day.slice(5); });
  if (days.length > 0) {
    draw("equity-chart", days, [{ label: "Equity", stroke: accent, width: 2 },
      { label: "Drawdown", stroke: loss, fill: loss + "33", width: 1 }],
      [data.days.map(function (d) { return Number(d.equity); }), data.days.map(function (d) { return Number(d.drawdown); })]);
    draw("daily-chart", days, [{ label: "Net P&L", paths: signed, width: 0, points: { show: false } }],
      [data.days.map(function (d) { return Number(d.netPnl); })]);
  }
  if (data.rBuckets.length > 0) {
    var counts = data.rBuckets.map(function (b) { return b.roundTrips; });
    draw("r-chart", data.rBuckets.map(function (b) { return b.label; }),
      [{ label: "Round trips", paths: plain, fill: accent, width: 0, points: { show: false } }], [counts],
      function (u, min, max) { return [0, Math.max(1, max) * 1.1]; });
  }
  }
  drawAll();
  // Canvas colours are fixed when drawn: redraw when the scheme changes and for printing (light, see @media print).
  ["(prefers-color-scheme: dark)", "print"].forEach(function (query) {
    window.matchMedia(query).addEventListener("change", drawAll);
  });
})();`;

const PAGE_STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --ink: #1f2328; --muted: #59636e; --grid: #d8dee4; --win: #1a7f37;
  --loss: #cf222e; --accent: #0969da; --win1: #dafbe1; --win2: #aceebb; --win3: #6fdd8b; --win4: #2da44e;
  --loss1: #ffebe9; --loss2: #ffcecb; --loss3: #ff8182; --loss4: #cf222e; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --ink: #e6edf3; --muted: #9198a1; --grid: #30363d; --win: #3fb950; --loss: #f85149;
    --accent: #4493f8; --win1: #033a16; --win2: #04260f; --win3: #196c2e; --win4: #2ea043;
    --loss1: #3c1618; --loss2: #5d0f12; --loss3: #8e1519; --loss4: #da3633; }
}
body { background: var(--bg); color: var(--ink); font: 14px/1.4 system-ui, sans-serif; margin: 2rem auto; max-width: 960px;
  padding: 0 1rem; }
h1 { font-size: 1.4rem; margin: 0 0 .2rem; } h2 { font-size: 1.1rem; margin: 1.5rem 0 .5rem; }
.period, .notes { color: var(--muted); }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { padding: .2rem .6rem; border-bottom: 1px solid var(--grid); text-align: left; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
.win { color: var(--win); } .loss { color: var(--loss); }
.chart, .calendar, .sheet { break-inside: avoid; page-break-inside: avoid; }
.calendars { display: flex; flex-wrap: wrap; gap: 1.5rem; }
.calendar td { width: 4.2rem; height: 2.6rem; vertical-align: top; border: 1px solid var(--grid); }
.calendar .date { display: block; font-size: .75rem; color: var(--muted); }
.calendar .pnl { display: block; text-align: right; font-variant-numeric: tabular-nums; }
.win1 { background: var(--win1); } .win2 { background: var(--win2); } .win3 { background: var(--win3); }
.win4 { background: var(--win4); } .loss1 { background: var(--loss1); } .loss2 { background: var(--loss2); }
.loss3 { background: var(--loss3); } .loss4 { background: var(--loss4); }
.u-legend { color: var(--ink); }
@media print {
  :root { --bg: #ffffff; --ink: #1f2328; --muted: #59636e; --grid: #d8dee4; --win: #1a7f37; --loss: #cf222e;
    --accent: #0969da; --win1: #dafbe1; --win2: #aceebb; --win3: #6fdd8b; --win4: #2da44e; --loss1: #ffebe9;
    --loss2: #ffcecb; --loss3: #ff8182; --loss4: #cf222e; }
  body { margin: 0; max-width: none; }
  .chart, .calendar, .sheet, section { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
}`;

/** The report as one HTML document (UTF-8 text), drawing its charts when opened. */
export function renderReportHtml(view: HtmlReportView): string {
  const library = uplot();
  // "</" cannot end the data block early: JSON never needs it escaped otherwise.
  const data = JSON.stringify({ days: view.charts.days, rBuckets: view.charts.rBuckets }).replace(/</g, "\\u003c");
  const style = `${library.style}\n${PAGE_STYLE}`;
  const policy = [
    "default-src 'none'",
    `script-src ${sha256(library.script)} ${sha256(DRAW_SCRIPT)}`,
    // uPlot sets element styles while drawing; inline style is all it needs, and nothing is fetched.
    "style-src 'unsafe-inline'",
    "img-src data:",
    "connect-src 'none'",
    "font-src 'none'",
    "form-action 'none'",
    "base-uri 'none'",
  ].join("; ");
  const period = view.period;
  const range =
    period.from === null && period.to === null ? "all time" : `${period.from ?? "start"} to ${period.to ?? "today"}`;
  const dd = view.charts.maxDrawdown;
  const hasDays = view.charts.days.length > 0;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>TradeSense: ${escapeHtml(view.title)}, ${escapeHtml(period.label)}</title>
<style>${style}</style>
</head>
<body>
<header>
<h1>TradeSense: ${escapeHtml(view.title)}</h1>
<p class="period">${escapeHtml(period.label)} (${escapeHtml(range)}, ${escapeHtml(period.timeZone)})</p>
</header>
${view.notes.length > 0 ? `<ul class="notes">${view.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>` : ""}
${
  hasDays
    ? `<section class="chart"><h2>Equity and drawdown</h2>
<p class="period" id="max-drawdown">${dd ? `Max drawdown ${escapeHtml(dd.amount)}: peak ${escapeHtml(dd.peakDay ?? "period start")}, trough ${escapeHtml(dd.troughDay)}` : "No drawdown"}</p>
<div id="equity-chart"></div></section>
<section class="chart"><h2>Daily P&amp;L</h2><div id="daily-chart"></div></section>
<section><h2>Calendar</h2><div class="calendars">${calendarHtml(view.charts)}</div></section>`
    : `<p class="period">No P&amp;L was booked in this period: no charts.</p>`
}
${view.charts.rBuckets.length > 0 ? `<section class="chart"><h2>R distribution</h2><div id="r-chart"></div></section>` : ""}
${view.sheets.map((s) => tableHtml(s.caption, s.sheet)).join("\n")}
<script type="application/json" id="chart-data">${data}</script>
<script>${library.script}</script>
<script>${DRAW_SCRIPT}</script>
</body>
</html>
`;
}
