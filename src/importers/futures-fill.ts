// What the futures platforms' modules (Tradovate, NinjaTrader 8, TradeStation) share: columns found by header name,
// and one fill built from a row's cells with every problem a precise row error. The contract's symbol and point value
// come from the import's futures table (contracts.ts): an unknown root is the row's error, never multiplier 1.
import { dateRangeText, isPlausibleDate } from "../domain/dates.js";
import { Decimal } from "../domain/decimal.js";
import {
  type Action,
  isEmptyValue,
  type PositionEffect,
  PRICE_PRECISION,
  PRICE_SCALE,
  QUANTITY_PRECISION,
  QUANTITY_SCALE,
  type Read,
  type ReadDate,
  readDecimal,
} from "./cell-readers.js";
import { readFuture } from "./contracts.js";
import type { ParsedFill, ReaderOptions, RowError, RowResult } from "./format.js";

export const foldHeader = (name: string) =>
  name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");

/** Column index by header name (case and surrounding spaces ignored); the first name found wins. */
export function columnIndex(header: string[], names: readonly string[]): number | undefined {
  const folded = header.map(foldHeader);
  for (const name of names) {
    const index = folded.indexOf(name.toLowerCase());
    if (index !== -1) return index;
  }
  return undefined;
}

/** A cell of the row as the module reads it: the column's header name (for errors) and its text. */
export interface Cell {
  column: string;
  text: string;
}

export interface FuturesRow {
  line: number;
  time: Cell;
  /** The row's time, read by the module (its own date shapes and zone). */
  date: Read<ReadDate>;
  symbol: Cell;
  action: Action;
  positionEffect?: PositionEffect | null;
  quantity: Cell;
  price: Cell;
  /** Commission cells: every one is a cost, summed. */
  costs: Cell[];
  accountId: string;
  executionId: string | null;
  orderId: string | null;
  details?: Record<string, string>;
  /** Decimal separator of the file: "," in European locales (NinjaTrader `21000,25`). */
  decimalComma?: boolean;
  /** A stock row of a platform that also trades futures (TradeStation): its symbol as written, multiplier 1. */
  stock?: boolean;
}

/**
 * Treasury futures prices written in points and 32nds, as the platforms show them (`110'16` = 110 + 16/32), with a
 * fraction of a 32nd either as decimals (`110'16.5`) or in CME's compact third digit (`110'165`: 2 = 1/4, 5 = 1/2,
 * 7 = 3/4 of a 32nd), as the exact decimal (110.515625). Any other text is returned as it is.
 */
export function pointsAndThirtySeconds(text: string): string {
  const match = /^\s*(\d+)'(\d{2})(?:(\.\d+)|([0257]))?\s*$/.exec(text);
  if (!match) return text;
  const [, points = "", whole = "", decimals, compact] = match;
  const quarters: Record<string, string> = { "0": "0", "2": "0.25", "5": "0.5", "7": "0.75" };
  const thirtySeconds = new Decimal(whole).plus(
    decimals ? `0${decimals}` : compact ? (quarters[compact] as string) : "0",
  );
  if (thirtySeconds.gte(32)) return text;
  return new Decimal(points).plus(thirtySeconds.dividedBy(32)).toFixed();
}

/** One fill from a futures platform's row, or the row's errors. */
export function futuresFill(row: FuturesRow, options: ReaderOptions): { fill: ParsedFill } | { errors: RowError[] } {
  const errors: RowError[] = [];
  const fail = (cell: Cell, reason: string) =>
    errors.push({ line: row.line, column: cell.column, value: cell.text, reason });
  const decimalComma = row.decimalComma === true;
  const rounded: string[] = [];

  const now = options.now ?? new Date();
  if (!row.date.ok) fail(row.time, row.date.reason);
  else if (!isPlausibleDate(row.date.value.instant, now)) fail(row.time, `out of range: ${dateRangeText(now)}`);

  const quantity = readDecimal(row.quantity.text, {
    decimalComma,
    scale: QUANTITY_SCALE,
    allowNegative: true,
    precision: QUANTITY_PRECISION,
  });
  if (!quantity.ok) fail(row.quantity, quantity.reason);
  else if (quantity.value === "0") fail(row.quantity, "must not be zero");
  const price = readDecimal(row.price.text, {
    decimalComma,
    notation: pointsAndThirtySeconds,
    scale: PRICE_SCALE,
    allowNegative: false,
    precision: PRICE_PRECISION,
    onRound: () => rounded.push("price"),
  });
  if (!price.ok) fail(row.price, price.reason);

  const commission = readCosts(row.costs, row.decimalComma === true, () => rounded.push("commission"));
  if (!commission.ok) errors.push(...commission.errors.map((e) => ({ line: row.line, ...e })));

  let future: ReturnType<typeof readFuture> | undefined;
  if (isEmptyValue(row.symbol.text)) fail(row.symbol, "missing");
  else if (row.stock) {
    const symbol = row.symbol.text.toUpperCase();
    if (symbol.length > 20) fail(row.symbol, "longer than 20 characters");
    else future = { ok: true, symbol, multiplier: "1", currency: "USD" };
  } else if (row.date.ok) {
    future = readFuture(row.symbol.text, row.date.value.instant, options);
    if (!future.ok) fail(row.symbol, future.reason);
  }
  if (row.accountId.length > 50)
    errors.push({ line: row.line, column: "account", value: row.accountId, reason: "longer than 50 characters" });

  if (errors.length > 0 || !row.date.ok || !quantity.ok || !price.ok || !commission.ok || !future?.ok) {
    return { errors };
  }
  const fill: ParsedFill = {
    executedAt: row.date.value.instant,
    dateOnly: row.date.value.dateOnly,
    symbol: future.symbol,
    action: row.action,
    positionEffect: row.positionEffect ?? null,
    quantity: quantity.value.replace(/^-/, ""),
    price: price.value,
    commission: commission.value,
    accountId: row.accountId,
    executionId: row.executionId,
    orderId: row.orderId,
    assetType: row.stock ? "stock" : "future",
    multiplier: future.multiplier,
    currency: future.currency,
    details: row.details ?? {},
  };
  if (rounded.length > 0) fill.rounded = rounded;
  return { fill };
}

/** The costs of a row summed (each a cost whatever its sign), with two places; or each bad cell's error. */
export function readCosts(
  cells: Cell[],
  decimalComma: boolean,
  onRound?: () => void,
): { ok: true; value: string } | { ok: false; errors: Omit<RowError, "line">[] } {
  let total = new Decimal(0);
  const errors: Omit<RowError, "line">[] = [];
  for (const cell of cells) {
    if (isEmptyValue(cell.text)) continue;
    const cost = readDecimal(cell.text, {
      scale: 2,
      allowNegative: true,
      precision: 10,
      decimalComma,
      ...(onRound ? { onRound } : {}),
    });
    if (!cost.ok) errors.push({ column: cell.column, value: cell.text, reason: cost.reason });
    else total = total.plus(cost.value.replace(/^-/, ""));
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: total.toFixed(2) };
}

/** The RowResult of one fill. */
export function fillResult(built: { fill: ParsedFill } | { errors: RowError[] }): RowResult {
  return "fill" in built ? { kind: "fill", fill: built.fill } : { kind: "error", errors: built.errors };
}

/** The RowResult of a row that holds two fills (a round trip's entry and exit), or the errors of either. */
export function fillsResult(built: ({ fill: ParsedFill } | { errors: RowError[] })[]): RowResult {
  const errors = built.flatMap((b) => ("errors" in b ? b.errors : []));
  if (errors.length > 0) return { kind: "error", errors };
  return { kind: "fills", fills: built.map((b) => (b as { fill: ParsedFill }).fill) };
}

/** Splits a round trip's commission (two places) into entry and exit halves that add up to it exactly. */
export function halves(commission: string): [string, string] {
  const cents = BigInt(new Decimal(commission).times(100).toFixed(0));
  const entry = cents / 2n;
  const exit = cents - entry;
  const text = (c: bigint) => new Decimal(c.toString()).dividedBy(100).toFixed(2);
  return [text(entry), text(exit)];
}

/** One column layout of a broker's export: each field's header names, the required ones and the optional ones. */
export interface Layout<Field extends string> {
  name: string;
  required: Partial<Record<Field, readonly string[]>>;
  optional: Partial<Record<Field, readonly string[]>>;
  /** Columns left unread on purpose (lower-case header -> why), so they raise no "unused column" warning. */
  ignored?: Record<string, string>;
}

export type Columns<Field extends string> = Partial<Record<Field, number>>;

export function layoutColumns<Field extends string>(header: string[], layout: Layout<Field>): Columns<Field> {
  const columns: Columns<Field> = {};
  for (const group of [layout.required, layout.optional]) {
    for (const [field, names] of Object.entries(group) as [Field, readonly string[]][]) {
      const index = columnIndex(header, names);
      if (index !== undefined) columns[field] = index;
    }
  }
  return columns;
}

/** The layout whose required columns the header has, else the closest one and what it misses. */
export function bestLayout<Field extends string>(
  header: string[],
  layouts: readonly Layout<Field>[],
): { layout: Layout<Field>; score: number; missing: string[] } {
  let best: { layout: Layout<Field>; score: number; missing: string[] } | undefined;
  for (const layout of layouts) {
    const required = Object.entries(layout.required) as [Field, readonly string[]][];
    const missing = required
      .filter(([, names]) => columnIndex(header, names) === undefined)
      .map(([, names]) => names[0] as string);
    const score = (required.length - missing.length) / required.length;
    if (!best || score > best.score) best = { layout, score, missing };
  }
  return best as { layout: Layout<Field>; score: number; missing: string[] };
}

/** Header name -> field, for the import summary and the unused-column warning. */
export function layoutUse<Field extends string>(header: string[], layout: Layout<Field>): Record<string, string> {
  const use: Record<string, string> = {};
  for (const name of header) {
    const why = layout.ignored?.[foldHeader(name)];
    if (why !== undefined) use[name.replace(/^\uFEFF/, "").trim()] = `not read: ${why}`;
  }
  for (const [field, index] of Object.entries(layoutColumns(header, layout)) as [Field, number][]) {
    use[(header[index] ?? "").replace(/^\uFEFF/, "").trim()] = field;
  }
  return use;
}

export function cellAt(header: string[], record: string[], index: number | undefined, field: string): Cell {
  if (index === undefined) return { column: field, text: "" };
  return { column: (header[index] ?? field).replace(/^\uFEFF/, "").trim(), text: (record[index] ?? "").trim() };
}
