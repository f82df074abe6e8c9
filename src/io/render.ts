// The render layer: a table on a terminal, tab-separated lines off it, JSON for --json. Money and times are formatted
// here and only here, from the exact strings and UTC dates the data layer returns.
import { createRequire } from "node:module";
import type { IOStreams } from "./streams.js";

export interface TableColumn<Row> {
  header: string;
  value: (row: Row) => string;
  align?: "left" | "right";
  /** Optional colouring for the terminal table (the plain value is used off a TTY). */
  style?: (text: string, row: Row) => string;
}

export function printLine(io: IOStreams, text = ""): void {
  io.stdout.write(`${text}\n`);
}

/** Notes, progress and warnings go to stderr so stdout stays data. */
export function printNote(io: IOStreams, text: string): void {
  io.stderr.write(`${text}\n`);
}

export function printJson(io: IOStreams, value: unknown): void {
  io.stdout.write(`${JSON.stringify(value, jsonReplacer, 2)}\n`);
}

function jsonReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function printTable<Row>(
  io: IOStreams,
  columns: TableColumn<Row>[],
  rows: Row[],
  options: { footer?: string[] } = {},
): void {
  if (!io.stdoutIsTTY) {
    // Scripts get one header line, then one tab-separated line per row: easy to cut, awk or import.
    const clean = (text: string) => text.replace(/[\t\n\r]/g, " ");
    printLine(io, columns.map((c) => c.header).join("\t"));
    for (const row of rows) printLine(io, columns.map((c) => clean(c.value(row))).join("\t"));
    return;
  }
  // Loaded on first use: only a terminal table needs it, and --help/--version should not pay for it.
  const Table: typeof import("cli-table3") = createRequire(import.meta.url)("cli-table3");
  const table = new Table({
    head: columns.map((c) => (io.colorEnabled ? io.color.bold(c.header) : c.header)),
    colAligns: columns.map((c) => c.align ?? "left"),
    style: { head: [], border: [] },
  });
  for (const row of rows) {
    table.push(columns.map((c) => (c.style && io.colorEnabled ? c.style(c.value(row), row) : c.value(row))));
  }
  if (options.footer) table.push(options.footer);
  printLine(io, table.toString());
}

/** A signed amount in the user's eyes: green when positive, red when negative (colour only on a TTY). */
export function colorSigned(io: IOStreams, amount: string): string {
  if (amount.startsWith("-")) return io.color.red(amount);
  if (/^[0.]+$/.test(amount) || amount === "") return amount;
  return io.color.green(amount);
}

// One formatter per zone: building an Intl.DateTimeFormat costs about 0.5 ms, two per row of a listing.
const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats a UTC instant in the user's IANA time zone as "2024-03-01 09:30". */
export function formatDateTime(date: Date | null | undefined, timeZone: string): string {
  if (!date) return "";
  let format = dateTimeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat("en-CA", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    dateTimeFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year")}-${get("month")}-${get("day")} ${get("hour")}:${get("minute")}`;
}

/** Drops trailing zeros that the NUMERIC scale adds ("10.0000" -> "10"), keeping the exact digits. */
export function trimDecimal(value: string | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (!value.includes(".")) return value;
  return value.replace(/\.?0+$/, "");
}
