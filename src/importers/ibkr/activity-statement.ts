// IBKR Activity Statement, CSV (Portal: Performance & Reports > Statements > Activity, a period, Format CSV).
// One file of many sections: column 1 names the section, column 2 the row's kind (Header, Data, SubTotal, Total,
// Notes). Only the `Trades` section holds fills:
//   Trades,Header,DataDiscriminator,Asset Category,Currency[,Account],Symbol,Date/Time,Quantity,T. Price,C. Price,
//   Proceeds,Comm/Fee,Basis,Realized P/L[,Realized P/L %],MTM P/L,Code
// Traps handled:
// - A section re-states its header partway (when Forex or Options rows begin, with other columns): each `Header`
//   row replaces the columns read so far.
// - `Order` rows aggregate fills; `Execution`/`Trade` rows are the fills themselves (when enabled): a file holding
//   both reads the executions and skips the orders. `ClosedLot` rows are lot detail, SubTotal/Total rows sums.
// - Side from the sign of Quantity (`"1,000"` with separators); `Comm/Fee` negative is a cost (positive, a rebate, is
//   refused: the journal's commission cannot be negative). `Code` flags: O opens, C closes, `C;O` closes and opens.
// - Options are written `AAPL 28MAR25 222.5 C`: stored as the OCC symbol. The multiplier comes from the
//   `Financial Instrument Information` section, which follows the trades (a first pass reads it); without it an
//   option is 100 and a stock 1, and either way `Proceeds` must equal quantity x price x multiplier to the cent.
// - Several currencies: each fill keeps its `Currency`. Forex rows (currency conversions) are not trades.
// - `Date/Time` is `"2025-03-03, 09:41:07"`, exchange time without a zone: US/Eastern unless --timezone says otherwise.
// - `Realized P/L` (commissions included) is summed per position and compared with the journal's.
// - A `Code` with `Ca` flags a trade IBKR cancelled. It nets with the trade it cancels (the same account, symbol,
//   quantity without its sign and price, the first such trade of the file, as a Flex `TradeCancel` does:
//   trade-cancels.ts), and neither becomes a fill; a `Ca` row with no such trade in the file is the row's error, so a
//   cancelled trade is never counted.
import type { AssetType } from "../../db/schema.js";
import { Decimal } from "../../domain/decimal.js";
import { defaultMultiplier } from "../../domain/trade-vocabulary.js";
import type { PositionEffect } from "../cell-readers.js";
import type { FileScan, ReaderOptions, RowReader, RowResult } from "../format.js";
import { parseWrittenOption } from "../option-symbols.js";
import {
  addReported,
  asDecimal,
  columnIndex,
  type FillRest,
  headerScore,
  RowReading,
  reportedOf,
} from "../row-reading.js";
import { fieldsKey, TradeCancels, type TradeKeys } from "./trade-cancels.js";

export const ACTIVITY_REQUIRED = [
  "DataDiscriminator",
  "Asset Category",
  "Currency",
  "Symbol",
  "Date/Time",
  "Quantity",
  "T. Price",
  "Proceeds",
  "Comm/Fee",
];

export function isActivityHeader(record: string[]): boolean {
  return trimmed(record[0]) === "Trades" && trimmed(record[1]) === "Header";
}

export function matchActivityHeader(record: string[]) {
  if (!isActivityHeader(record)) return { score: 0, missing: ["a `Trades,Header` row"] };
  return headerScore(record, ACTIVITY_REQUIRED);
}

export const ACTIVITY_COLUMN_USE: Record<string, string> = {
  "Asset Category": "assetType",
  Currency: "currency",
  Account: "account",
  Symbol: "symbol",
  "Date/Time": "date",
  Quantity: "quantity",
  "T. Price": "price",
  Proceeds: "check of quantity x price x multiplier",
  "Comm/Fee": "commission",
  "Realized P/L": "broker's realized P&L (compared)",
  Code: "position effect",
  "C. Price": "not needed (the day's closing price)",
  Basis: "not needed (the journal matches its own lots)",
  "Realized P/L %": "not needed",
  "MTM P/L": "not needed (mark-to-market)",
};

const trimmed = (text: string | undefined) => (text ?? "").replace(/^\uFEFF/, "").trim();

/**
 * What the first pass finds: the contracts' multipliers, whether the fills are listed one by one, and the trades and
 * `Ca` (cancelled) rows, paired (Order rows apart from Execution/Trade rows: only one kind is read).
 */
export class ActivityScan implements FileScan {
  readonly multipliers = new Map<string, string>();
  readonly cancels = new TradeCancels();
  hasExecutions = false;
  private instrumentColumns: Map<string, number> | undefined;
  private tradeColumns: Map<string, number> | undefined;

  record(record: string[]): void {
    const section = trimmed(record[0]);
    const kind = trimmed(record[1]);
    if (section === "Trades" && kind === "Header") this.tradeColumns = columnIndex(record);
    else if (section === "Trades" && kind === "Data") {
      const discriminator = trimmed(record[2]);
      if (discriminator === "Execution" || discriminator === "Trade") this.hasExecutions = true;
      const columns = this.tradeColumns;
      if (!columns || discriminator === "ClosedLot") return;
      const cell = (name: string) => trimmed(record[columns.get(name) ?? -1]);
      if (cell("Asset Category") === "Forex") return;
      const keys = activityKeys(discriminator, cell);
      if (isCancelled(cell("Code"))) this.cancels.noteCancel(keys);
      else this.cancels.noteTrade(keys);
    } else if (section === "Financial Instrument Information") {
      if (kind === "Header") this.instrumentColumns = columnIndex(record);
      else if (kind === "Data" && this.instrumentColumns) {
        const cell = (name: string) => trimmed(record[this.instrumentColumns?.get(name) ?? -1]);
        const multiplier = cell("Multiplier");
        if (multiplier !== "") this.multipliers.set(`${cell("Asset Category")}\u0000${cell("Symbol")}`, multiplier);
      }
    }
  }
}

const CATEGORIES: Record<string, AssetType> = {
  Stocks: "stock",
  "Equity and Index Options": "option",
  "Options On Futures": "option",
  Futures: "future",
};

export function activityReader(header: string[], options: ReaderOptions): RowReader {
  const scan = options.scan instanceof ActivityScan ? options.scan : new ActivityScan();
  let columns = columnIndex(header);
  const reported = new Map<string, Decimal>();
  let readsPnl = columns.has("Realized P/L");
  const now = options.now ?? new Date();

  const read = (record: string[], line: number): RowResult => {
    const section = trimmed(record[0]);
    const kind = trimmed(record[1]);
    if (section !== "Trades") return { kind: "skip", reason: `not a trade (section ${section || "blank"})` };
    if (kind === "Header") {
      columns = columnIndex(record);
      readsPnl = columns.has("Realized P/L");
      return { kind: "skip", reason: "section header" };
    }
    if (kind === "SubTotal" || kind === "Total") return { kind: "skip", reason: "subtotal or total row" };
    if (kind !== "Data") return { kind: "skip", reason: `not a trade (${kind || "blank"} row)` };
    const row = new RowReading(line, record, { names: columns });
    const discriminator = row.cell("DataDiscriminator");
    if (discriminator === "ClosedLot") return { kind: "skip", reason: "closed lot detail" };
    if (discriminator === "Order" && scan.hasExecutions)
      return { kind: "skip", reason: "order total (its executions are read)" };
    const category = row.cell("Asset Category");
    if (category === "Forex") return { kind: "skip", reason: "forex conversion" };
    const keys = activityKeys(discriminator, (name) => row.cell(name));
    if (isCancelled(row.cell("Code"))) {
      if (scan.cancels.takeCancel(keys)) return { kind: "skip", reason: "cancelled (Code Ca, netted with its trade)" };
      row.fail(
        "Code",
        row.cell("Code"),
        "IBKR cancelled this trade (Ca) and the file holds no trade it cancels (the same symbol, quantity and price): not read as a fill",
      );
      return { kind: "error", errors: row.errors };
    }
    if (scan.cancels.any && scan.cancels.takeTrade(keys))
      return { kind: "skip", reason: "cancelled trade (netted with its Code Ca row)" };
    const assetType = CATEGORIES[category];
    if (!assetType) {
      row.fail("Asset Category", category, "not an asset category this importer reads (stocks, options, futures)");
      return { kind: "error", errors: row.errors };
    }

    const rawSymbol = row.cell("Symbol");
    const symbol =
      assetType === "option"
        ? row.option("Symbol", rawSymbol, parseWrittenOption(rawSymbol))
        : row.symbol("Symbol", rawSymbol);
    const when = row.date("Date/Time", options.timeZone, now, row.cell("Date/Time"));
    const quantity = asDecimal(row.quantity("Quantity"));
    const priceText = row.cell("T. Price");
    const price = row.price("T. Price", priceText);
    const commission = row.costs(["Comm/Fee"], -1);
    const listed = scan.multipliers.get(`${category}\u0000${rawSymbol}`);
    const multiplier =
      listed ?? (assetType === "stock" || assetType === "option" ? defaultMultiplier(assetType) : undefined);
    if (multiplier === undefined)
      row.fail("Symbol", rawSymbol, "no multiplier for it in the Financial Instrument Information section");
    const proceeds = asDecimal(row.decimal("Proceeds", "money"));
    if (quantity && price !== undefined && proceeds && multiplier !== undefined) {
      checkProceeds(row, quantity, priceText, proceeds, multiplier);
    }
    const account = row.cell("Account") || (options.accountId ?? "");
    if (readsPnl && row.has("Realized P/L")) {
      const pnl = asDecimal(row.decimal("Realized P/L", "money"));
      if (pnl && symbol && quantity) addReported(reported, account, symbol, pnl);
    }
    const code = row.cell("Code");
    return row.fill(
      { date: when, symbol, quantity, price, commission, multiplier },
      (v): FillRest => ({
        action: v.quantity.isNegative() ? "sell" : "buy",
        positionEffect: positionEffectOf(code),
        accountId: account,
        assetType,
        multiplier: v.multiplier,
        currency: row.cell("Currency").toUpperCase() || null,
        details: row.has("Code") ? { code } : {},
      }),
    );
  };
  return Object.assign(read, { reportedPnl: () => reportedOf(reported) });
}

/**
 * `Proceeds` is -quantity x price x multiplier, to the cent of the exact amount; the printed price may itself be
 * rounded, so the check allows half a unit of its last place on every share or contract.
 */
function checkProceeds(row: RowReading, quantity: Decimal, priceText: string, proceeds: Decimal, multiplier: string) {
  const price = new Decimal(priceText.replace(/,/g, ""));
  const places = priceText.includes(".") ? priceText.length - priceText.indexOf(".") - 1 : 0;
  const expected = quantity.times(price).times(multiplier).negated();
  const slack = quantity.abs().times(multiplier).times(new Decimal(10).pow(-places).dividedBy(2)).plus("0.01");
  if (expected.minus(proceeds).abs().gt(slack)) {
    row.fail(
      "Proceeds",
      proceeds.toFixed(),
      `does not equal -Quantity x T. Price x multiplier ${multiplier} (${expected.toFixed(2)}): the multiplier is not what the file says`,
    );
  }
}

/** A trade row's keys for pairing a `Ca` row with its trade; Order rows and Execution/Trade rows never pair. */
function activityKeys(discriminator: string, cell: (column: string) => string): TradeKeys {
  const kind = discriminator === "Order" ? "Order" : "Execution";
  const fields = fieldsKey(cell("Account"), cell("Symbol"), cell("Quantity"), cell("T. Price"));
  return { tradeId: "", origTradeId: "", fields: `${kind}\u0000${cell("Currency")}\u0000${fields}` };
}

/** Whether a row's `Code` flags hold `Ca`: a trade IBKR cancelled. */
const isCancelled = (code: string) => code.split(/[;,]/).some((f) => f.trim() === "Ca");

/** IBKR's `Code` flags: O opens, C closes; `C;O` closes what is open and opens the rest on the other side. */
export function positionEffectOf(code: string): PositionEffect | null {
  const flags = code.split(/[;,]/).map((f) => f.trim());
  if (flags.includes("O")) return "open";
  if (flags.includes("C")) return "close";
  return null;
}
