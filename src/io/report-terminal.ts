// Report pictures for a terminal: a month's calendar, the equity curve (asciichart) and the R histogram. Each fits
// the given width and reads without colour: signs (+/-) and characters carry the meaning, colour only repeats it.
// Numbers are converted to floats only to place a character; the amounts printed are the engine's exact strings.
import asciichart from "asciichart";
import type { ChalkInstance } from "chalk";
import type { ChartBucket, ChartDay, ChartSeries } from "../domain/report-charts.js";
import type { IOStreams } from "./streams.js";

export interface DrawOptions {
  /** Columns available (a terminal's width). */
  width: number;
  /** Chalk when colour is on, else null. */
  color: ChalkInstance | null;
}

/** The terminal's width (80 when unknown) and colour as the streams say. */
export function drawOptionsFor(io: IOStreams): DrawOptions {
  return { width: io.columns > 0 ? io.columns : 80, color: io.colorEnabled ? io.color : null };
}

const WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "+99.00", else "+99", else "+12k" (thousands, cut): the longest form of a signed amount that fits `room` characters. */
export function compactAmount(amount: string, room: number): string {
  const negative = amount.startsWith("-");
  const digits = negative ? amount.slice(1) : amount;
  const sign = /^[0.]+$/.test(digits) ? "" : negative ? "-" : "+";
  const whole = digits.split(".")[0] ?? "0";
  const forms = [`${sign}${digits}`, `${sign}${whole}`];
  if (whole.length > 3) forms.push(`${sign}${whole.slice(0, -3)}k`);
  return forms.find((f) => f.length <= room) ?? (forms.at(-1) as string);
}

const pad = (text: string, width: number, right = false) =>
  right ? text.padStart(width).slice(-width) : text.padEnd(width).slice(0, width);

/**
 * A Monday-first grid of one month: per week a line of dates and a line of each traded day's net P&L. With colour,
 * profit is green and loss red, with a background for a day of at least half the month's largest move.
 */
export function calendarLines(days: ChartDay[], month: string, options: DrawOptions): string[] {
  const cell = Math.max(5, Math.min(12, Math.floor(options.width / 7)));
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const length = new Date(Date.UTC(year, monthNumber, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(year, monthNumber - 1, 1)).getUTCDay() + 6) % 7;
  const byDay = new Map(days.filter((d) => d.day.startsWith(`${month}-`)).map((d) => [d.day, d]));
  const inMonth = [...byDay.values()];
  const largest = Math.max(0, ...inMonth.map((d) => Math.abs(Number(d.netPnl))));
  const paint = (text: string, net: string) => {
    const c = options.color;
    const value = Number(net);
    if (!c || value === 0) return text;
    const strong = Math.abs(value) * 2 >= largest;
    if (value > 0) return strong ? c.bgGreen.black(text) : c.green(text);
    return strong ? c.bgRed.white(text) : c.red(text);
  };
  const total = inMonth.reduce((sum, d) => sum + Math.round(Number(d.netPnl) * 100), 0);
  // The total only labels the grid: cents as an integer add exactly in a double up to 2^53.
  const totalText = `${total < 0 ? "-" : ""}${Math.floor(Math.abs(total) / 100)}.${String(Math.abs(total) % 100).padStart(2, "0")}`;
  const lines = [
    `${month}  net ${compactAmount(totalText, 20)}, ${inMonth.length} trading day(s)`,
    WEEKDAYS.map((w) => pad(w.slice(0, cell - 1), cell))
      .join("")
      .trimEnd(),
  ];
  const slots: (number | null)[] = [...Array.from({ length: lead }, () => null), ...range(1, length)];
  for (let i = 0; i < slots.length; i += 7) {
    const week = slots.slice(i, i + 7);
    lines.push(
      week
        .map((date) => (date === null ? " ".repeat(cell) : pad(String(date), cell)))
        .join("")
        .trimEnd(),
    );
    const amounts = week.map((date) => {
      const figures = date === null ? undefined : byDay.get(`${month}-${String(date).padStart(2, "0")}`);
      if (!figures) return " ".repeat(cell);
      return `${paint(pad(compactAmount(figures.netPnl, cell - 1), cell - 1, true), figures.netPnl)} `;
    });
    lines.push(amounts.join("").trimEnd());
  }
  return lines;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/**
 * The equity curve (cumulative net P&L per day) drawn by asciichart, at most one column per day (days are sampled
 * evenly when they do not fit, keeping the drawdown's peak and trough), with a line under it marking the deepest
 * drawdown: "^" at its peak and "v" at its trough.
 */
export function equityLines(series: ChartSeries, options: DrawOptions & { height?: number }): string[] {
  const days = series.days;
  if (days.length === 0) return ["No P&L was booked in this period."];
  const labels = days.map((d) => d.equity);
  const labelWidth = Math.max(...labels.map((l) => l.length), "0.00".length) + 1;
  const room = Math.max(2, options.width - labelWidth - 2);
  const dd = series.maxDrawdown;
  const peakIndex = dd?.peakDay ? days.findIndex((d) => d.day === dd.peakDay) : -1;
  const troughIndex = dd ? days.findIndex((d) => d.day === dd.troughDay) : -1;
  // Few days are widened (each drawn over several columns, a step per day) so the curve is readable.
  const repeat = Math.max(1, Math.min(8, Math.floor(room / days.length)));
  const chosen = sample(
    days.length,
    room,
    [peakIndex, troughIndex].filter((i) => i >= 0),
  ).flatMap((i) => Array.from({ length: repeat }, () => i));
  const values = chosen.map((i) => Number(days[i]?.equity));
  const c = options.color;
  const chart = asciichart.plot(values, {
    height: options.height ?? 10,
    padding: " ".repeat(labelWidth),
    format: (x: number) => pad(x.toFixed(2), labelWidth, true),
    ...(c ? { colors: [asciichart.blue] } : {}),
  });
  // The axis character's column is where the first day is drawn; day i is drawn i columns to its right.
  const offset = chart.split("\n")[0]?.search(/[┼┤]/) ?? labelWidth + 1;
  const marks = Array.from({ length: offset + chosen.length }, () => " ");
  const peakColumn = chosen.indexOf(peakIndex);
  const troughColumn = chosen.indexOf(troughIndex);
  if (peakColumn >= 0) marks[offset + peakColumn] = "^";
  if (troughColumn >= 0) marks[offset + troughColumn] = "v";
  const first = days[0]?.day ?? "";
  const last = days.at(-1)?.day ?? "";
  const axis = `${" ".repeat(offset)}${first}${" ".repeat(Math.max(1, chosen.length - first.length - last.length))}${last}`;
  const lines = [...chart.split("\n"), marks.join("").trimEnd(), axis.trimEnd()];
  if (dd) {
    lines.push(c ? c.red(`Max drawdown -${dd.amount}`) : `Max drawdown -${dd.amount}`);
    lines.push(`^ peak ${dd.peakDay ?? "period start"}, v trough ${dd.troughDay}`);
  } else lines.push("No drawdown.");
  lines.push(`Equity ${days.at(-1)?.equity} over ${days.length} trading day(s)`);
  return lines.map((l) => l.trimEnd());
}

/** `count` indices spread over 0..length-1 (all when they fit), always holding `keep`. */
function sample(length: number, count: number, keep: number[]): number[] {
  if (length <= count) return range(0, length - 1);
  const picked = new Set<number>();
  for (let i = 0; i < count; i++) picked.add(Math.round((i * (length - 1)) / (count - 1)));
  for (const k of keep) {
    if (picked.has(k)) continue;
    // Replace the nearest sampled day that is not itself kept, so the count stays within the room.
    const nearest = [...picked]
      .filter((p) => !keep.includes(p) && p !== 0 && p !== length - 1)
      .sort((a, b) => Math.abs(a - k) - Math.abs(b - k))[0];
    if (nearest !== undefined) picked.delete(nearest);
    picked.add(k);
  }
  return [...picked].sort((a, b) => a - b);
}

/** One bar per R bucket, as long as its round-trip count against the largest; the count and net P&L beside it. */
export function histogramLines(buckets: ChartBucket[], options: DrawOptions): string[] {
  if (buckets.length === 0) return ["No round trip went flat in this period."];
  const labelWidth = Math.max(...buckets.map((b) => b.label.length));
  const counts = buckets.map((b) => String(b.roundTrips));
  const countWidth = Math.max(...counts.map((t) => t.length));
  const nets = buckets.map((b) => compactAmount(b.netPnl, 12));
  const netWidth = Math.max(...nets.map((t) => t.length));
  const room = Math.max(1, options.width - labelWidth - countWidth - netWidth - 4);
  const most = Math.max(...buckets.map((b) => b.roundTrips));
  const c = options.color;
  return buckets.map((b, i) => {
    const length = most === 0 ? 0 : Math.max(b.roundTrips > 0 ? 1 : 0, Math.round((b.roundTrips * room) / most));
    const losing = b.label.includes("-");
    const bar = (losing ? "-" : b.label === "no R" ? "." : "+").repeat(length);
    const painted = c && b.label !== "no R" ? (losing ? c.red(bar) : c.green(bar)) : bar;
    return `${pad(b.label, labelWidth)} ${pad(counts[i] as string, countWidth, true)} ${painted}${" ".repeat(room - length)} ${pad(nets[i] as string, netWidth, true)}`.trimEnd();
  });
}
