// What the day-trading platforms' modules (TradeZero, Lightspeed, DAS Trader, Trading 212, Degiro) share: finding a
// broker's own columns by header name (exact names, not the generic reader's aliases, so one broker's `Type` is never
// another's), and reading one row into a fill with every problem recorded as a row error. (broker-rows.ts is the
// same idea for the IBKR, Schwab, thinkorswim and Fidelity modules, written at the same time: one to fold into the other.)
import { DateTime } from "luxon";
import { dateRangeText, isPlausibleDate } from "../domain/dates.js";
import { Decimal } from "../domain/decimal.js";
import {
  isEmptyValue,
  PRICE_PRECISION,
  PRICE_SCALE,
  QUANTITY_PRECISION,
  QUANTITY_SCALE,
  readDateTime,
  readDecimal,
} from "./cell-readers.js";
import type { HeaderMatch, ParsedFill, RowError } from "./format.js";

/** A header name folded for comparison: case, BOM, surrounding spaces and repeated spaces do not matter. */
export function foldHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
}

export const cleanHeader = (name: string | undefined) => (name ?? "").replace(/^\uFEFF/, "").trim();

/** Field -> the header names a broker writes for it (translations or older spellings). */
export type ColumnNames<F extends string> = Record<F, readonly string[]>;

export function findColumns<F extends string>(header: string[], names: ColumnNames<F>): Partial<Record<F, number>> {
  const folded = header.map(foldHeader);
  const columns: Partial<Record<F, number>> = {};
  for (const field of Object.keys(names) as F[]) {
    for (const name of names[field]) {
      const index = folded.indexOf(name.toLowerCase());
      if (index !== -1) {
        columns[field] = index;
        break;
      }
    }
  }
  return columns;
}

/** The share of the required fields found; what is missing named by the broker's first header name for it. */
export function matchRequired<F extends string>(
  columns: Partial<Record<F, number>>,
  required: readonly F[],
  names: ColumnNames<F>,
): HeaderMatch {
  const missing = required.filter((field) => columns[field] === undefined);
  return {
    score: (required.length - missing.length) / required.length,
    missing: missing.map((field) => names[field][0] ?? field),
  };
}

/**
 * Header name -> what the module reads it as, for the summary and the unread-column warning: its fields (named by
 * `labels` where given) and groups of other columns (`{ fees: [...], "not needed": [...] }`).
 */
export function useOf<F extends string>(
  header: string[],
  columns: Partial<Record<F, number>>,
  groups: Record<string, (number | undefined)[]> = {},
  labels: Partial<Record<F, string>> = {},
): Record<string, string> {
  const use: Record<string, string> = {};
  for (const [field, index] of Object.entries(columns) as [F, number][])
    use[cleanHeader(header[index])] = labels[field] ?? field;
  for (const [what, indices] of Object.entries(groups))
    for (const index of indices) if (index !== undefined) use[cleanHeader(header[index])] = what;
  return use;
}

/** The indices of the header columns named (folded) as one of `names`, in the header's order. */
export function columnsNamed(header: string[], test: (name: string) => boolean): number[] {
  return header.flatMap((h, i) => (test(foldHeader(h)) ? [i] : []));
}

/** executions.commission is NUMERIC(10, 2); prices NUMERIC(21, 10). */
const COMMISSION_PRECISION = 10;

/**
 * One data row being read: cells by column index, values read with the engine's rules (prices and costs rounded
 * half-up to their column and counted, quantities to 10 places), every problem kept as a row error naming the column.
 */
export class RowReading {
  readonly errors: RowError[] = [];
  readonly rounded: string[] = [];

  constructor(
    private readonly header: string[],
    private readonly record: string[],
    readonly line: number,
  ) {}

  column(index: number | undefined, fallback: string): string {
    return index === undefined ? fallback : cleanHeader(this.header[index]) || `column ${index + 1}`;
  }

  /** The cell as written, or "" when the column is absent or the row is short. */
  cell(index: number | undefined): string {
    return index === undefined ? "" : (this.record[index] ?? "");
  }

  has(index: number | undefined): boolean {
    return !isEmptyValue(this.cell(index));
  }

  fail(index: number | undefined, fallback: string, reason: string, value = this.cell(index)): void {
    this.errors.push({ line: this.line, column: this.column(index, fallback), value, reason });
  }

  /** A required text cell, trimmed; an error when it is empty or longer than `max`. */
  text(index: number | undefined, field: string, max: number): string | undefined {
    const value = this.cell(index).trim();
    if (isEmptyValue(value)) this.fail(index, field, "missing");
    else if (value.length > max) this.fail(index, field, `longer than ${max} characters`);
    else return value;
    return undefined;
  }

  /** An optional text cell: null when empty, an error when longer than `max`. */
  optionalText(index: number | undefined, field: string, max: number): string | null {
    if (!this.has(index)) return null;
    return this.text(index, field, max) ?? null;
  }

  /** A code cell looked up in `codes` (upper-cased): an error naming what it should be when it is not one. */
  code<T>(index: number | undefined, codes: Record<string, T>, field: string, reason: string): T | undefined {
    const text = this.cell(index).trim().toUpperCase();
    if (Object.hasOwn(codes, text)) return codes[text];
    this.fail(index, field, reason);
    return undefined;
  }

  /** An unsigned quantity (the row's side says buy or sell): a negative one is an error. */
  positiveQuantity(index: number | undefined): string | undefined {
    const quantity = this.quantity(index);
    if (quantity === undefined || !quantity.startsWith("-")) return quantity;
    this.fail(index, "quantity", "must be positive: the side says buy or sell");
    return undefined;
  }

  /** A signed quantity to 10 places (sign kept); errors for zero or a bad number. */
  quantity(index: number | undefined, text = this.cell(index)): string | undefined {
    const read = readDecimal(text, { scale: QUANTITY_SCALE, allowNegative: true, precision: QUANTITY_PRECISION });
    if (!read.ok) this.fail(index, "quantity", read.reason, text);
    else if (read.value === "0") this.fail(index, "quantity", "must not be zero", text);
    else return read.value;
    return undefined;
  }

  price(index: number | undefined, text = this.cell(index)): string | undefined {
    const read = readDecimal(text, {
      scale: PRICE_SCALE,
      allowNegative: false,
      precision: PRICE_PRECISION,
      onRound: () => this.rounded.push("price"),
    });
    if (!read.ok) this.fail(index, "price", read.reason, text);
    else return read.value;
    return undefined;
  }

  /**
   * A cost as written (sign kept, more than 2 places allowed): the module decides what its sign means and rounds
   * the total with `commission`.
   */
  amount(index: number | undefined, text = this.cell(index)): string | undefined {
    const read = readDecimal(text, { scale: 10, allowNegative: true, precision: 24 });
    if (!read.ok) this.fail(index, "amount", read.reason, text);
    else return read.value;
    return undefined;
  }

  /**
   * The cost columns summed: `signed` keeps each value's sign (a negative one is a rebate), otherwise a value is a
   * cost whichever sign the broker printed.
   */
  costs(indices: number[], signed: boolean): Decimal {
    let total = new Decimal(0);
    for (const index of indices) {
      if (!this.has(index)) continue;
      const cost = this.amount(index);
      if (cost !== undefined) total = total.plus(signed ? cost : unsigned(cost).magnitude);
    }
    return total;
  }

  /** Costs summed, to the cent (half-up, counted when it rounds); an error when the column cannot hold it. */
  commission(total: Decimal): string | undefined {
    const cents = total.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (!cents.equals(total)) this.rounded.push("commission");
    if (cents.abs().toFixed(0).length > COMMISSION_PRECISION - 2) {
      this.fail(undefined, "commission", "commission and fees together are out of range", total.toFixed());
      return undefined;
    }
    return cents.toFixed(2);
  }

  /**
   * A fill's instant from `text` (a date and a time, joined by the module) read in `timeZone`: with luxon `format`
   * when the broker writes an unusual shape (`dd-MM-yyyy HH:mm`), else the engine's usual shapes. Must carry a time.
   */
  instant(
    index: number | undefined,
    text: string,
    options: { timeZone: string; now: Date; format?: string },
  ): Date | undefined {
    let instant: Date | undefined;
    if (options.format !== undefined) {
      const parsed = DateTime.fromFormat(text.trim().replace(/\s+/g, " "), options.format, { zone: options.timeZone });
      if (parsed.isValid) instant = parsed.toJSDate();
      else this.fail(index, "date", `not a date and time as ${options.format}`, text);
    } else {
      const read = readDateTime(text, options.timeZone);
      if (!read.ok) this.fail(index, "date", read.reason, text);
      else if (read.value.dateOnly) this.fail(index, "date", "a date without a time of day", text);
      else instant = read.value.instant;
    }
    if (instant !== undefined && !isPlausibleDate(instant, options.now)) {
      this.fail(index, "date", `out of range: ${dateRangeText(options.now)}`, text);
      return undefined;
    }
    return instant;
  }

  /** The row's symbol: upper-cased, at most 20 characters. */
  symbol(index: number | undefined, text = this.cell(index)): string | undefined {
    const symbol = text.trim().toUpperCase();
    if (isEmptyValue(symbol)) this.fail(index, "symbol", "missing", text);
    else if (symbol.length > 20) this.fail(index, "symbol", "longer than 20 characters", text);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a symbol holding a control character is a mangled cell
    else if (/[\u0000-\u001f\u007f-\u009f\s]/.test(symbol)) this.fail(index, "symbol", "not a ticker", text);
    else return symbol;
    return undefined;
  }

  /**
   * The finished row of a stock fill: `values` are what it needs, each undefined when it could not be read (its error
   * is already kept); `build` makes the fill once all were read.
   */
  stockResult<V extends Record<string, unknown>>(
    values: V,
    build: (read: { [K in keyof V]: Exclude<V[K], undefined> }) => StockFill,
  ): { kind: "fill"; fill: ParsedFill } | { kind: "error"; errors: RowError[] } {
    const complete = Object.values(values).every((value) => value !== undefined);
    return this.result(complete ? stockFill(build(values as { [K in keyof V]: Exclude<V[K], undefined> })) : undefined);
  }

  /** The finished row: a fill when nothing failed. */
  result(
    fill: Omit<ParsedFill, "rounded"> | undefined,
  ): { kind: "fill"; fill: ParsedFill } | { kind: "error"; errors: RowError[] } {
    if (this.errors.length > 0 || fill === undefined) {
      if (this.errors.length === 0) this.fail(undefined, "row", "could not be read");
      return { kind: "error", errors: this.errors };
    }
    return { kind: "fill", fill: this.rounded.length > 0 ? { ...fill, rounded: [...this.rounded] } : fill };
  }
}

/** What a stock fill read from a broker row is, its time always known; the rest defaults to what stocks have. */
export type StockFill = Pick<
  ParsedFill,
  "executedAt" | "symbol" | "action" | "quantity" | "price" | "commission" | "accountId" | "currency"
> &
  Partial<Pick<ParsedFill, "positionEffect" | "executionId" | "orderId" | "details">>;

export function stockFill(fill: StockFill): Omit<ParsedFill, "rounded"> {
  return {
    dateOnly: false,
    positionEffect: null,
    executionId: null,
    orderId: null,
    details: {},
    assetType: "stock",
    multiplier: "1",
    ...fill,
  };
}

export function isBlankRecord(record: string[]): boolean {
  for (const value of record) if (!isEmptyValue(value)) return false;
  return true;
}

/** Splits a signed decimal string into its magnitude and whether it was negative. */
export function unsigned(value: string): { magnitude: string; negative: boolean } {
  return value.startsWith("-") ? { magnitude: value.slice(1), negative: true } : { magnitude: value, negative: false };
}
