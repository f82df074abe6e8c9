// What the broker modules (robinhood, webull, etrade, tastytrade) share: how a header is matched against a broker's
// layouts with a confidence, and how one row's cells are read into a fill with every bad value reported by column.
// The generic reader keeps its own, tuned path (generic.ts); these modules read a few thousand rows at most.
import type { AssetType } from "../db/schema.js";
import { dateRangeText, isPlausibleDate } from "../domain/dates.js";
import { Decimal } from "../domain/decimal.js";
import {
  isEmptyValue,
  PRICE_PRECISION,
  PRICE_SCALE,
  QUANTITY_PRECISION,
  QUANTITY_SCALE,
  type Read,
  readDateTime,
  readDecimal,
} from "./cell-readers.js";
import type { HeaderMatch, ParsedFill, ReaderOptions, RowError, RowResult } from "./format.js";
import { type OptionContract, optionSymbol } from "./option-symbols.js";

/** A header name as compared: no BOM, trimmed, lower case, single spaces. */
export function fold(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/\s+/g, " ");
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
  const names = new Set(header.map(fold).filter((h) => h !== ""));
  let best: LayoutMatch | undefined;
  for (const layout of layouts) {
    const columns = new Set(layout.columns.map(fold));
    const missing = layout.required.filter((c) => !names.has(fold(c)));
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

/** Header name -> column index (folded names; the first column of a repeated name wins). */
export function columnIndex(header: string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    if (!index.has(fold(h))) index.set(fold(h), i);
  });
  return index;
}

/** `use` (layout column -> what it is read as) restricted to the columns this header has, under its own spelling. */
export function columnUseIn(header: string[], use: Record<string, string>): Record<string, string> {
  const wanted = new Map(Object.entries(use).map(([name, field]) => [fold(name), field]));
  const result: Record<string, string> = {};
  for (const h of header) {
    const field = wanted.get(fold(h));
    if (field !== undefined) result[h.replace(/^\uFEFF/, "").trim()] = field;
  }
  return result;
}

/** The places every fill value is kept with (executions columns). */
const QUANTITY = { scale: QUANTITY_SCALE, precision: QUANTITY_PRECISION };
const PRICE = { scale: PRICE_SCALE, precision: PRICE_PRECISION };
const COST = { scale: 2, precision: 10 };

/** One data row being read: its cells by header name, and every problem found, by column. */
export class BrokerRow {
  readonly errors: RowError[] = [];
  readonly rounded: string[] = [];

  constructor(
    private readonly columns: Map<string, number>,
    private readonly header: string[],
    readonly record: string[],
    readonly line: number,
  ) {}

  /** The cell under `name`, trimmed ("" when the column or the cell is missing). */
  text(name: string): string {
    const index = this.columns.get(fold(name));
    return index === undefined ? "" : (this.record[index] ?? "").trim();
  }

  /** Whether the cell under `name` holds a value (not blank, `--`, `n/a`...). */
  has(name: string): boolean {
    return !isEmptyValue(this.text(name));
  }

  fail(name: string, value: string, reason: string): void {
    const index = this.columns.get(fold(name));
    const column = index === undefined ? name : (this.header[index] ?? name).replace(/^\uFEFF/, "").trim();
    this.errors.push({ line: this.line, column, value, reason });
  }

  /** A signed decimal from `text` (the cell under `name` by default), or undefined with the error recorded. */
  decimal(name: string, kind: "quantity" | "price" | "cost" | "amount", text = this.text(name)): string | undefined {
    const limits = kind === "quantity" ? QUANTITY : kind === "price" ? PRICE : kind === "cost" ? COST : undefined;
    const read = readDecimal(text, {
      scale: limits?.scale ?? 2,
      allowNegative: true,
      precision: limits?.precision ?? 17,
      // Brokers print per-share costs with 3-5 places and float noise: a price or cost is rounded, and counted.
      ...(kind === "price" || kind === "cost"
        ? { onRound: () => this.rounded.push(kind === "price" ? "price" : "commission") }
        : {}),
    });
    if (!read.ok) {
      this.fail(name, text, read.reason);
      return undefined;
    }
    return read.value;
  }

  /** A decimal without its sign (quantities and costs brokers sign by direction). */
  magnitude(name: string, kind: "quantity" | "price" | "cost" | "amount", text = this.text(name)): string | undefined {
    const value = this.decimal(name, kind, text);
    return value?.replace(/^-/, "");
  }

  /** A price: `value` rounded half-up to the column's four places, counted when that changes it. */
  price(value: Decimal): string {
    const rounded = value.toDecimalPlaces(PRICE.scale, Decimal.ROUND_HALF_UP);
    if (!rounded.eq(value)) this.rounded.push("price");
    return rounded.toFixed();
  }

  /** A contract's unpadded OCC symbol, or undefined with the error recorded under `name`. */
  option(name: string, value: string, contract: OptionContract | null): string | undefined {
    if (!contract) {
      this.fail(name, value, "not an option contract this format reads");
      return undefined;
    }
    const built = optionSymbol(contract);
    if ("error" in built) {
      this.fail(name, value, built.error);
      return undefined;
    }
    return built.symbol;
  }

  /** A date and time read in `zone` unless it carries its own offset; undefined with the error recorded. */
  date(
    name: string,
    zone: string,
    now: Date,
    text = this.text(name),
  ): { instant: Date; dateOnly: boolean } | undefined {
    const read = readDateTime(text, zone);
    if (!read.ok) {
      this.fail(name, text, read.reason);
      return undefined;
    }
    if (!isPlausibleDate(read.value.instant, now)) {
      this.fail(name, text, `out of range: ${dateRangeText(now)}`);
      return undefined;
    }
    return read.value;
  }
}

/** Reads an ISO time with an offset written without a colon (`2026-04-02T06:46:35-0700`) or with one, or `Z`. */
export function readOffsetTime(text: string): Read<{ instant: Date; dateOnly: boolean }> | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})[T ](\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?) ?(Z|[+-]\d{2}:?\d{2})$/.exec(text);
  if (!match) return undefined;
  const [, day = "", time = "", offset = ""] = match;
  const zone =
    offset === "Z" ? "UTC" : `UTC${offset.slice(0, 3)}${offset.slice(-2) === "00" ? "" : `:${offset.slice(-2)}`}`;
  return readDateTime(`${day} ${time}`, zone);
}

export interface FillValues {
  executedAt: Date;
  dateOnly: boolean;
  symbol: string;
  action: "buy" | "sell";
  positionEffect: "open" | "close" | null;
  quantity: string;
  price: string;
  commission: string;
  assetType: AssetType;
  multiplier: string;
  accountId?: string;
  orderId?: string | null;
  executionId?: string | null;
  currency?: string | null;
  details?: Record<string, string>;
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The row as a fill, or its errors: the last checks every fill passes (symbol, account, sizes of the text fields). */
export function fillOf(row: BrokerRow, values: FillValues | undefined, options: ReaderOptions): RowResult {
  if (values) {
    if (values.symbol === "" || values.symbol.length > 20 || CONTROL.test(values.symbol))
      row.fail("Symbol", values.symbol, values.symbol === "" ? "missing" : "not a symbol the journal holds");
    if (values.quantity === "0") row.fail("Quantity", values.quantity, "must not be zero");
  }
  const accountId = values?.accountId ?? options.accountId ?? "";
  if (accountId.length > 50) row.fail("Account", accountId, "longer than 50 characters");
  if (row.errors.length > 0 || !values) return { kind: "error", errors: row.errors };
  const fill: ParsedFill = {
    executedAt: values.executedAt,
    dateOnly: values.dateOnly,
    symbol: values.symbol,
    action: values.action,
    positionEffect: values.positionEffect,
    quantity: values.quantity,
    price: values.price,
    commission: new Decimal(values.commission).toFixed(2),
    accountId,
    executionId: values.executionId ?? null,
    orderId: values.orderId?.slice(0, 100) ?? null,
    assetType: values.assetType,
    multiplier: values.multiplier,
    currency: values.currency ? values.currency.toUpperCase().slice(0, 3) : null,
    details: values.details ?? {},
  };
  if (row.rounded.length > 0) fill.rounded = [...row.rounded];
  return { kind: "fill", fill };
}

/**
 * What a fill cost, from the signed net cash the broker reports (`Amount`: negative for a buy, positive for a sale)
 * where the export has no fee column or not all of them: a buy's cost is what was paid beyond quantity x price x
 * multiplier, a sale's what was received short of it, to the cent. A net amount beyond the gross by more than half a
 * cent cannot be a cost: the row's error, never a guess.
 */
export function costFromNet(
  row: BrokerRow,
  column: string,
  action: "buy" | "sell",
  gross: Decimal,
  netText: string,
): string | undefined {
  const net = row.decimal(column, "amount", netText);
  if (net === undefined) return undefined;
  const cost = (action === "buy" ? new Decimal(net).neg().minus(gross) : gross.minus(net)).toDecimalPlaces(
    2,
    Decimal.ROUND_HALF_UP,
  );
  if (cost.lt(0)) {
    row.fail(
      column,
      netText,
      `the net amount is beyond quantity x price (${gross.toFixed(2)}) by ${cost.abs().toFixed(2)}: cannot tell the fees`,
    );
    return undefined;
  }
  if (cost.gte(1e8)) {
    row.fail(column, netText, "the fees it implies are out of range");
    return undefined;
  }
  return cost.toFixed(2);
}

/** A blank row (every cell empty), which exports use as spacers. */
export function isBlankRecord(record: string[]): boolean {
  return record.every((cell) => isEmptyValue(cell));
}

/** A row with a single non-empty cell: a title, a note or the legal footer, never a fill. */
export function isNoteRecord(record: string[]): boolean {
  return record.filter((cell) => !isEmptyValue(cell)).length === 1;
}
