// What every broker module shares to turn one row into a fill: finding its columns by header name, reading one row's
// cells with the engine's rules (the columns' scales, half-up rounding of prices and costs counted, plausible dates),
// every problem kept as a precise row error naming the column as the file spells it, and one fill builder (stock,
// option, future: the defaults each asset takes) used only when nothing failed. A cell is found by header name (the
// IBKR, Schwab, thinkorswim, Fidelity, Robinhood, Webull, E*TRADE and tastytrade modules: trimmed) or by the index the
// module found for its field (TradeZero, DAS Trader, Lightspeed, Trading 212, Degiro: as written, their readers trim).
// The futures platforms hand their cells over ready (futures-fill.ts). The generic reader keeps its own, tuned path.

import { DateTime } from "luxon";
import type { AssetType } from "../db/schema.js";
import { dateRangeText, isPlausibleDate } from "../domain/dates.js";
import { Decimal } from "../domain/decimal.js";
import { defaultMultiplier } from "../domain/trade-vocabulary.js";
import {
  isEmptyValue,
  PRICE_PRECISION,
  PRICE_SCALE,
  QUANTITY_PRECISION,
  QUANTITY_SCALE,
  type Read,
  type ReadDate,
  readDateTime,
  readDecimal,
} from "./cell-readers.js";
import type { HeaderMatch, ParsedFill, ReaderOptions, RowError, RowResult } from "./format.js";
import { type OptionContract, optionSymbol } from "./option-symbols.js";

// ---- Finding columns ----

/** A header name as compared: no BOM, trimmed, lower case, single spaces. */
export function foldHeader(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
}

/** A header name as the file spells it, for messages and the summary (BOM and surrounding spaces dropped). */
export const cleanHeader = (name: string | undefined) => (name ?? "").replace(/^\uFEFF/, "").trim();

/** Header name -> column index, by the name as spelled and as folded; the first column of a repeated name wins. */
export function columnIndex(header: string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    for (const key of [cleanHeader(name), foldHeader(name)]) if (key !== "" && !index.has(key)) index.set(key, i);
  });
  return index;
}

/** The names of `names` that are no column of the header, spelled exactly (detection tells brokers apart by them). */
export function missingColumns(header: string[], names: string[]): string[] {
  const spelled = new Set(header.map(cleanHeader));
  return names.filter((name) => !spelled.has(name));
}

export function headerScore(header: string[], required: string[]) {
  const missing = missingColumns(header, required);
  return { score: (required.length - missing.length) / required.length, missing };
}

/** Field -> the header names a broker writes for it (translations or older spellings). */
export type ColumnNames<F extends string> = Record<F, readonly string[]>;

/** Each field's column: the first of its names the header has. */
export function findColumns<F extends string>(header: string[], names: ColumnNames<F>): Partial<Record<F, number>> {
  const index = columnIndex(header);
  const columns: Partial<Record<F, number>> = {};
  for (const field of Object.keys(names) as F[]) {
    for (const name of names[field]) {
      const found = index.get(foldHeader(name));
      if (found !== undefined) {
        columns[field] = found;
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

/** The indices of the header columns whose folded name passes `test`, in the header's order. */
export function columnsNamed(header: string[], test: (name: string) => boolean): number[] {
  return header.flatMap((h, i) => (test(foldHeader(h)) ? [i] : []));
}

/** One column layout of a broker's export. */
export interface Layout {
  name: string;
  /** Every column the layout has, as the broker names them. */
  columns: string[];
  /** The columns a file must have to be read in this layout. */
  required: string[];
  /** Lines before the header that mark this broker's export (`For Account:`), matched on the first cell. */
  preamble?: RegExp;
}

export interface LayoutMatch extends HeaderMatch {
  chosen: Layout;
}

/**
 * How well a header fits the best of `layouts`. score: the share of the layout's required columns present (1 = it can
 * be read). confidence: the overlap of the header's columns and the layout's (columns in both / columns in either),
 * so an exact layout is 1 and every extra or missing column lowers it; a preamble line that marks the broker's export
 * adds a tenth of what is left to 1.
 */
export function matchLayouts(header: string[], layouts: Layout[], preamble: string[][] = []): LayoutMatch {
  const names = new Set(header.map(foldHeader).filter((h) => h !== ""));
  let best: LayoutMatch | undefined;
  for (const layout of layouts) {
    const columns = new Set(layout.columns.map(foldHeader));
    const missing = layout.required.filter((c) => !names.has(foldHeader(c)));
    const score = (layout.required.length - missing.length) / layout.required.length;
    const both = [...names].filter((n) => columns.has(n)).length;
    let confidence = both / new Set([...names, ...columns]).size;
    const marked = layout.preamble && preamble.some((r) => layout.preamble?.test((r[0] ?? "").trim()));
    if (marked) confidence += (1 - confidence) / 10;
    if (!best || score > best.score || (score === best.score && confidence > (best.confidence ?? 0)))
      best = { score, missing, confidence: score === 1 ? confidence : 0, layout: layout.name, chosen: layout };
  }
  return best as LayoutMatch;
}

/** `use` (layout column -> what it is read as) restricted to the columns this header has, under its own spelling. */
export function columnUseIn(header: string[], use: Record<string, string>): Record<string, string> {
  const wanted = new Map(Object.entries(use).map(([name, field]) => [foldHeader(name), field]));
  const result: Record<string, string> = {};
  for (const h of header) {
    const field = wanted.get(foldHeader(h));
    if (field !== undefined) result[cleanHeader(h)] = field;
  }
  return result;
}

/** A blank row (every cell empty), which exports use as spacers. */
export function isBlankRecord(record: string[]): boolean {
  for (const value of record) if (!isEmptyValue(value)) return false;
  return true;
}

/** A row with a single non-empty cell: a title, a note or the legal footer, never a fill. */
export function isNoteRecord(record: string[]): boolean {
  return record.filter((cell) => !isEmptyValue(cell)).length === 1;
}

// ---- Reading a row ----

/** How a decimal cell is read: NUMERIC(precision, scale), and what its rounding half-up to `scale` is counted as. */
interface Limits {
  scale: number;
  precision: number;
  rounds?: "price" | "commission";
}

/** The kinds of decimals a row holds, by the column they go into or what they are checked against. */
const LIMITS = {
  /** executions.quantity NUMERIC(21, 10) since migration 047. */
  quantity: { scale: QUANTITY_SCALE, precision: QUANTITY_PRECISION },
  /** A price per share or contract (NUMERIC(21, 10)): brokers print more places and float noise, rounded, counted. */
  price: { scale: PRICE_SCALE, precision: PRICE_PRECISION, rounds: "price" },
  /** A cost to the cent (executions.commission NUMERIC(10, 2)), rounded and counted. */
  cost: { scale: 2, precision: 10, rounds: "commission" },
  /** A net cash amount to the cent (the amounts fees are worked out from). */
  cash: { scale: 2, precision: 17 },
  /** A cost as written, any places, summed and rounded by `commission`. */
  amount: { scale: 10, precision: 24 },
  /** Money as written (signed), for checks and the broker's P&L: any number of places. */
  money: { scale: 10, precision: 30 },
} satisfies Record<string, Limits>;

export type DecimalKind = keyof typeof LIMITS;

/** executions.commission is NUMERIC(10, 2). */
const COMMISSION_PRECISION = 10;

/** A column of the row: its header name (found by name, folded), its index (found by the module), or none. */
export type Column = string | number | undefined;

/** The fields of a fill the module reads; the rest take the defaults of its asset type (brokerFill). */
export type FillFields = Pick<ParsedFill, "executedAt" | "symbol" | "action" | "quantity" | "price" | "commission"> &
  Partial<ParsedFill>;

/** What a module adds to the values it read to make a fill (RowReading.fill). */
export type FillRest = Partial<ParsedFill>;

/** A fill from what a row says, with the defaults a broker row takes: a stock unless said, its time of day known. */
export function brokerFill(fields: FillFields): ParsedFill {
  const assetType: AssetType = fields.assetType ?? "stock";
  return {
    dateOnly: false,
    positionEffect: null,
    accountId: "",
    executionId: null,
    orderId: null,
    assetType,
    multiplier: defaultMultiplier(assetType),
    currency: null,
    details: {},
    ...fields,
  };
}

const NO_NAMES = new Map<string, number>();

/** Every value of `V` read (none undefined). */
type Complete<V> = { [K in keyof V]: Exclude<V[K], undefined> };

/** One data row being read: its cells, the values read so far, and every problem found, by column. */
export class RowReading {
  readonly errors: RowError[] = [];
  readonly rounded: string[] = [];

  private readonly header: string[];
  /** The header's names (columnIndex), for cells found by name. */
  private readonly names: Map<string, number>;
  /** The file writes decimal commas (`21000,25`). */
  private readonly decimalComma: boolean;

  constructor(
    readonly line: number,
    readonly record: string[],
    file: { header?: string[]; names?: Map<string, number>; decimalComma?: boolean } = {},
  ) {
    this.header = file.header ?? [];
    this.names = file.names ?? NO_NAMES;
    this.decimalComma = file.decimalComma ?? false;
  }

  index(column: Column): number | undefined {
    return typeof column === "string" ? (this.names.get(column) ?? this.names.get(foldHeader(column))) : column;
  }

  /** The cell: found by name, trimmed; by index, as written; "" when the column or the cell is missing. */
  cell(column: Column): string {
    const index = this.index(column);
    if (index === undefined) return "";
    const text = this.record[index] ?? "";
    return typeof column === "string" ? text.trim() : text;
  }

  /** Whether the cell holds a value (not blank, `--`, `n/a`...). */
  has(column: Column): boolean {
    return !isEmptyValue(this.cell(column));
  }

  /** The column as the file spells it (or as asked for, when spelled so or missing); no column: by `label`. */
  column(column: Column, label = "row"): string {
    if (typeof column === "string") {
      const index = this.names.has(column) ? undefined : this.index(column);
      return (index !== undefined && cleanHeader(this.header[index])) || column;
    }
    if (column !== undefined) return cleanHeader(this.header[column]) || `column ${column + 1}`;
    return label;
  }

  fail(column: Column, value: string, reason: string, label?: string): undefined {
    this.errors.push({ line: this.line, column: this.column(column, label), value, reason });
    return undefined;
  }

  /** A decimal of `limits` from `text` (the column's cell by default), or undefined with the error recorded. */
  read(
    column: Column,
    limits: Limits & { allowNegative: boolean; notation?: (text: string) => string },
    text = this.cell(column),
    label?: string,
  ): string | undefined {
    const { rounds } = limits;
    const read = readDecimal(text, {
      ...limits,
      decimalComma: this.decimalComma,
      ...(rounds ? { onRound: () => this.rounded.push(rounds) } : {}),
    });
    return read.ok ? read.value : this.fail(column, text, read.reason, label);
  }

  /** A signed decimal of one of the row's kinds. */
  decimal(column: Column, kind: DecimalKind, text = this.cell(column)): string | undefined {
    return this.read(column, { ...LIMITS[kind], allowNegative: true }, text, kind);
  }

  /** A decimal without its sign (quantities and costs brokers sign by direction). */
  magnitude(column: Column, kind: DecimalKind, text = this.cell(column)): string | undefined {
    return this.decimal(column, kind, text)?.replace(/^-/, "");
  }

  /** A quantity to 10 places, signed as written; zero is an error. */
  quantity(column: Column, text = this.cell(column)): string | undefined {
    const quantity = this.decimal(column, "quantity", text);
    return quantity === "0" ? this.fail(column, text, "must not be zero", "quantity") : quantity;
  }

  /** An unsigned quantity (the row's side says buy or sell): a negative one is an error. */
  positiveQuantity(column: Column): string | undefined {
    const quantity = this.quantity(column);
    if (quantity === undefined || !quantity.startsWith("-")) return quantity;
    return this.fail(column, this.cell(column), "must be positive: the side says buy or sell", "quantity");
  }

  /** A price per share or contract, rounded half-up to ten places and counted. */
  price(column: Column, text = this.cell(column), allowNegative = false): string | undefined {
    return this.read(column, { ...LIMITS.price, allowNegative }, text, "price");
  }

  /** A price worked out from other values, rounded half-up to the column's places and counted when that changes it. */
  roundedPrice(value: Decimal): string {
    const rounded = value.toDecimalPlaces(LIMITS.price.scale, Decimal.ROUND_HALF_UP);
    if (!rounded.eq(value)) this.rounded.push("price");
    return rounded.toFixed();
  }

  /**
   * Costs summed from several columns into one positive commission, each rounded half-up to the cent and counted.
   * `sign` -1 for columns where a cost is negative (IBKR's `Comm/Fee`): a positive value there is a rebate, which the
   * journal's commission cannot hold, and is the row's error; 0 where a cost is a cost whatever its sign.
   */
  costs(columns: Column[], sign: 1 | -1 | 0): string | undefined {
    let total = new Decimal(0);
    for (const column of columns) {
      if (!this.has(column)) continue;
      const text = this.cell(column);
      const value = this.decimal(column, "cost", text);
      if (value === undefined) return undefined;
      if (sign !== 0 && new Decimal(value).times(sign).lt(0))
        return this.fail(column, text, "a commission rebate: the journal's commission cannot be negative");
      total = total.plus(unsigned(value).magnitude);
    }
    if (total.gte(1e8)) return this.fail(columns.join(" + "), total.toFixed(2), "commission and fees out of range");
    return total.toFixed(2);
  }

  /**
   * Costs as written summed (any places): `signed` keeps each value's sign (a negative one is a rebate), otherwise a
   * value is a cost whichever sign the broker printed. `commission` rounds the total.
   */
  sumCosts(columns: Column[], signed: boolean): Decimal {
    let total = new Decimal(0);
    for (const column of columns) {
      if (!this.has(column)) continue;
      const cost = this.decimal(column, "amount");
      if (cost !== undefined) total = total.plus(signed ? cost : unsigned(cost).magnitude);
    }
    return total;
  }

  /** Costs summed, to the cent (half-up, counted when it rounds); an error when the column cannot hold it. */
  commission(total: Decimal): string | undefined {
    const cents = total.toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
    if (!cents.equals(total)) this.rounded.push("commission");
    if (cents.abs().toFixed(0).length > COMMISSION_PRECISION - 2)
      return this.fail(undefined, total.toFixed(), "commission and fees together are out of range", "commission");
    return cents.toFixed(2);
  }

  /** A date and time read in `timeZone` unless it carries its own offset; undefined with the error recorded. */
  date(column: Column, timeZone: string, now: Date, text = this.cell(column)): ReadDate | undefined {
    return this.plausible(column, text, now, readDateTime(text, timeZone));
  }

  /** A date read by the module, kept when it is a plausible fill time. */
  plausible(column: Column, text: string, now: Date, read: Read<ReadDate>): ReadDate | undefined {
    if (!read.ok) return this.fail(column, text, read.reason, "date");
    if (!isPlausibleDate(read.value.instant, now))
      return this.fail(column, text, `out of range: ${dateRangeText(now)}`, "date");
    return read.value;
  }

  /**
   * A fill's instant from `text` (a date and a time, joined by the module) read in `timeZone`: with luxon `format`
   * when the broker writes an unusual shape (`dd-MM-yyyy HH:mm`), else the engine's usual shapes. Must carry a time.
   */
  instant(column: Column, text: string, options: { timeZone: string; now: Date; format?: string }): Date | undefined {
    let read: Read<ReadDate>;
    if (options.format !== undefined) {
      const parsed = DateTime.fromFormat(text.trim().replace(/\s+/g, " "), options.format, { zone: options.timeZone });
      read = parsed.isValid
        ? { ok: true, value: { instant: parsed.toJSDate(), dateOnly: false } }
        : { ok: false, reason: `not a date and time as ${options.format}` };
    } else {
      read = readDateTime(text, options.timeZone);
      if (read.ok && read.value.dateOnly) read = { ok: false, reason: "a date without a time of day" };
    }
    return this.plausible(column, text, options.now, read)?.instant;
  }

  /** The OCC symbol of a contract a broker wrote in its notation, or the row's error. */
  option(column: Column, text: string, contract: OptionContract | null, reader = "importer"): string | undefined {
    if (!contract) return this.fail(column, text, `not an option contract this ${reader} reads`, "symbol");
    const symbol = optionSymbol(contract);
    if ("error" in symbol) return this.fail(column, text, symbol.error, "symbol");
    return symbol.symbol;
  }

  /** A stock or futures symbol as written (executions.symbol VARCHAR(20)), upper-cased. */
  symbol(column: Column, text = this.cell(column)): string | undefined {
    const symbol = text.trim().toUpperCase();
    if (symbol === "") return this.fail(column, text, "missing", "symbol");
    if (symbol.length > 20) return this.fail(column, text, "longer than 20 characters", "symbol");
    return symbol;
  }

  /** A ticker: a symbol with no empty spelling (`--`), space or control character in it. */
  ticker(column: Column, text = this.cell(column)): string | undefined {
    const symbol = text.trim().toUpperCase();
    if (isEmptyValue(symbol)) return this.fail(column, text, "missing", "symbol");
    if (symbol.length > 20) return this.fail(column, text, "longer than 20 characters", "symbol");
    // biome-ignore lint/suspicious/noControlCharactersInRegex: a symbol holding a control character is a mangled cell
    if (/[\u0000-\u001f\u007f-\u009f\s]/.test(symbol)) return this.fail(column, text, "not a ticker", "symbol");
    return symbol;
  }

  /** A required text cell, trimmed; an error when it is empty or longer than `max`. */
  text(column: Column, field: string, max: number): string | undefined {
    const value = this.cell(column).trim();
    if (isEmptyValue(value)) return this.fail(column, this.cell(column), "missing", field);
    if (value.length > max) return this.fail(column, this.cell(column), `longer than ${max} characters`, field);
    return value;
  }

  /** An optional text cell: null when empty, an error when longer than `max`. */
  optionalText(column: Column, field: string, max: number): string | null {
    if (!this.has(column)) return null;
    return this.text(column, field, max) ?? null;
  }

  /** A code cell looked up in `codes` (upper-cased): an error naming what it should be when it is not one. */
  code<T>(column: Column, codes: Record<string, T>, field: string, reason: string): T | undefined {
    const text = this.cell(column).trim().toUpperCase();
    if (Object.hasOwn(codes, text)) return codes[text];
    return this.fail(column, this.cell(column), reason, field);
  }

  /** A stock row of a platform that writes its side as a code (`B`, `SS`): the side, ticker, unsigned quantity, price. */
  sideCoded<T>(
    columns: Partial<Record<"side" | "symbol" | "quantity" | "price", number>>,
    codes: Record<string, T>,
    reason: string,
  ) {
    return {
      side: this.code(columns.side, codes, "side", reason),
      symbol: this.ticker(columns.symbol),
      quantity: this.positiveQuantity(columns.quantity),
      price: this.price(columns.price),
    };
  }

  /** The row's result: its errors, or the fill `fields` makes when nothing failed (none given: it could not be read). */
  result(fields?: () => FillFields): RowResult {
    if (this.errors.length === 0 && fields === undefined) this.fail(undefined, "", "could not be read");
    if (this.errors.length > 0 || fields === undefined) return { kind: "error", errors: this.errors };
    const fill = brokerFill(fields());
    if (this.rounded.length > 0) fill.rounded = [...this.rounded];
    return { kind: "fill", fill };
  }

  /**
   * The row's result from the values it read, each undefined when it could not be (its error is already kept): the
   * fill takes those named as its fields (`date` or `executedAt`, `symbol`, `quantity` without its sign, `price`,
   * `commission`, `action`) and what `rest` adds or overrides once all were read.
   */
  fill<V extends Record<string, unknown>>(values: V, rest: (read: Complete<V>) => FillRest): RowResult {
    const fields = fillFields(values, rest);
    return this.result(fields ? () => fields : undefined);
  }
}

/** The fields of a fill from the values a row read (see RowReading.fill), or undefined when one was not read. */
export function fillFields<V extends Record<string, unknown>>(
  values: V,
  rest: (read: Complete<V>) => FillRest,
): FillFields | undefined {
  if (!Object.values(values).every((value) => value !== undefined)) return undefined;
  const read = values as Complete<V> & Partial<Record<"date", Date | ReadDate>>;
  const core: Partial<ParsedFill> = {};
  for (const field of ["executedAt", "symbol", "price", "commission", "action"] as const)
    if (field in read) Object.assign(core, { [field]: read[field] });
  // A fill's quantity is its size: the side says buy or sell.
  const quantity = (read as Partial<Record<"quantity", string | Decimal>>).quantity;
  if (quantity instanceof Decimal) core.quantity = quantity.abs().toFixed();
  else if (quantity !== undefined) core.quantity = unsigned(quantity).magnitude;
  const date = read.date;
  if (date instanceof Date) core.executedAt = date;
  else if (date !== undefined) Object.assign(core, { executedAt: date.instant, dateOnly: date.dateOnly });
  return { ...core, ...rest(read) } as FillFields;
}

/** A decimal read (undefined: not read) as a Decimal, for arithmetic on it. */
export function asDecimal(value: string | undefined): Decimal | undefined {
  return value === undefined ? undefined : new Decimal(value);
}

/** Splits a signed decimal string into its magnitude and whether it was negative. */
export function unsigned(value: string): { magnitude: string; negative: boolean } {
  return value.startsWith("-") ? { magnitude: value.slice(1), negative: true } : { magnitude: value, negative: false };
}

// ---- What some brokers' rows need besides ----

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/**
 * The row as a fill, or its errors, after the last checks a fill from a layout export passes (symbol, quantity,
 * account, sizes of the text fields): the fill as RowReading.fill makes it.
 */
export function checkedFill<V extends Record<string, unknown>>(
  row: RowReading,
  options: ReaderOptions,
  values?: V,
  rest: (read: Complete<V>) => FillRest = () => ({}),
): RowResult {
  const fields = values && fillFields(values, rest);
  if (fields) {
    const { symbol, quantity } = fields;
    if (symbol === "" || symbol.length > 20 || CONTROL.test(symbol))
      row.fail("Symbol", symbol, symbol === "" ? "missing" : "not a symbol the journal holds");
    if (quantity === "0") row.fail("Quantity", quantity, "must not be zero");
  }
  const accountId = fields?.accountId ?? options.accountId ?? "";
  if (accountId.length > 50) row.fail("Account", accountId, "longer than 50 characters");
  if (!fields) return { kind: "error", errors: row.errors };
  return row.result(() => ({
    ...fields,
    commission: new Decimal(fields.commission).toFixed(2),
    accountId,
    orderId: fields.orderId?.slice(0, 100) ?? null,
    currency: fields.currency ? fields.currency.toUpperCase().slice(0, 3) : null,
  }));
}

/**
 * What a fill cost, from the signed net cash the broker reports (`Amount`: negative for a buy, positive for a sale)
 * where the export has no fee column or not all of them: a buy's cost is what was paid beyond quantity x price x
 * multiplier, a sale's what was received short of it, to the cent. A net amount beyond the gross by more than half a
 * cent cannot be a cost: the row's error, never a guess.
 */
export function costFromNet(
  row: RowReading,
  column: string,
  action: "buy" | "sell",
  gross: Decimal,
  netText: string,
): string | undefined {
  const net = row.decimal(column, "cash", netText);
  if (net === undefined) return undefined;
  const cost = (action === "buy" ? new Decimal(net).neg().minus(gross) : gross.minus(net)).toDecimalPlaces(
    2,
    Decimal.ROUND_HALF_UP,
  );
  if (cost.lt(0))
    return row.fail(
      column,
      netText,
      `the net amount is beyond quantity x price (${gross.toFixed(2)}) by ${cost.abs().toFixed(2)}: cannot tell the fees`,
    );
  if (cost.gte(1e8)) return row.fail(column, netText, "the fees it implies are out of range");
  return cost.toFixed(2);
}

/** Reads an ISO time with an offset written without a colon (`2026-04-02T06:46:35-0700`) or with one, or `Z`. */
export function readOffsetTime(text: string): Read<ReadDate> | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?) ?(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, day = "", time = "", offset = ""] = match;
  const zone =
    offset === "Z" ? "UTC" : `UTC${offset.slice(0, 3)}${offset.slice(-2) === "00" ? "" : `:${offset.slice(-2)}`}`;
  return readDateTime(`${day} ${time}`, zone);
}

/** Adds a broker's realized P&L figure to its position's running sum. */
export function addReported(sums: Map<string, Decimal>, accountId: string, symbol: string, pnl: Decimal): void {
  const key = `${accountId}\u0000${symbol}`;
  sums.set(key, (sums.get(key) ?? new Decimal(0)).plus(pnl));
}

export function reportedOf(sums: Map<string, Decimal>) {
  return [...sums].map(([key, pnl]) => {
    const [accountId = "", symbol = ""] = key.split("\u0000");
    return { accountId, symbol, pnl: pnl.toFixed() };
  });
}
