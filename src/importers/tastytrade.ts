// tastytrade transaction history. Web platform: Account > History > Transactions > (date range) > CSV. Layouts:
// - "transactions": Date,Type,Sub Type,Action,Symbol,Instrument Type,Description,Value,Quantity,Average Price,
//   Commissions,Fees,Multiplier,Root Symbol,Underlying Symbol,Expiration Date,Strike Price,Call or Put,Order #,Currency
//   (newer exports add `Total` before `Currency`: the net, checked against Value less commissions and fees).
//   `Date` carries its offset (`2025-03-05T09:45:00-0500`), read as written. `Action` BUY_TO_OPEN, SELL_TO_CLOSE,
//   SELL_TO_OPEN, BUY_TO_CLOSE (stocks too). `Value` and `Average Price` are signed (negative for a buy), and
//   `Average Price` is PER CONTRACT (already x the multiplier, -410.00 for an option bought at 4.10): the price stored
//   is Average Price / Multiplier. `Commissions` and `Fees` are negative or `--`, both costs. `Order #` is the order id.
// - "legacy" (tastyworks): Date/Time,Transaction Code,Transaction Subcode,Symbol,Buy/Sell,Open/Close,Quantity,
//   Expiration Date,Strike,Call/Put,Price,Fees,Amount,Description,Account Reference. `Symbol` is the underlying of an
//   option (the contract is Symbol, Expiration Date, Strike, Call/Put); `Price` per share; `Amount` the signed value
//   (checked against quantity x price x multiplier); `Fees` the cost. Times carry an offset, or are read in
//   --timezone, else yours.
// Rows: `Type`/`Transaction Code` Trade is a fill; Money Movement (cash, dividends, fees) is skipped. Receive Deliver:
// an Expiration, Assignment or Exercise row removes the option: it is closed at its value per share (|Value| /
// quantity / multiplier), so 0 for an expiry or a delivered assignment/exercise, the cash for a cash-settled one. The
// shares an assignment or exercise delivers are their own Receive Deliver row (`Sell to Open`, `Buy to Open`...) at
// the strike, read as a fill: the stock leg is never made up from the option row, so it is never counted twice. Other
// Receive Deliver rows (ACAT transfers, splits, symbol changes) are skipped, counted by sub type.
// Options: padded OCC (`SPY   250321C00560000`) stored unpadded; futures rows (`/ESM5`) are reported as errors: their
// point values and price units are left to the futures formats.

import type { AssetType } from "../db/schema.js";
import { Decimal } from "../domain/decimal.js";
import { defaultMultiplier } from "../domain/trade-vocabulary.js";
import type { ImportFormat, ReaderOptions, RowResult } from "./format.js";
import { parseOccSymbol, parseWrittenOption } from "./option-symbols.js";
import {
  checkedFill,
  columnIndex,
  columnUseIn,
  type FillRest,
  isBlankRecord,
  isNoteRecord,
  type Layout,
  matchLayouts,
  RowReading,
  readOffsetTime,
} from "./row-reading.js";

const TRANSACTION_COLUMNS = [
  "Date",
  "Type",
  "Sub Type",
  "Action",
  "Symbol",
  "Instrument Type",
  "Description",
  "Value",
  "Quantity",
  "Average Price",
  "Commissions",
  "Fees",
  "Multiplier",
  "Root Symbol",
  "Underlying Symbol",
  "Expiration Date",
  "Strike Price",
  "Call or Put",
  "Order #",
  "Currency",
];
const REQUIRED = ["Date", "Type", "Sub Type", "Action", "Symbol", "Instrument Type", "Value", "Quantity"];

const TRANSACTIONS: Layout = {
  name: "transactions",
  columns: TRANSACTION_COLUMNS,
  required: [...REQUIRED, "Average Price", "Commissions", "Fees", "Multiplier"],
};
const WITH_TOTAL: Layout = {
  name: "transactions-total",
  columns: [...TRANSACTION_COLUMNS.slice(0, -1), "Total", "Currency"],
  required: [...TRANSACTIONS.required, "Total"],
};
const LEGACY: Layout = {
  name: "legacy",
  columns: [
    "Date/Time",
    "Transaction Code",
    "Transaction Subcode",
    "Symbol",
    "Buy/Sell",
    "Open/Close",
    "Quantity",
    "Expiration Date",
    "Strike",
    "Call/Put",
    "Price",
    "Fees",
    "Amount",
    "Description",
    "Account Reference",
  ],
  required: [
    "Date/Time",
    "Transaction Code",
    "Transaction Subcode",
    "Symbol",
    "Buy/Sell",
    "Quantity",
    "Price",
    "Amount",
  ],
};
const LAYOUTS = [WITH_TOTAL, TRANSACTIONS, LEGACY];

const USE_NEW: Record<string, string> = {
  Date: "date",
  Type: "row type",
  "Sub Type": "row type",
  Action: "side",
  Symbol: "symbol",
  "Instrument Type": "asset type",
  Description: "description",
  Value: "price of a removed option",
  Quantity: "quantity",
  "Average Price": "price (per contract / multiplier)",
  Commissions: "commission",
  Fees: "fees",
  Multiplier: "multiplier",
  "Root Symbol": "option contract (in Symbol)",
  "Underlying Symbol": "option contract (in Symbol)",
  "Expiration Date": "option contract (in Symbol)",
  "Strike Price": "option contract (in Symbol)",
  "Call or Put": "option contract (in Symbol)",
  "Order #": "order id",
  Total: "checked: Value less commissions and fees",
  Currency: "currency",
};
const USE_LEGACY: Record<string, string> = {
  "Date/Time": "date",
  "Transaction Code": "row type",
  "Transaction Subcode": "row type",
  Symbol: "symbol",
  "Buy/Sell": "side",
  "Open/Close": "side",
  Quantity: "quantity",
  "Expiration Date": "option contract",
  Strike: "option contract",
  "Call/Put": "option contract",
  Price: "price",
  Fees: "fees",
  Amount: "checked: quantity x price x multiplier; price of a removed option",
  Description: "description",
  "Account Reference": "account",
};

const ACTIONS: Record<string, { action: "buy" | "sell"; effect: "open" | "close" | null }> = {
  BUY_TO_OPEN: { action: "buy", effect: "open" },
  BUY_TO_CLOSE: { action: "buy", effect: "close" },
  SELL_TO_OPEN: { action: "sell", effect: "open" },
  SELL_TO_CLOSE: { action: "sell", effect: "close" },
  BUY: { action: "buy", effect: null },
  SELL: { action: "sell", effect: null },
};
/** Receive Deliver sub types that remove an option (closing it at its value) and those that deliver shares. */
const REMOVALS = /^(expiration|assignment|exercise|cash settled assignment|cash settled exercise)$/i;
const DELIVERIES = /^(buy|sell) to (open|close)$/i;
const ASSETS: Record<string, AssetType> = { equity: "stock", "equity option": "option", cryptocurrency: "crypto" };

export const tastytradeFormat: ImportFormat = {
  name: "tastytrade",
  description: "tastytrade transaction history (current layout, with or without Total, and tastyworks' legacy one)",
  recognises:
    "headers Date, Type, Sub Type, Action, Symbol, Instrument Type, Value, Quantity, Average Price, Commissions, Fees, Multiplier (or legacy Date/Time, Transaction Code, Transaction Subcode, Buy/Sell, Open/Close)",
  layouts: LAYOUTS.map((l) => ({ name: l.name, recognises: l.columns.join(", ") })),
  hasExecutionIds: false,
  matchHeader: (header, _mapping, preamble) => matchLayouts(header, LAYOUTS, preamble),
  columnUse: (header) => columnUseIn(header, matchLayouts(header, LAYOUTS).chosen === LEGACY ? USE_LEGACY : USE_NEW),
  reader(header: string[], options: ReaderOptions) {
    const columns = columnIndex(header);
    const legacy = matchLayouts(header, LAYOUTS).chosen === LEGACY;
    const now = options.now ?? new Date();
    return (record: string[], line: number): RowResult => {
      if (isBlankRecord(record)) return { kind: "skip", reason: "blank row" };
      if (isNoteRecord(record)) return { kind: "skip", reason: "footer or note row" };
      const row = new RowReading(line, record, { header, names: columns });
      return legacy ? readLegacy(row, options, now) : readTransaction(row, options, now);
    };
  },
};

/** What a row is: a fill, a removal of an option, or something to skip (with the reason). */
function rowKind(type: string, subType: string): "fill" | "removal" | { skip: string } {
  if (/^trade$/i.test(type)) return "fill";
  if (/^receive deliver$/i.test(type)) {
    if (REMOVALS.test(subType)) return "removal";
    if (DELIVERIES.test(subType)) return "fill";
  }
  return { skip: `non-trade row (${[type, subType].filter((t) => t !== "").join(": ") || "no type"})` };
}

function dateOf(row: RowReading, column: string, options: ReaderOptions, now: Date) {
  const text = row.cell(column);
  const offset = readOffsetTime(text);
  if (offset === undefined) return row.date(column, options.timeZone, now);
  if (!offset.ok) {
    row.fail(column, text, offset.reason);
    return undefined;
  }
  return row.date(column, "UTC", now, offset.value.instant.toISOString().replace("T", " ").slice(0, 23));
}

/** The price per share of an option removed at `value` (a signed cash amount) for `quantity` contracts. */
function removalPrice(row: RowReading, column: string, quantity: string, multiplier: string): string | undefined {
  const value = row.has(column) ? row.magnitude(column, "cash") : "0";
  if (value === undefined) return undefined;
  return row.roundedPrice(new Decimal(value).dividedBy(new Decimal(quantity).times(multiplier)));
}

function readTransaction(row: RowReading, options: ReaderOptions, now: Date): RowResult {
  const kind = rowKind(row.cell("Type"), row.cell("Sub Type"));
  if (typeof kind === "object") return { kind: "skip", reason: kind.skip };
  const instrument = row.cell("Instrument Type");
  const assetType = ASSETS[instrument.toLowerCase()];
  if (!assetType) {
    row.fail("Instrument Type", instrument, "not read by this format (Equity, Equity Option, Cryptocurrency)");
    return checkedFill(row, options);
  }
  const date = dateOf(row, "Date", options, now);
  const actionText = row.cell("Action").toUpperCase();
  const side = ACTIONS[actionText];
  if (!side) row.fail("Action", actionText, "not BUY_TO_OPEN, SELL_TO_CLOSE, SELL_TO_OPEN or BUY_TO_CLOSE");
  const quantity = row.magnitude("Quantity", "quantity");
  const multiplierText = row.has("Multiplier") ? row.cell("Multiplier") : defaultMultiplier(assetType);
  const multiplier = row.magnitude("Multiplier", "quantity", multiplierText);
  const symbolText = row.cell("Symbol");
  const symbol =
    assetType === "option"
      ? row.option("Symbol", symbolText, parseOccSymbol(symbolText), "format")
      : symbolText.toUpperCase();
  let price: string | undefined;
  if (quantity !== undefined && quantity !== "0" && multiplier !== undefined && multiplier !== "0") {
    if (kind === "removal") price = removalPrice(row, "Value", quantity, multiplier);
    else {
      const perContract = row.magnitude("Average Price", "cash");
      if (perContract !== undefined) price = row.roundedPrice(new Decimal(perContract).dividedBy(multiplier));
    }
  }
  const commissions = row.has("Commissions") ? row.magnitude("Commissions", "cost") : "0";
  const fees = row.has("Fees") ? row.magnitude("Fees", "cost") : "0";
  const commission =
    commissions !== undefined && fees !== undefined ? new Decimal(commissions).plus(fees).toFixed(2) : undefined;
  if (commission !== undefined && row.has("Total") && row.has("Value")) {
    const value = row.decimal("Value", "cash");
    const total = row.decimal("Total", "cash");
    if (value !== undefined && total !== undefined && !new Decimal(value).minus(commission).eq(total))
      row.fail(
        "Total",
        row.cell("Total"),
        `not Value less commissions and fees (${new Decimal(value).minus(commission).toFixed(2)})`,
      );
  }
  const orderId = row.has("Order #") ? row.cell("Order #") : null;
  const currency = row.has("Currency") ? row.cell("Currency") : null;
  return checkedFill(
    row,
    options,
    { date, side, symbol, quantity, price, commission },
    (v): FillRest => ({
      action: v.side.action,
      positionEffect: v.side.effect,
      assetType,
      multiplier,
      orderId,
      currency,
      details: kind === "removal" ? { removal: row.cell("Sub Type") } : {},
    }),
  );
}

function readLegacy(row: RowReading, options: ReaderOptions, now: Date): RowResult {
  const kind = rowKind(row.cell("Transaction Code"), row.cell("Transaction Subcode"));
  if (typeof kind === "object") return { kind: "skip", reason: kind.skip };
  const date = dateOf(row, "Date/Time", options, now);
  const buySell = row.cell("Buy/Sell").toLowerCase();
  const openClose = row.cell("Open/Close").toLowerCase();
  if (buySell !== "buy" && buySell !== "sell") row.fail("Buy/Sell", row.cell("Buy/Sell"), "not Buy or Sell");
  const action = buySell === "sell" ? "sell" : "buy";
  const effect = openClose === "open" ? "open" : openClose === "close" ? "close" : null;
  const quantity = row.magnitude("Quantity", "quantity");
  const isOption = row.has("Call/Put");
  const multiplier = defaultMultiplier(isOption ? "option" : "stock");
  const root = row.cell("Symbol").toUpperCase();
  const symbol = isOption
    ? row.option(
        "Symbol",
        root,
        parseWrittenOption(`${root} ${row.cell("Expiration Date")} ${row.cell("Strike")} ${row.cell("Call/Put")}`),
        "format",
      )
    : root;
  let price: string | undefined;
  if (quantity !== undefined && quantity !== "0") {
    if (kind === "removal") price = removalPrice(row, "Amount", quantity, multiplier);
    else {
      price = row.magnitude("Price", "price");
      const amount = row.has("Amount") ? row.magnitude("Amount", "cash") : undefined;
      if (price !== undefined && amount !== undefined) {
        const gross = new Decimal(quantity).times(price).times(multiplier);
        if (gross.minus(amount).abs().gte("0.01"))
          row.fail("Amount", row.cell("Amount"), `not quantity x price x multiplier (${gross.toFixed(2)})`);
      }
    }
  }
  const commission = row.has("Fees") ? row.magnitude("Fees", "cost") : "0";
  const account = row.cell("Account Reference");
  return checkedFill(
    row,
    options,
    { date, symbol, action, quantity, price, commission },
    (): FillRest => ({
      positionEffect: effect,
      assetType: isOption ? "option" : "stock",
      ...(account !== "" ? { accountId: account } : {}),
      details: kind === "removal" ? { removal: row.cell("Transaction Subcode") } : {},
    }),
  );
}
