// What the futures platforms' modules (Tradovate, NinjaTrader 8, TradeStation) share: their layouts' columns found by
// header name, and one fill read from a row's cells through row-reading.ts, every problem a precise row error. The contract's symbol and point value
// come from the import's futures table (contracts.ts): an unknown root is the row's error, never multiplier 1.
import { Decimal } from "../domain/decimal.js";
import {
  type Action,
  isEmptyValue,
  type PositionEffect,
  PRICE_PRECISION,
  PRICE_SCALE,
  type Read,
  type ReadDate,
  readAction,
  readDecimal,
} from "./cell-readers.js";
import { readFuture } from "./contracts.js";
import type { ReaderOptions, RowError, RowResult } from "./format.js";
import {
  type ColumnNames,
  cleanHeader,
  findColumns,
  foldHeader,
  matchRequired,
  RowReading,
  unsigned,
} from "./row-reading.js";

const PRICE = { scale: PRICE_SCALE, precision: PRICE_PRECISION, rounds: "price" as const };

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
export function futuresFill(row: FuturesRow, options: ReaderOptions): RowResult {
  const reading = new RowReading(row.line, [], { decimalComma: row.decimalComma === true });
  const now = options.now ?? new Date();
  const date = reading.plausible(row.time.column, row.time.text, now, row.date);
  const quantity = reading.quantity(row.quantity.column, row.quantity.text);
  const price = reading.read(
    row.price.column,
    { ...PRICE, allowNegative: false, notation: pointsAndThirtySeconds },
    row.price.text,
  );
  const commission = readCosts(row.costs, row.decimalComma === true, () => reading.rounded.push("commission"));
  if (!commission.ok) reading.errors.push(...commission.errors.map((e) => ({ line: row.line, ...e })));

  let future: { symbol: string; multiplier: string; currency: string | null } | undefined;
  const symbol = row.symbol;
  if (isEmptyValue(symbol.text)) reading.fail(symbol.column, symbol.text, "missing");
  else if (row.stock) {
    const stock = symbol.text.toUpperCase();
    if (stock.length > 20) reading.fail(symbol.column, symbol.text, "longer than 20 characters");
    else future = { symbol: stock, multiplier: "1", currency: "USD" };
  } else if (row.date.ok) {
    const read = readFuture(symbol.text, row.date.value.instant, options);
    if (read.ok) future = read;
    else reading.fail(symbol.column, symbol.text, read.reason);
  }
  if (row.accountId.length > 50) reading.fail("account", row.accountId, "longer than 50 characters");

  const contract = future;
  const complete = date && quantity && price && commission.ok && contract;
  return reading.result(
    complete
      ? () => ({
          executedAt: date.instant,
          dateOnly: date.dateOnly,
          symbol: contract.symbol,
          action: row.action,
          positionEffect: row.positionEffect ?? null,
          quantity: unsigned(quantity).magnitude,
          price,
          commission: commission.value,
          accountId: row.accountId,
          executionId: row.executionId,
          orderId: row.orderId,
          assetType: row.stock ? "stock" : "future",
          multiplier: contract.multiplier,
          currency: contract.currency,
          details: row.details ?? {},
        })
      : undefined,
  );
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

/** The RowResult of a row that holds two fills (a round trip's entry and exit), or the errors of either. */
export function fillsResult(built: RowResult[]): RowResult {
  const errors = built.flatMap((b) => (b.kind === "error" ? b.errors : []));
  if (errors.length > 0) return { kind: "error", errors };
  return { kind: "fills", fills: built.flatMap((b) => (b.kind === "fill" ? [b.fill] : [])) };
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
  return findColumns(header, { ...layout.required, ...layout.optional } as ColumnNames<Field>);
}

/** The layout whose required columns the header has, else the closest one and what it misses. */
export function bestLayout<Field extends string>(
  header: string[],
  layouts: readonly Layout<Field>[],
): { layout: Layout<Field>; score: number; missing: string[] } {
  let best: { layout: Layout<Field>; score: number; missing: string[] } | undefined;
  for (const layout of layouts) {
    const required = layout.required as ColumnNames<Field>;
    const fields = Object.keys(required) as Field[];
    const { score, missing } = matchRequired(findColumns(header, required), fields, required);
    if (!best || score > best.score) best = { layout, score, missing };
  }
  return best as { layout: Layout<Field>; score: number; missing: string[] };
}

/** Header name -> field, for the import summary and the unused-column warning. */
export function layoutUse<Field extends string>(header: string[], layout: Layout<Field>): Record<string, string> {
  const use: Record<string, string> = {};
  for (const name of header) {
    const why = layout.ignored?.[foldHeader(name)];
    if (why !== undefined) use[cleanHeader(name)] = `not read: ${why}`;
  }
  for (const [field, index] of Object.entries(layoutColumns(header, layout)) as [Field, number][]) {
    use[cleanHeader(header[index])] = field;
  }
  return use;
}

/** A row's cells by field (`cell("price")`), or undefined for a blank row. */
export function rowCells<Field extends string>(
  header: string[],
  columns: Columns<Field>,
  record: string[],
): ((field: Field) => Cell) | undefined {
  if (record.every((cell) => isEmptyValue(cell))) return undefined;
  return (field) => cellAt(header, record, columns[field], field);
}

export const BLANK_ROW: RowResult = { kind: "skip", reason: "blank row" };

/** The side a cell spells, or the row's error. */
export function sideOf(cell: Cell, line: number): Action | { kind: "error"; errors: RowError[] } {
  const read = readAction(cell.text);
  if (read.ok && read.value !== "skip") return read.value;
  const reason = read.ok ? "not a buy or sell" : read.reason;
  return { kind: "error", errors: [{ line, column: cell.column, value: cell.text, reason }] };
}

export function cellAt(header: string[], record: string[], index: number | undefined, field: string): Cell {
  if (index === undefined) return { column: field, text: "" };
  return { column: cleanHeader(header[index] ?? field), text: (record[index] ?? "").trim() };
}
