// What the broker modules share when they turn one row into a fill: each value read with the engine's rules (the
// columns' scales, half-up rounding of prices and costs counted, plausible dates), every problem kept as a precise
// row error naming the column as the file spells it, and the fill assembled only when nothing failed.
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
  type ReadDate,
  readDateTime,
  readDecimal,
} from "./cell-readers.js";
import type { ParsedFill, RowError, RowResult } from "./format.js";
import { type OptionContract, optionSymbol } from "./option-symbols.js";

/** Header names -> index, as the file spells them (BOM and surrounding spaces dropped). */
export function columnIndex(header: string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = name.replace(/^\uFEFF/, "").trim();
    if (key !== "" && !index.has(key)) index.set(key, i);
  });
  return index;
}

/** Whether every name is a column of the header; the missing ones otherwise. */
export function missingColumns(header: string[], names: string[]): string[] {
  const index = columnIndex(header);
  return names.filter((name) => !index.has(name));
}

export function headerScore(header: string[], required: string[]) {
  const missing = missingColumns(header, required);
  return { score: (required.length - missing.length) / required.length, missing };
}

/** One row being read: the values so far and what went wrong with them. */
export class RowReading {
  readonly errors: RowError[] = [];
  readonly rounded: string[] = [];

  constructor(
    readonly line: number,
    private readonly columns: Map<string, number>,
    private readonly record: string[],
  ) {}

  /** The cell under a column, trimmed ("" when the column or the cell is missing). */
  cell(column: string): string {
    const i = this.columns.get(column);
    return i === undefined ? "" : (this.record[i] ?? "").trim();
  }

  has(column: string): boolean {
    return !isEmptyValue(this.cell(column));
  }

  fail(column: string, value: string, reason: string): undefined {
    this.errors.push({ line: this.line, column, value, reason });
    return undefined;
  }

  /** A quantity (executions.quantity NUMERIC(21, 10) since migration 047), signed as written; zero is an error. */
  quantity(column: string, text = this.cell(column)): Decimal | undefined {
    const read = readDecimal(text, { scale: QUANTITY_SCALE, allowNegative: true, precision: QUANTITY_PRECISION });
    if (!read.ok) return this.fail(column, text, read.reason);
    if (read.value === "0") return this.fail(column, text, "must not be zero");
    return new Decimal(read.value);
  }

  /** A price per share or contract (NUMERIC(21, 10)), rounded half-up to ten places and counted. */
  price(column: string, text = this.cell(column), allowNegative = false): string | undefined {
    const read = readDecimal(text, {
      scale: PRICE_SCALE,
      allowNegative,
      precision: PRICE_PRECISION,
      onRound: () => this.rounded.push("price"),
    });
    if (!read.ok) return this.fail(column, text, read.reason);
    return read.value;
  }

  /** An amount of money as written (signed), for checks and the broker's P&L: any number of places. */
  money(column: string, text = this.cell(column)): Decimal | undefined {
    const read = readDecimal(text, { scale: 10, allowNegative: true, precision: 30 });
    if (!read.ok) return this.fail(column, text, read.reason);
    return new Decimal(read.value);
  }

  /**
   * Costs summed from several columns into one positive commission (NUMERIC(10, 2)), each rounded half-up to the
   * cent and counted. `sign` -1 for columns where a cost is negative (IBKR's `Comm/Fee`): a positive value there is a
   * rebate, which the journal's commission cannot hold, and is the row's error.
   */
  costs(columns: string[], sign: 1 | -1 | 0): string | undefined {
    let total = new Decimal(0);
    for (const column of columns) {
      const text = this.cell(column);
      if (isEmptyValue(text)) continue;
      const read = readDecimal(text, {
        scale: 2,
        allowNegative: true,
        precision: 10,
        onRound: () => this.rounded.push("commission"),
      });
      if (!read.ok) return this.fail(column, text, read.reason);
      const value = new Decimal(read.value);
      if (sign !== 0 && value.times(sign).lt(0))
        return this.fail(column, text, "a commission rebate: the journal's commission cannot be negative");
      total = total.plus(value.abs());
    }
    if (total.gte(1e8)) return this.fail(columns.join(" + "), total.toFixed(2), "commission and fees out of range");
    return total.toFixed(2);
  }

  date(column: string, text: string, timeZone: string, now: Date): ReadDate | undefined {
    const read = readDateTime(text, timeZone);
    if (!read.ok) return this.fail(column, text, read.reason);
    if (!isPlausibleDate(read.value.instant, now))
      return this.fail(column, text, `out of range: ${dateRangeText(now)}`);
    return read.value;
  }

  /** The OCC symbol of a contract a broker wrote in its notation, or the row's error. */
  option(column: string, text: string, contract: OptionContract | null): string | undefined {
    if (!contract) return this.fail(column, text, "not an option contract this importer reads");
    const symbol = optionSymbol(contract);
    if ("error" in symbol) return this.fail(column, text, symbol.error);
    return symbol.symbol;
  }

  /** A stock or futures symbol (executions.symbol VARCHAR(20)). */
  symbol(column: string, text = this.cell(column)): string | undefined {
    const symbol = text.trim().toUpperCase();
    if (symbol === "") return this.fail(column, text, "missing");
    if (symbol.length > 20) return this.fail(column, text, "longer than 20 characters");
    return symbol;
  }

  /** The row's result: its errors, or the fill when nothing failed. */
  result(fill: () => ParsedFill): RowResult {
    if (this.errors.length > 0) return { kind: "error", errors: this.errors };
    const value = fill();
    if (this.rounded.length > 0) value.rounded = [...this.rounded];
    return { kind: "fill", fill: value };
  }
}

/** The fields every broker fill shares, with the defaults most rows take. */
export function brokerFill(
  fields: Pick<ParsedFill, "executedAt" | "dateOnly" | "symbol" | "action" | "quantity" | "price" | "commission"> &
    Partial<ParsedFill> & { assetType: AssetType },
): ParsedFill {
  return {
    positionEffect: null,
    accountId: "",
    executionId: null,
    orderId: null,
    multiplier: defaultMultiplier(fields.assetType),
    currency: null,
    details: {},
    ...fields,
  };
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
