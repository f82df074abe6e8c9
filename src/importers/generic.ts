// The generic format: one row per fill, columns found by header name (case, spaces and punctuation ignored), any
// other layout mapped with --map field=Column. Documented in the README ("The generic CSV format").
//   required: date (or date + time), symbol, side (or a signed quantity), quantity, price
//   optional: commission, fees, account, execution id, order id, asset type, multiplier, currency,
//             option fields (underlying, expiry, strike, right)
import type { AssetType } from "../db/schema.js";
import { Decimal } from "../domain/decimal.js";
import type { HeaderMatch, ImportFormat, ParsedFill, ReaderOptions, RowError, RowResult } from "./format.js";
import { type Action, isEmptyValue, readAction, readDateTime, readDecimal } from "./values.js";

export const genericFields = {
  date: [
    "date",
    "datetime",
    "date/time",
    "date time",
    "trade date",
    "trade time",
    "execution time",
    "exec time",
    "timestamp",
    "filled at",
    "fill time",
    "executed at",
    "time stamp",
  ],
  time: ["time", "trade time of day", "exec time of day"],
  symbol: ["symbol", "ticker", "instrument", "security", "contract"],
  side: ["side", "action", "buy/sell", "b/s", "transaction type", "trans type", "direction"],
  quantity: ["quantity", "qty", "shares", "size", "filled qty", "filled quantity", "amount", "contracts"],
  price: ["price", "fill price", "execution price", "exec price", "avg price", "average price", "trade price"],
  commission: ["commission", "commissions", "comm", "commission fee", "brokerage"],
  fees: ["fees", "fee", "reg fees", "regulatory fees", "other fees", "exchange fees", "sec fee"],
  account: ["account", "account id", "account number", "acct", "account name"],
  executionId: ["execution id", "exec id", "execid", "trade id", "fill id", "transaction id", "id"],
  orderId: ["order id", "order", "order number", "orderid"],
  assetType: ["asset type", "asset class", "security type", "instrument type", "type", "sec type"],
  multiplier: ["multiplier", "contract multiplier", "mult", "point value"],
  currency: ["currency", "ccy", "curr"],
  underlying: ["underlying", "underlying symbol", "root"],
  expiry: ["expiry", "expiration", "expiration date", "exp date", "expires"],
  strike: ["strike", "strike price"],
  right: ["right", "put/call", "call/put", "option type", "p/c"],
} as const;

export type GenericField = keyof typeof genericFields;
const REQUIRED: GenericField[] = ["date", "symbol", "quantity", "price"];

export const isGenericField = (name: string): name is GenericField => name in genericFields;

function normalise(header: string): string {
  return header
    .replace(/^\uFEFF/, "")
    .trim()
    .toLowerCase()
    .replace(/[_\-.]+/g, " ")
    .replace(/\s+/g, " ")
    .replace(/ \((usd|\$)\)$/, "");
}

/** Which column holds each field: --map first, then the first header that matches one of the field's names. */
export function resolveColumns(
  header: string[],
  mapping: Record<string, string>,
): Partial<Record<GenericField, number>> {
  const normalised = header.map(normalise);
  const columns: Partial<Record<GenericField, number>> = {};
  const taken = new Set<number>();
  for (const [field, column] of Object.entries(mapping)) {
    const index = normalised.indexOf(normalise(column));
    if (index !== -1 && isGenericField(field)) {
      columns[field] = index;
      taken.add(index);
    }
  }
  for (const field of Object.keys(genericFields) as GenericField[]) {
    if (columns[field] !== undefined || mapping[field] !== undefined) continue;
    for (const alias of genericFields[field]) {
      const index = normalised.findIndex((h, i) => h === alias && !taken.has(i));
      if (index !== -1) {
        columns[field] = index;
        taken.add(index);
        break;
      }
    }
  }
  return columns;
}

const ASSET_TYPES: Record<string, AssetType> = {
  stock: "stock",
  stk: "stock",
  equity: "stock",
  etf: "stock",
  cs: "stock",
  shares: "stock",
  option: "option",
  opt: "option",
  options: "option",
  "equity option": "option",
  future: "future",
  fut: "future",
  futures: "future",
  forex: "forex",
  fx: "forex",
  cash: "forex",
  crypto: "crypto",
  cryptocurrency: "crypto",
};

export const genericFormat: ImportFormat = {
  name: "generic",
  description: "TradeSense's documented one-row-per-fill CSV (and any layout with --map)",
  recognises:
    "headers Date (or Date + Time), Symbol, Side/Action, Quantity, Price; optional Commission, Fees, Account, Execution ID, Order ID, Asset Type, Multiplier, Currency, Underlying, Expiry, Strike, Right",
  hasExecutionIds: true,

  matchHeader(header: string[], mapping: Record<string, string>): HeaderMatch {
    const columns = resolveColumns(header, mapping);
    // Option exports may give the contract's parts instead of a symbol.
    const optionParts = (["underlying", "expiry", "strike", "right"] as const).every((f) => columns[f] !== undefined);
    const missing = REQUIRED.filter((f) => columns[f] === undefined && !(f === "symbol" && optionParts));
    return { score: (REQUIRED.length - missing.length) / REQUIRED.length, missing };
  },

  reader(header: string[], options: ReaderOptions) {
    const columns = resolveColumns(header, options.mapping);
    return (record: string[], line: number): RowResult => readGenericRow(header, columns, record, line, options);
  },
};

function readGenericRow(
  header: string[],
  columns: Partial<Record<GenericField, number>>,
  record: string[],
  line: number,
  options: ReaderOptions,
): RowResult {
  const errors: RowError[] = [];
  const cell = (field: GenericField) => {
    const index = columns[field];
    return index === undefined ? undefined : (record[index] ?? "");
  };
  const columnName = (field: GenericField) => {
    const index = columns[field];
    return index === undefined ? field : (header[index] ?? field).replace(/^\uFEFF/, "").trim();
  };
  const bad = (field: GenericField, value: string, reason: string) =>
    errors.push({ line, column: columnName(field), value, reason });

  // A blank row, or a totals/footer row with no symbol and no quantity, is not a fill.
  if (record.every((v) => isEmptyValue(v))) return { kind: "skip", reason: "blank row" };

  const sideText = cell("side");
  let action: Action | undefined;
  if (sideText !== undefined && !isEmptyValue(sideText)) {
    const read = readAction(sideText);
    if (!read.ok) bad("side", sideText, read.reason);
    else if (read.value === "skip") return { kind: "skip", reason: `non-trade row (${sideText.trim()})` };
    else action = read.value;
  }
  const assetText = cell("assetType");
  let assetType: AssetType = "stock";
  if (assetText !== undefined && !isEmptyValue(assetText)) {
    const known = ASSET_TYPES[assetText.trim().toLowerCase()];
    if (known) assetType = known;
    else if (/^(dividend|interest|cash|transfer|fee)/i.test(assetText.trim())) {
      return { kind: "skip", reason: `non-trade row (${assetText.trim()})` };
    } else bad("assetType", assetText, "unknown asset type (stock, option, future, forex, crypto)");
  }

  const symbolText = cell("symbol") ?? "";
  const quantityText = cell("quantity") ?? "";
  if (isEmptyValue(symbolText) && isEmptyValue(quantityText))
    return { kind: "skip", reason: "no symbol or quantity (a totals or note row)" };

  const dateText = cell("date") ?? "";
  const timeText = cell("time");
  const when = `${dateText}${timeText !== undefined && !isEmptyValue(timeText) ? ` ${timeText}` : ""}`;
  const date = readDateTime(when, options.timeZone);
  if (!date.ok) bad("date", when, date.reason);

  let quantity: string | undefined;
  const qty = readDecimal(quantityText, { scale: 4, allowNegative: true });
  if (!qty.ok) bad("quantity", quantityText, qty.reason);
  else if (qty.value === "0") bad("quantity", quantityText, "must not be zero");
  else {
    const negative = qty.value.startsWith("-");
    quantity = negative ? qty.value.slice(1) : qty.value;
    if (action === undefined && sideText === undefined) action = negative ? "sell" : "buy";
  }
  if (action === undefined && errors.every((e) => e.column !== columnName("side"))) {
    bad("side", sideText ?? "", "missing: give a side column or a signed quantity");
  }

  const priceText = cell("price") ?? "";
  const price = readDecimal(priceText, { scale: 4, allowNegative: false });
  if (!price.ok) bad("price", priceText, price.reason);

  let commission = "0";
  for (const field of ["commission", "fees"] as const) {
    const text = cell(field);
    if (text === undefined || isEmptyValue(text)) continue;
    // Brokers print costs as positive or negative numbers: either way it is a cost.
    const read = readDecimal(text, { scale: 2, allowNegative: true });
    if (!read.ok) bad(field, text, read.reason);
    else commission = addDecimalStrings(commission, read.value.replace(/^-/, ""));
  }

  let multiplier = assetType === "option" ? "100" : "1";
  const multiplierText = cell("multiplier");
  if (multiplierText !== undefined && !isEmptyValue(multiplierText)) {
    const read = readDecimal(multiplierText, { scale: 4, allowNegative: false });
    if (!read.ok || read.value === "0")
      bad("multiplier", multiplierText, read.ok ? "must be greater than 0" : read.reason);
    else multiplier = read.value;
  }

  const details: Record<string, string> = {};
  for (const field of ["underlying", "expiry", "strike", "right"] as const) {
    const text = cell(field);
    if (text !== undefined && !isEmptyValue(text)) details[field] = text.trim();
  }
  let symbol = symbolText.trim().toUpperCase().replace(/\s+/g, " ");
  if (isEmptyValue(symbol) && details.underlying && details.expiry && details.strike && details.right) {
    symbol = optionSymbol(details);
    if (assetType === "stock" && multiplierText === undefined) {
      assetType = "option";
      multiplier = "100";
    }
  }
  if (isEmptyValue(symbol)) bad("symbol", symbolText, "missing");
  else if (symbol.length > 20) bad("symbol", symbolText, "longer than 20 characters");

  const account = cell("account");
  const accountId = (
    account !== undefined && !isEmptyValue(account) ? account.trim() : (options.accountId ?? "")
  ).slice(0, 50);
  const text = (field: GenericField, max: number) => {
    const value = cell(field);
    if (value === undefined || isEmptyValue(value)) return null;
    if (value.trim().length > max) {
      bad(field, value, `longer than ${max} characters`);
      return null;
    }
    return value.trim();
  };
  const executionId = text("executionId", 100);
  const orderId = text("orderId", 100);
  const currency = text("currency", 3)?.toUpperCase() ?? null;

  if (errors.length > 0 || !date.ok || !price.ok || quantity === undefined || action === undefined) {
    return { kind: "error", errors };
  }
  const fill: ParsedFill = {
    executedAt: date.value.instant,
    dateOnly: date.value.dateOnly,
    symbol,
    action,
    quantity,
    price: price.value,
    commission,
    accountId,
    executionId,
    orderId,
    assetType,
    multiplier,
    currency,
    details,
  };
  return { kind: "fill", fill };
}

function addDecimalStrings(a: string, b: string): string {
  return new Decimal(a).plus(b).toFixed(2);
}

/** A compact option symbol from its parts: AAPL 2024-03-15 190 C -> AAPL240315C190. */
function optionSymbol(details: Record<string, string>): string {
  const expiry = (details.expiry ?? "").replace(/[^0-9]/g, "");
  const yymmdd = expiry.length === 8 ? expiry.slice(2) : expiry;
  const right = (details.right ?? "").trim().toUpperCase().startsWith("P") ? "P" : "C";
  const strike = (details.strike ?? "").replace(/\.0+$/, "");
  return `${(details.underlying ?? "").toUpperCase()}${yymmdd}${right}${strike}`;
}
