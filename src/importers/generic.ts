// The generic format: one row per fill, columns found by header name (case, spaces and punctuation ignored), any
// other layout mapped with --map field=Column. Documented in the README ("The generic CSV format").
//   required: date (or date + time), symbol, side (or a signed quantity), quantity, price
//   optional: commission, fees, account, execution id, order id, asset type, multiplier, currency,
//             option fields (underlying, expiry, strike, right), tags and notes for the trade a fill opens
import type { AssetType } from "../db/schema.js";
import { dateRangeText, isPlausibleDate } from "../domain/dates.js";
import { Decimal } from "../domain/decimal.js";
import { defaultMultiplier, OPTION_MULTIPLIER } from "../domain/trade-vocabulary.js";
import {
  type Action,
  isEmptyValue,
  type PositionEffect,
  PRICE_PRECISION,
  PRICE_SCALE,
  QUANTITY_PRECISION,
  QUANTITY_SCALE,
  readAction,
  readDateTime,
  readDecimal,
  readPositionEffect,
} from "./cell-readers.js";
import { readFuture } from "./contracts.js";
import type { HeaderMatch, ImportFormat, ParsedFill, ReaderOptions, RowError, RowResult } from "./format.js";
import { optionFromParts } from "./option-symbols.js";

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
  // Kept with the fill and given to the trade it opens (what `tradesense export trades` writes).
  tags: ["tags"],
  notes: ["notes"],
} as const;

export type GenericField = keyof typeof genericFields;
const REQUIRED: GenericField[] = ["date", "symbol", "quantity", "price"];

export const isGenericField = (name: string): name is GenericField => name in genericFields;

/**
 * A commission or fee column under any of the names brokers give them (`Fees & Comm`, `Comm/Fee`, `Misc Fees`,
 * `SEC Fee`, `TAF Fee`): the generic reader sums every one, so no cost is left unread.
 */
const COST_HEADER = /\b(comm|commissions?|fees?|brokerage)\b/;
const NOT_A_COST = /\b(currency|ccy|rate|type|code|id|%)\b|%/;

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
  return resolveLayout(header, mapping).columns;
}

/**
 * Header names that mean different things in different brokers' files, read as the field only where their values fit:
 * `Type` is an order, row or account type more often than an asset type; `Amount` is usually cash, not a quantity.
 * The first non-empty value decides for the whole file (see AmbiguousColumns).
 */
const AMBIGUOUS_ALIASES: Partial<Record<GenericField, string>> = { assetType: "type", quantity: "amount" };
const DATE_OR_TIME = new Set<string>([...genericFields.date, ...genericFields.time]);

/** The columns of each field, and every cost column (commission and fees) whose values are summed. */
function resolveLayout(header: string[], mapping: Record<string, string>) {
  const normalised = header.map(normalise);
  const columns: Partial<Record<GenericField, number>> = {};
  /** Fields found under an ambiguous alias (not mapped): read only where the values fit. */
  const ambiguous: Partial<Record<GenericField, boolean>> = {};
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
        if (AMBIGUOUS_ALIASES[field] === alias) ambiguous[field] = true;
        break;
      }
    }
  }
  const costs = (["commission", "fees"] as const).map((field) => columns[field]).filter((index) => index !== undefined);
  // Mapped costs are the trader's choice; otherwise every column named like a cost is one.
  if (mapping.commission === undefined && mapping.fees === undefined) {
    normalised.forEach((name, i) => {
      if (!taken.has(i) && COST_HEADER.test(name) && !NOT_A_COST.test(name)) {
        costs.push(i);
        taken.add(i);
      }
    });
  }
  // Other date and time columns (a date-only `Date` beside a `Timestamp`, an `Exec Time` holding a time of day):
  // a row whose date column lacks the time of day takes it from one of these.
  const dateAlternatives =
    mapping.date === undefined
      ? normalised.flatMap((name, i) => (!taken.has(i) && DATE_OR_TIME.has(name) ? [i] : []))
      : [];
  return { columns, costs, ambiguous, dateAlternatives };
}

/** Header name -> field, for every column a layout reads. */
function columnUseOf(header: string[], mapping: Record<string, string>): Record<string, string> {
  const { columns, costs } = resolveLayout(header, mapping);
  const use: Record<string, string> = {};
  for (const [field, index] of Object.entries(columns)) use[headerName(header, index)] = field;
  for (const index of costs) use[headerName(header, index)] ??= "fees";
  return use;
}

const headerName = (header: string[], index: number) =>
  (header[index] ?? `column ${index + 1}`).replace(/^\uFEFF/, "").trim();

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

  columnUse: columnUseOf,

  reader(header: string[], options: ReaderOptions) {
    const { columns, costs, ambiguous, dateAlternatives } = resolveLayout(header, options.mapping);
    const rounded: string[] = [];
    const layout: RowLayout = {
      header,
      columns,
      costs,
      ambiguous,
      dateAlternatives,
      options,
      rounded,
      roundPrice: () => rounded.push("price"),
      roundCost: () => rounded.push("commission"),
    };
    return (record: string[], line: number): RowResult => readGenericRow(layout, record, line);
  },
};

/** What every row of one file shares: the header, where each field is, and the import's options. */
interface RowLayout {
  header: string[];
  columns: Partial<Record<GenericField, number>>;
  /** Every commission and fee column, summed into the fill's commission. */
  costs: number[];
  /**
   * Fields found under an ambiguous alias: true until the first non-empty value shows whether the column holds the
   * field (then kept for the file), false once it showed it does not (then never read).
   */
  ambiguous: Partial<Record<GenericField, boolean>>;
  /** Unused date and time columns, for a row whose date column lacks the time of day. */
  dateAlternatives: number[];
  options: ReaderOptions;
  /** The fields of the row being read whose values were rounded to their column's places (one entry per value). */
  rounded: string[];
  roundPrice: () => void;
  roundCost: () => void;
}

const DETAIL_FIELDS = ["underlying", "expiry", "strike", "right", "tags", "notes"] as const;
const NON_TRADE_ASSET = /^(dividend|interest|cash|transfer|fee)/i;
const UNKNOWN_ASSET_TYPE = "unknown asset type (stock, option, future, forex, crypto)";
const WHITESPACE = /\s+/g;
/** A line break, tab or other control character: a symbol holding one is a mangled cell, not a ticker. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
/** executions.commission is NUMERIC(10, 2). */
const COMMISSION_PRECISION = 10;

// Called once per row of files with millions of rows: no closures or per-row regexes on the common path.
function readGenericRow(layout: RowLayout, record: string[], line: number): RowResult {
  const { columns, options } = layout;
  const errors: RowError[] = [];
  layout.rounded.length = 0;

  // A blank row, or a totals/footer row with no symbol and no quantity, is not a fill.
  if (isBlank(record)) return { kind: "skip", reason: "blank row" };
  // PostgreSQL text cannot hold a NUL byte: one past the file's binary check is this row's error, not the import's.
  const nul = nulColumn(record);
  if (nul !== -1) {
    const column = (layout.header[nul] ?? `column ${nul + 1}`).replace(/^\uFEFF/, "").trim();
    return { kind: "error", errors: [{ line, column, value: record[nul] as string, reason: "contains a NUL byte" }] };
  }

  const sideText = cellOf(record, columns.side);
  let action: Action | undefined;
  let positionEffect: PositionEffect | null = null;
  if (sideText !== undefined && !isEmptyValue(sideText)) {
    const read = readAction(sideText);
    if (!read.ok) addError(errors, layout, line, "side", sideText, read.reason);
    else if (read.value === "skip") return { kind: "skip", reason: `non-trade row (${sideText.trim()})` };
    else {
      action = read.value;
      positionEffect = readPositionEffect(sideText);
    }
  }
  const assetText = fitting(layout, "assetType", cellOf(record, columns.assetType), isAssetTypeName);
  let assetType: AssetType = "stock";
  if (assetText !== undefined && !isEmptyValue(assetText)) {
    const name = assetText.trim().toLowerCase();
    const known = Object.hasOwn(ASSET_TYPES, name) ? ASSET_TYPES[name] : undefined;
    if (known) assetType = known;
    else if (NON_TRADE_ASSET.test(assetText.trim())) {
      return { kind: "skip", reason: `non-trade row (${assetText.trim()})` };
    } else addError(errors, layout, line, "assetType", assetText, UNKNOWN_ASSET_TYPE);
  }

  const symbolText = cellOf(record, columns.symbol) ?? "";
  const quantityText = fitting(layout, "quantity", cellOf(record, columns.quantity), isPlainQuantity) ?? "";
  if (isEmptyValue(symbolText) && isEmptyValue(quantityText))
    return { kind: "skip", reason: "no symbol or quantity (a totals or note row)" };

  const dateText = cellOf(record, columns.date) ?? "";
  const timeText = cellOf(record, columns.time);
  const when = timeText !== undefined && !isEmptyValue(timeText) ? `${dateText} ${timeText}` : dateText;
  const date =
    layout.dateAlternatives.length > 0
      ? readWithAlternatives(layout, record, when)
      : readDateTime(when, options.timeZone);
  const now = options.now ?? new Date();
  if (!date.ok) addError(errors, layout, line, "date", when, date.reason);
  else if (!isPlausibleDate(date.value.instant, now))
    addError(errors, layout, line, "date", when, `out of range: ${dateRangeText(now)}`);

  let quantity: string | undefined;
  if (layout.ambiguous.quantity === false) {
    const cash = cellOf(record, columns.quantity) ?? "";
    addError(
      errors,
      layout,
      line,
      "quantity",
      cash,
      "this column holds money, not a quantity: give the quantity column with --map quantity=Column",
    );
  }
  const qty = readDecimal(quantityText, { scale: QUANTITY_SCALE, allowNegative: true, precision: QUANTITY_PRECISION });
  if (!qty.ok) {
    if (layout.ambiguous.quantity !== false) addError(errors, layout, line, "quantity", quantityText, qty.reason);
  } else if (qty.value === "0") addError(errors, layout, line, "quantity", quantityText, "must not be zero");
  else {
    const negative = qty.value.startsWith("-");
    quantity = negative ? qty.value.slice(1) : qty.value;
    if (action === undefined && sideText === undefined) action = negative ? "sell" : "buy";
  }
  if (action === undefined && !hasErrorIn(errors, columnName(layout, "side"))) {
    addError(errors, layout, line, "side", sideText ?? "", "missing: give a side column or a signed quantity");
  }

  const priceText = cellOf(record, columns.price) ?? "";
  const price = readDecimal(priceText, {
    scale: PRICE_SCALE,
    allowNegative: false,
    precision: PRICE_PRECISION,
    onRound: layout.roundPrice,
  });
  if (!price.ok) addError(errors, layout, line, "price", priceText, price.reason);

  let commission = "0";
  let costs = 0;
  for (const index of layout.costs) {
    const text = cellOf(record, index);
    if (text === undefined || isEmptyValue(text)) continue;
    // Brokers print costs as positive or negative numbers: either way it is a cost.
    const read = readDecimal(text, {
      scale: 2,
      allowNegative: true,
      precision: COMMISSION_PRECISION,
      onRound: layout.roundCost,
    });
    if (!read.ok) errors.push({ line, column: headerName(layout.header, index), value: text, reason: read.reason });
    else {
      const cost = read.value.startsWith("-") ? read.value.slice(1) : read.value;
      commission = costs++ === 0 ? withTwoPlaces(cost) : addDecimalStrings(commission, cost);
    }
  }
  if (costs > 1 && commission.indexOf(".") > COMMISSION_PRECISION - 2) {
    addError(errors, layout, line, "commission", commission, "commission and fees together are out of range");
  }

  let multiplier = defaultMultiplier(assetType);
  const multiplierText = cellOf(record, columns.multiplier);
  const fileMultiplier = multiplierText !== undefined && !isEmptyValue(multiplierText);
  if (fileMultiplier) {
    const read = readDecimal(multiplierText, { scale: 4, allowNegative: false, precision: 12 });
    if (!read.ok || read.value === "0")
      addError(errors, layout, line, "multiplier", multiplierText, read.ok ? "must be greater than 0" : read.reason);
    else multiplier = read.value;
  }

  const details: Record<string, string> = {};
  for (const field of DETAIL_FIELDS) {
    const text = cellOf(record, columns[field]);
    if (text !== undefined && !isEmptyValue(text)) details[field] = text.trim();
  }
  let symbol = symbolText.trim().toUpperCase().replace(WHITESPACE, " ");
  let optionError = false;
  if (isEmptyValue(symbol) && details.underlying && details.expiry && details.strike && details.right) {
    const built = optionFromParts({
      underlying: details.underlying,
      expiry: details.expiry,
      strike: details.strike,
      right: details.right,
    });
    if ("error" in built) {
      optionError = true;
      const parts = `${details.underlying} ${details.expiry} ${details.strike} ${details.right}`;
      addError(errors, layout, line, "symbol", parts, `option parts: ${built.error}`);
    } else symbol = built.symbol;
    if (assetType === "stock" && multiplierText === undefined) {
      assetType = "option";
      multiplier = OPTION_MULTIPLIER;
    }
  }
  let futureCurrency: string | null = null;
  if (assetType === "future" && !isEmptyValue(symbol) && date.ok) {
    // The contract's canonical symbol and point value from the table; a multiplier the file gives wins.
    const future = readFuture(symbol, date.value.instant, options);
    if (future.ok) {
      symbol = future.symbol;
      futureCurrency = future.currency;
      if (!fileMultiplier) multiplier = future.multiplier;
    } else if (!fileMultiplier) addError(errors, layout, line, "symbol", symbolText, future.reason);
  }
  if (isEmptyValue(symbol)) {
    if (!optionError) addError(errors, layout, line, "symbol", symbolText, "missing");
  } else if (symbol.length > 20) addError(errors, layout, line, "symbol", symbolText, "longer than 20 characters");
  else if (CONTROL.test(symbolText.trim()))
    addError(errors, layout, line, "symbol", symbolText, "contains a line break or control character");

  const account = cellOf(record, columns.account);
  const accountId = account !== undefined && !isEmptyValue(account) ? account.trim() : (options.accountId ?? "");
  // Cut to the column's 50 characters, two accounts that differ further on would become one position.
  if (accountId.length > 50) addError(errors, layout, line, "account", account as string, "longer than 50 characters");
  const executionId = optionalText(errors, layout, record, line, "executionId", 100);
  const orderId = optionalText(errors, layout, record, line, "orderId", 100);
  const currency = optionalText(errors, layout, record, line, "currency", 3)?.toUpperCase() ?? futureCurrency;

  if (errors.length > 0 || !date.ok || !price.ok || quantity === undefined || action === undefined) {
    return { kind: "error", errors };
  }
  const fill: ParsedFill = {
    executedAt: date.value.instant,
    dateOnly: date.value.dateOnly,
    symbol,
    action,
    positionEffect,
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
  if (layout.rounded.length > 0) fill.rounded = [...layout.rounded];
  return { kind: "fill", fill };
}

function cellOf(record: string[], index: number | undefined): string | undefined {
  return index === undefined ? undefined : (record[index] ?? "");
}

function nulColumn(record: string[]): number {
  for (let i = 0; i < record.length; i++) if ((record[i] as string).includes("\u0000")) return i;
  return -1;
}

function isBlank(record: string[]): boolean {
  for (const value of record) if (!isEmptyValue(value)) return false;
  return true;
}

function columnName({ header, columns }: RowLayout, field: GenericField): string {
  const index = columns[field];
  return index === undefined ? field : (header[index] ?? field).replace(/^\uFEFF/, "").trim();
}

function addError(
  errors: RowError[],
  layout: RowLayout,
  line: number,
  field: GenericField,
  value: string,
  reason: string,
): void {
  errors.push({ line, column: columnName(layout, field), value, reason });
}

function hasErrorIn(errors: RowError[], column: string): boolean {
  for (const error of errors) if (error.column === column) return true;
  return false;
}

/** A free-text field: trimmed, null when empty, an error when longer than the column holds. */
function optionalText(
  errors: RowError[],
  layout: RowLayout,
  record: string[],
  line: number,
  field: GenericField,
  max: number,
): string | null {
  const value = cellOf(record, layout.columns[field]);
  if (value === undefined || isEmptyValue(value)) return null;
  const trimmed = value.trim();
  if (trimmed.length > max) {
    addError(errors, layout, line, field, value, `longer than ${max} characters`);
    return null;
  }
  return trimmed;
}

/** What decimal.js's `0 + cost` printed with two places: readDecimal's costs have at most two places. */
function withTwoPlaces(cost: string): string {
  const point = cost.indexOf(".");
  if (point === -1) return `${cost}.00`;
  return cost.length - point === 2 ? `${cost}0` : cost;
}

function addDecimalStrings(a: string, b: string): string {
  return new Decimal(a).plus(b).toFixed(2);
}

/**
 * The cell of a field found under an ambiguous alias, when the column holds that field: the first non-empty value
 * decides for the file (`Type` holding `Limit`, `Cash` or `TRD` is not an asset type column; `Amount` holding
 * `$1,039.94` is cash, not a quantity). Undefined when the column does not hold the field.
 */
function fitting(
  layout: RowLayout,
  field: GenericField,
  text: string | undefined,
  fits: (value: string) => boolean,
): string | undefined {
  const state = layout.ambiguous[field];
  if (state === undefined || text === undefined) return text;
  if (state === false) return undefined;
  if (isEmptyValue(text)) return text;
  if (fits(text.trim())) {
    delete layout.ambiguous[field];
    return text;
  }
  layout.ambiguous[field] = false;
  return undefined;
}

/** An asset type's name as a `Type` column would hold it (not `Cash`, which there is an account type). */
const isAssetTypeName = (value: string) => {
  const name = value.toLowerCase();
  return name !== "cash" && Object.hasOwn(ASSET_TYPES, name);
};

/** A quantity: a plain signed number, no currency sign or accounting brackets. */
const isPlainQuantity = (value: string) => /^[-+]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?$/.test(value) && /\d/.test(value);

const TIME_ONLY = /^\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?( ?[AaPp][Mm])?$/;

/**
 * The row's time when other date or time columns exist: a date column without a time of day takes it from a full
 * date-and-time column (`Timestamp`) or a time-only one (`Exec Time` holding `09:31:00`); a time-only value in the date
 * column is a time, never a date, and takes its day from a date-only column.
 */
function readWithAlternatives(layout: RowLayout, record: string[], when: string) {
  const zone = layout.options.timeZone;
  const primary = when.trim();
  const read = TIME_ONLY.test(primary) ? undefined : readDateTime(primary, zone);
  if (read?.ok && !read.value.dateOnly) return read;
  for (const index of layout.dateAlternatives) {
    const other = (cellOf(record, index) ?? "").trim();
    if (isEmptyValue(other)) continue;
    if (read?.ok && TIME_ONLY.test(other)) return readDateTime(`${primary} ${other}`, zone);
    if (!read && !TIME_ONLY.test(other)) {
      const day = readDateTime(other, zone);
      if (day.ok && day.value.dateOnly) return readDateTime(`${other} ${primary}`, zone);
    }
    if (TIME_ONLY.test(other)) continue;
    const full = readDateTime(other, zone);
    if (full.ok && !full.value.dateOnly) return full;
  }
  return read ?? readDateTime(primary, zone);
}
