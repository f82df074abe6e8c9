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
    printLine(io, tsvHeader(columns));
    for (const row of rows) printLine(io, tsvLine(columns, row));
    return;
  }
  const widths = fitWidths(
    io,
    columns,
    naturalWidths(columns, rows),
    valueWidths(columns, rows),
    wordWidths(columns, rows),
  );
  if (!widths) {
    printLine(io, stackedRows(io, columns, rows).trimEnd());
    if (options.footer) printLine(io, options.footer.filter(Boolean).join("  "));
    return;
  }
  const table = terminalTable(io, columns, true, widths);
  for (const row of rows) table.push(tableCells(io, columns, row));
  if (options.footer) table.push(options.footer);
  printLine(io, table.toString());
}

/** Each column's width as cli-table3 would draw it: the widest cell (colour codes aside) plus a space either side. */
function naturalWidths<Row>(columns: TableColumn<Row>[], rows: Row[]): number[] {
  return columns.map((c) =>
    rows.reduce((widest, row) => Math.max(widest, c.value(row).length + 2), c.header.length + 2),
  );
}

/** The narrowest a text column is squeezed to (wrapped inside), padding included. */
const MIN_TEXT_WIDTH = 8;

/**
 * Column widths that fit the terminal: headers wrap at their spaces, text columns (left-aligned), widest first, give
 * up width and wrap inside it; numbers (right-aligned) are never cut. Undefined when even that cannot fit: the rows
 * are then stacked, one "header value" line each, which reads at any width. An unknown width (0) keeps the natural
 * widths.
 */
function fitWidths<Row>(
  io: IOStreams,
  columns: TableColumn<Row>[],
  natural: number[],
  values: number[],
  words: number[],
) {
  const widths = [...natural];
  if (io.columns <= 0) return widths;
  const floors = columns.map((c, i) => {
    const word = Math.max(...c.header.split(" ").map((w) => w.length)) + 2;
    const floor =
      c.align === "right" ? Math.max(word, values[i] as number) : Math.max(word, MIN_TEXT_WIDTH, words[i] as number);
    return Math.min(natural[i] as number, floor);
  });
  let over = widths.reduce((sum, w) => sum + w, columns.length + 1) - io.columns;
  while (over > 0) {
    // Text columns give up width first (widest first); a number column only down to its widest number.
    let pick = -1;
    columns.forEach((c, i) => {
      const width = widths[i] as number;
      if (width <= (floors[i] as number)) return;
      const better =
        pick < 0 ||
        (c.align !== "right" && columns[pick]?.align === "right") ||
        ((c.align !== "right") === (columns[pick]?.align !== "right") && width > (widths[pick] as number));
      if (better) pick = i;
    });
    if (pick < 0) return undefined;
    widths[pick] = (widths[pick] as number) - 1;
    over--;
  }
  return widths;
}

/** Each column's widest value, padding included (headers aside). */
function valueWidths<Row>(columns: TableColumn<Row>[], rows: Row[]): number[] {
  return columns.map((c) => rows.reduce((widest, row) => Math.max(widest, c.value(row).length + 2), 0));
}

/** The longest word a text column wraps at (a date's day, a symbol), up to 16: wrapping never cuts one shorter. */
const WHOLE_WORD = 16;
function wordWidths<Row>(columns: TableColumn<Row>[], rows: Row[]): number[] {
  return columns.map((c) =>
    rows.reduce(
      (widest, row) =>
        Math.max(
          widest,
          ...c
            .value(row)
            .split(/\s+/)
            .map((w) => Math.min(w.length, WHOLE_WORD) + 2),
        ),
      0,
    ),
  );
}

/**
 * Rows as blocks of "header  value" lines, a blank line between them: a table too wide for the terminal. A long
 * value wraps at its spaces under itself.
 */
function stackedRows<Row>(io: IOStreams, columns: TableColumn<Row>[], rows: Row[]): string {
  const label = Math.max(...columns.map((c) => c.header.length));
  const room = io.columns > 0 ? Math.max(io.columns - label - 2, 10) : Number.POSITIVE_INFINITY;
  const indent = " ".repeat(label + 2);
  return rows
    .map((row) => {
      const lines = columns.map((c) => {
        const value = c.value(row);
        const shown =
          value.length <= room ? (tableCells(io, [c], row)[0] as string) : wrapWords(value, room).join(`\n${indent}`);
        return `${c.header.padEnd(label)}  ${shown}`;
      });
      return `${lines.join("\n")}\n\n`;
    })
    .join("");
}

/** Text cut into lines of at most `width` characters at its spaces; a longer word is cut. */
function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (let word of text.split(/\s+/)) {
    while (word.length > width) {
      if (line) lines.push(line);
      lines.push(word.slice(0, width));
      word = word.slice(width);
      line = "";
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

export interface TableWriter<Row> {
  /** The text of the next rows. */
  page(rows: Row[]): string;
  /** What closes the table (its bottom border on a terminal). */
  end(): string;
}

/**
 * printTable a page of rows at a time, for listings too long to hold at once: the same tab-separated lines off a
 * terminal; on one, the same table with column widths kept from page to page (widened, never cut, when a later row
 * is wider), each page's bottom border held back until the next page or the end.
 */
export function tableWriter<Row>(io: IOStreams, columns: TableColumn<Row>[]): TableWriter<Row> {
  let first = true;
  if (!io.stdoutIsTTY) {
    return {
      page(rows) {
        const lines = first ? [tsvHeader(columns)] : [];
        first = false;
        for (const row of rows) lines.push(tsvLine(columns, row));
        return `${lines.join("\n")}\n`;
      },
      end: () => "",
    };
  }
  // cli-table3's own widths: the widest cell (colour codes aside) plus a space of padding either side.
  const natural = columns.map((c) => c.header.length + 2);
  const values = columns.map(() => 0);
  const words = columns.map(() => 0);
  let bottom = "";
  return {
    page(rows) {
      naturalWidths(columns, rows).forEach((w, i) => {
        natural[i] = Math.max(natural[i] as number, w);
      });
      valueWidths(columns, rows).forEach((w, i) => {
        values[i] = Math.max(values[i] as number, w);
      });
      wordWidths(columns, rows).forEach((w, i) => {
        words[i] = Math.max(words[i] as number, w);
      });
      const widths = fitWidths(io, columns, natural, values, words);
      if (!widths) return stackedRows(io, columns, rows);
      const table = terminalTable(io, columns, first, widths);
      for (const row of rows) table.push(tableCells(io, columns, row));
      const lines = table.toString().split("\n");
      bottom = lines.pop() ?? "";
      if (!first) lines.shift();
      first = false;
      return `${lines.join("\n")}\n`;
    },
    end: () => (bottom ? `${bottom}\n` : ""),
  };
}

function tsvHeader<Row>(columns: TableColumn<Row>[]): string {
  return columns.map((c) => c.header).join("\t");
}

function tsvLine<Row>(columns: TableColumn<Row>[], row: Row): string {
  return columns.map((c) => c.value(row).replace(/[\t\n\r]/g, " ")).join("\t");
}

function terminalTable<Row>(io: IOStreams, columns: TableColumn<Row>[], withHead: boolean, widths?: number[]) {
  // Loaded on first use: only a terminal table needs it, and --help/--version should not pay for it.
  const Table: typeof import("cli-table3") = createRequire(import.meta.url)("cli-table3");
  return new Table({
    head: withHead ? columns.map((c) => (io.colorEnabled ? io.color.bold(c.header) : c.header)) : [],
    colAligns: columns.map((c) => c.align ?? "left"),
    ...(widths ? { colWidths: widths } : {}),
    wordWrap: true,
    // No line between rows: on a narrow terminal a wrapped row already takes several lines.
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
    style: { head: [], border: [] },
  });
}

function tableCells<Row>(io: IOStreams, columns: TableColumn<Row>[], row: Row): string[] {
  return columns.map((c) => (c.style && io.colorEnabled ? c.style(c.value(row), row) : c.value(row)));
}

/**
 * `{...head, "<key>": [rows...], ...rest}` exactly as printJson prints it, written a page of rows at a time: a
 * listing of any length stays one valid JSON document without ever being held whole. `head` holds the fields known
 * before the rows (a declared document's `version`).
 */
export function jsonListWriter(
  key: string,
  head: Record<string, unknown> = {},
): {
  page(rows: unknown[]): string;
  end(rest: Record<string, unknown>): string;
} {
  let first = true;
  const indent = (text: string, by: string) => text.replace(/\n/g, `\n${by}`);
  const field = ([name, value]: [string, unknown]) =>
    `\n  ${JSON.stringify(name)}: ${indent(JSON.stringify(value, jsonReplacer, 2), "  ")}`;
  const opening = `{${Object.entries(head)
    .map((entry) => `${field(entry)},`)
    .join("")}\n  ${JSON.stringify(key)}: [`;
  return {
    page(rows) {
      const items = rows.map((row) => `    ${indent(JSON.stringify(row, jsonReplacer, 2), "    ")}`);
      const text = `${first ? `${opening}\n` : ",\n"}${items.join(",\n")}`;
      if (rows.length > 0) first = false;
      return rows.length > 0 ? text : "";
    },
    end(rest) {
      const close = first ? `${opening}],` : "\n  ],";
      return `${close}${Object.entries(rest).map(field).join(",")}\n}\n`;
    },
  };
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
